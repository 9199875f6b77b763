/* The portal's additions to Decap CMS: the configuration made from the project's schemas,
   and a preview pane that shows the article with the site's styles, the messages of
   `portal check` on what is in the form, and the names to insert figures and infographics. */
(function () {
  "use strict";
  var names = { facts: [], infographics: [] };
  var config = null;

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
    getInitialState: function () { return { problems: null, error: null }; },
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
    render: function () {
      var entry = this.props.entry;
      var draft = entry.getIn(["data", "draft"]);
      var summary = entry.getIn(["data", "summary"]);
      return h("div", { className: "md-content", "data-md-component": "content" },
        problemsBox(this.state),
        h("article", { className: "md-content__inner md-typeset" },
          draft ? h("p", { className: "pe-banner" }, "BẢN NHÁP: bài chưa được đăng") : null,
          summary && summary.size ? h("div", { className: "admonition abstract" },
            h("p", { className: "admonition-title" }, "Tóm tắt"),
            h("ul", {}, summary.toJS().map(function (s, i) { return h("li", { key: i }, s); }))) : null,
          this.props.widgetFor("body")),
        pickers());
    }
  });

  var DataPreview = createClass({
    render: function () {
      return h("div", { className: "md-typeset pe-data" },
        h("p", {}, "Khi lưu, máy chỉ thay các giá trị đã sửa trong tệp; các dòng ghi chú (#) được giữ nguyên."),
        pickers());
    }
  });

  fetch("/admin/names.json").then(function (r) { return r.json(); }).then(function (n) { names = n; });
  fetch("/admin/config.json").then(function (r) { return r.json(); }).then(function (c) {
    config = c;
    CMS.registerPreviewStyle("/admin/site/material.css");
    CMS.registerPreviewStyle("/admin/site/portal.css");
    CMS.registerPreviewStyle("/admin/portal-editor.css");
    c.collections.forEach(function (collection) {
      var isData = collection.format === "yml";
      var template = isData ? DataPreview : ArticlePreview;
      if (collection.files) {
        collection.files.forEach(function (file) { CMS.registerPreviewTemplate(file.name, template); });
      }
      CMS.registerPreviewTemplate(collection.name, template);
    });
    CMS.init({ config: config });
  });
})();
