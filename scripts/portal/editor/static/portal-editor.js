/* The portal's additions to Decap CMS: the configuration made from the project's schemas,
   and a preview pane that shows the article with the site's styles, the messages of
   `portal check` on what is in the form, and the names to insert figures and infographics. */
(function () {
  "use strict";
  var names = { facts: [], infographics: [] };
  var config = null;

  /* Decap's Vietnamese strings lack these (decap-cms-locales vi against en); filled in here so
     no English is left on the editor's screens. */
  var MISSING_VI = {
    auth: { loginWithAzure: "Đăng nhập bằng Azure" },
    collection: {
      collectionTop: { viewAsList: "Xem dạng danh sách", viewAsGrid: "Xem dạng lưới", groupBy: "Nhóm theo" },
      entries: { unpublishedHeader: "Bài chưa đăng" },
      groups: { other: "Khác", negateLabel: "Không phải %{label}" }
    },
    editor: {
      editorControlPane: { i18n: { writingInLocale: "Đang viết bằng %{locale}", copyFromLocale: "Chép từ ngôn ngữ khác",
        copyFromLocaleConfirm: "Chép nội dung từ %{locale}?\nMọi nội dung đang có sẽ bị thay." } },
      editorInterface: { toggleI18n: "Bật/tắt đa ngôn ngữ", togglePreview: "Bật/tắt xem trước",
        toggleScrollSync: "Cuộn cùng nhau", toggleNotes: "Bật/tắt ghi chú" },
      editorNotesPane: { title: "Ghi chú", emptyState: "Chưa có ghi chú.", addNote: "Thêm ghi chú",
        addPlaceholder: "Thêm ghi chú…", editPlaceholder: "Sửa ghi chú…", save: "Lưu", cancel: "Hủy",
        edit: "Sửa", "delete": "Xóa", resolve: "Đã xong", unresolve: "Chưa xong",
        confirmDelete: "Xóa ghi chú này?", shortcut: "Mẹo: nhấn Ctrl+Enter để thêm nhanh" },
      editorToolbar: {
        statusInfoTooltipDraft: "Bài đang là bản nháp. Khi viết xong, chuyển trạng thái sang «Đang xem xét» để người khác duyệt.",
        statusInfoTooltipInReview: "Bài đang được xem xét. Bạn vẫn có thể sửa tiếp trong lúc đó."
      },
      editorWidgets: {
        markdown: { bold: "Đậm", italic: "Nghiêng", strikethrough: "Gạch ngang", code: "Mã", link: "Liên kết",
          linkPrompt: "Nhập địa chỉ của liên kết", headings: "Tiêu đề mục", quote: "Trích dẫn",
          bulletedList: "Danh sách gạch đầu dòng", numberedList: "Danh sách đánh số", addComponent: "Chèn thành phần",
          toggleMode: { rich: "Chuyển sang soạn có định dạng", markdown: "Chuyển sang soạn Markdown" } },
        image: { chooseMultiple: "Chọn ảnh", chooseUrl: "Chèn từ địa chỉ web", replaceUrl: "Thay bằng địa chỉ web",
          promptUrl: "Nhập địa chỉ của ảnh", addMore: "Thêm ảnh", removeAll: "Xóa mọi ảnh" },
        file: { chooseUrl: "Chèn từ địa chỉ web", chooseMultiple: "Chọn tệp", replaceUrl: "Thay bằng địa chỉ web",
          promptUrl: "Nhập địa chỉ của tệp", addMore: "Thêm tệp", removeAll: "Xóa mọi tệp" },
        list: { add: "Thêm %{item}", addType: "Thêm %{item}" },
        object: { expand: "Mở rộng", collapse: "Thu gọn" }
      }
    },
    mediaLibrary: {
      mediaLibraryCard: { copy: "Chép", copyUrl: "Chép địa chỉ", copyPath: "Chép đường dẫn", copyName: "Chép tên", copied: "Đã chép" },
      mediaLibraryModal: { close: "Đóng" }
    },
    ui: {
      settingsDropdown: { account: "Tài khoản" },
      toast: { noteAdded: "Đã thêm ghi chú", onFailToAddNote: "Không thêm được ghi chú: %{details}",
        noteUpdated: "Đã sửa ghi chú", onFailToUpdateNote: "Không sửa được ghi chú: %{details}",
        noteDeleted: "Đã xóa ghi chú", onFailToDeleteNote: "Không xóa được ghi chú: %{details}",
        noteResolved: "Ghi chú đã xong", noteReopened: "Ghi chú mở lại",
        onFailToToggleNote: "Không đổi được ghi chú: %{details}" }
    }
  };

  /* Decap's Vietnamese strings that carry an English word: the widget's type ("Ô string") or the
     field's key ("Đặt checked là hôm nay") where a label was meant. Replaced, not filled. */
  var REPLACED_VI = {
    editor: {
      editorControl: { field: { widgetLabel: "Ô nhập" } },
      editorWidgets: { datetime: { setToNow: "Đặt ngày là hôm nay" } }
    }
  };

  function replace(target, extra) {
    Object.keys(extra).forEach(function (key) {
      if (typeof extra[key] === "object") {
        target[key] = target[key] || {};
        replace(target[key], extra[key]);
      } else {
        target[key] = extra[key];
      }
    });
    return target;
  }

  /* The lists of choices (react-select inside Decap) name their "×" buttons in English, in
     code no locale reaches: "Remove bảo hiểm xã hội" becomes "Bỏ bảo hiểm xã hội". */
  function translateLabels(root) {
    var found = root.querySelectorAll ? root.querySelectorAll('[aria-label^="Remove "]') : [];
    Array.prototype.forEach.call(found, function (element) {
      element.setAttribute("aria-label", "Bỏ " + element.getAttribute("aria-label").slice(7));
    });
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      if (change.type === "attributes") translateLabels(change.target.parentNode || document);
      else change.addedNodes.forEach(function (node) { if (node.nodeType === 1) translateLabels(node.parentNode || node); });
    });
  }).observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"] });

  function fill(target, extra) {
    Object.keys(extra).forEach(function (key) {
      if (typeof extra[key] === "object") {
        target[key] = target[key] || {};
        fill(target[key], extra[key]);
      } else if (target[key] === undefined) {
        target[key] = extra[key];
      }
    });
    return target;
  }

  function list(items, render) {
    return h("ul", {}, items.map(function (item, i) { return h("li", { key: i }, render(item)); }));
  }

  function problemsBox(state) {
    if (state.error) {
      return h("div", { className: "pe-check pe-error", role: "status" }, state.error);
    }
    if (!state.problems) {
      return h("div", { className: "pe-check", role: "status" }, "Đang kiểm tra bài…");
    }
    var errors = state.problems.filter(function (p) { return p.severity === "error"; });
    var warnings = state.problems.length - errors.length;
    var heading = errors.length
      ? "Có " + errors.length + " lỗi cần sửa trước khi đăng" + (warnings ? ", " + warnings + " cảnh báo" : "") + "."
      : (warnings ? "Không có lỗi. " + warnings + " cảnh báo nên xem." : "Không có lỗi.");
    return h("div", {
      className: "pe-check " + (errors.length ? "pe-error" : "pe-ok"), role: "status",
      "data-portal-check": errors.length ? "loi" : "sach"
    }, h("strong", {}, heading), list(state.problems, function (p) {
      return (p.severity === "error" ? "Lỗi" : "Cảnh báo") + " (dòng " + p.line + "): " + p.message;
    }));
  }

  function pickers() {
    return h("details", { className: "pe-names" },
      h("summary", {}, "Chèn số liệu hay infographic: các tên có sẵn"),
      h("p", {}, "Chép nguyên dòng mã vào bài. Số liệu: đặt giữa câu; infographic: trên một dòng riêng."),
      h("h3", {}, "Infographic"),
      list(names.infographics, function (name) { return h("code", {}, "![[infographic:" + name + "]]"); }),
      h("h3", {}, "Số liệu pháp luật (data/so-lieu.yml)"),
      list(names.facts, function (f) {
        return h("span", {}, h("code", {}, "[[so-lieu:" + f.key + "]]"), " " + f.label + (f.value ? ": " + f.value : ""));
      }));
  }

  function plainData(entry) {
    var data = entry.get("data");
    return data && data.toJS ? data.toJS() : {};
  }

  var ArticlePreview = createClass({
    getInitialState: function () { return { problems: null, error: null, shown: null }; },
    componentDidMount: function () { this.schedule(); },
    componentDidUpdate: function (previous) {
      if (previous.entry !== this.props.entry) this.schedule();
    },
    componentWillUnmount: function () { clearTimeout(this.timer); this.gone = true; },
    schedule: function () {
      var self = this;
      clearTimeout(this.timer);
      this.timer = setTimeout(function () { self.check(); }, 700);
    },
    check: function () {
      var self = this;
      var entry = this.props.entry;
      var body = {
        collection: this.props.collection.get("name"),
        slug: entry.get("slug") || "",
        path: entry.get("path") || "",
        data: plainData(entry)
      };
      if (this.props.collection.get("format") !== "yml") this.figures(body);
      fetch("/api/kiem-tra", {
        method: "POST",
        headers: { "Content-Type": "application/json; charset=utf-8" },
        body: JSON.stringify(body)
      }).then(function (response) {
        return response.json().then(function (json) {
          if (self.gone) return;
          if (response.ok) self.setState({ problems: json, error: null });
          else self.setState({ problems: null, error: json.error || "Không kiểm tra được bài." });
        });
      }).catch(function () {
        if (!self.gone) self.setState({ problems: null, error: "Không liên lạc được với dịch vụ biên tập: nó còn chạy không?" });
      });
    },
    /* The body and the summary with their figures and infographics as the site shows them,
       from the service (the register is read there, with the build's code). */
    figures: function (body) {
      var self = this;
      var summary = body.data.summary;
      fetch("/api/xem-truoc", {
        method: "POST",
        headers: { "Content-Type": "application/json; charset=utf-8" },
        body: JSON.stringify({ path: body.path || "", texts: {
          body: String(body.data.body || ""),
          summary: Array.isArray(summary) ? summary.map(String) : []
        } })
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (shown) {
        if (!self.gone && shown) self.setState({ shown: shown });
      }).catch(function () { /* the check's message already says the service is gone */ });
    },
    markdown: function (value, key) {
      var widget = CMS.getWidget("markdown");
      var field = this.props.collection.get("fields").find(function (f) { return f.get("name") === "body"; });
      return h(widget.preview, {
        key: key, value: value, field: field, entry: this.props.entry, getAsset: this.props.getAsset,
        resolveWidget: CMS.resolveWidget, getRemarkPlugins: CMS.getRemarkPlugins,
        getEditorComponents: CMS.getEditorComponents
      });
    },
    /* Links in the preview lead to pages of the built site, which the editor does not serve. */
    stay: function (event) {
      if (event.target.closest && event.target.closest("a")) event.preventDefault();
    },
    render: function () {
      var self = this;
      var entry = this.props.entry;
      var shown = this.state.shown;
      if (this.props.collection.get("format") === "yml") {
        return h("div", { className: "md-typeset pe-data" }, problemsBox(this.state),
          h("p", {}, "Khi lưu, máy chỉ thay các giá trị đã sửa trong tệp; các dòng ghi chú (#) được giữ nguyên."),
          pickers());
      }
      var draft = entry.getIn(["data", "draft"]);
      var summary = entry.getIn(["data", "summary"]);
      return h("div", { className: "md-content", "data-md-component": "content", dir: "ltr" },
        problemsBox(this.state),
        h("article", { className: "md-content__inner md-typeset pe-preview", onClick: this.stay },
          draft ? h("p", { className: "pe-banner" }, "BẢN NHÁP: bài chưa được đăng") : null,
          summary && summary.size ? h("div", { className: "admonition abstract" },
            h("p", { className: "admonition-title" }, "Tóm tắt"),
            h("ul", {}, summary.toJS().map(function (s, i) {
              var item = shown && shown.summary && shown.summary[i];
              return h("li", { key: i }, item !== undefined ? self.markdown(item) : s);
            }))) : null,
          shown && typeof shown.body === "string" ? this.markdown(shown.body, "body") : this.props.widgetFor("body")),
        pickers());
    }
  });

  fetch("/admin/names.json").then(function (r) { return r.json(); }).then(function (n) { names = n; });
  fetch("/admin/config.json").then(function (r) { return r.json(); }).then(function (c) {
    config = c;
    CMS.registerLocale("vi", replace(fill(CMS.getLocale("vi") || {}, MISSING_VI), REPLACED_VI));
    CMS.registerPreviewStyle("/admin/site/material.css");
    CMS.registerPreviewStyle("/admin/site/portal.css");
    CMS.registerPreviewStyle("/admin/portal-editor.css");
    c.collections.forEach(function (collection) {
      var template = ArticlePreview;
      if (collection.files) {
        collection.files.forEach(function (file) { CMS.registerPreviewTemplate(file.name, template); });
      }
      CMS.registerPreviewTemplate(collection.name, template);
    });
    CMS.init({ config: config });
  });
})();
