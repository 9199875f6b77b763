"""Rows for `make bench`: seconds per read-out script, per audio minute and per clip."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from portal.broadcast import audio, media


def table(root: Path, scratch: Path) -> str:
    """A Markdown table measured on the project's own articles (one run; nothing asserted)."""
    start = time.perf_counter()
    broadcast = media.from_project(root, scratch)
    setup = time.perf_counter() - start
    start = time.perf_counter()
    scripts = broadcast.scripts()
    per_script = (time.perf_counter() - start) / max(1, len(scripts))
    rows = ["| Phát thanh và video | value |", "|---|---:|"]
    rows.append(f"| Scripts made | {len(scripts)} (reading the project: {setup:.1f} s) |")
    rows.append(f"| Seconds per script | {per_script:.3f} |")
    shortest = sorted(scripts, key=lambda s: s.words)[:3]
    per_minute = []
    for item in shortest:
        start = time.perf_counter()
        data = audio.mp3(broadcast.voice, item.speech())
        seconds = time.perf_counter() - start
        with tempfile.NamedTemporaryFile(suffix=".mp3") as out:
            Path(out.name).write_bytes(data)
            minutes = audio.duration(Path(out.name)) / 60
        per_minute.append(seconds / minutes)
    rows.append(
        f"| Audio draft: seconds per audio minute (median of {len(per_minute)}) | "
        f"{statistics.median(per_minute):.1f} |"
    )
    for with_voice in (False, True):
        jobs = broadcast.clip_jobs(with_voice=with_voice)[:1]
        if not jobs:
            rows.append("| Clip | no article with an infographic |")
            break
        start = time.perf_counter()
        data = jobs[0].render()
        seconds = time.perf_counter() - start
        with tempfile.NamedTemporaryFile(suffix=".mp4") as out:
            Path(out.name).write_bytes(next(iter(data.values())))
            length = audio.duration(Path(out.name))
        label = "with the voice" if with_voice else "silent"
        rows.append(f"| Clip ({length:.0f} s, {label}): seconds to make | {seconds:.1f} |")
    return "\n".join(rows)
