"""`portal check`: every content check, on some files or all, without building the site.

Reads each article once, then runs the front matter schema, the Markdown checks and the text
checks over it, plus the checks that need the whole site (duplicate URLs and titles).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from functools import cache, cached_property
from pathlib import Path

from portal import calculators, dates, infographics, settings
from portal.broadcast import settings as station
from portal.checks import figures
from portal.checks import markdown as markdown_checks
from portal.checks import text as text_checks
from portal.content import articles as content
from portal.content import datafile, facts, markers, plan, safepaths, scaffold, sections, synonyms
from portal.content import frontmatter as schema
from portal.infographics import embed as infographic_embed
from portal.problems import ContentError, Problem

DOCS = settings.DOCS
# The largest article an editor could plausibly write; past this it is a pasted file.
MAX_BYTES = 2_000_000


def targets(root: Path, paths: Iterable[str]) -> list[str]:
    """Markdown files under docs/ named by `paths` (files or folders), relative to docs/."""
    return targets_and_data(root, paths)[0]


def data_files(root: Path) -> list[str]:
    """The YAML files editors keep that `portal check` reads, relative to the project root."""
    found = [f"{settings.DATA}/{p.name}" for p in sorted((root / settings.DATA).glob("*.yml"))]
    specs = sorted((root / settings.INFOGRAPHICS).glob("*.yml"))
    return found + [f"{settings.INFOGRAPHICS}/{p.name}" for p in specs]


def targets_and_data(root: Path, paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """(articles relative to docs/, data files relative to the root) named by `paths`."""
    docs = (root / DOCS).resolve()
    known = {(root / name).resolve(): name for name in data_files(root)}
    chosen: set[str] = set()
    data: set[str] = set()
    for given in paths:
        path = (Path.cwd() / given).resolve()
        if path.is_dir():
            chosen.update(
                f.relative_to(docs).as_posix()
                for f in path.rglob("*")
                if _markdown_suffix(f.name) and f.is_relative_to(docs)
            )
            data.update(name for file, name in known.items() if file.is_relative_to(path))
        elif _markdown_suffix(path.name) and path.is_relative_to(docs) and path.is_file():
            chosen.add(path.relative_to(docs).as_posix())
        elif path in known:
            data.add(known[path])
    return sorted(chosen), sorted(data)


def _markdown_suffix(name: str) -> bool:
    """Any suffix MkDocs reads as Markdown, in any case: `.md`, `.markdown`, `.MD`…"""
    return name.lower().endswith(safepaths.MARKDOWN_SUFFIXES)


class Site:
    """All articles of docs/, read once; what one article's checks need to know of the others."""

    def __init__(self, root: Path):
        self.root = root
        self.docs = root / DOCS
        try:
            self.tags = schema.allowed_tags(root)
            self.tag_problems: list[Problem] = []
        except ContentError as error:  # reported once; the articles are still checked
            self.tags, self.tag_problems = None, error.problems
        # What the build would publish but never reads as an article, and symbolic links.
        self.refused: dict[str, Problem] = {}
        for problem in safepaths.refused_files(self.docs) + safepaths.linked_files(root):
            self.refused.setdefault(problem.path.removeprefix(f"{DOCS}/"), problem)
        self.texts: dict[str, str] = {}
        self.raw: dict[str, str] = {}
        self.unreadable: dict[str, Problem] = {}
        for rel in content.markdown_files(self.docs):
            if rel not in self.refused and not _refused_on_the_way(self, rel):
                self._read(rel)  # never read through a link: it may point at any file

    def _read(self, rel: str) -> None:
        path = self.docs / rel
        where = f"{DOCS}/{rel}"
        size = path.stat().st_size
        if size > MAX_BYTES:
            self.unreadable[rel] = Problem(
                where, 1, "tep-qua-lon",
                f"tệp nặng {dates.megabytes(size)}, quá lớn cho một bài viết; có thể đã dán "
                "nhầm nội dung khác vào. Tách bài hoặc kiểm tra lại tệp.",
            )  # fmt: skip
            return
        text, problem = datafile.decode(path.read_bytes(), where)
        if problem:
            self.unreadable[rel] = problem
            return
        self.raw[rel] = text
        # Checked as read: a byte-order mark or Windows line endings are one warning of the
        # front matter reader (fixed by --fix), not a misplaced line on every line.
        self.texts[rel] = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")

    @cached_property
    def infographics(self) -> tuple[infographics.Library, list[Problem]]:
        """The infographics articles may embed (read, not drawn), and the data files' mistakes."""
        library = infographics.Library(
            self.root / settings.INFOGRAPHICS,
            infographics.default_folder(self.root),
            self.root,
            plan.overview_infographic(self.root),
        )
        return library, library.load()

    @cached_property
    def register(self) -> facts.Register:
        """The register of legal figures (empty when data/so-lieu.yml does not exist yet)."""
        return facts.read(self.root)

    @cached_property
    def day(self):
        """The day figures are checked for: today, or PORTAL_TODAY."""
        return settings.today()

    @cache  # noqa: B019 - one Site per run; the cache dies with it
    def read(self, rel: str) -> content.Article:
        """The article at `rel`, with what is wrong in its front matter."""
        return content.parse_article(self.raw[rel], rel)

    def article(self, rel: str) -> content.Article | None:
        """The article at `rel`, or None when the file is not readable text."""
        return self.read(rel) if rel in self.texts else None

    @cache  # noqa: B019
    def anchors(self, rel: str) -> frozenset[str]:
        """Anchors a link may point at in the article `rel`."""
        text = self.texts.get(rel)
        if text is None:
            return frozenset()
        body_start, body = _body(text)
        found = {
            h.anchor
            for h in markdown_checks.headings(markdown_checks.prose_lines(body, body_start))
        }
        article = self.article(rel)
        # Headings the build adds from front matter or for section lists.
        if article and article.meta.get("sources"):
            found.add("can-cu-phap-ly")
        if article and article.is_index and sections.find(article.folder):
            found.add("bai-viet-trong-muc")
        return frozenset(found)


