"""Benchmark: our MkDocs config against plain Material on a corpus of generated articles.

    python -m portal.bench [--articles N] [--no-lighthouse] [--keep DIR]
    python -m portal.bench --scale [N]      # our config alone at 10,000 (or N) articles

Builds the same corpus twice (our mkdocs.yml and overrides; a plain Material config), then
measures build time (cold, with the share of each phase, and warm), page weight and
Lighthouse scores for one article page. Prints one
Markdown table on stdout; progress goes to stderr. Numbers are from this one run: timings vary
between runs and machines, so nothing here asserts on them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from portal.bench import broadcast as broadcast_bench
from portal.bench import corpus, profile
from portal.bench import infographics as infographics_bench
from portal.bench import preview as bench_preview
from portal.bench import printing as printing_bench
from portal.bench import search as bench_search
from portal.bench.browser import CHROMIUM
from portal.content.articles import url_for

ROOT = Path(__file__).resolve().parents[3]
LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
CHROME = CHROMIUM
# Lighthouse takes the same flags as one string, with Chromium's newer headless mode.
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run --disable-sync"
)
LIGHTHOUSE_CATEGORIES = {
    "performance": "Lighthouse performance",
    "accessibility": "Lighthouse accessibility",
    "best-practices": "Lighthouse best practices",
    "seo": "Lighthouse SEO",
}
# What a site gets from Material with no tuning; tags and blog without categories_allowed so the
# generated front matter (categories, tags) builds without errors here too.
PLAIN_CONFIG = """\
site_name: Cổng thông tin pháp luật lao động xã Trần Phú
site_url: {site_url}
docs_dir: docs
theme:
  name: material
  language: vi
plugins:
  - search
  - blog:
      blog_dir: tin-tuc
      post_dir: "{{blog}}/bai-viet"
  - tags
"""
GZIP_TYPES = ("text/", "application/javascript", "application/json", "application/xml",
              "application/rss+xml", "image/svg+xml")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m portal.bench`."""
    args = _parser().parse_args(argv)
    if args.keep:
        work = Path(args.keep).resolve()
        if work.exists() and any(work.iterdir()):
            raise SystemExit(f"--keep {work}: the folder must be new or empty.")
        work.mkdir(parents=True, exist_ok=True)
        return _run(work, args)
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as scratch:
        return _run(Path(scratch), args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m portal.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--articles", type=int, default=1000, help="generated articles (default 1000)"
    )
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the Lighthouse runs")
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep the projects there")
    parser.add_argument(
        "--scale",
        type=int,
        nargs="?",
        const=SCALE_ARTICLES,
        metavar="N",
        help=f"only the scale run: our config at N articles (default {SCALE_ARTICLES}): build "
        "time, peak memory, site/ size and files, search budgets; takes minutes",
    )
    return parser


def _run(work: Path, args: argparse.Namespace) -> int:
    if args.scale:
        return _scale(work, args.scale)
    if args.articles < 2:
        raise SystemExit("--articles must be at least 2 (article 1 is the measured page).")
    results: dict[str, dict] = {}
    notes: list[str] = []
    setups = (("our config", "ours", _our_config), ("plain Material", "plain", _plain_config))
    for name, folder, write_config in setups:
        project = work / folder
        _log(f"{name}: generating {args.articles} articles in {project}/docs")
        corpus.generate(project / "docs", args.articles)
        write_config(project)
        _log(f"{name}: building (cold cache)")
        profiled = folder == "ours"
        metrics, error = _build(project, profiled=profiled)
        article = _measured_article(project / "docs")
        if profiled and not error:
            _log(f"{name}: building again, nothing changed (warm cache)")
            again, _ = _build(project)
            metrics["warm"] = again["build"]
        if error:
            notes.append(f"{name}: build failed:\n```\n{error}\n```")
        else:
            metrics |= _site_totals(project / "site")
            metrics |= _first_visit(project / "site", url_for(article))
            home = _first_visit(project / "site", "")
            metrics |= {"home_html": home["html"], "home_first_gzip": home["first_gzip"]}
            _log(f"{name}: search in headless Chromium")
            found = bench_search.measure(project / "site", url_for(article), folder, _serve)
            if isinstance(found, str):
                notes.append(f"{name}: search {found}")
            else:
                metrics |= found
            if not args.no_lighthouse:
                _log(f"{name}: Lighthouse on /{url_for(article)}")
                outcome = _lighthouse(project / "site", url_for(article), project / "lh.json")
                if isinstance(outcome, str):
                    notes.append(f"{name}: Lighthouse {outcome}")
                else:
                    metrics |= outcome
                _log(f"{name}: Lighthouse on the home page")
                outcome = _lighthouse(project / "site", "", project / "lh-home.json")
                if isinstance(outcome, str):
                    notes.append(f"{name}: Lighthouse (home page) {outcome}")
                else:
                    metrics |= {f"home_{key}": value for key, value in outcome.items()}

        results[name] = metrics
    notes.insert(0, f"Measured page: /{url_for(article)} ({args.articles} generated articles).")
    if args.no_lighthouse:
        notes.append("Lighthouse skipped (--no-lighthouse).")
    elif any("lh_bytes" in metrics for metrics in results.values()):
        # Seen in its network-requests audit: the worker counts as ~200 B of headers only.
        notes.append("Lighthouse bytes leave out the body of Material's search worker script.")
    print(_table(results["our config"], results["plain Material"]))
    print("\n" + _profile_table(results["our config"], results["plain Material"]))
    print("\n" + "\n".join(f"- {note}" for note in notes))
    _log("infographics: drawing each data file at each size, then a cold and a no-change run")
    cache = work / "infographics-cache"
    print("\n" + infographics_bench.table(ROOT / "infographics", cache, work / "ours" / "site"))
    _log("on paper: posters, a handout and a deck from the project's articles")
    print("\n" + printing_bench.table(ROOT, work / "print-cache"))
    _log("broadcast: read-out scripts, audio drafts and clips of the project's articles")
    print("\n" + broadcast_bench.table(ROOT, work / "broadcast-cache"))
    _log("preview: from saving an article to the reloaded page, one article and whole site")
    print("\n" + _preview_table(work / "ours", article))
    return 1 if any("build failed" in note for note in notes) else 0


