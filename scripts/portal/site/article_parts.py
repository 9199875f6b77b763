"""The parts of an article page generated from its front matter: summary, legal basis, dates.

They are Markdown, added to the article's own text before MkDocs renders it, so they look like
the rest of the page, print with it and are found by search.
"""

from __future__ import annotations

import datetime as dt

from portal import dates
from portal.content import facts


def after_title(markdown: str, block: str) -> str:
    """Markdown with `block` inserted under the first "# " heading (or on top without one)."""
    lines = markdown.split("\n")
    at = next((i + 1 for i, text in enumerate(lines) if text.startswith("# ")), 0)
    return "\n".join([*lines[:at], "", block, "", *lines[at:]])


def date_line(day: dt.date) -> str:
    """ "Đăng ngày Thứ Năm, 1 tháng 1, 2026" for news, with a machine-readable date."""
    return (
        f'<p class="portal-date">Đăng ngày <time datetime="{day.isoformat()}">'
        f"{dates.long(day)}</time></p>"
    )


def summary_box(points: list[str]) -> str:
    """The "Tóm tắt" box: the article's answer in 2–4 points, before any detail."""
    body = "\n".join(f"    - {point}" for point in points)
    return f'!!! abstract "Tóm tắt"\n\n{body}\n'


def legal_basis(sources: list[dict]) -> str:
    """The "Căn cứ pháp lý" section: each document with its number, name, article and date.

    A document named twice (in `sources` and as the basis of a figure the article shows) is
    listed once.
    """
    rows, seen = [], set()
    for source in sources:
        number = str(source["number"])
        if facts.document_key(number) in seen:
            continue
        seen.add(facts.document_key(number))
        label = f"[{number}]({source['url']})" if source.get("url") else number
        parts = [f"- {label}: {source['name']}"]
        if source.get("article"):
            parts.append(str(source["article"]))
        if source.get("date"):
            parts.append(f"ngày {dates.short(source['date'])}")
        rows.append(", ".join(parts))
    return "## Căn cứ pháp lý\n\n" + "\n".join(rows)


def update_line(updated: dt.date | None, checked: dt.date | None) -> str:
    """The "Cập nhật" line: when the article changed and when its figures were last checked."""
    parts = []
    if updated:
        parts.append(f"Cập nhật ngày {dates.short(updated)}.")
    if checked:
        parts.append(f"Số liệu được kiểm tra lần cuối ngày {dates.short(checked)}.")
    if not parts:
        return ""
    return f'<p class="portal-updated">{" ".join(parts)}</p>\n'


def decorate(
    markdown: str, meta: dict, is_news: bool, fact_sources: list[dict] | None = None
) -> str:
    """The article's Markdown with every generated part in its place.

    `fact_sources` are the bases of the register's figures the article shows
    (`facts_page.fact_sources`); they join its "Căn cứ pháp lý".
    """
    top = []
    if is_news and isinstance(meta.get("date"), dt.date):
        top.append(date_line(meta["date"]))
    if meta.get("summary"):
        top.append(summary_box(meta["summary"]))
    if top:
        markdown = after_title(markdown, "\n\n".join(top))
    bottom = []
    sources = [*(meta.get("sources") or []), *(fact_sources or [])]
    if sources:
        bottom.append(legal_basis(sources))
    line = update_line(meta.get("updated"), meta.get("checked"))
    if line:
        bottom.append(line)
    if bottom:
        markdown = markdown.rstrip() + "\n\n" + "\n\n".join(bottom)
    return markdown
