"""Search rows of the benchmark, measured in headless Chromium on a built site.

For our configuration (the portal's own index, opened from the header button) and for plain
Material (lunr, its index fetched with every page): what an article page downloads of search
before anyone searches, what the first and a second query download, the median time from
typing to results, and how often the realistic worker queries of tests/search_queries.yml
return their page first and in the top 3. Sizes are of the files requested, raw and as gzip -6
for text types (what the benchmark's server sends).
"""

from __future__ import annotations

import gzip
import html
import mimetypes
import re
import statistics
import unicodedata
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from portal.bench.browser import CHROMIUM, FLAGS
from portal.content.articles import read_article, url_for
from portal.text import fold, nfc

ROOT = Path(__file__).resolve().parents[3]
QUERIES_FILE = ROOT / "tests" / "search_queries.yml"
TIMED_QUERIES = 20
# What counts as search in each build: our dialog's scripts and index files; Material's worker,
# its lunr scripts and its index.
SEARCH_URLS = {
    "ours": re.compile(r"/(tim-kiem/|assets/search(-engine)?\.js)"),
    "plain": re.compile(r"/(search/search_index\.json|assets/javascripts/(workers|lunr)/)"),
}
TEXT_TYPES = ("text/", "application/javascript", "application/json")

_OURS_DONE = """(query) => {
  const list = document.getElementById("portal-search-results");
  return list.dataset.query === query && !list.hasAttribute("aria-busy");
}"""
# In-page measurements: the time from the input event to the results list being updated.
_OURS_TIMED = """async (query) => {
  const input = document.querySelector(".portal-search__input");
  const list = document.getElementById("portal-search-results");
  const ready = () => list.dataset.query === query && !list.hasAttribute("aria-busy");
  const start = performance.now();
  const done = new Promise((resolve) => {
    const watch = new MutationObserver(() => ready() && (watch.disconnect(), resolve()));
    watch.observe(list, { attributes: true });
  });
  input.value = query;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 15000))]);
  return ready() ? performance.now() - start : null;
}"""
_MATERIAL_TIMED = """async (query) => {
  const input = document.querySelector(".md-search__input");
  const result = document.querySelector(".md-search-result__list");
  const start = performance.now();
  const done = new Promise((resolve) => {
    const watch = new MutationObserver(() => (watch.disconnect(), resolve()));
    watch.observe(result, { childList: true });
  });
  input.value = query;
  input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));  // Material reads keyup
  const changed = await Promise.race([
    done.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 15000)),
  ]);
  return changed ? performance.now() - start : null;
}"""
_MATERIAL_READY = """() => {
  const meta = document.querySelector(".md-search-result__meta");
  return meta && meta.textContent.trim() && !/chuẩn bị|Initializing/.test(meta.textContent);
}"""


def queries() -> list[dict]:
    """The realistic worker queries, as the tests keep them."""
    return yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))


def measure(site: Path, article: str, engine: str, serve: Callable) -> dict | str:
    """Search metrics of `site` for one `engine` ("ours" or "plain"), or "n/a: <reason>"."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        return "n/a: playwright is not installed (make test installs it)"
    with serve(site) as port, sync_playwright() as playwright:
        base = f"http://127.0.0.1:{port}"
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 360, "height": 740})
            requested: list[str] = []
            # The context sees the page's requests and its workers' (Material's lunr scripts).
            page.context.on("request", lambda request: requested.append(request.url))
            run = _Ours(page, base) if engine == "ours" else _Material(page, base)
            return run.all(site, article, requested)
        except Error as error:
            return f"n/a: {str(error).splitlines()[0]}"
        finally:
            browser.close()


class _Engine:
    """The steps common to both searches; subclasses know their page's elements."""

    def __init__(self, page, base: str) -> None:
        self.page = page
        self.base = base

    def all(self, site: Path, article: str, requested: list[str]) -> dict:
        pattern = SEARCH_URLS[self.key]
        self.page.goto(f"{self.base}/{article}", wait_until="networkidle")
        self.page.wait_for_timeout(500)  # anything started late (Material's worker) shows up
        before = _sizes(site, [u for u in requested if pattern.search(u)])
        requested.clear()
        cases = queries()
        texts = [_typed(case) for case in cases]
        self.open()
        self.search(texts[0])
        first = _sizes(site, [u for u in requested if pattern.search(u)])
        requested.clear()
        self.search(_other_topic(texts))
        second = _sizes(site, [u for u in requested if pattern.search(u)])
        timings = []
        for text in texts[2 : 2 + TIMED_QUERIES]:
            # A reader reads the results before typing again; the search box lets a burst of
            # keystrokes through once per 150 ms, and that pause is not what is measured here.
            self.page.wait_for_timeout(300)
            timings.append(self.timed(text))
        timings = [t for t in timings if t is not None]
        titles = _titles(site.parent / "docs")
        first_hits = top3_hits = forgiving_first = forgiving = 0
        for case, text in zip(cases, texts, strict=True):
            self.search(text)
            hits = [_same(site, path, case["page"], titles) for path in self.result_pages()[:3]]
            first_hits += hits[:1] == [True]
            top3_hits += any(hits)
            if case.get("kind"):  # abbreviations, digits, everyday words, typos
                forgiving += 1
                forgiving_first += hits[:1] == [True]
        return {
            "search_before_raw": before[0],
            "search_before_gzip": before[1],
            "search_first_raw": first[0],
            "search_first_gzip": first[1],
            "search_second_raw": second[0],
            "search_second_gzip": second[1],
            "search_latency": statistics.median(timings) if timings else None,
            "search_first": f"{first_hits}/{len(cases)}",
            "search_top3": f"{top3_hits}/{len(cases)}",
            "search_forgiving_first": f"{forgiving_first}/{forgiving}",
        }

    def result_pages(self) -> list[str]:
        """Paths of the result pages, in order, each once (Material lists a page's sections)."""
        hrefs = self.page.eval_on_selector_all(self.links, "links => links.map(a => a.href)")
        return list(dict.fromkeys(unquote(urlsplit(href).path).lstrip("/") for href in hrefs))


