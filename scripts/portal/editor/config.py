"""Decap CMS's configuration, made from the project's own schemas at every start.

Nothing here is typed twice: the collections are the sections of `content/sections.py`, each
form is the front matter schema `portal check` applies to that folder (`frontmatter.py`, with
its Vietnamese titles and help), the tag list is `data/tags.yml`, the categories are
`frontmatter.CATEGORIES`, and the plan's progress log and the local data are the schemas of
`plan.py` and `local_facts.py`. A new field or rule there shows in the form at the next start.
"""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic.fields import FieldInfo

from portal import settings
from portal.content import fields, local_facts, plan, scaffold, sections
from portal.content import frontmatter as schema
from portal.content.datafile import Schema
from portal.editor import datafiles

# Folder collections list the section's articles; its introduction page is in "trang-muc".
INDEX = "index.md"
PLAN_FILE = f"{settings.DATA}/ke-hoach.yml"
LOCAL_FILE = f"{settings.DATA}/dia-phuong.yml"
BRANCH_PREFIX = "cms/"

# Help shown under a field, beyond what the schema says.
_HINTS = {
    "tags": f"Chọn trong danh sách {schema.TAGS_FILE}; chủ đề mới phải thêm vào tệp đó trước.",
    "categories": "Chỉ tin tức có chuyên mục.",
    "summary": f"{schema.SUMMARY_POINTS[0]} đến {schema.SUMMARY_POINTS[1]} ý ngắn, câu trả lời "
    "trước.",
}
_DRAFT_HINT = (
    "Bài đang viết ở đây đã là bản nháp cho tới khi bấm «Công bố». Chỉ bật ô này để giữ bài "
    "khỏi trang cả sau khi công bố (draft: true)."
)
# Front matter keys the form leaves out (Material's own, rarely used); kept as written.
_SKIPPED = {"hide"}
_BODY_HINT = (
    "Viết bằng Markdown. Con số của luật: [[so-lieu:KHÓA]]. Infographic: "
    "![[infographic:TÊN]] trên một dòng riêng. Ảnh: nút «Chọn ảnh» bên dưới. Danh sách khóa "
    "và tên ở khung xem trước (bên phải, hay bên dưới trên điện thoại)."
)


def label(title: str) -> str:
    """'ngày đăng' → 'Ngày đăng'."""
    return title[:1].upper() + title[1:]


def _strip_optional(hint: Any) -> tuple[Any, bool]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return hint, False


_DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY",
         "time_format": False, "picker_utc": False}  # fmt: skip
_OPTIONAL_SCALARS = {
    fields.OptionalDate: _DATE, fields.OptionalLine: {"widget": "string"},
    fields.OptionalText: {"widget": "text"}, fields.OptionalUrl: {"widget": "string"},
    fields.OptionalPhone: {"widget": "string"},
}  # fmt: skip
_SCALARS = {
    fields.Date: _DATE, fields.Bool: {"widget": "boolean"}, fields.Line: {"widget": "string"},
    fields.PlainText: {"widget": "string"}, fields.Text: {"widget": "string"},
    fields.Tag: {"widget": "string"}, fields.Integer: {"widget": "number", "value_type": "int"},
    fields.Number: {"widget": "number", "value_type": "float"},
    fields.Phone: {"widget": "string"}, fields.HttpsUrl: {"widget": "string"},
    plan.PlanDay: {"widget": "string", "pattern": [
        r"^\d{4}-\d{2}(-\d{2})?$", "Viết ngày dạng năm-tháng-ngày 2026-04-15 (hoặc 2026-04)"]},
    plan.TaskNumbers: {"widget": "list", "field": {"name": "so", "label": "Số nhiệm vụ",
                                                   "widget": "number", "value_type": "int"}},
    local_facts.OptionalRegion: {"widget": "select", "options": ["I", "II", "III", "IV"]},
    schema.Description: {"widget": "text"},
}  # fmt: skip


def widget(name: str, hint: Any, info: FieldInfo | None, tags: tuple[str, ...]) -> dict:
    """One Decap field for a schema field."""
    title = (info.title if info and info.title else name) or name
    out: dict[str, Any] = {"name": name, "label": label(title)}
    help_text = " ".join(t for t in ((info.description if info else None), _HINTS.get(name)) if t)
    if help_text:
        out["hint"] = help_text
    inner, optional = _strip_optional(hint)
    required = bool(info and info.is_required()) and not optional
    out["required"] = required
    if inner in _OPTIONAL_SCALARS:
        out.update(_OPTIONAL_SCALARS[inner])
        out["required"] = False
        return out
    if inner in _SCALARS:
        out.update(_SCALARS[inner])
        if inner is fields.Bool and info is not None and info.default is not None:
            out["default"] = bool(info.default)
        return out
    bounds = {}
    if typing.get_origin(inner) is typing.Annotated:  # a list with length bounds
        inner, *meta = typing.get_args(inner)
        for item in meta:
            for rule in getattr(item, "metadata", ()):
                for key in ("min_length", "max_length"):
                    if getattr(rule, key, None) is not None:
                        bounds[key] = getattr(rule, key)
    if typing.get_origin(inner) is list:
        (item,) = typing.get_args(inner)
        if name == "tags" or item is fields.Tag:
            out.update(widget="select", multiple=True, options=list(tags))
            return out
        if name == "categories":
            out.update(widget="select", multiple=True, options=list(schema.CATEGORIES))
            return out
        out["widget"] = "list"
        if isinstance(item, type) and issubclass(item, Schema):
            out["fields"] = form(item, tags)
            out["summary"] = "{{fields." + next(iter(item.model_fields)) + "}}"
        else:
            out["field"] = {"name": "y", "label": out["label"], "widget": "string"}
        if "min_length" in bounds:
            out["min"] = bounds["min_length"]
        if "max_length" in bounds:
            out["max"] = bounds["max_length"]
        out["collapsed"] = False
        return out
    if isinstance(inner, type) and issubclass(inner, Schema):
        out.update(widget="object", fields=form(inner, tags), collapsed=False)
        return out
    out["widget"] = "string"
    return out


