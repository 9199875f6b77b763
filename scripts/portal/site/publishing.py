"""What the preview says of an article readers cannot see yet (a draft, or scheduled).

Drafts are never published and scheduled articles appear from their date on, "today" being
the date in Vietnam (`settings.today`), whatever the server's clock zone.
"""

from __future__ import annotations

from portal import dates
from portal.content.articles import Article


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
