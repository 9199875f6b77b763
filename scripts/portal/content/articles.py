"""Reading articles: front matter, URLs and the index of what each section holds.

Reads the Markdown files straight from `docs/`, so listings, feeds and checks know every
article before MkDocs renders any page (a section index is often rendered before its articles).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from portal.content import safepaths
from portal.content.sections import NEWS, NEWS_POSTS_DIR
from portal.problems import ContentError, Problem
from portal.text import nfc


def _fail(where: str, line: int, code: str, message: str) -> ContentError:
    return ContentError([Problem(where, line, code, message)])


@dataclass(frozen=True)
class Article:
    src_path: str  # relative to docs/, with forward slashes
    title: str
    description: str = ""
    date: dt.date | None = None
    draft: bool = False
    tags: tuple[str, ...] = ()
    meta: dict = field(default_factory=dict, compare=False, repr=False)
    # Line of each front matter key in the file, so messages can point at it.
    key_lines: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def url(self) -> str:
        """Directory-style URL relative to the site root, e.g. "tin-tuc/luong-2026/"."""
        return url_for(self.src_path)

    @property
    def folder(self) -> str:
        """The folder the article sits in ("" for the home page)."""
        return posixpath.dirname(self.src_path)

    @property
    def is_index(self) -> bool:
        return posixpath.basename(self.src_path) == "index.md"

    def is_published(self, today: dt.date) -> bool:
        """False for drafts and for articles dated after `today` (scheduled)."""
        return not self.draft and (self.date is None or self.date <= today)

    @property
    def is_news(self) -> bool:
        return self.folder == f"{NEWS}/{NEWS_POSTS_DIR}"


def url_for(src_path: str) -> str:
    """URL of a Markdown file under docs/, following MkDocs' directory URLs and the news rule."""
    folder, name = posixpath.split(src_path)
    stem = name.removesuffix(".md")
    if folder == f"{NEWS}/{NEWS_POSTS_DIR}":
        return f"{NEWS}/{stem}/"
    if stem == "index":
        return f"{folder}/" if folder else ""
    return f"{folder}/{stem}/" if folder else f"{stem}/"


# The YAML mistakes editors make most, explained in their words.
_YAML_HINTS = {
    "mapping values are not allowed here": (
        "Giá trị ở dòng này có dấu ':' theo sau là dấu cách; hãy đặt cả giá trị trong dấu "
        'ngoặc kép, ví dụ: description: "Bảo hiểm: mức đóng năm 2026".'
    ),
    "found unexpected end of stream": (
        'Có dấu ngoặc kép mở mà chưa đóng; thêm dấu " ở cuối giá trị.'
    ),
}


# libyaml's loader is about ten times faster, which matters when the build and `portal check`
# read a thousand articles; errors are re-read with the pure-Python loader, whose messages the
# hints below and the editor guide are written for.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(text: str):
    try:
        return yaml.load(text, Loader=_FAST_LOADER) or {}
    except yaml.YAMLError:
        return yaml.safe_load(text) or {}


def split_front_matter(text: str, where: str) -> tuple[dict, str]:
    """Split "---" YAML front matter from the body; raise ContentError naming file and line."""
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n")
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() == "---"), None)
    if end is None:
        raise _fail(
            where, 1, "dau-bai-chua-dong",
            "phần thông tin đầu bài (front matter) mở bằng '---' nhưng không có dòng '---' "
            "đóng lại. Thêm một dòng chỉ có '---' sau thông tin đầu bài.",
        )  # fmt: skip
    front = "\n".join(lines[1:end])
    try:
        meta = _load_yaml(front)
    except yaml.YAMLError as error:
        # An unclosed quote is found only at the end; the quote itself is where it began.
        unclosed = "end of stream" in str(getattr(error, "problem", ""))
        mark = getattr(error, "context_mark" if unclosed else "problem_mark", None) or getattr(
            error, "problem_mark", None
        )
        line_no = mark.line + 2 if mark else 1  # +1 for the opening '---', +1 for 1-based
        problem = str(getattr(error, "problem", None) or error)
        hint = _YAML_HINTS.get(problem, "Kiểm tra dấu ':' và dấu ngoặc kép ở dòng này.")
        raise _fail(
            where, line_no, "yaml-sai",
            f"thông tin đầu bài không đúng cú pháp YAML ({problem}). {hint}",
        ) from None  # fmt: skip
    if not isinstance(meta, dict):
        raise _fail(
            where, 2, "dau-bai-khong-phai-bang",
            "thông tin đầu bài phải là các dòng 'tên: giá trị', ví dụ 'title: Tiêu đề'.",
        )  # fmt: skip
    return meta, "\n".join(lines[end + 1 :])


def key_lines(text: str) -> dict[str, int]:
    """Line number in the file of each top-level front matter key (the opening '---' is 1)."""
    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    try:
        node = yaml.compose(text[3:end] if end > 0 else text[3:], Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    # +1 for 1-based lines; the text composed starts on the opening '---' line itself.
    return {key.value: key.start_mark.line + 1 for key, _ in node.value}


def _as_date(value) -> dt.date | None:
    """The date a front matter value stands for; None when it is not one (the schema says so)."""
    if isinstance(value, dict):  # Material's blog also accepts {created: ..., updated: ...}
        value = value.get("created")
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def first_heading(body: str) -> str:
    """Text of the first "# " heading, used when front matter has no title."""
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def read_article(docs_dir: Path, src_path: str) -> Article:
    """Read one Markdown file into an Article."""
    where = f"docs/{src_path}"
    text = nfc((docs_dir / src_path).read_text(encoding="utf-8"))
    meta, body = split_front_matter(text, where)
    tags = meta.get("tags") or ()
    return Article(
        src_path=src_path,
        title=str(meta.get("title") or first_heading(body) or src_path),
        description=str(meta.get("description") or ""),
        date=_as_date(meta.get("date")),
        draft=bool(meta.get("draft", False)),
        tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (str(tags),),
        meta=meta,
        key_lines=key_lines(text),
    )


def markdown_files(docs_dir: Path) -> Iterable[str]:
    """Every article under docs/, relative and with forward slashes, in a stable order.

    Articles are the `.md` files outside `_` and `.` folders. Whatever else MkDocs would
    publish from docs/ (other Markdown suffixes, `_` folders) is refused by
    `safepaths.refused_files` in `portal check` and in the build, so no page goes out unread.
    """
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        if safepaths.is_article_path(rel):
            yield rel


def load(docs_dir: Path) -> list[Article]:
    """Read every article under docs/; report the mistakes of all files at once."""
    articles, problems = [], []
    for rel in markdown_files(docs_dir):
        try:
            articles.append(read_article(docs_dir, rel))
        except ContentError as error:
            problems += error.problems
    if problems:
        raise ContentError(problems)
    return articles
