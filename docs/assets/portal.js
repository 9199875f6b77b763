/* Nút "In hoặc lưu bài": mở hộp thoại in của trình duyệt, nơi người đọc chọn máy in
   hoặc "Lưu dưới dạng PDF". Không dùng thư viện ngoài, không gửi yêu cầu nào. */
document.querySelectorAll("[data-portal-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
