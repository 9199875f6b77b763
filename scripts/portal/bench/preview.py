"""Benchmark rows for the editor's preview: time from saving an article to the fresh page.

Starts `portal serve` on 127.0.0.1, appends a unique line to one article, and polls the page
until the line appears, for the whole-site preview and for the one-article preview.

The preview rows alone, without the rest of `make bench`:

    python -m portal.bench.preview [--articles 1000] [--project DIR] [--profile DIR [--cprofile]]

generates the corpus with our configuration into DIR (or a scratch folder; an existing DIR is
reused as it is), builds it once so the image cache is warm, and prints both rows. With
`--profile DIR`, the wall and CPU seconds of each rebuild are written to DIR and their medians
printed (`PORTAL_PREVIEW_PROFILE`, see `portal.site.preview`); `--cprofile` adds the cProfile
statistics of each rebuild (`build-N.prof`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from portal.bench import corpus
from portal.content import articles as content
from portal.site import preview

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


def reload_seconds(
    project: Path, article: str, one_article: bool, profile: Path | None = None, cprofile=False
) -> tuple[float, float]:
    """(start-up seconds, median seconds from save to reloaded page) for a preview server."""
    port = _free_port()
    command = [sys.executable, "-m", "portal.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    if one_article:
        command.append(f"docs/{article}")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if profile is not None:
        folder = profile / ("article" if one_article else "site")
        folder.mkdir(parents=True, exist_ok=True)
        env[preview.PROFILE_ENV] = str(folder)
        env[preview.CPROFILE_ENV] = "1" if cprofile else "0"
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


# -- the preview rows alone ------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[3]


def make_project(project: Path, articles: int) -> None:
    """Our configuration (as `make bench` copies it) and the generated corpus, in `project`."""
    corpus.generate(project / "docs", articles)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(text + "\ndocs_dir: docs\n", encoding="utf-8")
    for folder in ("overrides", "data", "infographics"):
        shutil.copytree(ROOT / folder, project / folder)


def measured_article(docs: Path) -> str:
    """The first generated phap-luat article (the page `make bench` measures)."""
    for path in sorted((docs / "phap-luat").glob("*.md")):
        if corpus.MARKER in path.read_text(encoding="utf-8"):
            return path.relative_to(docs).as_posix()
    raise SystemExit("No generated article in phap-luat/.")


def rows(
    project: Path, article: str, profile: Path | None = None, cprofile: bool = False
) -> list[tuple[str, float, float]]:
    """(label, start-up seconds, median save → reload seconds) of both previews."""
    found = []
    for label, one_article in (
        ("portal serve ARTICLE", True),
        ("portal serve (whole site)", False),
    ):
        startup, reload = reload_seconds(project, article, one_article, profile, cprofile)
        found.append((label, startup, reload))
    return found


def build_times(folder: Path) -> str:
    """ "median wall / CPU seconds of the rebuilds" from a times.txt, or ""."""
    try:
        lines = (folder / "times.txt").read_text(encoding="utf-8").split()
    except OSError:
        return ""
    wall = statistics.median(float(x) for x in lines[1::3])
    cpu = statistics.median(float(x) for x in lines[2::3])
    return f"{wall:.2f} s / {cpu:.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m portal.bench.preview", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--articles", type=int, default=1000, help="generated articles")
    parser.add_argument("--project", metavar="DIR", help="make (or reuse) the project in DIR")
    parser.add_argument(
        "--profile", metavar="DIR", help="wall and CPU seconds of each rebuild, in DIR"
    )
    parser.add_argument(
        "--cprofile", action="store_true", help="with --profile: cProfile statistics too"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="portal-bench-preview-") as scratch:
        project = Path(args.project or scratch).resolve()
        if not (project / "mkdocs.yml").is_file():
            print(f"[bench] generating {args.articles} articles in {project}", file=sys.stderr)
            make_project(project, args.articles)
            print("[bench] building once (warm image cache)", file=sys.stderr, flush=True)
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PORTAL_POSTERS": "0"}
            command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"]
            subprocess.run(command, cwd=project, env=env, check=True)
        article = measured_article(project / "docs")
        profile = Path(args.profile).resolve() if args.profile else None
        print(f"[bench] preview of {article}", file=sys.stderr, flush=True)
        lines = [
            "| Preview | start-up | save → reloaded page (median) | rebuild wall / CPU |",
            "|---|---:|---:|---:|",
        ]
        for label, startup, reload in rows(project, article, profile, args.cprofile):
            folder = "article" if "ARTICLE" in label else "site"
            times = build_times(profile / folder) if profile else ""
            lines.append(f"| {label} | {startup:.1f} s | {reload:.2f} s | {times} |")
        print("\n".join(lines))
        print(f"\nload average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
