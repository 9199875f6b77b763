"""The home page's parts filled from the site itself: the latest news, a strip of infographics
and "Cần giúp?" with the commune's contacts.

docs/index.md holds a marker line where each goes (the editor decides the order):

    <!-- portal:tin-moi -->          the newest news posts
    <!-- portal:infographic-moi -->  a strip of infographics, linking to the gallery
    <!-- portal:can-giup -->         whom to call, from data/dia-phuong.yml

The page stays as light as an article: a few list items and links, no images.
"""

from __future__ import annotations

import html
import re

from portal.content import local_facts, markers
from portal.content.articles import Article
from portal.infographics.embed import GALLERY, relative
from portal.site import listing

MARKERS = markers.HOME
NEWS_MARKER, INFOGRAPHICS_MARKER, HELP_MARKER = MARKERS
NEWS_COUNT = 3
INFOGRAPHIC_COUNT = 4
PENDING = "chờ xác nhận"


def latest_news(articles: list[Article], page_url: str, count: int = NEWS_COUNT) -> str:
    """The `count` newest published news posts as the site's article list (HTML)."""
    news = sorted(
        (a for a in articles if a.is_news and a.date),
        key=lambda a: (a.date, a.title),
        reverse=True,
    )
    return listing.render(news[:count], page_url)


def infographic_strip(library, page_url: str, count: int = INFOGRAPHIC_COUNT) -> str:
    """Cards for the first infographics of the gallery (topic and title), each linking to it
    there. Text only: the images themselves would make the home page three times as heavy
    as an article (Lighthouse loads lazy images near the screen too)."""
    items = []
    for name in sorted(library.specs)[:count]:
        spec = library.specs[name]
        href = relative(f"{GALLERY}/", page_url) + f"#{name}"
        topic = f'<span class="portal-strip__topic">{html.escape(spec.topic)}</span>'
        items.append(
            f'<li><a class="portal-strip__item" href="{href}">{topic if spec.topic else ""}'
            f'<span class="portal-strip__title">{html.escape(spec.title)}</span></a></li>'
        )
    if not items:
        return ""
    gallery = relative(f"{GALLERY}/", page_url)
    return (
        '<ul class="portal-strip">\n' + "\n".join(items) + "\n</ul>\n\n"
        f'<p><a href="{gallery}">Xem tất cả infographic và tải về</a></p>'
    )


def help_box(facts: local_facts.Facts) -> str:
    """Each unit with its phone number, or "chờ xác nhận" while the commune has not given it."""
    rows = []
    for unit in facts.units:
        if unit.phone:
            digits = re.sub(r"[ .]", "", unit.phone)
            phone = f'<a href="tel:{digits}">{html.escape(unit.phone)}</a>'
        else:
            phone = f"<em>{PENDING}</em>"
        rows.append(f"<li>{html.escape(unit.name)}: {phone}</li>")
    return '<ul class="portal-help">\n' + "\n".join(rows) + "\n</ul>"


def fill(markdown: str, *, articles, library, root, page_url: str) -> str:
    """The home page's Markdown with its marker lines replaced."""
    if NEWS_MARKER in markdown:
        markdown = markdown.replace(NEWS_MARKER, latest_news(articles, page_url))
    if INFOGRAPHICS_MARKER in markdown:
        markdown = markdown.replace(INFOGRAPHICS_MARKER, infographic_strip(library, page_url))
    if HELP_MARKER in markdown:
        markdown = markdown.replace(HELP_MARKER, help_box(local_facts.read(root)))
    return markdown
