"""Benchmark rows for the editor's preview: time from saving an article to the fresh page.

Starts `portal serve` on 127.0.0.1, appends a unique line to one article, and polls the page
until the line appears, for the whole-site preview and for the one-article preview.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from portal.content import articles as content

SAVES = 5
TIMEOUT = 300.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def _wait_for(url: str, text: str | None, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            page = _fetch(url)  # fetched first: the server must answer even when no text is awaited
            if text is None or text in page:
                return
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(url)


def reload_seconds(project: Path, article: str, one_article: bool) -> tuple[float, float]:
    """(start-up seconds, median seconds from save to reloaded page) for a preview server."""
    port = _free_port()
    command = [sys.executable, "-m", "portal.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    if one_article:
        command.append(f"docs/{article}")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    path = project / "docs" / article
    original = path.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/{content.url_for(article)}"
    try:
        started = time.monotonic()
        _wait_for(url, None, started + TIMEOUT)
        startup = time.monotonic() - started
        times = []
        for save in range(SAVES):
            marker = f"BENCH-SAVE-{save}-{time.time_ns()}"
            path.write_text(f"{original}\n\n{marker}\n", encoding="utf-8")
            saved = time.monotonic()
            _wait_for(url, marker, saved + TIMEOUT)
            times.append(time.monotonic() - saved)
            time.sleep(0.5)  # let the server settle, as an editor reading the page would
        return startup, statistics.median(times)
    finally:
        path.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