def form(model: type[Schema], tags: tuple[str, ...], only: tuple[str, ...] = ()) -> list[dict]:
    """The Decap fields of a schema, in its order (or only the named ones)."""
    hints = typing.get_type_hints(model, include_extras=True)
    names = only or tuple(n for n in model.model_fields if n not in _SKIPPED)
    return [widget(n, hints[n], model.model_fields[n], tags) for n in names]


def article_fields(src_path: str, tags: tuple[str, ...]) -> list[dict]:
    """The form of an article at `src_path` (relative to docs/): front matter, then the body."""
    model = schema.schema_for(src_path)
    found = form(model, tags)
    if model is not schema.NewsFrontMatter:  # only news posts have categories (`portal check`)
        found = [item for item in found if item["name"] != "categories"]
    for item in found:
        if item["name"] == "draft":
            # Here the draft is the entry's cms/ branch until «Công bố»; the flag only keeps
            # an article that is in the repository off the site.
            item["default"] = False
            item["hint"] = _DRAFT_HINT
        if item["name"] == "date":
            item["default"] = "{{now}}"
    body = {"name": "body", "label": "Nội dung bài", "widget": "markdown", "hint": _BODY_HINT,
            "modes": ["raw"], "sanitize_preview": True}  # fmt: skip
    return [*found, body]


def section_title(folder: str) -> str:
    parts = folder.split("/")
    names, found = [], sections.SECTIONS
    for part in parts:
        section = next((s for s in found if s.slug == part), None)
        if section is None:
            break
        names.append(section.title)
        found = section.children
    return " – ".join(names) if len(names) < 3 else names[-1]


def collection_name(folder: str) -> str:
    return folder.split("/")[0] if folder.startswith(sections.NEWS) else folder.replace("/", "-")


def folders() -> dict[str, str]:
    """Each article collection's folder, from the repository's root."""
    return {
        collection_name(section): f"{settings.DOCS}/{folder}"
        for section, folder in scaffold.SECTION_FOLDERS.items()
    }


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data):
        return True


def serialize(path: str, data: dict) -> str:
    """The file Decap would write for a form's `data`: front matter and body, or YAML."""
    data = datafiles.native(data)
    if path.endswith((".yml", ".yaml")):
        return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    meta = {k: v for k, v in data.items() if k != "body" and v not in (None, "", [])}
    front = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n{data.get('body') or ''}"


def build(root: Path, branch: str = "main") -> dict:
    """The whole configuration, as a dictionary Decap's `CMS.init` accepts."""
    tags = schema.allowed_tags(root)
    collections = []
    for section, folder in scaffold.SECTION_FOLDERS.items():
        src = f"{folder}/bai-moi.md"
        collections.append({
            "name": collection_name(section), "label": section_title(section),
            "label_singular": "bài mới", "folder": f"{settings.DOCS}/{folder}", "create": True,
            "slug": "{{slug}}", "extension": "md", "format": "frontmatter",
            "identifier_field": "title", "media_folder": "", "public_folder": "",
            "summary": "{{title}}", "sortable_fields": ["title", "date"],
            "fields": article_fields(src, tags),
            "editor": {"preview": True},
        })  # fmt: skip
    index_files = []
    for section in scaffold.SECTION_FOLDERS:
        top = section.split("/")[0] if section == sections.NEWS else section
        path = f"{settings.DOCS}/{top}/{INDEX}"
        if (root / path).is_file():
            index_files.append({"name": collection_name(top) + "-gioi-thieu",
                                "label": f"Giới thiệu: {section_title(top)}", "file": path,
                                "fields": article_fields(f"{top}/{INDEX}", tags)})  # fmt: skip
    collections.append({
        "name": "trang-muc", "label": "Trang giới thiệu các mục", "files": index_files,
        "media_folder": "", "public_folder": "",
    })  # fmt: skip
    collections.append({
        "name": "tien-do-ke-hoach", "label": "Tiến độ thực hiện Kế hoạch", "format": "yml",
        "files": [{
            "name": "tien-do", "label": "Tiến độ thực hiện Kế hoạch Chỉ thị 58", "file": PLAN_FILE,
            "fields": form(plan.PlanFile, tags, ("tien_do",)),
        }],
    })  # fmt: skip
    collections.append({
        "name": "dia-phuong", "label": "Thông tin địa phương cần xác nhận", "format": "yml",
        "files": [{
            "name": "dia-phuong", "label": "Vùng lương, điện thoại, địa chỉ các bộ phận",
            "file": LOCAL_FILE, "fields": form(local_facts.LocalFile, tags),
        }],
    })  # fmt: skip
    return {
        "load_config_file": False,
        "locale": "vi",
        "backend": {"name": "proxy", "proxy_url": "/api/v1", "branch": branch},
        "publish_mode": "editorial_workflow",
        "media_folder": f"{settings.DOCS}/assets/anh",
        "public_folder": "/assets/anh",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "editor": {"preview": True},
        "collections": collections,
    }
