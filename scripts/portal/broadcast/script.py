"""An article rewritten for the ear: the read-out script of the commune loudspeakers.

The article's Markdown, with its figures filled from the register and its marker lines from the
data files, is rendered to HTML with the site's own Markdown extensions (so lists, tables and
notes are read as readers see them), then walked: headings, paragraphs and list items become
lines, tables become one sentence a row, links keep their words, images, code and page
furniture are dropped. Every line then goes through `spoken.say`. Deterministic: the same
article, register day and data files always give the same script.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import markdown as python_markdown

from portal.broadcast import clip, spoken
from portal.broadcast.settings import Station
from portal.content import facts, markers, sections
from portal.content.articles import Article, split_text
from portal.infographics import embed as infographic_embed
from portal.infographics import share
from portal.problems import Problem
from portal.site import facts_page
from portal.text import nfc

# The extensions of mkdocs.yml that change what a page says (not how it looks).
EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "def_list",
              "pymdownx.details", "pymdownx.superfences"]  # fmt: skip
_OTHER_MARKER = re.compile(r"<!--\s*portal:[^>]*-->")
ORDINALS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")


@dataclass(frozen=True)
class Line:
    """One line of a script: what is said, and whether it is a heading or a formula."""

    kind: str  # "formula", "heading" or "text"
    said: str


@dataclass(frozen=True)
class Script:
    src_path: str
    title: str  # as written, for pages
    url: str  # the article's address, e.g. "chinh-sach/tien-luong/luong-toi-thieu-vung-2026/"
    section: str
    lines: tuple[Line, ...]
    pace: int
    unknown: tuple[Problem, ...] = field(default=(), compare=False)
    # The key sentences of the clip, (written, said), and the infographics the article shows.
    captions: tuple[tuple[str, str], ...] = ()
    infographics: tuple[str, ...] = ()

    @property
    def words(self) -> int:
        """Syllables said: Vietnamese writes one syllable a word."""
        return sum(len(line.said.split()) for line in self.lines)

    @property
    def minutes(self) -> float:
        return self.words / self.pace

    @property
    def slug(self) -> str:
        return self.url.rstrip("/").rsplit("/", 1)[-1] or "trang-chu"

    def text(self) -> str:
        """The plain-text script (the .txt download), one paragraph a line, headings apart."""
        out = []
        for line in self.lines:
            if line.kind == "heading":
                out.append(f"\n{line.said.upper()}")
            else:
                out.append(line.said)
        return nfc("\n\n".join(out).replace("\n\n\n", "\n\n").strip() + "\n")

    def speech(self) -> str:
        """What the voice reads: each line ending in a stop, so it pauses between them."""
        said = [line.said if line.said[-1:] in ".!?:;" else line.said + "." for line in self.lines]
        return "\n\n".join(said)


def reading_time(minutes: float) -> str:
    """ "khoảng 3 phút", rounded up to the half minute ("dưới 1 phút" when shorter)."""
    if minutes < 1:
        return "dưới 1 phút"
    halves = math.ceil(minutes * 2) / 2
    shown = f"{halves:g}".replace(".", ",")
    return f"khoảng {shown} phút"


def has_script(article: Article, articles: list[Article]) -> bool:
    """Articles get a script; so do section pages that are content (the plan, the contacts)
    rather than lists of the section's articles. The home page and lists do not."""
    if not article.is_index:
        return True
    folder = article.folder
    if not folder or not sections.find(folder):
        return False
    return not any(a.folder.startswith(folder) and not a.is_index for a in articles)


def prepare(text: str, article: Article, root: Path, register, day: dt.date) -> str:
    """The article's Markdown body as readers see it: figures, markers, no infographic line."""
    where = f"docs/{article.src_path}"
    _, body, _ = split_text(text, where)
    body = facts_page.fill(body, register, day, article.src_path)
    # Markers of the data files become their text; the others (a calculator's form, the home
    # page's tiles) are page furniture, not something to read aloud.
    body = _OTHER_MARKER.sub(lambda m: m.group() if m.group() in markers.KNOWN else "", body)
    body = markers.fill(body, root, where)
    body = facts.render_text(body, register, day)
    return infographic_embed.replace(body, lambda name: "")


def build(article: Article, text: str, root: Path, station: Station, register, day) -> Script:
    """The read-out script of one article (its file's `text`)."""
    body = prepare(text, article, root, register, day)
    html = _markdown(body)
    walker = _Walker()
    walker.feed(html)
    walker.close()
    say = lambda written: spoken.say(written, station.glossary)  # noqa: E731
    title = nfc(article.title)
    section = share.section_of(article.src_path) or "Trang chủ"
    said_title = say(title)
    lines = [Line("formula", say(station.formula(station.opening, said_title, section)))]
    points = [facts.render_text(str(p), register, day) for p in article.meta.get("summary") or []]
    if points:
        lines.append(Line("heading", "Tóm tắt"))
        lines += [Line("text", say(_sentence(_plain(p)))) for p in points]
    for kind, written in walker.lines:
        if kind == "title":
            continue
        said = say(written)
        if said:
            lines.append(Line(kind, said))
    numbers = [str(s["number"]) for s in article.meta.get("sources") or [] if s.get("number")]
    if numbers:
        lines.append(Line("text", say("Căn cứ pháp lý: " + "; ".join(numbers) + ".")))
    lines.append(Line("formula", say(station.formula(station.closing, said_title, section))))
    unknown = _unknown(lines, text, f"docs/{article.src_path}")
    written = [w for kind, w in walker.lines if kind == "text"]
    captions = clip.captions_of([_plain(p) for p in points], written)
    shown = [f.name for f in infographic_embed.find(text) if f.name and not f.problem]
    return Script(
        article.src_path, title, article.url, section, tuple(lines), station.pace, unknown,
        tuple((c, say(c)) for c in captions), tuple(dict.fromkeys(shown)),
    )  # fmt: skip


