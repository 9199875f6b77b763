"""The front matter every article carries, and the editor-facing messages when it is wrong.

One schema for the whole site: the build refuses an article that breaks it and `portal check`
lists every problem with the file and the line of the key, in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from portal.content.articles import Article
from portal.content.sections import NEWS, NEWS_POSTS_DIR
from portal.problems import ContentError, Problem

# Relative to the project root (the folder of mkdocs.yml).
TAGS_FILE = "data/tags.yml"
CATEGORIES = ("Chính sách mới", "Hoạt động của xã", "Cảnh giác")
# Sections whose articles state the law: they must cite it and say when it was checked.
SOURCED_SECTIONS = ("phap-luat", "chinh-sach")
SUMMARY_POINTS = (2, 4)
DESCRIPTION_MAX = 200


@dataclass(frozen=True)
class Field:
    label: str  # how editors call it
    check: Callable[[object], str | None]  # returns what is wrong, in Vietnamese, or None


def _text(value) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "phải là một đoạn chữ, không để trống"
    return None


def _description(value) -> str | None:
    if problem := _text(value):
        return problem
    if len(value) > DESCRIPTION_MAX:
        return f"dài {len(value)} ký tự; hãy viết gọn trong {DESCRIPTION_MAX} ký tự (một câu)"
    return None


def _date(value) -> str | None:
    if isinstance(value, dt.date):
        return None
    return f"phải là ngày dạng YYYY-MM-DD, ví dụ 2026-01-01 (đang là '{value}')"


def _bool(value) -> str | None:
    return None if isinstance(value, bool) else "chỉ nhận true hoặc false"


def _text_list(value) -> str | None:
    if not isinstance(value, list):
        return "phải là danh sách, mỗi dòng bắt đầu bằng '  - '"
    for n, item in enumerate(value, start=1):
        if isinstance(item, dict):  # "- Có hai loại: …" reads as "key: value" in YAML
            return (
                f"ý thứ {n} có dấu ':' theo sau là dấu cách; đặt cả ý đó trong ngoặc kép, "
                'ví dụ: - "Có hai loại hợp đồng: …"'
            )
        if not isinstance(item, str) or not item.strip():
            return f"ý thứ {n} phải là một dòng chữ, không để trống"
    return None


def _summary(value) -> str | None:
    if problem := _text_list(value):
        return problem
    low, high = SUMMARY_POINTS
    if not low <= len(value) <= high:
        return f"cần từ {low} đến {high} ý (đang có {len(value)})"
    return None


def _sources(value) -> str | None:
    if not isinstance(value, list) or not value:
        return "phải là danh sách văn bản, mỗi văn bản có number, name, date (url nếu có)"
    for n, source in enumerate(value, start=1):
        if not isinstance(source, dict):
            return f"văn bản thứ {n} phải có các dòng number, name, date"
        missing = [k for k in ("number", "name", "date") if k not in source]
        if missing:
            return f"văn bản thứ {n} thiếu {', '.join(missing)}"
        unknown = sorted(set(source) - {"number", "name", "date", "url"})
        if unknown:
            allowed = "number, name, date, url"
            return f"văn bản thứ {n} có khóa lạ {', '.join(unknown)} (chỉ dùng {allowed})"
        if not isinstance(source["date"], dt.date):
            return f"văn bản thứ {n}: date phải có dạng YYYY-MM-DD"
        url = source.get("url")
        if url is not None and not str(url).startswith("https://"):
            return f"văn bản thứ {n}: url phải bắt đầu bằng https://"
    return None


FIELDS: dict[str, Field] = {
    "title": Field("tiêu đề", _text),
    "description": Field("mô tả", _description),
    "date": Field("ngày đăng", _date),
    "updated": Field("ngày cập nhật", _date),
    "checked": Field("ngày kiểm tra số liệu", _date),
    "tags": Field("chủ đề", _text_list),
    "categories": Field("chuyên mục", _text_list),
    "summary": Field("tóm tắt", _summary),
    "sources": Field("căn cứ pháp lý", _sources),
    "draft": Field("bản nháp", _bool),
    "hide": Field("ẩn thành phần trang", _text_list),  # Material's own key
}


def allowed_tags(root: Path) -> tuple[str, ...]:
    """The controlled list of tags, from data/tags.yml under the project root."""
    path = root / TAGS_FILE
    try:
        tags = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError):
        tags = None
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        problem = Problem(
            TAGS_FILE, 1, "danh-sach-chu-de",
            "tệp danh sách chủ đề phải có và là danh sách YAML, mỗi dòng '- tên chủ đề'.",
        )  # fmt: skip
        raise ContentError([problem])
    return tuple(tags)


def required_keys(src_path: str) -> tuple[str, ...]:
    """Keys an article at `src_path` (relative to docs/) must have."""
    folder = posixpath.dirname(src_path)
    keys = ["title", "description"]
    if folder == f"{NEWS}/{NEWS_POSTS_DIR}":
        keys += ["date", "categories"]
    is_index = posixpath.basename(src_path) == "index.md"
    if not is_index and folder.split("/")[0] in SOURCED_SECTIONS:
        keys += ["summary", "sources", "checked"]
    return tuple(keys)


def validate(article: Article, tags: tuple[str, ...]) -> list[Problem]:
    """Every problem with an article's front matter."""
    src_path, meta, lines = article.src_path, article.meta, article.key_lines
    where = f"docs/{src_path}"
    problems: list[Problem] = []

    def add(key: str | None, code: str, message: str) -> None:
        problems.append(Problem(where, lines.get(key, 1) if key else 1, code, message))

    for key in meta:
        if key not in FIELDS:
            known = ", ".join(FIELDS)
            add(key, "khoa-la", f"khóa '{key}' không có trong mẫu; các khóa dùng được: {known}")
    for key in required_keys(src_path):
        if key not in meta:
            label = FIELDS[key].label
            add(None, "thieu-khoa", f"thiếu '{key}' ({label}); thêm dòng '{key}: …' vào đầu bài")
    for key, value in meta.items():
        field = FIELDS.get(key)
        if field and (problem := field.check(value)):
            add(key, "gia-tri-sai", f"'{key}' ({field.label}) {problem}")
    if isinstance(meta.get("tags"), list):
        for tag in meta["tags"]:
            if isinstance(tag, str) and tag not in tags:
                add(
                    "tags",
                    "chu-de-la",
                    f"chủ đề '{tag}' không có trong data/tags.yml; "
                    "chọn một chủ đề trong danh sách hoặc thêm nó vào tệp đó",
                )
    if isinstance(meta.get("categories"), list):
        if posixpath.dirname(src_path) != f"{NEWS}/{NEWS_POSTS_DIR}":
            add(
                "categories",
                "chuyen-muc-sai-cho",
                "chỉ tin tức (thư mục tin-tuc/bai-viet) có chuyên mục",
            )
        for category in meta["categories"]:
            if category not in CATEGORIES:
                add(
                    "categories",
                    "chuyen-muc-la",
                    f"chuyên mục '{category}' không có; chọn một trong: " + ", ".join(CATEGORIES),
                )
    return problems
