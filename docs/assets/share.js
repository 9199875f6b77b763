/* Nút "Chia sẻ" trên bài viết.
   - Điện thoại có bảng chia sẻ (Web Share API): mở bảng đó, người đọc chọn Zalo, Messenger…
   - Không có: chép liên kết của bài vào bộ nhớ tạm để dán vào Zalo.
   Không tải thư viện hay mã nào của Zalo, Facebook; không gửi yêu cầu nào. */
(function () {
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Trình duyệt cũ, hoặc trang mở qua http: chép bằng một ô chữ tạm.
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.style.position = "fixed";
      field.style.opacity = "0";
      document.body.appendChild(field);
      field.select();
      var copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (error) {
        copied = false;
      }
      document.body.removeChild(field);
      if (copied) {
        resolve();
      } else {
        reject(new Error("copy"));
      }
    });
  }

  // "Chép liên kết" under each question of the Q&A: the link of that one answer, whose
  // preview on Zalo shows the question (scripts/portal/site/question_links.py).
  document.querySelectorAll("[data-portal-copy-link]").forEach(function (button) {
    var url = button.getAttribute("data-url");
    var status = button.parentNode.querySelector("[data-portal-share-status]");
    button.addEventListener("click", function () {
      copy(url).then(
        function () {
          status.textContent = "Đã chép liên kết câu hỏi này. Dán vào Zalo hoặc tin nhắn để gửi.";
        },
        function () {
          status.textContent = "Không chép được. Liên kết của câu hỏi: " + url;
        }
      );
    });
  });

  document.querySelectorAll("[data-portal-share]").forEach(function (button) {
    var url = button.getAttribute("data-url") || window.location.href;
    var title = button.getAttribute("data-title") || document.title;
    var status = button.parentNode.querySelector("[data-portal-share-status]");
    var label = button.querySelector("[data-portal-share-label]");
    var native = typeof navigator.share === "function";
    if (!native && label) {
      label.textContent = "Chép liên kết";
    }
    button.hidden = false;
    function say(message) {
      if (status) {
        status.textContent = message;
      }
    }
    button.addEventListener("click", function () {
      if (native) {
        navigator.share({ title: title, url: url }).catch(function (error) {
          // Người đọc đóng bảng chia sẻ: không cần báo gì.
          if (error && error.name !== "AbortError") {
            copy(url).then(function () {
              say("Đã chép liên kết. Dán vào Zalo hoặc tin nhắn để gửi.");
            });
          }
        });
        return;
      }
      copy(url).then(
        function () {
          say("Đã chép liên kết. Dán vào Zalo hoặc tin nhắn để gửi.");
        },
        function () {
          say("Không chép được. Liên kết của bài: " + url);
        }
      );
    });
  });
})();
