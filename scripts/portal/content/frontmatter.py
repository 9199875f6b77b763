"""The front matter every article carries: its schema, by kind of article, and the site's lists.

One table for the whole site, read by the one YAML engine (`datafile.py`): the build refuses an
article that breaks it and `portal check` lists every problem with the file and the line, in
Vietnamese. The web editor's configuration and the editor guide are made from the same table.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field

from portal import settings
from portal.content import datafile, fields
from portal.content.datafile import Schema
from portal.content.fields import Wrong, suggestion
from portal.content.sections import NEWS, NEWS_POSTS_DIR
from portal.problems import ContentError, Problem

TAGS_FILE = f"{settings.DATA}/tags.yml"
CATEGORIES = ("Chính sách mới", "Hoạt động của xã", "Cảnh giác")
# Sections whose articles state the law: they must cite it and say when it was checked.
SOURCED_SECTIONS = ("phap-luat", "chinh-sach")
SUMMARY_POINTS = (2, 4)
DESCRIPTION_MAX = 200


def _description(value: Any) -> str:
    text = fields.parse_plain_text(value)
    if len(text) > DESCRIPTION_MAX:
        raise Wrong(
            "gia-tri-sai",
            f"dài {len(text)} ký tự; hãy viết gọn trong {DESCRIPTION_MAX} ký tự (một câu)",
        )
    return text


Description = fields.field_type(_description, str)
Summary = Annotated[
    list[fields.Text], Field(min_length=SUMMARY_POINTS[0], max_length=SUMMARY_POINTS[1])
]


class Source(Schema):
    """A legal document an article rests on."""

    number: fields.Text = Field(
        title="số hiệu văn bản", examples=["Nghị định 293/2025/NĐ-CP"],
        description="Số và ký hiệu của văn bản, như in trên văn bản.",
    )  # fmt: skip
    name: fields.Text = Field(
        title="tên văn bản", examples=["Quy định mức lương tối thiểu đối với người lao động"]
    )
    date: fields.Date = Field(title="ngày ban hành", examples=["2025-11-10"])
    url: fields.OptionalUrl = Field(
        None, title="địa chỉ văn bản", description="Địa chỉ https:// của văn bản gốc, nếu có."
    )


class FrontMatter(Schema):
    """Every article: its title and description; the rest as the kind of article needs."""

    title: fields.PlainText = Field(
        title="tiêu đề", examples=["Tiêu đề của bài"],
        description="Tiêu đề bài, hiện trên trang, trong kết quả tìm kiếm và khi chia sẻ.",
    )  # fmt: skip
    description: Description = Field(
        title="mô tả", examples=["Một câu tóm tắt bài."],
        description=f"Một câu tóm tắt bài, tối đa {DESCRIPTION_MAX} ký tự.",
    )  # fmt: skip
    date: fields.OptionalDate = Field(
        None, title="ngày đăng", examples=["2026-01-01"],
        description="Ngày đăng; ngày trong tương lai là hẹn ngày đăng.",
    )  # fmt: skip
    updated: fields.OptionalDate = Field(None, title="ngày cập nhật", examples=["2026-12-03"])
    checked: fields.OptionalDate = Field(
        None, title="ngày kiểm tra số liệu", examples=["2026-12-03"],
        description="Ngày đối chiếu số liệu trong bài với văn bản gốc.",
    )  # fmt: skip
    tags: list[fields.Tag] | None = Field(None, title="chủ đề", examples=["[bảo hiểm xã hội]"])
    categories: list[fields.Text] | None = Field(
        None, title="chuyên mục", examples=["[Chính sách mới]"]
    )
    summary: Summary | None = Field(None, title="tóm tắt", examples=["[…]"])
    sources: list[Source] | None = Field(None, title="căn cứ pháp lý", examples=["[…]"])
    draft: fields.Bool = Field(False, title="bản nháp", examples=["true"])
    hide: list[fields.Text] | None = Field(None, title="ẩn thành phần trang")  # Material's own


class NewsFrontMatter(FrontMatter):
    """A news post: dated, in a category."""

    date: fields.Date = Field(title="ngày đăng", examples=["2026-01-01"])
    categories: list[fields.Text] = Field(title="chuyên mục", examples=["[Chính sách mới]"])


class SourcedFrontMatter(FrontMatter):
    """A law or policy article: a summary first, its legal basis and the day it was checked."""

    summary: Summary = Field(title="tóm tắt", examples=["[…]"])
    sources: Annotated[list[Source], Field(min_length=1)] = Field(
        title="căn cứ pháp lý", examples=["[…]"]
    )
    checked: fields.Date = Field(title="ngày kiểm tra số liệu", examples=["2026-12-03"])


def schema_for(src_path: str) -> type[FrontMatter]:
    """The schema of the article at `src_path` (relative to docs/)."""
    folder = posixpath.dirname(src_path)
    if folder == f"{NEWS}/{NEWS_POSTS_DIR}":
        return NewsFrontMatter
    is_index = posixpath.basename(src_path) == "index.md"
    if not is_index and folder.split("/")[0] in SOURCED_SECTIONS:
        return SourcedFrontMatter
    return FrontMatter


def required_keys(src_path: str) -> tuple[str, ...]:
    """Keys an article at `src_path` (relative to docs/) must have."""
    model = schema_for(src_path)
    return tuple(name for name, info in model.model_fields.items() if info.is_required())


class TagList(Schema):
    """data/tags.yml: the controlled list of tags."""

    tags: list[fields.Text]


def allowed_tags(root: Path) -> tuple[str, ...]:
    """The controlled list of tags, from data/tags.yml under the project root."""
    tree = datafile.read_tree(root / TAGS_FILE, TAGS_FILE)
    problems = list(tree.problems)
    data = tree.data
    if not problems and not (isinstance(data, list) and all(isinstance(t, str) for t in data)):
        problems.append(
            Problem(
                TAGS_FILE, 1, "danh-sach-chu-de",
                "tệp danh sách chủ đề phải là danh sách YAML, mỗi dòng '- tên chủ đề'; các bài "
                "chưa được kiểm tra chủ đề cho tới khi sửa tệp này.",
            )
        )  # fmt: skip
    if problems:
        raise ContentError(problems)
    return tuple(str(tag) for tag in data)


def check_lists(
    meta: dict, src_path: str, line: datafile.LineOf, tags: tuple[str, ...]
) -> list[Problem]:
    """The rules on the site's controlled lists: tags, and categories for news only."""
    where = f"{settings.DOCS}/{src_path}"
    problems = []
    for index, tag in enumerate(meta.get("tags") or ()):
        if tag not in tags:
            problems.append(
                Problem(
                    where, line("tags", index), "chu-de-la",
                    f"chủ đề '{tag}' không có trong {TAGS_FILE}.{suggestion(tag, tags)} Chọn một "
                    "chủ đề trong danh sách hoặc thêm nó vào tệp đó.",
                )
            )  # fmt: skip
    categories = meta.get("categories") or ()
    if categories and schema_for(src_path) is not NewsFrontMatter:
        problems.append(
            Problem(
                where, line("categories"), "chuyen-muc-sai-cho",
                f"chỉ tin tức (thư mục {NEWS}/{NEWS_POSTS_DIR}) có chuyên mục; xóa dòng "
                "'categories'.",
            )
        )  # fmt: skip
    for index, category in enumerate(categories):
        if category not in CATEGORIES:
            problems.append(
                Problem(
                    where, line("categories", index), "chuyen-muc-la",
                    f"chuyên mục '{category}' không có.{suggestion(category, CATEGORIES)} Chọn "
                    "một trong: " + ", ".join(CATEGORIES),
                )
            )  # fmt: skip
    return problems
