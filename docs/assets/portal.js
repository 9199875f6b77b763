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