class _Ours(_Engine):
    key = "ours"
    links = ".portal-search__link"

    def open(self) -> None:
        self.page.get_by_role("button", name="Tìm kiếm").click()

    def search(self, text: str) -> None:
        self.page.fill(".portal-search__input", text)
        self.page.wait_for_function(_OURS_DONE, arg=text)

    def timed(self, text: str) -> float:
        return self.page.evaluate(_OURS_TIMED, text)


class _Material(_Engine):
    key = "plain"
    links = "li.md-search-result__item > a.md-search-result__link"

    def open(self) -> None:
        self.page.click(".md-header label[for='__search']")
        self.page.wait_for_function(_MATERIAL_READY, timeout=120_000)

    def search(self, text: str) -> None:
        self.timed(text)
        self.page.wait_for_timeout(50)  # Material renders the list in two steps

    def timed(self, text: str) -> float:
        return self.page.evaluate(_MATERIAL_TIMED, text)


def _titles(docs: Path) -> dict[str, str]:
    """URL (our scheme) -> title, from the front matter of the project's Markdown files."""
    found = {}
    for file in docs.rglob("*.md"):
        src = file.relative_to(docs).as_posix()
        title = read_article(docs, src).meta.get("title")
        if title:
            found[url_for(src)] = nfc(str(title))
    return found


def _same(site: Path, path: str, expected: str, titles: dict[str, str]) -> bool:
    """True if the result at `path` is the expected page. Plain Material gives news posts other
    URLs (dates in them), so pages are also matched by their title."""
    if path == expected:
        return True
    file = site / unquote(path) / "index.html"
    if expected not in titles or not file.is_file():
        return False
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", file.read_text(encoding="utf-8"), re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", heading[1])).replace("¶", "") if heading else ""
    return nfc(text.strip()) == titles[expected]


def _other_topic(texts: list[str]) -> str:
    """The first query that shares no word with the first one: a second query that needs
    other parts of the index (a rephrasing of the first would cost nothing)."""
    first = {fold(word) for word in texts[0].split()}
    return next(t for t in texts[1:] if not first & {fold(word) for word in nfc(t).split()})


def _typed(case: dict) -> str:
    text = case["query"]
    return unicodedata.normalize("NFD", text) if case.get("nfd") else text


def _sizes(site: Path, urls: list[str]) -> tuple[int, int]:
    """Raw and gzip bytes of the files behind `urls` (each file once, as a browser caches)."""
    raw = packed = 0
    for path in dict.fromkeys(unquote(urlsplit(u).path) for u in urls):
        file = site / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        if not file.is_file():
            continue
        data = file.read_bytes()
        raw += len(data)
        kind = mimetypes.guess_type(file.name)[0] or ""
        packed += len(gzip.compress(data, 6, mtime=0)) if kind.startswith(TEXT_TYPES) else len(data)
    return raw, packed


def _size(value: float) -> str:
    for unit, factor in (("MB", 1e6), ("KB", 1e3)):
        if value >= factor:
            return f"{value / factor:.1f} {unit}"
    return f"{value:.0f} B"


def _ms(value: float) -> str:
    return f"{value:.0f} ms"


ROWS = (
    ("search_before_raw", "Search: bytes an article downloads before search is opened, raw", _size),
    ("search_before_gzip", "Search: the same, gzip -6", _size),
    ("search_first_raw", "Search: first query downloads (opening included), raw", _size),
    ("search_first_gzip", "Search: first query, gzip -6", _size),
    ("search_second_raw", "Search: a second query downloads, raw", _size),
    ("search_second_gzip", "Search: second query, gzip -6", _size),
    ("search_latency", f"Search: median typing-to-results, {TIMED_QUERIES} queries", _ms),
    ("search_first", "Search quality: expected page first", str),
    ("search_top3", "Search quality: expected page in top 3", str),
    ("search_forgiving_first", "Search quality: abbreviations, digits, synonyms, typos first", str),
)  # fmt: skip