def _preview_table(project: Path, article: str) -> str:
    """Rows for `portal serve`: start-up and save-to-reload time (median of several saves)."""
    rows = [
        "| Preview (our config) | start-up | save → reloaded page (median) |",
        "|---|---:|---:|",
    ]
    for label, one_article in (
        ("portal serve ARTICLE", True),
        ("portal serve (whole site)", False),
    ):
        startup, reload = bench_preview.reload_seconds(project, article, one_article)
        rows.append(f"| {label} | {startup:.1f} s | {reload:.2f} s |")
    return "\n".join(rows)


def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _our_config(project: Path) -> None:
    # Text copy, not a YAML round trip: mkdocs.yml holds !!python/name tags. A repeated key
    # takes the last value in PyYAML, so the appended docs_dir wins over any earlier one.
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(text + "\ndocs_dir: docs\n", encoding="utf-8")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "data", project / "data")
    # The articles embed infographics; the build draws them (cold cache, like a fresh clone).
    shutil.copytree(ROOT / "infographics", project / "infographics")


def _plain_config(project: Path) -> None:
    ours = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    found = re.search(r"^site_url:\s*(\S+)", ours, re.MULTILINE)
    site_url = found.group(1) if found else "https://example.invalid/"
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG.format(site_url=site_url), encoding="utf-8")


