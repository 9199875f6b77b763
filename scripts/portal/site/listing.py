"""The list of articles shown on a section's introduction page."""

from __future__ import annotations

import html
import posixpath

from portal import dates
from portal.content.articles import Article
from portal.text import sort_key


def children(articles: list[Article], folder: str) -> list[Article]:
    """Articles directly in a folder, plus the introduction pages of its sub-folders.

    Newest first; undated pages (reference articles) follow in Vietnamese alphabetical order.
    """
    found = [
        a
        for a in articles
        if not a.draft
        and (
            (a.folder == folder and not a.is_index)
            or (a.is_index and posixpath.dirname(a.folder) == folder and a.folder != folder)
        )
    ]
    dated = sorted((a for a in found if a.date), key=lambda a: a.date, reverse=True)
    undated = sorted((a for a in found if not a.date), key=lambda a: sort_key(a.title))
    return dated + undated


def _href(target_url: str, from_url: str) -> str:
    rel = posixpath.relpath(target_url or ".", from_url or ".")
    return "./" if rel == "." else rel.rstrip("/") + "/"


def render(items: list[Article], from_url: str) -> str:
    """HTML list of articles, with links relative to the page at `from_url`."""
    if not items:
        return ""
    rows = []
    for article in items:
        parts = [
            f'<a class="portal-list__title" href="{_href(article.url, from_url)}">'
            f"{html.escape(article.title)}</a>"
        ]
        if article.date:
            parts.append(
                f'<time class="portal-list__date" datetime="{article.date.isoformat()}">'
                f"{dates.short(article.date)}</time>"
            )
        if article.description:
            parts.append(
                f'<span class="portal-list__description">{html.escape(article.description)}</span>'
            )
        rows.append('<li class="portal-list__item">' + "".join(parts) + "</li>")
    return '<ul class="portal-list">\n' + "\n".join(rows) + "\n</ul>"
