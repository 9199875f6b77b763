"""RSS 2.0 feed of the news section."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime
from xml.sax.saxutils import escape

from portal.content.articles import Article

# Vietnam has no daylight saving time, so a fixed offset is exact.
from portal.settings import VIETNAM


def rss(
    items: list[Article],
    site_url: str,
    feed_path: str,
    title: str,
    description: str,
    limit: int = 50,
) -> str:
    """Return the feed XML for the newest `limit` dated items, newest first."""
    base = site_url.rstrip("/") + "/"
    dated = sorted((a for a in items if a.date and not a.draft), key=lambda a: a.date, reverse=True)
    entries = []
    for article in dated[:limit]:
        link = escape(base + article.url)
        published = dt.datetime.combine(article.date, dt.time(7, 0), VIETNAM)
        entries.append(
            "    <item>\n"
            f"      <title>{escape(article.title)}</title>\n"
            f"      <link>{link}</link>\n"
            f'      <guid isPermaLink="true">{link}</guid>\n'
            f"      <pubDate>{format_datetime(published)}</pubDate>\n"
            f"      <description>{escape(article.description)}</description>\n"
            "    </item>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n'
        "  <channel>\n"
        f"    <title>{escape(title)}</title>\n"
        f"    <link>{escape(base)}</link>\n"
        f"    <description>{escape(description)}</description>\n"
        "    <language>vi</language>\n"
        f'    <atom:link href="{escape(base + feed_path)}" rel="self" '
        'type="application/rss+xml"/>\n' + "".join(entries) + "  </channel>\n</rss>\n"
    )
