"""The embed line editors type in an article, and the HTML the pages get for an infographic.

An article embeds an infographic with a line of its own:

    ![[infographic:luong-toi-thieu-vung-2026]]

The name is the data file's name without `.yml`. Lines inside fenced code blocks are left as
they are, so the syntax can be shown in a guide.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from babel.numbers import format_decimal

from portal import dates
from portal.text import outside_fences

SYNTAX = "![[infographic:ten-infographic]]"
_EMBED = re.compile(r"^[ \t]*!\[\[infographic:[ \t]*([^\]]*?)[ \t]*\]\][ \t]*$")
_LOOSE = re.compile(r"!?\[\[\s*infographic", re.IGNORECASE)
SITE_FOLDER = "infographic"  # where the image files go in the built site
GALLERY = "thu-vien-infographic"


@dataclass(frozen=True)
class Found:
    """An embed line: its number in the file, and the name it asks for ("" if malformed)."""

    line: int
    name: str
    problem: str = ""


def _scan(lines: list[str], start: int = 1):
    """(line number, match or None, line) for each line outside fenced code blocks."""
    for number, line in outside_fences(lines, start):
        yield number, _EMBED.match(line), line


def find(text: str) -> list[Found]:
    """Embed lines of a whole Markdown file (front matter included, so lines match the file)."""
    lines = text.split("\n")
    body_start = 0
    if lines and lines[0].rstrip() == "---":
        body_start = next((i + 1 for i, ln in enumerate(lines[1:], 1) if ln.rstrip() == "---"), 0)
    found = []
    for number, match, line in _scan(lines[body_start:], start=body_start + 1):
        if match:
            found.append(Found(number, match.group(1)))
        elif _LOOSE.search(line) and line[: _LOOSE.search(line).start()].count("`") % 2 == 0:
            found.append(
                Found(
                    number,
                    "",
                    f"dòng nhúng infographic phải đứng riêng một dòng, đúng dạng {SYNTAX} "
                    "(tên tệp trong thư mục infographics/, không có .yml).",
                )
            )
    return found


def replace(markdown: str, figure: Callable[[str], str]) -> str:
    """Markdown with each embed line swapped for the HTML `figure(name)` gives."""
    lines = markdown.split("\n")
    for number, match, _line in _scan(lines, start=0):
        if match:
            # Blank lines around it make Markdown pass the HTML block through untouched.
            lines[number] = f"\n{figure(match.group(1))}\n"
    return "\n".join(lines)


def relative(target: str, page_url: str) -> str:
    """Link from a page (MkDocs URL such as "chinh-sach/tien-luong/") to a site path."""
    here = (
        "/" + page_url
        if page_url.endswith("/") or not page_url
        else posixpath.dirname("/" + page_url)
    )
    link = posixpath.relpath("/" + target, here or "/")
    # relpath drops a folder's slash; keep it so the link is the page, not a redirect to it.
    return f"{link}/" if target.endswith("/") and not link.endswith("/") else link


def kilobytes(size: int) -> str:
    """41 KB, the Vietnamese way for large numbers too (1.234 KB)."""
    return f"{format_decimal(max(1, round(size / 1024)), locale='vi')} KB"


@dataclass(frozen=True)
class Download:
    """One downloadable file of an infographic, as the pages list it."""

    label: str
    path: str  # in the built site
    width: int
    height: int
    size: int  # bytes
    fmt: str


def figure_html(spec, downloads: list[Download], page_url: str, *, version: str) -> str:
    """The <figure> for an infographic: picture, source line, downloads, description as text."""
    esc = html.escape
    png = next(d for d in downloads if d.fmt == "png")  # the first is the portrait PNG
    webp = next((d for d in downloads if d.fmt == "webp"), None)
    # The version in the query string makes browsers fetch a redrawn image under the same name.
    src = f"{relative(png.path, page_url)}?v={version}"
    source = (
        f'<source type="image/webp" srcset="{relative(webp.path, page_url)}?v={version}">'
        if webp
        else ""
    )
    links = " · ".join(
        f'<a href="{relative(d.path, page_url)}?v={version}" download>{esc(d.label)}</a> '
        f'<span class="portal-infographic__size">({d.fmt.upper()}, {kilobytes(d.size)})</span>'
        for d in downloads
        if d.fmt == "png"
    )
    gallery = ""
    if page_url != f"{GALLERY}/":
        url = relative(f"{GALLERY}/", page_url) + f"#{spec.name}"
        gallery = f' · <a href="{url}">Thư viện infographic</a>'
    return (
        f'<figure class="portal-infographic" id="infographic-{spec.name}">\n'
        f'<a class="portal-infographic__image" href="{src}">'
        f"<picture>{source}"
        f'<img src="{src}" width="{png.width}" height="{png.height}" alt="{esc(spec.alt)}" '
        'loading="lazy" decoding="async"></picture></a>\n'
        "<figcaption>\n"
        f'<p class="portal-infographic__source">Nguồn: {esc(spec.source)}. '
        f"Số liệu kiểm tra ngày {dates.short(spec.checked)}.</p>\n"
        f'<p class="portal-infographic__downloads">Tải ảnh: {links}{gallery}</p>\n'
        '<details class="portal-infographic__text">'
        "<summary>Nội dung ảnh bằng chữ</summary>"
        f"<p>{esc(spec.alt)}</p></details>\n"
        "</figcaption>\n"
        "</figure>"
    )
