/* Giao diện trang: những việc nhỏ trước đây do tệp script lớn của Material (35 KB nén) làm.
   Trang chỉ cần chừng ấy việc, nên cổng viết riêng mấy chục dòng này, không dùng thư viện:
   - đổi nền sáng/tối và nhớ lựa chọn (cùng khóa localStorage với Material);
   - nút "Lên đầu trang" hiện khi người đọc cuộn ngược lên;
   - chú thích nhỏ (tooltip) cho liên kết có "title", khi rê chuột hoặc khi chọn bằng bàn phím;
   - đầu trang: hiện tên bài khi đã cuộn qua tiêu đề, đổ bóng, thu các thẻ mục ở màn hình rộng;
   - mục lục bên phải đánh dấu phần đang đọc; menu tự đóng khi theo một liên kết trong trang;
   - phím p/n (hoặc , và .) sang bài trước/bài sau;
   - khi in: mở mọi khối <details>, in xong đóng lại; liên kết tới chữ nằm trong khối đóng thì mở.
   Bảng rộng được bọc khung cuộn ngang ngay lúc dựng trang (site/html_fixes.py), không ở đây.
   Tệp tải "defer": không chặn việc hiện trang. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  var header = document.querySelector("[data-md-component=header]");
  function headerHeight() {
    return header ? header.offsetHeight : 0;
  }

  /* ---- Colour scheme: the header's switch ---------------------------------------------- */
  (function () {
    var form = document.querySelector("[data-md-component=palette]");
    if (!form) return;
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
    function current() {
      var scheme = document.body.getAttribute("data-md-color-scheme");
      var index = inputs.findIndex(function (input) {
        return input.getAttribute("data-md-color-scheme") === scheme;
      });
      return Math.max(0, index);
    }
    function apply(index, save) {
      var input = inputs[index];
      var color = {};
      // No colour transitions while the whole page changes colour (Material's CSS rule).
      document.body.setAttribute("data-md-color-switching", "");
      ["media", "scheme", "primary", "accent"].forEach(function (key) {
        color[key] = input.getAttribute("data-md-color-" + key);
        document.body.setAttribute("data-md-color-" + key, color[key]);
      });
      inputs.forEach(function (other, i) {
        var label = other.nextElementSibling;
        if (label && label.tagName === "LABEL") label.hidden = i !== index;
      });
      if (save && window.__md_set) window.__md_set("__palette", { index: index, color: color });
      setTimeout(function () {
        document.body.removeAttribute("data-md-color-switching");
      });
    }
    apply(current(), false); // the header's inline script chose it; show its switch
    inputs.forEach(function (input, index) {
      input.addEventListener("change", function () {
        apply(index, true);
      });
    });
    // Enter on the focused switch, as Space already does for a radio button.
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      var next = inputs[(current() + 1) % inputs.length];
      next.click();
      next.focus();
    });
    // Until the reader chooses, follow the phone's own light or dark setting.
    if (window.matchMedia) {
      matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () {
        if (window.__md_get && window.__md_get("__palette")) return;
        var index = inputs.findIndex(function (input) {
          return matchMedia(input.getAttribute("data-md-color-media")).matches;
        });
        apply(Math.max(0, index), false);
      });
    }
  })();

  /* ---- What follows the scrolling: header, tabs, back to top, contents ------------------ */
  var main = document.querySelector("[data-md-component=main]");
  var title = document.querySelector("[data-md-component=header-title]");
  var heading = document.querySelector(".md-content h1");
  var tabs = document.querySelector("[data-md-component=tabs]");
  var top = document.querySelector("[data-md-component=top]");
  var toc = document.querySelector(".md-sidebar--secondary [data-md-component=toc]");
  var tocLinks = toc ? Array.prototype.slice.call(toc.querySelectorAll("a[href^='#']")) : [];
  var tocTargets = tocLinks.map(function (link) {
    return document.getElementById(decodeURIComponent(link.hash.slice(1)));
  });
  var lastY = window.scrollY;
  var goingUp = false;
  var scheduled = false;

  function setTop(hidden) {
    if (!top || top.hidden === hidden) return;
    top.hidden = hidden;
    if (hidden) {
      top.setAttribute("tabindex", "-1");
      top.blur();
    } else {
      top.removeAttribute("tabindex");
    }
  }

  function update() {
    scheduled = false;
    var y = window.scrollY;
    var height = headerHeight();
    if (y !== lastY) goingUp = lastY > y && y > 0;
    lastY = y;
    var reading = main ? main.offsetTop - height <= y : false;
    if (header) header.classList.toggle("md-header--shadow", reading);
    if (title && heading) {
      var box = heading.getBoundingClientRect();
      title.classList.toggle("md-header__title--active", box.height > 0 && box.bottom <= height);
    }
    if (tabs) {
      var hide = y - tabs.offsetTop + height >= 10;
      if (tabs.hidden !== hide) tabs.hidden = hide;
    }
    if (top) {
      top.style.top = height + 16 + "px";
      setTop(!(reading && goingUp));
    }
    // The table of contents is only on screen at a desk (the secondary sidebar).
    if (tocLinks.length && toc.getClientRects().length) {
      var active = -1;
      tocTargets.forEach(function (target, index) {
        if (target && target.getBoundingClientRect().top - height <= 1) active = index;
      });
      if (active < 0) active = 0;
      tocLinks.forEach(function (link, index) {
        link.classList.toggle("md-nav__link--passed", index < active);
        link.classList.toggle("md-nav__link--active", index === active);
      });
    }
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(update);
  }
  window.addEventListener("scroll", schedule, { passive: true });
  window.addEventListener("resize", schedule, { passive: true });
  schedule();

  if (top) {
    top.addEventListener("click", function (event) {
      event.preventDefault();
      window.scrollTo({ top: 0 });
    });
  }

  /* ---- Links inside the page: close the menu, open the <details> around the target ------ */
  function reveal() {
    var drawer = document.getElementById("__drawer");
    if (drawer && drawer.checked) {
      setTimeout(function () {
        drawer.checked = false;
      }, 125); // let the menu's link show its press first
    }
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var closed = target.closest("details:not([open])");
    if (!closed) return;
    for (var node = closed; node; node = node.parentElement.closest("details:not([open])")) {
      node.open = true;
    }
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", reveal);
  if (location.hash) reveal();

  /* ---- Printing: every <details> open on paper, as they were on screen afterwards -------- */
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    reopened = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) {
      return !d.open;
    });
    reopened.forEach(function (details) {
      details.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (details) {
      details.open = false;
    });
    reopened = [];
  });

  /* ---- Keys: p/n (or , and .) for the previous and next page ----------------------------- */
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    var target = event.target;
    if (target.isContentEditable || /^(TEXTAREA|SELECT)$/.test(target.tagName)) return;
    if (target.tagName === "INPUT" && (target.type !== "radio" || /^Arrow/.test(event.key))) {
      return;
    }
    if (document.querySelector("dialog[open]")) return; // the search is open
    var rel = { p: "prev", ",": "prev", n: "next", ".": "next" }[event.key];
    if (rel) {
      var link = document.querySelector("link[rel=" + rel + "]");
      if (link) location.href = link.href;
    } else if (event.key === "Enter" && target.tagName === "LABEL") {
      target.click(); // a menu entry that opens a sub-menu
    }
  });

  /* ---- Tooltips: the "title" of links, abbreviations and header buttons ------------------ */
  var tip = null;
  var tipHost = null;
  var tipTitle = "";
  var tipDescribed = null;
  var hideTimer = 0;
  var count = 0;

  function hostOf(node) {
    if (!(node instanceof Element)) return null;
    if (tipHost && tipHost.contains(node)) return tipHost; // its title is away while shown
    var host = node.closest("[title]");
    if (host && host.closest(".md-content, .md-header, .md-sidebar")) return host;
    // A menu entry cut short by "…": its whole text as a tooltip.
    var cut = node.closest(".md-ellipsis");
    if (cut && cut.offsetWidth < cut.scrollWidth) {
      host = cut.closest("a") || cut;
      host.title = cut.innerText.trim();
      return host;
    }
    return null;
  }

  function hideTip() {
    clearTimeout(hideTimer);
    if (!tip) return;
    tip.remove();
    tipHost.setAttribute("title", tipTitle);
    if (tipDescribed === null) tipHost.removeAttribute("aria-describedby");
    else tipHost.setAttribute("aria-describedby", tipDescribed);
    tip = tipHost = null;
  }

  function showTip(host) {
    clearTimeout(hideTimer);
    if (host === tipHost) return;
    hideTip();
    var text = host.getAttribute("title");
    if (!text) return;
    tipHost = host;
    tipTitle = text;
    tipDescribed = host.getAttribute("aria-describedby");
    tip = document.createElement("div");
    tip.className = "md-tooltip2 md-tooltip2--bottom";
    tip.setAttribute("role", "tooltip");
    tip.id = "__tooltip2_" + count++;
    var inner = document.createElement("div");
    inner.className = "md-tooltip2__inner md-typeset";
    inner.textContent = text;
    tip.appendChild(inner);
    host.removeAttribute("title"); // no second tooltip from the browser
    host.setAttribute("aria-describedby", tipDescribed ? tipDescribed + " " + tip.id : tip.id);
    var box = host.getBoundingClientRect();
    var style = tip.style;
    style.setProperty("--md-tooltip-host-x", box.left + window.scrollX + "px");
    style.setProperty("--md-tooltip-host-y", box.top + window.scrollY + "px");
    style.setProperty("--md-tooltip-x", box.width / 2 + "px");
    style.setProperty("--md-tooltip-y", box.height + 8 + "px");
    style.setProperty("--md-tooltip-tail", "0px");
    document.body.appendChild(tip);
    style.setProperty("--md-tooltip-width", inner.getBoundingClientRect().width + "px");
    if (header && header.contains(host)) {
      tip.style.position = "fixed"; // the header stays put while the page scrolls
      style.setProperty("--md-tooltip-host-y", box.top + "px");
      style.setProperty("--md-tooltip-host-x", box.left + "px");
    }
    var shown = tip;
    requestAnimationFrame(function () {
      shown.classList.add("md-tooltip2--active");
    });
  }

  function leave() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hideTip, 250);
  }

  document.addEventListener("mouseover", function (event) {
    var host = hostOf(event.target);
    if (host) showTip(host);
    else if (tip) leave();
  });
  document.addEventListener("focusin", function (event) {
    var host = hostOf(event.target);
    if (host) showTip(host);
    else hideTip();
  });
  document.addEventListener("focusout", function (event) {
    if (event.target === tipHost) hideTip();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hideTip();
  });
  window.addEventListener("scroll", function () {
    if (tip && tipHost && !tipHost.matches(":hover")) hideTip();
  }, { passive: true });
})();
