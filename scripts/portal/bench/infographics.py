"""Rows for `make bench`: drawing and encoding times, file sizes, and a no-change rebuild."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from portal.infographics import cards, render
from portal.infographics.layout import SIZES
from portal.infographics.library import Library
from portal.infographics.spec import load_all


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def table(folder: Path, scratch: Path, site: Path | None = None) -> str:
    """A Markdown table measured on the project's infographics (one run; nothing asserted)."""
    specs, _problems = load_all(folder)
    if not specs:
        return f"No infographic in {folder}: nothing measured."
    rows = ["| Infographics | value |", "|---|---:|"]
    rows.append(f"| Data files measured | {len(specs)} |")
    for size in SIZES:
        draw_ms: list[float] = []
        encode: dict[str, list[tuple[float, int]]] = {}
        for spec in specs:
            start = time.perf_counter()
            image = render.draw(spec, size)
            draw_ms.append(_ms(start))
            for fmt in render.FORMATS[size.key]:
                start = time.perf_counter()
                data = render.encode(image, fmt, size.dpi)
                encode.setdefault(fmt, []).append((_ms(start), len(data)))
        label = f"{size.width}×{size.height}"
        rows.append(f"| {label}: draw, ms per image (median) | {statistics.median(draw_ms):.0f} |")
        for fmt, results in encode.items():
            ms = statistics.median(r[0] for r in results)
            kib = statistics.mean(r[1] for r in results) / 1024
            rows.append(f"| {label}: encode {fmt.upper()}, ms per image (median) | {ms:.0f} |")
            rows.append(f"| {label}: {fmt.upper()} KiB per image (mean) | {kib:.0f} |")
    card_ms, card_bytes = [], []
    for spec in specs:
        start = time.perf_counter()
        card_bytes.append(len(cards.render(cards.Card(spec.title, spec.topic))["card.png"]))
        card_ms.append(_ms(start))
    median = statistics.median(card_ms)
    rows.append(f"| 1200×630 link card: draw + PNG, ms (median) | {median:.0f} |")
    rows.append(f"| 1200×630 link card: KiB (mean) | {statistics.mean(card_bytes) / 1024:.0f} |")

    library = Library(folder, scratch)
    library.load()
    start = time.perf_counter()
    cold = library.render()
    cold_s = time.perf_counter() - start
    again = Library(folder, scratch)
    again.load()
    start = time.perf_counter()
    warm = again.render()
    warm_ms = _ms(start)
    files = sum(len(library.cache.files(job)) for job in cold.rendered)
    rows.append(
        f"| Cold cache: all infographics, every size (threads) | {cold_s:.1f} s, {files} files |"
    )
    rows.append(
        f"| No-change rebuild: infographics redrawn | {len(warm.rendered)} "
        f"({len(warm.reused)} reused, {warm_ms:.0f} ms) |"
    )
    if site and (site / "anh-chia-se").is_dir():
        count = sum(1 for _ in (site / "anh-chia-se").glob("*.png"))
        rows.append(f"| Link cards drawn in the 'our config' build (cold cache) | {count} |")
    return "\n".join(rows)
