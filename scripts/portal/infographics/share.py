"""Link previews: the Open Graph tags of each page and the 1200×630 card they point to."""

from __future__ import annotations

import datetime as dt
import posixpath
import shutil
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from portal.content import sections
from portal.infographics import cards, fonts
from portal.infographics.cache import Background, Cache, Job, Report
from portal.infographics.library import Library
from portal.text import slugify

CARD_FOLDER = "anh-chia-se"  # where the cards go in the built site
LOCALE = "vi_VN"


@dataclass(frozen=True)
class PageInfo:
    """What a page's preview needs, read from the page by the MkDocs adapter."""

    url: str  # MkDocs page URL, e.g. "chinh-sach/tien-luong/"
    title: str
    description: str
    section: str
    article: bool  # an article (og:type article) rather than a home or list page
    published: dt.date | None = None  # news posts
    infographic: str | None = None  # the first infographic the page embeds
    source: str = ""  # the page's file, for messages


def section_of(src_path: str) -> str:
    """Title of the nearest section above a docs file ("" outside every section)."""
    folder = posixpath.dirname(src_path)
    if posixpath.basename(src_path) == "index.md":
        # A section's own page gets the section above it: the card of "Tiền lương" reads
        # "Chính sách" over the title rather than the same name twice.
        folder = posixpath.dirname(folder)
    while folder:
        found = sections.find(folder)
        if found:
            return found.title
        folder = posixpath.dirname(folder)
    return ""


class Previews:
    """Collects one card per page while pages render, then draws and publishes them."""

    def __init__(
        self,
        cache: Cache,
        site_url: str,
        site_name: str,
        library: Library | None,
        *,
        background: bool = True,
    ):
        self.cache = cache
        # Each card is started as its page registers it, in a child process on the second
        # core, while this one renders the next pages: at the end little is left to wait for.
        self.background = Background(cache) if background else None
        self.site_url = site_url.rstrip("/") + "/"
        self.site_name = site_name
        self.library = library
        self.jobs: dict[str, Job] = {}
        self.paths: dict[str, str] = {}
        self.problems: list[str] = []

    def tags(self, info: PageInfo) -> list[tuple[str, str, str]]:
        """(attribute, name, content) of each meta tag; registers the page's card."""
        picture = picture_key = None
        if info.infographic and self.library and info.infographic in self.library.specs:
            # The infographic the article embeds is what a reader will recognise on Zalo.
            picture = str(self.library.picture(info.infographic))
            picture_key = self.library.key(info.infographic)
        card = cards.Card(info.title, info.section, picture, picture_key or "")
        for ch in fonts.missing(info.title + info.section):
            self.problems.append(
                f"{info.source or info.url}: tiêu đề có ký tự '{ch}' (U+{ord(ch):04X}) mà phông "
                f"{fonts.FAMILY} không có, nên ảnh xem trước khi chia sẻ sẽ thiếu chữ này."
            )
        slug = slugify(info.url) or "trang-chu"
        key = card.key()
        job_id = f"card/{slug}"
        # The key in the file name: Zalo and Facebook keep a preview per image address.
        self.paths[job_id] = f"{CARD_FOLDER}/{slug}-{key[:10]}.png"
        self.jobs[job_id] = Job(job_id, key, partial(cards.render, card))
        if self.background:
            self.background.submit(self.jobs[job_id])
        url = self.site_url + info.url
        tags = [
            ("property", "og:type", "article" if info.article else "website"),
            ("property", "og:site_name", self.site_name),
            ("property", "og:title", info.title),
            ("property", "og:description", info.description),
            ("property", "og:url", url),
            ("property", "og:locale", LOCALE),
            ("property", "og:image", self.site_url + self.paths[job_id]),
            ("property", "og:image:type", "image/png"),
            ("property", "og:image:width", str(cards.WIDTH)),
            ("property", "og:image:height", str(cards.HEIGHT)),
            ("property", "og:image:alt", f"{info.section or self.site_name}: {info.title}"),
        ]
        if info.published:
            tags.append(("property", "article:published_time", info.published.isoformat()))
        tags.append(("name", "twitter:card", "summary_large_image"))
        return tags

    def publish(self, site_dir: Path) -> Report:
        """Draw the cards that are missing or stale, then copy every card into the site."""
        jobs = list(self.jobs.values())
        report = self.cache.ensure(jobs, processes=True, started=self.background)
        for job_id, target in self.paths.items():
            files = self.cache.files(job_id)
            if job_id in report.failed or "card.png" not in files:
                continue
            destination = Path(site_dir, target)
            if destination.is_file():
                continue  # the key is in the name: a preview's next build has it already
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(files["card.png"], destination)
        return report
