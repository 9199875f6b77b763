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
from portal.text import slugify, toc_slugify

_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`]*`")
_HEADING = re.compile(r"(#{1,6})\s+(.*)")
_ATTR_ID = re.compile(r"\{[^{}]*#([\w:-]+)[^{}]*\}\s*$")
# Links are found by `links()`, a scan in linear time: the regular expression it replaces,
# r'(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)', took 23 s on a 40 KB line.
_BRACKET = re.compile(r"[\[\]]")
_SPACES = re.compile(r"\s*")
_TARGET = re.compile(r"[^)\s>]+")
_TAIL = re.compile(r'>?(?:\s+"[^"]*")?\s*\)')
# Past these, Python-Markdown takes minutes or overflows its stack on a line (a 20,000-bracket
# line took 48 s to build; 2,000 '*' in a row raise RecursionError): pasted data, not prose.
MAX_LINE = 10_000
MAX_RUN = 100  # the same markup sign in a row
MAX_BRACKETS = 1_000  # '[' in one paragraph
_RUN = re.compile(r"([\[\]*_>`~<])\1{" + str(MAX_RUN) + ",}")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)  # http:, mailto:, tel:…
_EMPHASIS = re.compile(r"[*_`]")
IMAGE_WARN_BYTES = 1_000_000


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    anchor: str


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    is_image: bool
    label: str
    target: str


def links(line: str) -> list[Link]:
    """Markdown links and images `[label](target "title")` of a line, left to right.

    The same matches as the regular expression above, found in time linear in the line: the
    label starts at the first '[' after the last ']', and the end of a target run, shared by
    every '](' inside it, is looked up once.
    """
    found: list[Link] = []
    first_open = None
    resume = 0
    run = (-1, -1)  # the last target run looked up: every start inside it ends where it ends
    tails: dict[int, int] = {}  # end of a target run -> end of the link after it (-1: none)

    def target_at(begin: int) -> tuple[int, int] | None:
        """(end of the target, end of the link) for a target starting at `begin`."""
        nonlocal run
        if not run[0] <= begin < run[1]:
            matched = _TARGET.match(line, begin)
            if matched is None:
                return None
            run = matched.span()
        stop = run[1]
        if stop not in tails:
            tail = _TAIL.match(line, stop)
            tails[stop] = tail.end() if tail else -1
        return (stop, tails[stop]) if tails[stop] >= 0 else None

    for bracket in _BRACKET.finditer(line):
        at = bracket.start()
        if at < resume:
            continue
        if line[at] == "[":
            first_open = at if first_open is None else first_open
            continue
        opened, first_open = first_open, None
        if opened is None or not line.startswith("(", at + 1):
            continue
        begin = _SPACES.match(line, at + 2).end()
        # "<target>": the '<' is optional, and may also be the target's first character.
        starts = (begin + 1, begin) if line.startswith("<", begin) else (begin,)
        for start in starts:
            if (ends := target_at(start)) is not None:
                break
        if ends is None:
            continue
        stop, end = ends
        image = opened > 0 and line[opened - 1] == "!"
        first = opened - 1 if image else opened
        found.append(Link(first, end, image, line[opened + 1 : at], line[start:stop]))
        resume = end
    return found


def _labels_only(text: str) -> str:
    """The text with each link replaced by its label, as in a heading's anchor."""
    parts, at = [], 0
    for link in links(text):
        parts += [text[at : link.start], link.label]
        at = link.end
    return "".join(parts) + text[at:]


def html_images(line: str) -> list[str]:
    """The `<img …>` tags of a line (linear: a tag ends at the next '>')."""
    found, at, lowered = [], 0, line.lower()
    while (start := lowered.find("<img", at)) >= 0:
        after = start + 4
        if after < len(line) and (line[after].isalnum() or line[after] == "_"):
            at = after
            continue
        end = line.find(">", after)
        if end < 0:
            break
        found.append(line[start : end + 1])
        at = end + 1
    return found


def _number(value: int) -> str:
    """20000 as Vietnamese write it: 20.000."""
    return f"{value:,}".replace(",", ".")


