"""What an article says on paper: its title and summary, the register's figures on the build day
with their validity, its infographics, legal basis, Q&A excerpts and the commune's contacts.

Everything is read from the same sources as the page (the article's Markdown and front matter,
`data/so-lieu.yml`, `data/dia-phuong.yml`, the infographics' cache), so paper and screen never
disagree. Texts come out as small pieces of safe HTML (escaped, with bold kept) for the
templates of `overrides/print/`.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from portal import dates, settings
from portal.content import articles as content
from portal.content import facts, local_facts
from portal.content.sections import NEWS, find
from portal.infographics import embed
from portal.infographics.layout import BY_KEY
from portal.infographics.library import Library
from portal.infographics.render import file_name
from portal.problems import ContentError, PortalError
from portal.site import facts_page
from portal.text import nfc

COMMUNE = "Ủy ban nhân dân xã Trần Phú"
PROGRAMME = "Tuyên truyền pháp luật lao động cho công nhân – Chỉ thị 58-CT/TW"
QA_FOLDER = "hoi-dap"
POSTER_FIGURES = 4  # the figures a poster lists at most (the summary's first)


class PrintError(PortalError):
    """Why a printed output cannot be made (no site address, an unknown article …)."""


@dataclass(frozen=True)
class Figure:
    """A figure of the register as it stands on the build day, with how long it holds."""

    key: str
    label: str
    value: str  # "5.310.000 đồng/tháng", or "chưa có mức áp dụng"
    validity: str  # "áp dụng từ 01/01/2026", "áp dụng 01/07/2024 – 30/06/2026"
    basis: str  # "Nghị định số 293/2025/NĐ-CP"
    upcoming: str = ""  # "từ 01/07/2026: 2.530.000 đồng/tháng" inside the announce window
    unconfirmed: str = ""  # the register's reason when the figure is not confirmed


@dataclass(frozen=True)
class Picture:
    """An infographic the article embeds: its A4 print file, its portrait file, its words."""

    name: str
    title: str
    a4: Path
    portrait: Path
    alt: str


@dataclass(frozen=True)
class Excerpt:
    """A question of the Q&A pages that sends readers to the article, with its short answer."""

    question: str  # HTML
    answer: str  # HTML


@dataclass(frozen=True)
class Contact:
    """A commune unit readers can go to, each value or "đang chờ xã xác nhận"."""

    name: str
    phone: str
    address: str
    hours: str
    pending: bool


@dataclass(frozen=True)
class Sheet:
    """One article made ready for paper."""

    src_path: str
    title: str
    section: str
    points: tuple[str, ...]  # HTML of each summary point
    figures: tuple[Figure, ...]
    pictures: tuple[Picture, ...]
    sources: tuple[tuple[str, str], ...]  # (number, name)
    qa: tuple[Excerpt, ...]
    url: str  # canonical, what the QR code holds
    short: str  # the address as written under the code
    as_of: dt.date  # "Thông tin đúng đến ngày …"

    @property
    def slug(self) -> str:
        return self.src_path.removesuffix(".md").rsplit("/", 1)[-1]


def site_url(root: Path) -> str:
    """`site_url` of mkdocs.yml (read as text: the file holds !!python/name tags)."""
    try:
        text = (root / settings.CONFIG).read_text(encoding="utf-8")
    except OSError:
        text = ""
    found = re.search(r"^site_url:\s*['\"]?([^\s'\"#]+)", text, re.MULTILINE)
    return found.group(1) if found else ""


def short_address(url: str) -> str:
    """The address as people type it: no https://, no trailing slash."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/")


# -- Markdown text to the small HTML the templates print ------------------------------------

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_CODE = re.compile(r"`([^`]*)`")
_TAG = re.compile(r"<[^>]*>")


