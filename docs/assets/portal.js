/* Nút "In hoặc lưu bài": mở hộp thoại in của trình duyệt, nơi người đọc chọn máy in
   hoặc "Lưu dưới dạng PDF". Không dùng thư viện ngoài, không gửi yêu cầu nào. */
document.querySelectorAll("[data-portal-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});

/* Đọc lại khi mất mạng (sw.js ở gốc trang): đăng ký sau khi trang tải xong, rồi gửi cho
   service worker địa chỉ của trang này và các tệp nó đã tải, để lần sau mở được khi mất mạng. */
(function () {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  var script = document.currentScript;
  if (!script) return;
  var worker = new URL("../sw.js", script.src);
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(worker.href).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var urls = [location.href.split("#")[0]];
      performance.getEntriesByType("resource").forEach(function (entry) {
        if (new URL(entry.name).origin === location.origin) urls.push(entry.name);
      });
      registration.active.postMessage({ portalSave: urls });
    }).catch(function () {});
  });
})();

/* Ô tìm kiếm lớn của trang chủ (overrides/partials/home-search.html): chuyển chữ đã gõ sang hộp
   thoại tìm kiếm ở đầu trang rồi mở hộp thoại, nơi kết quả hiện ra. Các trang khác không có ô này.
   (Ở đây chứ không ở tệp riêng: trang chủ khỏi tải thêm một tệp.) */
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