def _build(project: Path, *, profiled: bool = False) -> tuple[dict, str]:
    """Build the project from a cold cache; return its metrics and the error text (or "").

    Metrics: wall-clock seconds, CPU seconds of the build and the processes it started
    (the machine is shared: CPU time moves less than wall time when others are busy), the
    peak memory of its largest process, warnings; with `profiled`, seconds per phase
    (`portal.bench.profile`, the same MkDocs command with a timer around each phase).
    """
    # Posters are measured apart (bench/printing.py, on the real articles): at 1000 generated
    # articles a cold build would spend minutes on them and hide the rest of the table.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PORTAL_POSTERS": "0"}
    env["PORTAL_CACHE_DIR"] = str(project / ".cache" / "portal")  # cold the first time
    phases = project / "phases.json"
    if profiled:
        command = [sys.executable, "-m", "portal.bench.profile", str(phases)]
    else:
        command = [sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d", "site"]
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().splitlines()
    metrics = {
        "build": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "memory": usage.ru_maxrss * 1024,  # KiB on Linux
        "warnings": sum(1 for line in output if line.startswith("WARNING")),
    }
    if profiled and phases.is_file():
        found = json.loads(phases.read_text(encoding="utf-8"))
        metrics |= {f"phase:{name}": value for name, value in found.items() if name != "total"}
    error = "\n".join(output[-25:]) if process.returncode else ""
    return metrics, error


def _measured_article(docs: Path) -> str:
    """The first generated phap-luat article: same file in both projects (same seed)."""
    for path in sorted((docs / "phap-luat").glob("*.md")):
        if corpus.MARKER in path.read_text(encoding="utf-8"):
            return path.relative_to(docs).as_posix()
    raise SystemExit("No generated article in phap-luat/.")


def _site_totals(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    return {"site_bytes": sum(p.stat().st_size for p in files), "site_files": len(files)}


def _local(site: Path, url: str) -> Path:
    """The file under site/ that serves an absolute URL's path."""
    return site / unquote(urlsplit(url).path).lstrip("/")


class _References(HTMLParser):
    """Stylesheets, scripts and Material's JSON config (#__config) of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.config_text = ""
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.urls.append(attributes.get("href") or "")
        elif tag == "script":
            if attributes.get("src"):
                self.urls.append(attributes["src"])
            self._in_config = attributes.get("id") == "__config"

    def handle_data(self, data):
        if self._in_config:
            self.config_text += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_config = False


def _first_visit(site: Path, url_path: str) -> dict:
    """Bytes a first visit to the page downloads: HTML, CSS, JS and Material's search files."""
    page = site / url_path / "index.html"
    html = page.read_bytes()
    refs = _References()
    refs.feed(html.decode("utf-8"))
    base = f"http://site/{url_path}"
    files: list[Path] = [page]
    external = 0
    for href in filter(None, refs.urls):
        url = urlsplit(urljoin(base, href))
        if url.netloc != "site":
            external += 1  # e.g. Google Fonts: not on our server, cannot be measured offline
            continue
        files.append(_local(site, url.geturl()))
    config = json.loads(refs.config_text) if refs.config_text.strip() else {}
    search_index = 0
    # Material's bundle fetches its index only where its search plugin wrote one.
    if config.get("search") and (site / "search" / "search_index.json").is_file():
        search = _search_files(site, urljoin(base, config["search"]), urljoin(base, config["base"]))
        files += search
        search_index = search[-1].stat().st_size
    raw = gz = 0
    for path in files:
        data = path.read_bytes()
        raw += len(data)
        gz += len(gzip.compress(data, compresslevel=6, mtime=0))
    return {
        "html": len(html),
        "first_raw": raw,
        "first_gzip": gz,
        "search_index": search_index,
        "external": external,
    }


def _search_files(site: Path, worker_url: str, base_url: str) -> list[Path]:
    """Material's search worker, its lunr language scripts, and the index (last in the list).

    Material's bundle starts the worker and fetches the index on every page load; the worker
    then imports lunr's scripts for the index's languages (ja/th extras not handled here).
    """
    worker = _local(site, worker_url)
    index = _local(site, base_url.rstrip("/") + "/search/search_index.json")
    lunr = worker.parent.parent / "lunr" / "min"
    langs = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
    scripts = [lunr / f"lunr.{lang}.min.js" for lang in langs if lang != "en"]
    if len(langs) > 1:
        scripts.append(lunr / "lunr.multi.min.js")
    if scripts:
        scripts.insert(0, lunr / "lunr.stemmer.support.min.js")
    return [worker, *scripts, index]


class _GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for text types when the client asks, like a real host."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and accepts and kind.startswith(GZIP_TYPES)):
            return super().do_GET()  # redirects, 404s and binary files as http.server does
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, format, *args):
        pass  # one line per request would bury the progress messages


@contextmanager
def _serve(site: Path) -> Iterator[int]:
    # Port 0: the OS picks a free port, so parallel runs never collide.
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_GzipHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def _lighthouse(site: Path, url_path: str, report: Path) -> dict | str:
    """Scores and bytes from Lighthouse's default (mobile) run, or "n/a: <reason>"."""
    if not LIGHTHOUSE.exists():
        return f"n/a: {LIGHTHOUSE.relative_to(ROOT)} missing (run: npm ci --prefix bench)"
    if not Path(CHROME).exists():
        return f"n/a: no Chrome at {CHROME} (set CHROME_PATH)"
    with _serve(site) as port:
        command = [
            str(LIGHTHOUSE),
            f"http://127.0.0.1:{port}/{url_path}",
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={CHROME_FLAGS}",
        ]
        try:
            process = subprocess.run(
                command,
                env={**os.environ, "CHROME_PATH": CHROME},
                capture_output=True,
                text=True,
                timeout=600,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"n/a: {error}"
    if process.returncode or not report.exists():
        last = (process.stderr.strip().splitlines() or ["no output"])[-1]
        return f"n/a: lighthouse exited with {process.returncode}: {last}"
    data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        return f"n/a: {data['runtimeError'].get('message')}"
    scores = {key: data["categories"][key]["score"] for key in LIGHTHOUSE_CATEGORIES}
    metrics = {key: None if score is None else score * 100 for key, score in scores.items()}
    metrics["lh_bytes"] = data["audits"]["total-byte-weight"]["numericValue"]
    return metrics


def _size(value: float) -> str:
    for unit, factor in (("MB", 1e6), ("KB", 1e3)):
        if value >= factor:
            return f"{value / factor:.1f} {unit}"
    return f"{value:.0f} B"


ROWS = (
    ("build", "Build time (wall clock)", lambda v: f"{v:.1f} s"),
    ("cpu", "Build CPU time, all its processes", lambda v: f"{v:.1f} s"),
    ("warm", "Build time, warm cache, nothing changed", lambda v: f"{v:.1f} s"),
    ("memory", "Build peak memory (largest process)", _size),
    ("warnings", "Build warnings", str),
    ("html", "Article page HTML", _size),
    ("first_raw", "First visit, raw (HTML + CSS + JS + search)", _size),
    ("first_gzip", "First visit, gzip -6", _size),
    ("search_index", "Search index (part of first visit), raw", _size),
    ("external", "External CSS/JS not counted (e.g. Google Fonts)", str),
    ("site_bytes", "site/ total size", _size),
    ("site_files", "site/ files", lambda v: f"{v:,}"),
    *((key, label, lambda v: f"{v:.0f}") for key, label in LIGHTHOUSE_CATEGORIES.items()),
    ("lh_bytes", "Lighthouse total bytes transferred", _size),
    ("home_html", "Home page HTML", _size),
    ("home_first_gzip", "Home page first visit, gzip -6", _size),
    *(
        (f"home_{key}", f"{label} (home page)", lambda v: f"{v:.0f}")
        for key, label in LIGHTHOUSE_CATEGORIES.items()
    ),
    ("home_lh_bytes", "Lighthouse total bytes transferred (home page)", _size),
    *bench_search.ROWS,
)


def _table(ours: dict, plain: dict) -> str:
    """Markdown table: one row per metric, ratio = our config / plain Material."""
    lines = ["| Metric | our config | plain Material | ratio |", "|---|---:|---:|---:|"]
    for key, label, show in ROWS:
        a, b = ours.get(key), plain.get(key)
        numbers = isinstance(a, int | float) and isinstance(b, int | float)
        ratio = f"{a / b:.2f}×" if numbers and b else "–"
        cells = [show(v) if v is not None else "n/a" for v in (a, b)]
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {ratio} |")
    return "\n".join(lines)


def _profile_table(ours: dict, plain: dict) -> str:
    """Where our cold build's time goes, phase by phase, against plain Material's whole build."""
    lines = [
        "| Profile of our cold build | seconds | share | ratio to plain Material's build |",
        "|---|---:|---:|---:|",
    ]
    total = ours.get("build") or 0
    whole = plain.get("build") or 0
    for name in (*profile.NAMES, "other (MkDocs, plugins)"):
        value = ours.get(f"phase:{name}")
        if value is None:
            lines.append(f"| {name} | n/a | | |")
            continue
        share = f"{value / total:.0%}" if total else "–"
        ratio = f"{value / whole:.2f}×" if whole else "–"
        lines.append(f"| {name} | {value:.1f} s | {share} | {ratio} |")
    return "\n".join(lines)


SCALE_ARTICLES = 10_000
SCALE_ROWS = ("build", "cpu", "warm", "memory", "warnings", "html", "first_gzip", "site_bytes",
              "site_files", *(key for key, *_ in bench_search.ROWS))  # fmt: skip


def _scale(work: Path, count: int) -> int:
    """Our config alone at `count` articles (plain Material's build, whose every page grows
    with the article count, is left out: `--articles N` builds both)."""
    project = work / "ours"
    _log(f"scale: generating {count} articles in {project}/docs")
    corpus.generate(project / "docs", count)
    _our_config(project)
    _log("scale: building (cold cache)")
    metrics, error = _build(project, profiled=True)
    if error:
        print(f"Build failed:\n```\n{error}\n```")
        return 1
    _log("scale: building again, nothing changed (warm cache)")
    metrics["warm"] = _build(project)[0]["build"]
    article = _measured_article(project / "docs")
    metrics |= _site_totals(project / "site")
    metrics |= _first_visit(project / "site", url_for(article))
    _log("scale: search in headless Chromium")
    found = bench_search.measure(project / "site", url_for(article), "ours", _serve)
    if isinstance(found, dict):
        metrics |= found
    lines = [f"| Scale: our config at {count:,} articles | value |", "|---|---:|"]
    for key, label, show in ROWS:
        if key in SCALE_ROWS:
            value = metrics.get(key)
            lines.append(f"| {label} | {show(value) if value is not None else 'n/a'} |")
    print("\n".join(lines))
    print("\n" + _profile_table(metrics, {}))
    if isinstance(found, str):
        print(f"\n- search {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