def inline(text: str, register: facts.Register, day: dt.date) -> str:
    """A line of Markdown as safe HTML for paper: figures filled in, links as their words."""
    text = facts.render_text(nfc(text), register, day)
    text = _TAG.sub("", text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _CODE.sub(lambda m: m.group(1), text)
    text = html.escape(text, quote=False)
    text = _BOLD.sub(lambda m: f"<strong>{m.group(1) or m.group(2)}</strong>", text)
    text = _ITALIC.sub(lambda m: f"<em>{m.group(1)}</em>", text)
    return text.replace("\\", "")


def plain(fragment: str) -> str:
    """The words of a piece of HTML made by `inline`."""
    return html.unescape(_TAG.sub("", fragment))


# -- figures of the register -----------------------------------------------------------------


def figure(fact: facts.Fact, day: dt.date) -> Figure:
    """A fact as it stands on `day`, with its validity and the change announced."""
    period = fact.at(day)
    if period is None:
        value, validity, basis = "chưa có mức áp dụng", "", ""
    else:
        value = fact.shown(period.value)
        validity = f"áp dụng {period.span}"
        basis = "; ".join(b.number for b in period.bases)
    upcoming = fact.announced(day)
    announced = ""
    if upcoming:
        announced = f"từ {dates.short(upcoming.start)}: {fact.shown(upcoming.value)}"
    reason = ""
    if not fact.confirmed:
        reason = f"chưa xác nhận: {fact.reason}" if fact.reason else "chưa xác nhận"
    return Figure(fact.key, fact.label, value, validity, basis, announced, reason)


def _as_of(article: content.Article, used: list[facts.Fact], day: dt.date) -> dt.date:
    """The day the sheet's information was last verified or last changed, never after `day`.

    The article's own dates (published, updated, checked), the register's check of every
    figure shown and the first day of each value shown: a poster says "Thông tin đúng đến ngày"
    that day, so the same content makes the same PDF (and the cache keeps it) until something
    it shows changes or is checked again.
    """
    found = [article.meta.get(k) for k in ("date", "updated", "checked")]
    for fact in used:
        found.append(fact.checked)
        period = fact.at(day)
        if period:
            found.append(period.start)
    days = [d for d in found if isinstance(d, dt.date) and d <= day]
    return max(days) if days else day


# -- the article's text ---------------------------------------------------------------------


def _points(article: content.Article, register, day) -> tuple[str, ...]:
    points = article.meta.get("summary") or []
    if not points and article.description:
        points = [article.description]
    return tuple(inline(str(p), register, day) for p in points)


def _pictures(text: str, library: Library | None) -> tuple[Picture, ...]:
    if library is None:
        return ()
    found = []
    for embedded in embed.find(text):
        spec = library.specs.get(embedded.name)
        files = library.cache.files(f"infographic/{embedded.name}") if spec else {}
        a4 = files.get(file_name(spec, BY_KEY["a4"], "png")) if spec else None
        portrait = files.get(file_name(spec, BY_KEY["portrait"], "png")) if spec else None
        if spec and a4 and portrait and embedded.name not in [p.name for p in found]:
            found.append(Picture(spec.name, spec.title, a4, portrait, spec.alt))
    return tuple(found)


def _sources(article: content.Article, register, keys, day) -> tuple[tuple[str, str], ...]:
    listed, seen = [], set()
    for source in [
        *(article.meta.get("sources") or []),
        *facts_page.fact_sources(register, keys, day),
    ]:
        number = str(source["number"])
        if facts.document_key(number) not in seen:
            seen.add(facts.document_key(number))
            listed.append((number, str(source.get("name") or "")))
    return tuple(listed)


def _section(src_path: str) -> str:
    folder = posixpath.dirname(src_path)
    if folder.startswith(NEWS):
        folder = NEWS
    found = find(folder)
    return found.title if found else ""


_SEE = re.compile(r"\s*Xem (?:bài|thêm|mục)\b[^.]*\.\s*$")
_MD_LINK_TARGET = re.compile(r"\]\(([^)\s#]+\.md)(?:#[^)\s]*)?(?:\s+\"[^\"]*\")?\)")


def qa_index(docs: Path, published: set[str]) -> dict[str, list[tuple[str, str, str]]]:
    """Article -> the Q&A entries that link to it: (Q&A page, question, first paragraph)."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    folder = docs / QA_FOLDER
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.md")):
        src = f"{QA_FOLDER}/{path.name}"
        if src not in published or path.name == "index.md":
            continue
        try:
            _, body = content.split_front_matter(path.read_text(encoding="utf-8"), src)
        except (ContentError, OSError, UnicodeDecodeError):
            continue  # the build and `portal check` report it
        for question, answer in _questions(body):
            for target in _MD_LINK_TARGET.findall(answer):
                linked = posixpath.normpath(posixpath.join(QA_FOLDER, target))
                entries = found.setdefault(linked, [])
                if question not in [e[1] for e in entries]:
                    entries.append((src, question, answer))
    return found


def _questions(body: str):
    """(question, its first paragraph) for each "## " heading of a Q&A page."""
    question, paragraph, lines = None, [], body.split("\n")
    for line in [*lines, "## "]:
        if line.startswith("## "):
            if question and paragraph:
                yield question, " ".join(paragraph)
            question, paragraph = line[3:].strip(), []
        elif question is not None:
            if line.strip():
                paragraph.append(line.strip())
            elif paragraph:
                yield question, " ".join(paragraph)
                question, paragraph = None, []


def contacts(root: Path) -> tuple[Contact, ...]:
    """The commune's units from data/dia-phuong.yml; an empty value is "đang chờ xã xác nhận"."""
    try:
        local = local_facts.read(root)
    except ContentError:
        return ()  # reported by `portal check` and the build
    shown = []
    for unit in local.units:
        values = [unit.phone, unit.address, unit.hours]
        shown.append(
            Contact(
                unit.name,
                *(v or local_facts.PENDING for v in values),
                pending=any(v is None for v in values),
            )
        )
    return tuple(shown)


@dataclass
class Sources:
    """Everything the sheets of one build or one command are read from, read once."""

    root: Path
    articles: list[content.Article]
    register: facts.Register
    day: dt.date
    base_url: str
    library: Library | None = None

    def __post_init__(self):
        if not self.base_url:
            raise PrintError(
                f"{settings.CONFIG} chưa có 'site_url' (địa chỉ của trang), nên không làm được mã "
                "QR dẫn tới bài. Thêm dòng 'site_url: https://…/' vào mkdocs.yml."
            )
        self.base_url = self.base_url.rstrip("/") + "/"
        published = {a.src_path for a in self.articles}
        self._qa = qa_index(self.root / settings.DOCS, published)

    def sheet(self, article: content.Article) -> Sheet:
        """The article ready for paper on the build day."""
        docs = self.root / settings.DOCS
        text = (docs / article.src_path).read_text(encoding="utf-8")
        _, body = content.split_text(nfc(text), article.src_path)[:2]
        register, day = self.register, self.day
        summary_text = "\n".join(str(p) for p in article.meta.get("summary") or [])
        keys = list(
            dict.fromkeys(facts.used_keys(summary_text, register) + facts.used_keys(body, register))
        )
        used = [register.facts[k] for k in keys]
        qa = tuple(
            Excerpt(
                inline(question, register, day),
                _SEE.sub("", inline(answer, register, day)).strip(),
            )
            for _, question, answer in self._qa.get(article.src_path, [])
        )
        url = self.base_url + article.url
        return Sheet(
            src_path=article.src_path,
            title=nfc(article.title),
            section=_section(article.src_path),
            points=_points(article, register, day),
            figures=tuple(figure(f, day) for f in used),
            pictures=_pictures(text, self.library),
            sources=_sources(article, register, keys, day),
            qa=qa,
            url=url,
            short=short_address(url),
            as_of=_as_of(article, used, day),
        )


def printable(article: content.Article) -> bool:
    """Articles that get a poster: every page with a text of its own, not section lists."""
    if article.is_index or article.draft:
        return False
    return not article.src_path.startswith(f"{NEWS}/") or article.is_news
