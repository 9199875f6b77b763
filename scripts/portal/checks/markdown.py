"""Checks on an article's Markdown: links, anchors, images, heading levels, empty sections.

A light line-based reading, not a full Markdown parser: it skips fenced code and inline code,
which is where Markdown-looking text is not Markdown. Fast enough to run on every save.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from portal import dates
from portal.problems import Problem
from portal.text import toc_slugify

_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`]*`")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ATTR_ID = re.compile(r"\{[^}]*#([\w:-]+)[^}]*\}\s*$")
_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)  # http:, mailto:, tel:…
_MARKUP = re.compile(r"[*_`]|\[([^\]]*)\]\([^)]*\)")
IMAGE_WARN_BYTES = 1_000_000


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    anchor: str


def prose_lines(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line number, text) of lines outside fenced code, with inline code blanked out."""
    result, fenced = [], False
    for number, line in enumerate(body.split("\n"), start=first_line):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            result.append((number, _INLINE_CODE.sub("", line)))
    return result


def headings(lines: list[tuple[int, str]]) -> list[Heading]:
    """Headings with the anchor Python-Markdown gives them (duplicates get _1, _2…)."""
    found, seen = [], {}
    for number, line in lines:
        match = _HEADING.match(line)
        if not match:
            continue
        text = match.group(2)
        explicit = _ATTR_ID.search(text)
        if explicit:
            anchor = explicit.group(1)
        else:
            anchor = toc_slugify(_MARKUP.sub(lambda m: m.group(1) or "", text), "-")
            if anchor in seen:
                seen[anchor] += 1
                anchor = f"{anchor}_{seen[anchor]}"
            else:
                seen[anchor] = 0
        found.append(Heading(number, len(match.group(1)), anchor))
    return found


def check_structure(path: str, lines: list[tuple[int, str]]) -> list[Problem]:
    """Heading levels that skip, and headings with nothing under them."""
    problems = []
    found = headings(lines)
    previous = 0
    for heading in found:
        if previous and heading.level > previous + 1:
            problems.append(
                Problem(
                    path, heading.line, "tieu-de-nhay-cap",
                    f"tiêu đề cấp {heading.level} đứng ngay sau tiêu đề cấp {previous}; "
                    f"dùng {'#' * (previous + 1)} (cấp {previous + 1}) để không bỏ cấp.",
                )
            )  # fmt: skip
        previous = heading.level
    content_after = {number for number, line in lines if line.strip()}
    for index, heading in enumerate(found):
        end = found[index + 1].line if index + 1 < len(found) else max(content_after, default=0) + 1
        next_is_child = index + 1 < len(found) and found[index + 1].level > heading.level
        has_text = any(heading.line < n < end for n in content_after)
        if heading.level > 1 and not has_text and not next_is_child:
            problems.append(
                Problem(
                    path, heading.line, "muc-trong",
                    "mục này không có nội dung; viết nội dung dưới tiêu đề hoặc xóa tiêu đề.",
                )
            )  # fmt: skip
    return problems


def check_links(
    path: str,
    src_path: str,
    lines: list[tuple[int, str]],
    docs_dir: Path,
    anchors_of,
) -> list[Problem]:
    """Links to other articles and their anchors, and images: all must exist."""
    problems = []
    folder = posixpath.dirname(src_path)
    for number, line in lines:
        for match in _LINK.finditer(line):
            is_image, label, target = match.group(1) == "!", match.group(2), match.group(3)
            if is_image:
                problems += _check_image(path, number, folder, label, target, docs_dir)
                continue
            if _EXTERNAL.match(target):
                continue
            problems += _check_link(path, number, src_path, target, docs_dir, anchors_of)
        for tag in _HTML_IMG.finditer(line):
            if not re.search(r'\balt\s*=\s*"[^"]+"', tag.group()):
                problems.append(_no_alt(path, number))
    return problems


def _no_alt(path: str, number: int) -> Problem:
    return Problem(
        path, number, "anh-thieu-mo-ta",
        "ảnh chưa có mô tả; viết mô tả ngắn trong ngoặc vuông: ![Mô tả ảnh](anh.jpg). "
        "Người dùng trình đọc màn hình và người mạng chậm chỉ thấy phần mô tả này.",
    )  # fmt: skip


def _check_image(path, number, folder, alt, target, docs_dir) -> list[Problem]:
    problems = [] if alt.strip() else [_no_alt(path, number)]
    if _EXTERNAL.match(target):
        problems.append(
            Problem(
                path, number, "anh-ngoai",
                f"ảnh '{target}' lấy từ trang khác; tải ảnh về, đặt cạnh bài viết trong docs/ "
                "rồi dẫn tới tệp đó (trang không được tải gì từ máy chủ khác).",
            )
        )  # fmt: skip
        return problems
    file = docs_dir / posixpath.normpath(posixpath.join(folder, unquote(target.split("#")[0])))
    if not file.is_file():
        problems.append(
            Problem(
                path, number, "anh-khong-co",
                f"không tìm thấy ảnh '{target}'; kiểm tra tên tệp (cả chữ hoa, chữ thường) và "
                "thư mục chứa ảnh.",
            )
        )  # fmt: skip
    elif file.stat().st_size > IMAGE_WARN_BYTES:
        size = dates.megabytes(file.stat().st_size)
        problems.append(
            Problem(
                path, number, "anh-qua-nang",
                f"ảnh '{target}' nặng {size}. Trang sẽ tự thu nhỏ ảnh khi dựng, nhưng nên "
                "thu nhỏ ảnh gốc (rộng 1600 điểm ảnh là đủ) để kho bài viết gọn nhẹ.", "warning",
            )
        )  # fmt: skip
    return problems


def _check_link(path, number, src_path, target, docs_dir, anchors_of) -> list[Problem]:
    page, _, anchor = target.partition("#")
    folder = posixpath.dirname(src_path)
    if page:
        rel = posixpath.normpath(posixpath.join(folder, unquote(page)))
        if rel.endswith("/") or (docs_dir / rel).is_dir():
            rel = posixpath.join(rel.rstrip("/"), "index.md")
        if not (docs_dir / rel).exists():
            hint = (
                " (liên kết tới bài viết phải kết thúc bằng .md)" if not rel.endswith(".md") else ""
            )
            return [
                Problem(
                    path, number, "lien-ket-hong",
                    f"liên kết tới '{target}' không dẫn tới bài nào trong docs/{hint}; "
                    "kiểm tra tên tệp và đường dẫn tương đối.",
                )
            ]  # fmt: skip
    else:
        rel = src_path
    if anchor and rel.endswith(".md") and anchor not in anchors_of(rel):
        return [
            Problem(
                path, number, "neo-hong",
                f"liên kết tới '{target}': bài '{rel}' không có mục '#{anchor}'. Neo là tiêu đề "
                "viết không dấu, nối bằng gạch ngang, ví dụ '## Mức đóng' thành '#muc-dong'.",
            )
        ]  # fmt: skip
    return []