def _unknown(lines: list[Line], source: str, where: str) -> tuple[Problem, ...]:
    """Abbreviations the glossary lacks, each at the first line of the article that has it."""
    found = []
    for word in dict.fromkeys(w for line in lines for w in spoken.unknown_abbreviations(line.said)):
        at = next((i for i, t in enumerate(source.split("\n"), 1) if word in t), 1)
        message = (
            f"chữ viết tắt '{word}' chưa có trong data/tu-viet-tat.yml: bản đọc trên loa để "
            f"nguyên; thêm một mục 'viet_tat: {word}' với cách đọc 'doc: …'"
        )
        found.append(Problem(where, at, "viet-tat-chua-co", message, "warning"))
    return tuple(found)


_converters = threading.local()


def _markdown(text: str) -> str:
    """HTML of Markdown, with one converter per thread reset between texts: making a new one
    took longer than converting a short summary point (3,000 of them in a build)."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = python_markdown.Markdown(extensions=EXTENSIONS)
    return converter.reset().convert(text)


def _plain(markdown_text: str) -> str:
    """Inline Markdown of a summary point as plain text."""
    walker = _Walker()
    walker.feed(_markdown(markdown_text))
    walker.close()
    return " ".join(text for _, text in walker.lines)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?:;" else text + "."


def _lower_first(text: str) -> str:
    """A column name inside a sentence: "Lương tối thiểu" → "lương tối thiểu" (not "BHXH")."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def table_sentences(rows: list[list[str]], header: list[str]) -> list[str]:
    """One sentence a row: "Vùng I: lương tối thiểu tháng 5.310.000 đồng/tháng."."""
    sentences = []
    for row in rows:
        cells = [c for c in row]
        if not any(cells):
            continue
        if header and len(header) >= len(cells):
            first = cells[0]
            if header[0] and not first.lower().startswith(header[0].lower()):
                first = f"{header[0]} {_lower_first(first)}".strip()
            rest = [
                f"{_lower_first(h)} {_lower_first(c)}".strip() if h else c
                for h, c in zip(header[1:], cells[1:], strict=False)
                if c
            ]
            sentence = f"{first}: {', '.join(rest)}" if rest else first
        else:
            sentence = ", ".join(c for c in cells if c)
        sentences.append(_sentence(sentence))
    return sentences


class _Walker(HTMLParser):
    """Collects the lines of a rendered page: ("title"|"heading"|"text", written text)."""

    BLOCKS = frozenset({"p", "li", "dt", "dd", "summary", "blockquote", "div"})
    SKIP = frozenset(
        {"pre", "script", "style", "svg", "figure", "sup", "button", "noscript", "template"}
    )

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[str, str]] = []
        self.buffer: list[str] = []
        self.kind = "text"
        self.skipping = 0
        self.lists: list[list] = []  # per open list: [ordered, count]
        self.prefix = ""  # "Lưu ý: " before the paragraph of a note
        self.table: list[list[str]] | None = None
        self.header: list[str] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.in_head = False
        self.ordinal = ""  # "Thứ nhất, " before an item of a numbered list

    def flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.buffer)).strip()
        self.buffer = []
        if not text:
            return
        if self.kind == "note-title":
            self.prefix = _sentence(text).rstrip(".") + ": "
            self.kind = "text"
            return
        if self.kind == "text":
            text = self.prefix + text
            self.prefix = ""
        if self.kind == "item":
            text = _sentence(self.ordinal + text)
            self.ordinal = ""
        self.lines.append((self.kind, text))
        self.kind = "text"

    def handle_starttag(self, tag, attrs):
        if self.skipping:
            self.skipping += tag in self.SKIP
            return
        if tag in self.SKIP:
            self.skipping = 1
            return
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table":
            self.flush()
            self.table, self.header = [], []
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            self.in_head = tag == "th"
        elif re.fullmatch(r"h[1-6]", tag):
            self.flush()
            self.kind = "title" if tag == "h1" else "heading"
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists.append([tag == "ol", 0])
        elif tag == "li":
            self.flush()
            self.kind = "item"
            if self.lists:
                self.lists[-1][1] += 1
                ordered, count = self.lists[-1]
                if ordered and count <= len(ORDINALS):
                    self.ordinal = f"Thứ {ORDINALS[count - 1]}, "
        elif tag in self.BLOCKS:
            # A list item's first paragraph (a loose list) is the item itself.
            if not (tag == "p" and self.kind == "item" and not "".join(self.buffer).strip()):
                self.flush()
            if "admonition-title" in classes:
                self.kind = "note-title"
        elif tag == "br":
            self.buffer.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag == "br" and not self.skipping:
            self.buffer.append(" ")

    def handle_endtag(self, tag):
        if self.skipping:
            self.skipping -= tag in self.SKIP
            return
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table is not None:
            if self.in_head and not self.table and not self.header:
                self.header = self.row
            else:
                self.table.append(self.row)
            self.row = None
            self.in_head = False
        elif tag == "table" and self.table is not None:
            for sentence in table_sentences(self.table, self.header):
                self.lines.append(("text", sentence))
            self.table = None
        elif re.fullmatch(r"h[1-6]", tag) or tag in self.BLOCKS or tag == "li":
            self.flush()
        elif tag in ("ul", "ol") and self.lists:
            self.flush()
            self.lists.pop()

    def handle_data(self, data):
        if self.skipping:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.buffer.append(data)
