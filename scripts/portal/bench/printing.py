"""Rows for `make bench`: seconds and bytes per poster, handout and deck, on the real articles."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from portal import settings
from portal.content import articles as content
from portal.content import facts
from portal.content.plan import overview_infographic
from portal.infographics.cache import Cache
from portal.infographics.library import Library
from portal.print import library as print_library
from portal.print import pdf
from portal.print.sheet import Sources, contacts, printable, site_url


def table(root: Path, scratch: Path) -> str:
    """A Markdown table measured on the project's own articles (one run; nothing asserted)."""
    today = settings.today()
    articles = [a for a in content.load(root / "docs") if a.is_published(today)]
    library = Library(root / "infographics", scratch / "images", root, overview_infographic(root))
    library.load()
    library.render()
    sources = Sources(root, articles, facts.read(root), today, site_url(root), library)
    chosen = [a for a in articles if printable(a)]
    sheets = [sources.sheet(a) for a in chosen]
    seconds, sizes = [], []
    pdf.poster(sheets[0])  # the first one loads the font files: not counted
    for sheet in sheets:
        start = time.perf_counter()
        sizes.append(len(pdf.poster(sheet).data))
        seconds.append(time.perf_counter() - start)
    rows = ["| On paper | value |", "|---|---:|"]
    rows.append(f"| Posters measured (A4, one per article) | {len(sheets)} |")
    rows.append(f"| Poster: seconds each (median / slowest) | "
                f"{statistics.median(seconds):.2f} / {max(seconds):.2f} |")  # fmt: skip
    rows.append(f"| Poster: KiB each (median / largest) | "
                f"{statistics.median(sizes) / 1024:.0f} / {max(sizes) / 1024:.0f} |")  # fmt: skip
    insurance = [s for s in sheets if s.src_path.startswith("chinh-sach/bao-hiem/")][:3]
    for name, make in (("Handout (3 articles, 2 pages)", pdf.handout),
                       ("Deck (3 articles)", pdf.deck)):  # fmt: skip
        start = time.perf_counter()
        made = make(insurance, "Bảo hiểm", contacts(root))
        took = time.perf_counter() - start
        rows.append(f"| {name}: seconds, pages, KiB | {took:.2f} s, {made.pages}, "
                    f"{len(made.data) / 1024:.0f} |")  # fmt: skip
    posters = print_library.Posters(sources, Cache(scratch / "posters"))
    start = time.perf_counter()
    cold = posters.make()
    cold_s = time.perf_counter() - start
    again = print_library.Posters(sources, Cache(scratch / "posters"))
    start = time.perf_counter()
    warm = again.make()
    warm_s = time.perf_counter() - start
    rows.append(f"| Cold cache: every poster of the site (worker processes) | {cold_s:.1f} s, "
                f"{len(cold.rendered)} posters |")  # fmt: skip
    rows.append(f"| No-change rebuild: posters made again | {len(warm.rendered)} "
                f"({len(warm.reused)} reused, {warm_s:.2f} s) |")  # fmt: skip
    return "\n".join(rows)
