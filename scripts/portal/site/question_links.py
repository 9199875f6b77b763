"""A link to one answer of the Q&A: its "Chép liên kết" button and its link-preview page.

Every question of a Q&A page (a second-level heading ending in "?") has a stable ASCII anchor,
the slug of its words ("#mot-nam-duoc-nghi-phep-bao-nhieu-ngay"). Zalo and Facebook never send
the part after "#" to the server, so a shared "page#question" would preview as the whole page.
The link the button copies is therefore a small page of its own beside the Q&A page
(`hoi-dap/bao-hiem/mot-nam-…/`), whose preview tags show the question and the start of its
answer, and which sends the reader on to the page at that question.
"""

from __future__ import annotations

import html
import posixpath
import re

from portal.text import nfc

PAGES = "hoi-dap/"  # the section whose pages are questions and answers
BUTTON_CLASS = "portal-question-link"
_H2 = re.compile(r'<h2 id="([A-Za-z0-9_-]+)"[^>]*>(.*?)</h2>', re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_META = re.compile(r'<meta (?:property|name)="(og:image(?::\w+)?)" content="([^"]*)"')
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
DESCRIPTION_LENGTH = 160


def is_question_page(src_path: str) -> bool:
    """True for a Q&A page (not the section's introduction)."""
    return src_path.startswith(PAGES) and posixpath.basename(src_path) != "index.md"


def _text(fragment: str) -> str:
    text = html.unescape(_TAG.sub("", fragment)).replace("¶", "")
    return _SPACE.sub(" ", nfc(text)).strip()


def questions(page_html: str) -> list[tuple[str, str]]:
    """(anchor, question) of each question heading of a page's HTML, in order."""
    found = []
    for match in _H2.finditer(page_html):
        text = _text(match[2])
        if text.endswith("?"):
            found.append((match[1], text))
    return found


def share_url(page_url: str, anchor: str) -> str:
    """The address of a question's link-preview page, relative to the site root."""
    return f"{page_url}{anchor}/"


def add_buttons(content: str, page_url: str, site_url: str) -> str:
    """The page's HTML with a "Chép liên kết" button under each question."""

    def button(match: re.Match) -> str:
        # Shown from the first paint when JavaScript runs (portal-needs-js, portal.css), not
        # revealed by the script later: the answer under it does not move.
        if not _text(match[2]).endswith("?"):
            return match[0]
        url = html.escape(site_url.rstrip("/") + "/" + share_url(page_url, match[1]))
        return (
            f'{match[0]}\n<p class="{BUTTON_CLASS}"><button type="button" '
            f'class="md-button portal-copy-link portal-needs-js" data-portal-copy-link '
            f'data-url="{url}" aria-describedby="{match[1]}">Chép liên kết</button> '
            '<span class="portal-share__status" data-portal-share-status role="status">'
            "</span></p>"
        )

    return _H2.sub(button, content)


def preview_pages(page_html: str, page_url: str, site_url: str, site_name: str) -> dict[str, str]:
    """Link-preview page of each question: path under the site (…/index.html) -> HTML."""
    images = dict(_META.findall(page_html))
    base = site_url.rstrip("/") + "/"
    pages = {}
    spans = list(_H2.finditer(page_html))
    for number, match in enumerate(spans):
        question = _text(match[2])
        if not question.endswith("?"):
            continue
        end = spans[number + 1].start() if number + 1 < len(spans) else len(page_html)
        answer = _PARAGRAPH.search(page_html, match.end(), end)
        description = _shorten(_text(answer[1]) if answer else question)
        url = share_url(page_url, match[1])
        pages[f"{url}index.html"] = _page(
            question, description, base + url, f"../#{match[1]}", base + page_url, images,
            site_name,
        )  # fmt: skip
    return pages


def _shorten(text: str) -> str:
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    cut = text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


def _page(question, description, url, target, canonical, images, site_name) -> str:
    e = html.escape
    tags = [
        ("og:type", "article"),
        ("og:locale", "vi_VN"),
        ("og:site_name", site_name),
        ("og:title", question),
        ("og:description", description),
        ("og:url", url),
    ]
    tags += sorted(images.items())
    meta = "\n".join(f'<meta property="{e(k)}" content="{e(v)}">' for k, v in tags)
    card = "summary_large_image" if "og:image" in images else "summary"
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{e(question)} - {e(site_name)}</title>
<meta name="description" content="{e(description)}">
<meta name="robots" content="noindex">
<link rel="canonical" href="{e(canonical)}">
{meta}
<meta name="twitter:card" content="{card}">
<meta http-equiv="refresh" content="0; url={e(target)}">
</head>
<body>
<p><a href="{e(target)}">{e(question)}</a></p>
<p>{e(description)}</p>
</body>
</html>
"""
