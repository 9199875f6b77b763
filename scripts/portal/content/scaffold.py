"""`portal new`: a new article file with a valid front matter template for its section."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from portal.content import frontmatter as schema
from portal.content import sections
from portal.problems import PortalError
from portal.text import nfc, slugify

# Where `--section` puts articles: news posts go in their own folder (see sections.py).
SECTION_FOLDERS = {sections.NEWS: f"{sections.NEWS}/{sections.NEWS_POSTS_DIR}"} | {
    path: path
    for top in sections.SECTIONS
    if top.slug != sections.NEWS
    for path in (top.slug, *(f"{top.slug}/{child.slug}" for child in top.children))
}


# The template's stand-in text; `portal check` warns while any of it is left in an article.
PLACEHOLDERS = (
    "Một câu tóm tắt bài (hiện khi chia sẻ lên Zalo).",
    "Ý chính thứ nhất: câu trả lời ngắn.",
    "Ý chính thứ hai.",
    "Số hiệu văn bản",
    "Tên văn bản",
    "Viết câu trả lời ngắn trước, rồi đến chi tiết, cuối cùng là căn cứ pháp lý.",
    "Nội dung chi tiết.",
)


class _EditorDumper(yaml.SafeDumper):
    """YAML the way the editor guide shows it: lists indented, no &id001 anchors."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data):
        return True


class ScaffoldError(PortalError):
    """Why the article could not be created, in Vietnamese."""


def new_article(docs: Path, title: str, section: str, today: dt.date) -> Path:
    """Create the article file and return its path; never overwrite an existing file."""
    title = nfc(title).strip()
    slug = slugify(title)
    if not slug:
        raise ScaffoldError("Tiêu đề cần có ít nhất một chữ cái hoặc chữ số.")
    folder = SECTION_FOLDERS.get(section.strip("/"))
    if folder is None:
        choices = ", ".join(SECTION_FOLDERS)
        raise ScaffoldError(f"Không có mục '{section}'. Chọn một trong: {choices}.")
    path = docs / folder / f"{slug}.md"
    if path.exists():
        raise ScaffoldError(
            f"Đã có bài {path.relative_to(docs.parent).as_posix()}; không ghi đè. "
            "Mở bài đó để sửa, hoặc chọn tiêu đề khác."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:  # "x": fail rather than overwrite a race
        out.write(template(f"{folder}/{slug}.md", title, today))
    return path


def template(src_path: str, title: str, today: dt.date) -> str:
    """Front matter with every key the section requires, and a body to start from."""
    required = schema.required_keys(src_path)
    meta: dict = {"title": title, "description": PLACEHOLDERS[0]}
    meta["date"] = today
    if "categories" in required:
        meta["categories"] = [schema.CATEGORIES[0]]
    meta["tags"] = []
    if "summary" in required:
        meta["summary"] = [PLACEHOLDERS[1], PLACEHOLDERS[2]]
    if "sources" in required:
        meta["sources"] = [{"number": PLACEHOLDERS[3], "name": PLACEHOLDERS[4], "date": today}]
        meta["checked"] = today
    meta["draft"] = True
    front = yaml.dump(meta, Dumper=_EditorDumper, allow_unicode=True, sort_keys=False, width=1000)
    return (
        f"---\n{front}---\n\n# {title}\n\n{PLACEHOLDERS[5]}\n\n## Chi tiết\n\n{PLACEHOLDERS[6]}\n"
    )


def next_steps(path: Path, root: Path) -> list[str]:
    """What the editor does after `portal new`, in order."""
    rel = path.relative_to(root).as_posix()
    return [
        f"Đã tạo {rel}",
        "Tiếp theo:",
        f"  1. Mở {rel}, sửa mô tả, chủ đề (tags) và viết bài.",
        f"  2. Kiểm tra: .venv/bin/portal check {rel}",
        "  3. Xem trước: make serve, rồi mở http://127.0.0.1:8000/",
        "  4. Khi bài đã xong, xóa dòng 'draft: true' rồi commit tệp.",
    ]