def _body(text: str) -> tuple[int, str]:
    """(line number where the body starts, body) of an article's text."""
    if text.startswith("---"):
        lines = text.split("\n")
        for index, line in enumerate(lines[1:], start=1):
            if line.rstrip() == "---":
                return index + 2, "\n".join(lines[index + 1 :])
    return 1, text


def check_article(site: Site, rel: str) -> list[Problem]:
    """Every problem in one article."""
    where = f"{DOCS}/{rel}"
    if rel in site.unreadable:
        return [site.unreadable[rel]]
    if rel not in site.texts:  # named on the command line, but not an article the site reads
        found = site.refused.get(rel) or _refused_on_the_way(site, rel)
        return [found] if found else []
    text = site.texts[rel]
    body_start, body = _body(text)
    problems = text_checks.check(where, text, body_start - 1)
    article = site.read(rel)
    problems += article.all_problems(site.tags)
    problems += figures.check_article(where, text, site.register, site.day, is_news=article.is_news)
    problems += _leftover_template(where, text, article.draft)
    lines = markdown_checks.prose_lines(body, body_start)
    problems += markdown_checks.check_limits(where, lines)
    problems += markdown_checks.check_structure(where, lines)
    problems += markdown_checks.check_indented(where, lines)
    problems += markdown_checks.check_raw_html(where, lines)
    # The summary and the sources become Markdown of the page too; a line that the schema
    # already refused (markup in a title) is not warned about twice.
    refused = {p.line for p in problems}
    front = enumerate(text.split("\n")[: body_start - 1], start=1)
    problems += markdown_checks.check_raw_html(
        where, [(n, t) for n, t in front if n not in refused]
    )
    problems += markdown_checks.check_links(where, rel, lines, site.docs, site.anchors)
    # Every line, code included: the build fills and refuses markers wherever they are.
    every_line = list(enumerate(body.split("\n"), start=body_start))
    problems += _markers(where, every_line, home=rel == "index.md")
    library, _ = site.infographics
    for found in infographic_embed.find(text):
        if found.name == plan.OVERVIEW and found.name not in library.specs and not found.problem:
            continue  # drawn from data/ke-hoach.yml, whose own mistakes are reported there
        if found.problem or found.name not in library.specs:
            why = found.problem or library.unknown(found.name)
            problems.append(Problem(where, found.line, "infographic-khong-co", why))
    return problems


def _markers(where: str, lines: list[tuple[int, str]], home: bool) -> list[Problem]:
    """Marker lines the build would refuse: a misspelt marker, a calculator that is not there,
    or a marker of the home page on another page."""
    known = markers.KNOWN + markers.HOME if home else markers.KNOWN
    problems = []
    for number, line in lines:
        for marker in markers.find(line):
            calculator = calculators.MARKER.match(marker)
            if calculator and calculator.group(1) in calculators.CALCULATORS:
                continue
            message = (
                calculators.unknown(calculator.group(1))
                if calculator
                else markers.unknown_message(marker)
            )
            if calculator or marker not in known:
                problems.append(Problem(where, number, "danh-dau-la", message))
    return problems


def limits(where: str, text: str) -> list[Problem]:
    """What in an article's text Markdown would take minutes on (the build refuses it too)."""
    body_start, body = _body(text)
    return markdown_checks.check_limits(where, markdown_checks.prose_lines(body, body_start))


def _refused_on_the_way(site: Site, rel: str) -> Problem | None:
    """The refusal of a linked folder holding `rel` (the walk does not enter linked folders)."""
    parts = rel.split("/")
    for end in range(len(parts) - 1, 0, -1):
        if found := site.refused.get("/".join(parts[:end])):
            return found
    return None


