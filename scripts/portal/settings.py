"""The project's folders, the Vietnam time zone and "today": one place for all of them.

Every module asks here instead of writing "docs" or calling the clock itself, so a test, a
rehearsal or the MkDocs plugin's settings change them once. PORTAL_TODAY=YYYY-MM-DD makes every
command and the build act as on that day (tests on both sides of a change in the law use it).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from portal.problems import PortalError

CONFIG = "mkdocs.yml"
DOCS = "docs"
INFOGRAPHICS = "infographics"
DATA = "data"
# The register of legal figures (data/so-lieu.yml): a change due within this many days is
# announced beside every figure it affects and on the home page ("Sắp thay đổi") ...
FACTS_ANNOUNCE_DAYS = 60
# ... and `portal check` lists the figures last checked against their source longer ago.
FACTS_RECHECK_DAYS = 90
# Vietnam keeps one offset all year (no daylight saving), so a fixed zone is exact.
VIETNAM = dt.timezone(dt.timedelta(hours=7))


def project_root(start: Path | None = None) -> Path:
    """The nearest folder, upwards from `start`, that holds mkdocs.yml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return folder
    raise PortalError(
        f"Không tìm thấy {CONFIG}. Hãy chạy lệnh trong thư mục của dự án "
        "(thư mục có tệp mkdocs.yml)."
    )


def today() -> dt.date:
    """Today's date in Vietnam; PORTAL_TODAY=YYYY-MM-DD overrides it (tests, rehearsals)."""
    override = os.environ.get("PORTAL_TODAY", "").strip()
    if override:
        try:
            return dt.date.fromisoformat(override)
        except ValueError:
            raise PortalError(
                f"PORTAL_TODAY='{override}' không phải ngày dạng YYYY-MM-DD, ví dụ 2026-07-01."
            ) from None
    return dt.datetime.now(VIETNAM).date()


def now() -> dt.datetime:
    """The current moment, in Vietnam time (release names, exports)."""
    return dt.datetime.now(VIETNAM)
