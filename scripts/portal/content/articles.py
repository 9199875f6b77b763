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

from portal import settings
from portal.content import datafile, frontmatter, safepaths
from portal.content.sections import NEWS, NEWS_POSTS_DIR
from portal.content.yamltree import Tree
from portal.problems import ContentError, Problem
from portal.text import nfc


@dataclass(frozen=True)
class Article:
    src_path: str  # relative to docs/, with forward slashes
    title: str
    description: str = ""
    date: dt.date | None = None
    draft: bool = False
    tags: tuple[str, ...] = ()
    meta: dict = field(default_factory=dict, compare=False, repr=False)
    # Line of each front matter value in the file by its path, so messages can point at it.
    lines: dict = field(default_factory=dict, compare=False, repr=False)
    # What is wrong with the file's front matter (schema, syntax, encoding).
    problems: tuple[Problem, ...] = field(default=(), compare=False, repr=False)

    def line(self, *where: str | int) -> int:
        """Line of a front matter value (or of the nearest enclosing one; 1 without any)."""
        while where:
            if where in self.lines:
                return self.lines[where]
            where = where[:-1]
        return 1

    def all_problems(self, tags: tuple[str, ...] | None = None) -> list[Problem]:
        """Every problem of the front matter; with `tags`, the site's list rules too."""
        found = list(self.problems)
        if tags is not None:
            found += frontmatter.check_lists(self.meta, self.src_path, self.line, tags)
        return found

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


# How syntax messages name the YAML between the two '---' lines.
FRONT_MATTER = "thông tin đầu bài "


def split_front_matter(text: str, where: str) -> tuple[dict, str]:
    """(front matter values, body) of an article's text; ContentError when it cannot be read.

    The values are read as text (no schema); `parse_article` is the full reading.
    """
    front, body, broken = split_text(text, where)
    if broken:
        raise ContentError([broken])
    if front is None:
        return {}, body
    tree = datafile.parse_text(front, where, offset=1, subject=FRONT_MATTER)
    errors = [p for p in tree.problems if p.severity == "error"]
    if errors:
        raise ContentError(errors)
    if tree.data is not None and not isinstance(tree.data, dict):
        raise ContentError([_not_a_table(where)])
    return tree.data or {}, body


def _not_a_table(where: str) -> Problem:
    return Problem(
        where, 2, "dau-bai-khong-phai-bang",
        "thông tin đầu bài phải là các dòng 'tên: giá trị', ví dụ 'title: Tiêu đề'.",
    )  # fmt: skip


def split_text(text: str, where: str) -> tuple[str | None, str, Problem | None]:
    """(the front matter's YAML or None, the body, why the front matter is broken or None)."""
    if not text.startswith("---"):
        return None, text, None
    lines = text.split("\n")
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() == "---"), None)
    if end is None:
        problem = Problem(
            where, 1, "dau-bai-chua-dong",
            "phần thông tin đầu bài (front matter) mở bằng '---' nhưng không có dòng '---' "
            "đóng lại. Thêm một dòng chỉ có '---' sau thông tin đầu bài.",
        )  # fmt: skip
        return None, text, problem
    return "\n".join(lines[1:end]), "\n".join(lines[end + 1 :]), None


def first_heading(body: str) -> str:
    """Text of the first "# " heading, used when front matter has no title."""
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def _windows_text(text: str, where: str) -> tuple[str, list[Problem]]:
    """The text without a byte-order mark or Windows line endings, and a word to fix them.

    Read as they are, a BOM hides the opening '---' (four keys "missing") and a CR ends every
    line with an invisible character; both come from Notepad or Word, and --fix removes them.
    """
    problems = []
    if text.startswith("\ufeff") or "\r" in text:
        problems.append(
            Problem(
                where, 1, "dau-dong-windows",
                "tệp có dấu BOM hoặc dòng kết thúc kiểu Windows (CRLF), thường do lưu bằng "
                "Notepad hay Word; chạy 'portal check --fix' để sửa tự động.", "warning",
            )
        )  # fmt: skip
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text, problems


def parse_article(text: str, src_path: str) -> Article:
    """An article from its text: front matter read against its schema, problems kept."""
    where = f"{settings.DOCS}/{src_path}"
    text, problems = _windows_text(nfc(text), where)
    front, body, broken = split_text(text, where)
    meta: dict = {}
    tree = Tree()
    if broken:
        problems.append(broken)
    elif front is not None:
        tree = datafile.parse_text(front, where, offset=1, subject=FRONT_MATTER)
        if tree.data is not None and not isinstance(tree.data, dict) and not tree.problems:
            problems.append(_not_a_table(where))
        else:
            schema = frontmatter.schema_for(src_path)
            result = datafile.validate(tree, schema, where)
            problems += result.problems
            if result.value is not None:
                meta = result.value.model_dump(exclude_none=True)
            else:  # what can still be used while the mistakes are reported
                meta = datafile.partial(tree, schema)
    title = meta.get("title")
    return Article(
        src_path=src_path,
        title=str(title if isinstance(title, str) else first_heading(body) or src_path),
        description=str(meta.get("description") or ""),
        date=meta.get("date") if isinstance(meta.get("date"), dt.date) else None,
        draft=meta.get("draft") is True,
        tags=tuple(meta.get("tags") or ()),
        meta=meta,
        lines=tree.lines,
        problems=tuple(problems),
    )


def read_article(docs_dir: Path, src_path: str) -> Article:
    """Read one Markdown file into an Article; mistakes are in `article.problems`."""
    where = f"{settings.DOCS}/{src_path}"
    text, problem = datafile.decode((docs_dir / src_path).read_bytes(), where)
    if problem:
        return Article(src_path=src_path, title=src_path, problems=(problem,))
    return parse_article(text, src_path)


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


class Kept:
    """Articles read before, each kept while its file's time, size and inode are unchanged:
    the editor's preview reads every article at each save, and one file changed."""

    def __init__(self) -> None:
        self._kept: dict[Path, tuple[tuple[int, int, int], Article]] = {}

    def read(self, docs_dir: Path, src_path: str) -> Article:
        path = docs_dir / src_path
        try:
            found = path.stat()
        except OSError:
            return read_article(docs_dir, src_path)  # removed meanwhile: says so as usual
        stamp = (found.st_mtime_ns, found.st_size, found.st_ino)
        kept = self._kept.get(path)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        article = read_article(docs_dir, src_path)
        self._kept[path] = (stamp, article)
        return article


def load(
    docs_dir: Path, tags: tuple[str, ...] | None = None, kept: Kept | None = None
) -> list[Article]:
    """Read every article under docs/; raise ContentError with the errors of all files at once.

    With `tags` (the site's controlled list), the list rules are checked too; with `kept`,
    unchanged files are not read again.
    """
    read = kept.read if kept is not None else read_article
    articles = [read(docs_dir, rel) for rel in markdown_files(docs_dir)]
    problems = [p for a in articles for p in a.all_problems(tags) if p.severity == "error"]
    if problems:
        raise ContentError(problems)
    return articles