# Placeholders editors write themselves while drafting: "[CHỖ TRỐNG: số điện thoại]", "[...]",
# "XXX", "TODO". Harmless in a draft, an error once the article is meant to be published.
_PLACEHOLDER = re.compile(
    r"\[\s*(?:CHỖ TRỐNG|chỗ trống|CẦN ĐIỀN|cần điền)[^\]]{0,200}\]"
    r"|\[\s*(?:…|\.\.\.)\s*\]|\bTODO\b|\bXXX\b"
)


def _leftover_template(where: str, text: str, draft: bool) -> list[Problem]:
    severity = "warning" if draft else "error"
    when = "trước khi bỏ 'draft: true'" if draft else "trước khi xuất bản (bài không còn là nháp)"
    for number, line in enumerate(text.split("\n"), start=1):
        found = next((p for p in scaffold.PLACEHOLDERS if p in line), None)
        if found is None and (match := _PLACEHOLDER.search(line)):
            found = match.group()
        if found:
            return [
                Problem(
                    where, number, "chu-mau",
                    f"bài còn chữ mẫu hoặc chỗ trống ('{found}'); thay bằng nội dung thật {when}.",
                    severity,
                )
            ]  # fmt: skip
    return []


def check_site(site: Site, chosen: list[str]) -> list[Problem]:
    """Problems that involve several articles: two files at one address, repeated titles."""
    by_url: dict[str, list[str]] = defaultdict(list)
    by_title: dict[str, list[str]] = defaultdict(list)
    for rel in site.texts:
        by_url[content.url_for(rel)].append(rel)
        article = site.article(rel)
        if article and not article.is_index:
            by_title[article.title.casefold()].append(rel)
    problems = []
    for url, rels in by_url.items():
        for rel in rels:
            if len(rels) > 1 and rel in chosen:
                others = ", ".join(f"{DOCS}/{r}" for r in rels if r != rel)
                problems.append(
                    Problem(
                        f"{DOCS}/{rel}", 1, "trung-duong-dan",
                        f"bài này và {others} có cùng địa chỉ /{url}; đổi tên một trong hai tệp.",
                    )
                )  # fmt: skip
    for rels in by_title.values():
        for rel in rels:
            if len(rels) > 1 and rel in chosen:
                others = ", ".join(f"{DOCS}/{r}" for r in rels if r != rel)
                problems.append(
                    Problem(
                        f"{DOCS}/{rel}", site.article(rel).line("title"),
                        "trung-tieu-de",
                        f"tiêu đề trùng với {others}; người đọc sẽ khó phân biệt hai bài.",
                        "warning",
                    )
                )  # fmt: skip
    return problems


def run(
    root: Path, chosen: list[str] | None = None, data: list[str] | None = None
) -> list[Problem]:
    """Every problem in the chosen articles and data files, sorted by file and line.

    With neither chosen, everything: all of docs/ and every data file.
    """
    site = Site(root)
    whole_site = chosen is None and data is None
    if whole_site:
        chosen = sorted(site.texts) + sorted(site.unreadable)
    chosen = chosen or []
    problems = [p for rel in chosen for p in check_article(site, rel)]
    problems += check_site(site, chosen)
    # A linked data file is refused as a link; what it points at is never shown.
    infographic_problems = [p for p in site.infographics[1] if p.path not in site.refused]
    data_problems = site.tag_problems + infographic_problems + markers.check(root)
    data_problems += synonyms.read(root)[1]  # the search's data/tu-dong-nghia.yml
    data_problems += _station_problems(root)
    # data/so-lieu.yml, and the references in infographics/ and data/.
    data_problems += figures.check_register(site.register, site.day)
    data_problems += figures.check_data_files(root, site.register)
    if whole_site:
        problems += [*site.refused.values(), *data_problems]
    elif data:
        problems += [p for p in data_problems if p.path in data]
        problems += [p for path, p in site.refused.items() if path in data]
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.code, p.message))


def _station_problems(root: Path) -> list[Problem]:
    """The mistakes of the loudspeaker's two files (data/tu-viet-tat.yml, data/phat-thanh.yml),
    so an editor hears of them from `portal check` and the commit check, not from a failed build."""
    problems: list[Problem] = []
    for name, read in (
        (station.GLOSSARY_FILE, station.read_glossary),
        (station.SETTINGS_FILE, station.read_settings),
    ):
        if (root / name).exists():  # a project without broadcasting has neither
            try:
                read(root)
            except ContentError as error:
                problems += error.problems
    return problems


def fix(root: Path, chosen: list[str]) -> list[str]:
    """Apply the safe repairs to the chosen files; return one Vietnamese line per changed file."""
    report = []
    for rel in chosen:
        path = root / DOCS / rel
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # `run` reports it; nothing safe to repair in a file that is not text
        fixed, done = text_checks.fix(text)
        if fixed != text:
            _write_atomically(path, fixed)
            report.append(f"{DOCS}/{rel}: đã sửa: " + "; ".join(done) + ".")
    return report


def _write_atomically(path: Path, text: str) -> None:
    """Replace a file's content so that a crash leaves either the old or the new file whole."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temporary, path.stat().st_mode)  # mkstemp makes it private; keep the original's
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
