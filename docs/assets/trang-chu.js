/* Ô tìm kiếm lớn của trang chủ (overrides/partials/home-search.html): chuyển chữ đã gõ sang hộp
   thoại tìm kiếm ở đầu trang rồi mở hộp thoại, nơi kết quả hiện ra. Chỉ trang chủ tải tệp này. */
(function () {
  var form = document.querySelector("[data-portal-home-search]");
  var button = document.querySelector("[data-portal-search-open]");
  var dialog = document.getElementById("portal-search");
  if (!form || !button || !dialog || !dialog.showModal) return;
  var field = form.querySelector("input");
  var box = dialog.querySelector("input");
  function open() {
    button.click(); // opens the dialog and focuses its box (partials/search.html)
    box.value = field.value;
    field.value = "";
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }
  form.hidden = false;
  field.addEventListener("input", open);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    open();
  });
  // Closing the dialog goes back to the field the reader started from.
  dialog.addEventListener("close", function () {
    if (form.dataset.used) field.focus();
  });
  form.addEventListener("input", function () {
    form.dataset.used = "true";
  });
})();
