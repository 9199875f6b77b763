"""When an article reaches readers: drafts never, scheduled articles from their date on.

"Today" is the date in Vietnam, whatever the server's clock zone, so an article dated
01/01/2026 appears in the first build made on 1 January in Vietnam.
"""

from __future__ import annotations

import datetime as dt
import os

from . import dates
from .content import Article
from .feed import VIETNAM


def today() -> dt.date:
    """Today's date in Vietnam; PORTAL_TODAY=YYYY-MM-DD overrides it (tests, rehearsals)."""
    override = os.environ.get("PORTAL_TODAY")
    if override:
        return dt.date.fromisoformat(override)
    return dt.datetime.now(VIETNAM).date()


def banner(article: Article) -> str:
    """The preview banner saying why readers cannot see this article yet."""
    if article.draft:
        text = "BẢN NHÁP – bài này chỉ hiện khi xem trước, chưa được xuất bản."
    else:
        text = (
            f"LÊN LỊCH – bài sẽ được xuất bản từ ngày {dates.short(article.date)}, "
            "trong lần dựng trang đầu tiên từ ngày đó."
        )
    return f'<p class="portal-draft" role="status">{text}</p>'
