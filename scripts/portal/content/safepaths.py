"""What may be published or read from the editors' folders: no links out, no hidden pages.

A symbolic link committed in `docs/` (`leak.txt -> /etc/passwd`, or to the publishing host's
SSH key) would be copied into the site as if it were content, and a data file naming
`/tmp/x.csv` or `../x.csv` would be read. MkDocs also builds every Markdown file it finds,
including `.markdown` files and folders starting with `_` that the portal's own reading (and so
its draft rule and `portal check`) never sees. The rules live here, so the checks and the build
refuse the same files with the same words.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable
from pathlib import Path

from portal import settings
from portal.problems import Problem

# MkDocs' own list of Markdown suffixes (mkdocs.utils.markdown_extensions), compared exactly.
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
# The folders editors write in, relative to the project root.
EDITOR_FOLDERS = (settings.DOCS, settings.INFOGRAPHICS, settings.DATA)


def safe_path(folder: Path, name: str, *, shown: str | None = None) -> Path | str:
    """`name` as a file inside `folder`, or why it may not be read, in Vietnamese.

    Refused: absolute paths, `..`, and any symbolic link on the way (the file or a folder).
    """
    label = shown or f"{folder.name}/"
    parts = Path(name).parts
    if not name or Path(name).is_absolute() or name.startswith("~"):
        return (
            f"'{name}' phải là tên một tệp đặt trong thư mục {label}, không phải đường dẫn "
            "tới nơi khác trên máy; chép tệp vào thư mục đó rồi ghi tên tệp."
        )
    if ".." in parts:
        return (
            f"'{name}' trỏ ra ngoài thư mục {label} (có '..'); chép tệp vào thư mục đó rồi "
            "ghi tên tệp."
        )
    candidate = folder
    for part in parts:
        candidate = candidate / part
        if candidate.is_symlink():
            return _link_message(name, label)
    if not candidate.resolve().is_relative_to(folder.resolve()):
        return _link_message(name, label)
    return candidate


def _link_message(name: str, label: str) -> str:
    return (
        f"'{name}' là liên kết (symlink) tới tệp khác, có thể nằm ngoài thư mục {label}; "
        "trang không đọc và không đăng liên kết. Xóa liên kết, chép chính tệp vào thư mục đó."
    )


def linked_files(root: Path, folders: Iterable[str] = EDITOR_FOLDERS) -> list[Problem]:
    """Every symbolic link (file or folder) in the editors' folders, or one that is itself a link.

    Links are never followed, so a link to `/` costs nothing to find.
    """
    problems: list[Problem] = []
    for name in folders:
        found = []
        top = root / name
        if top.is_symlink():
            problems.append(_linked(name, name))
            continue
        if not top.is_dir():
            continue
        for here, dirnames, filenames in os.walk(top, followlinks=False):
            dirnames.sort()
            for entry in sorted(dirnames) + sorted(filenames):
                path = Path(here, entry)
                if path.is_symlink():
                    found.append(_linked(path.relative_to(root).as_posix(), name))
        problems += sorted(found, key=lambda p: p.path)
    return problems


def _linked(rel: str, folder: str) -> Problem:
    return Problem(
        rel, 1, "tep-lien-ket",
        f"'{rel}' là liên kết (symlink), có thể tới tệp ngoài thư mục {folder}/ (mật khẩu, "
        f"khóa của máy); trang không đăng liên kết. Xóa liên kết ('git rm {rel}'), rồi chép "
        "chính tệp vào đây nếu cần.",
    )  # fmt: skip


def is_article_path(rel: str) -> bool:
    """True for the Markdown files the portal reads as articles: `.md`, outside `_`/`.` folders."""
    return rel.endswith(".md") and not any(part.startswith((".", "_")) for part in rel.split("/"))


def not_an_article(rel: str) -> Problem | None:
    """Why a file in docs/ that MkDocs would publish is refused, or None when it may be.

    `rel` is relative to docs/. Hidden files and folders (`.x`) MkDocs leaves out on its own.
    """
    parts = rel.split("/")
    if any(part.startswith(".") for part in parts):
        return None
    where = f"{settings.DOCS}/{rel}"
    suffix = posixpath.splitext(rel)[1]
    hidden = next((part for part in parts[:-1] if part.startswith("_")), None)
    if hidden or parts[-1].startswith("_"):
        where_it_is = f"nằm trong thư mục '{hidden}'" if hidden else "có tên"
        what_to_do = (
            f"Chuyển tệp ra khỏi thư mục '{hidden}'" if hidden else "Đổi tên tệp, bỏ dấu '_' ở đầu"
        )
        return Problem(
            where, 1, "thu-muc-gach-duoi",
            f"tệp {where_it_is} bắt đầu bằng '_': khi dựng, trang vẫn đăng tệp này (cả bản "
            f"nháp), nhưng 'portal check' và quy tắc bản nháp bỏ qua nó. {what_to_do}; bài chưa "
            "đăng thì ghi 'draft: true'.",
        )  # fmt: skip
    if suffix != ".md" and suffix.lower() in MARKDOWN_SUFFIXES:
        stem = posixpath.basename(rel)[: -len(suffix)]
        return Problem(
            where, 1, "duoi-tep-la",
            f"bài có đuôi '{suffix}': khi dựng, trang vẫn đăng tệp này (cả bản nháp), nhưng "
            f"'portal check' và quy tắc bản nháp chỉ đọc tệp '.md'. Đổi tên tệp thành '{stem}.md'.",
        )  # fmt: skip
    return None


def refused_files(docs_dir: Path) -> list[Problem]:
    """Every file of docs/ that `not_an_article` refuses, without following links."""
    problems = []
    for here, dirnames, filenames in os.walk(docs_dir, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            rel = Path(here, name).relative_to(docs_dir).as_posix()
            if (problem := not_an_article(rel)) is not None:
                problems.append(problem)
    return problems