def check_limits(path: str, lines: list[tuple[int, str]]) -> list[Problem]:
    """Lines Markdown cannot render in reasonable time: too long, or heaps of one sign."""
    problems = []
    brackets, paragraph_line = 0, 0
    for number, line in lines:
        if not line.strip():
            brackets = 0
            continue
        if not brackets:
            paragraph_line = number
        if len(line) > MAX_LINE:
            problems.append(
                Problem(
                    path, number, "dong-qua-dai",
                    f"dòng dài {_number(len(line))} ký tự, quá {_number(MAX_LINE)} ký tự cho "
                    "một đoạn văn: có thể đã dán nhầm dữ liệu (ảnh, bảng tính, mã). Kiểm tra "
                    "lại chỗ dán, hoặc xuống dòng giữa các đoạn.",
                )
            )  # fmt: skip
            continue
        run = _RUN.search(line)
        if run:
            sign, count = run.group(1), len(run.group())
            problems.append(
                Problem(
                    path, number, "dong-qua-dai",
                    f"có {_number(count)} dấu '{sign}' liền nhau; trang không dựng được dòng "
                    "này. Xóa bớt, hoặc đặt trong dấu ` ` nếu thật sự cần viết như vậy.",
                )
            )  # fmt: skip
            continue
        before = brackets
        brackets += line.count("[")
        if before <= MAX_BRACKETS < brackets:
            problems.append(
                Problem(
                    path, paragraph_line, "dong-qua-dai",
                    f"đoạn văn có hơn {_number(MAX_BRACKETS)} dấu '['; trang không dựng được "
                    "đoạn này. Xóa bớt, hoặc tách thành nhiều đoạn.",
                )
            )  # fmt: skip
    return problems


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
        match = _HEADING.fullmatch(line) if len(line) <= MAX_LINE else None
        if not match:
            continue
        # The closing hashes and spaces, stripped without a regex that backtracks.
        text = match.group(2).rstrip().rstrip("#").rstrip()
        explicit = _ATTR_ID.search(text, max(text.rfind("{"), 0))
        if explicit:
            anchor = explicit.group(1)
        else:
            anchor = toc_slugify(_EMPHASIS.sub("", _labels_only(text)), "-")
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
    titles = [h for h in found if h.level == 1]
    for extra in titles[1:]:
        problems.append(
            Problem(
                path, extra.line, "tieu-de-thu-hai",
                f"bài đã có tiêu đề cấp 1 ở dòng {titles[0].line}; mỗi bài chỉ một dòng '# '. "
                "Dùng '## ' cho các mục bên dưới.",
            )
        )  # fmt: skip
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


# What may hold an indented block after it: a list item, an admonition or tab of Material, a
# footnote, a definition, HTML, a table, a quote.
_HOLDS_INDENTED = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|!!!|\?\?\?|===|\[\^|:\s|<|\||>)")


def check_indented(path: str, lines: list[tuple[int, str]]) -> list[Problem]:
    """A paragraph that starts with a tab or four spaces, as pasted from Word, shows as code."""
    problems = []
    previous: str | None = None  # the last non-blank line, None at the start of the body
    blank_before = True
    for number, line in lines:
        if not line.strip():
            blank_before = True
            continue
        indented = line.startswith("\t") or line.startswith("    ")
        if indented and blank_before:
            held = previous is not None and (
                previous.startswith(("\t", "    ")) or _HOLDS_INDENTED.match(previous)
            )
            if not held:
                problems.append(
                    Problem(
                        path, number, "doan-thut-le",
                        "đoạn văn bắt đầu bằng phím Tab hoặc bốn dấu cách (thường do dán từ Word) "
                        "sẽ hiện thành khung mã trên trang; xóa khoảng trắng ở đầu dòng.",
                    )
                )  # fmt: skip
        if not indented or previous is None:  # an indented line keeps its block's owner
            previous = line
        blank_before = False
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
        if len(line) > MAX_LINE:
            continue  # reported by check_limits
        found = links(line) + spaced_links(line)
        for link in found:
            is_image, label, target = link.is_image, link.label, link.target
            if _PREVIEW.match(target):
                problems.append(_preview_link(path, number, target))
                continue
            if is_image:
                problems += _check_image(path, number, folder, label, target, docs_dir)
                continue
            if _EXTERNAL.match(target):
                continue
            problems += _check_link(path, number, src_path, target, docs_dir, anchors_of)
        for tag in html_images(line):
            if not re.search(r'\balt\s*=\s*"[^"]+"', tag):
                problems.append(_no_alt(path, number))
    return problems


# The editor's own preview (portal serve) or machine: readers cannot open these addresses.
_PREVIEW = re.compile(
    r"^(?:https?:)?//(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[::1\])(?:[:/]|$)",
    re.IGNORECASE,
)
# How far a target with spaces is looked for after "](": a path, not a paragraph.
_SPACED_REACH = 300


