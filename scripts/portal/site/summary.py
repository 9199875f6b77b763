"""A one-sentence description of a page, for search results and link previews."""

from __future__ import annotations

import re

from portal.content.articles import split_text

_MARKUP = [
    (re.compile(r"<[^>]+>"), ""),  # inline HTML
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"[*_`]+"), ""),  # emphasis and code marks
    (re.compile(r"\s+"), " "),
]
# Lines that are not prose: headings, lists, tables, admonitions, attribute lists, HTML.
_NOT_PROSE = re.compile(r"^\s*(#|[-*+] |\d+\. |\||!!!|\?\?\?|:::|<|\{|>)")


def describe(markdown: str, limit: int = 160) -> str:
    """First paragraph of prose, cut at a word boundary to at most `limit` characters."""
    _, body, _ = split_text(markdown, "")
    paragraph: list[str] = []
    for line in body.splitlines():
        if not line.strip():
            if paragraph:
                break
            continue
        if _NOT_PROSE.match(line):
            if paragraph:
                break
            continue
        paragraph.append(line.strip())
    text = " ".join(paragraph)
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