def spaced_links(line: str) -> list[Link]:
    """Links and images whose path has spaces: `![Ảnh](ảnh công nhân.jpg)`.

    Markdown does not read them as links, so `links` skips them and the page shows the text as
    written (or the build warns in English); here they are checked like any other path. Linear:
    each "](" is looked at once, and only a short way ahead.
    """
    found = []
    start = line.find("](")
    while start != -1:
        end = line.find(")", start + 2, start + 2 + _SPACED_REACH)
        inside = line[start + 2 : end] if end != -1 else ""
        target = inside.strip().removeprefix("<").removesuffix(">").strip()
        titled = re.search(r'\s"[^"]*"$', target)
        if target and " " in target and not titled and "\n" not in target:
            opening = line.rfind("[", 0, start)
            if opening != -1:
                is_image = opening > 0 and line[opening - 1] == "!"
                label = line[opening + 1 : start]
                found.append(Link(opening - is_image, end + 1, is_image, label, target))
        start = line.find("](", start + 2)
    return found


def _name_hint(target: str) -> str:
    """For a missing file whose name has spaces or diacritics, how files here are named."""
    name = posixpath.basename(unquote(target.split("#")[0]))
    if " " in name or not name.isascii():
        return (
            " Tên tệp nên viết không dấu, không dấu cách, nối bằng gạch ngang (ví dụ "
            f"'{slugify(posixpath.splitext(name)[0])}{posixpath.splitext(name)[1]}'): đổi tên "
            "tệp và sửa đường dẫn cho khớp."
        )
    return ""


def _preview_link(path: str, number: int, target: str) -> Problem:
    return Problem(
        path, number, "lien-ket-may-minh",
        f"liên kết '{target}' là địa chỉ bản xem trước trên máy của người viết; người đọc không "
        "mở được. Viết liên kết tương đối tới tệp .md (ví dụ ../bao-hiem/index.md).",
    )  # fmt: skip


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
    if _leaves_docs(folder, target):
        return problems + _outside(path, number, target, "ảnh")
    file = docs_dir / posixpath.normpath(posixpath.join(folder, unquote(target.split("#")[0])))
    if not file.is_file():
        problems.append(
            Problem(
                path, number, "anh-khong-co",
                f"không tìm thấy ảnh '{target}'; kiểm tra tên tệp (cả chữ hoa, chữ thường) và "
                f"thư mục chứa ảnh.{_name_hint(target)}",
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


def _outside(path: str, number: int, target: str, what: str) -> list[Problem]:
    """A link or image whose path leaves docs/: the build refuses it, so does the check."""
    return [
        Problem(
            path, number, "lien-ket-ra-ngoai",
            f"{what} '{target}' trỏ ra ngoài thư mục docs/; trang chỉ dẫn được tới bài và ảnh "
            "trong docs/ (khi dựng, trang sẽ báo lỗi). Viết đường dẫn tương đối tới một tệp "
            "trong docs/, hoặc địa chỉ đầy đủ https://… nếu là trang khác.",
        )
    ]  # fmt: skip


def _leaves_docs(folder: str, target: str) -> bool:
    joined = posixpath.normpath(posixpath.join(folder, unquote(target.split("#")[0])))
    return target.startswith("/") or joined == ".." or joined.startswith("../")


def _check_link(path, number, src_path, target, docs_dir, anchors_of) -> list[Problem]:
    page, _, anchor = target.partition("#")
    folder = posixpath.dirname(src_path)
    if page and _leaves_docs(folder, page):
        return _outside(path, number, target, "liên kết tới")
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
                    f"kiểm tra tên tệp và đường dẫn tương đối.{_name_hint(target)}",
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


_SCRIPT = re.compile(r"<\s*script\b", re.IGNORECASE)
_JAVASCRIPT = re.compile(r"\bjavascript\s*:", re.IGNORECASE)
_EVENT = re.compile(r"\son[a-z]{3,}\s*=", re.IGNORECASE)


def check_raw_html(path: str, lines: list[tuple[int, str]]) -> list[Problem]:
    """Warnings for what would run in a reader's browser: scripts, javascript: links, on…=."""
    problems = []
    for number, line in lines:
        if len(line) > MAX_LINE:
            continue
        found = (
            "thẻ <script>" if _SCRIPT.search(line)
            else "liên kết 'javascript:'" if _JAVASCRIPT.search(line)
            else f"thuộc tính '{match.group().strip().rstrip('=').strip()}='"
            if "<" in line and (match := _EVENT.search(line))
            else None
        )  # fmt: skip
        if found:
            problems.append(
                Problem(
                    path, number, "ma-chay-duoc",
                    f"bài có {found}: trang không cho chạy mã viết trong bài (chính sách bảo "
                    "mật CSP chặn nó), nên người đọc sẽ không thấy gì. Xóa đi; bài chỉ cần chữ, "
                    "ảnh, liên kết và infographic.", "warning",
                )
            )  # fmt: skip
    return problems
