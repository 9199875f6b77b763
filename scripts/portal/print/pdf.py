"""Pages laid out from the templates of `overrides/print/` and written as PDF by WeasyPrint.

Each kind of output tries its layouts from the most generous (biggest type, biggest picture)
down to the densest that still fits its pages, so a long title or a long summary shrinks what
can shrink and never runs off the sheet; when even the densest does not fit, the output says
so in a warning instead of printing half a poster. The font is Be Vietnam Pro, embedded and
subset; resources load only from the disk (no address of another host is ever fetched).
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from portal import dates
from portal.content.local_facts import PENDING
from portal.infographics import fonts
from portal.print import qr
from portal.print.sheet import COMMUNE, PROGRAMME, Contact, Sheet

TEMPLATES = fonts.ROOT / "overrides" / "print"
# Changes whenever the layout code changes in a way the templates do not show (cache keys).
VERSION = "1"

# Page sizes: the poster's layout is the same on A3, every length scaled by √2.
POSTER_SIZES = {"a4": ("A4", 1.0), "a3": ("A3", 2**0.5)}
# Poster layouts, most generous first: summary type (pt), picture height (mm), figures listed,
# QR code (mm; 34 mm still scans from arm's length).
POSTER_LAYOUTS = (
    (24, 110, 4, 44),
    (22, 100, 4, 44),
    (20, 92, 4, 44),
    (18, 86, 4, 44),
    (18, 80, 3, 44),
    (18, 72, 2, 44),
    (18, 84, 1, 44),  # the infographic shows figures too: it goes before the table
    (18, 72, 0, 44),
    (22, 0, 4, 44),
    (20, 0, 4, 44),
    (18, 0, 4, 44),
    (18, 0, 3, 44),
    (18, 0, 2, 44),
    (18, 0, 1, 40),
    (18, 0, 0, 40),  # the summary states the figures too; their validity is then on the page
    (18, 0, 0, 34),
)
# Handout layouts: body type (pt) and Q&A excerpts per article.
HANDOUT_LAYOUTS = ((11.5, 2), (11, 2), (11, 1), (10.5, 1), (10.5, 0), (10, 0))
HANDOUT_PAGES = 2  # one sheet, both sides
DECK_FIGURES = 4  # figures per slide
DECK_POINT_SIZES = ((120, 34), (220, 30), (340, 26), (10**6, 22))  # (characters up to, pt)


@dataclass
class Output:
    """A PDF and what its making found: its pages and any warning for the editor."""

    data: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)


def _font_faces() -> str:
    weights = {"regular": 400, "semibold": 600, "bold": 700, "extrabold": 800}
    rules = []
    for name, weight in weights.items():
        url = fonts.path(name).resolve().as_uri()
        rules.append(
            f"@font-face {{ font-family: 'Be Vietnam Pro'; src: url('{url}'); "
            f"font-weight: {weight}; font-style: normal; }}"
        )
    return "\n".join(rules)


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["short_date"] = dates.short
    env.filters["uri"] = lambda path: Path(path).resolve().as_uri()
    env.globals["qr"] = lambda url: Markup(qr.svg(url))
    env.globals["short"] = _short
    return env


LONG_NAME = 26


def _short(address: str) -> Markup:
    """An address that breaks only after a '/', never at a hyphen inside a name."""
    parts = []
    for part in address.split("/"):
        text = str(html.escape(part))
        if len(part) > LONG_NAME:  # too long for a line of its own: may break after a hyphen
            parts.append(f'<span class="long">{text.replace("-", "-<wbr>")}</span>')
        else:
            parts.append(f"<span>{text}</span>")
    return Markup("/<wbr>".join(parts))


@cache
def templates_digest() -> str:
    """Hash of every template file and of this package's code (layouts, texts), for keys."""
    digest = hashlib.sha256()
    code = sorted(Path(__file__).parent.glob("*.py"))
    for path in [*sorted(TEMPLATES.glob("*")), *code]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def key(kind: str, payload: object) -> str:
    """Cache key of an output: what it shows, the templates, the font and the renderers."""
    import segno
    import weasyprint

    parts = (
        kind,
        repr(payload),
        templates_digest(),
        fonts.fingerprint(),
        VERSION,
        weasyprint.__version__,
        segno.__version__,
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _document(template: str, **context):
    from weasyprint import HTML, URLFetcher  # loaded on first use: the site build may not print

    page = (
        _environment()
        .get_template(template)
        .render(
            font_faces=Markup(_font_faces()),
            commune=COMMUNE,
            programme=PROGRAMME,
            pending=PENDING,
            **context,
        )
    )
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    return HTML(string=page, base_url=str(TEMPLATES) + "/", url_fetcher=fetcher).render()


def _fit(layouts: tuple, make: Callable, fits: Callable[[int], bool]):
    """The first layout (most generous) whose document fits, by bisection: each layout is
    denser than the one before, so fitting is monotone. (document, fitted)."""
    low, high, best = 0, len(layouts) - 1, None
    while low <= high:
        middle = (low + high) // 2
        document = make(layouts[middle])
        if fits(len(document.pages)):
            best, high = document, middle - 1
        else:
            low = middle + 1
    if best is not None:
        return best, True
    densest = make(layouts[-1])  # the smallest in every way: if it does not fit, none does
    if not fits(len(densest.pages)):
        return densest, False
    for layout in layouts:  # denser is not always smaller (a picture dropped, more figures)
        document = make(layout)
        if fits(len(document.pages)):
            return document, True
    return document, False


def poster(sheet: Sheet, size: str = "a4") -> Output:
    """The bulletin-board poster of one article, one page of A4 (or A3)."""
    page_size, scale = POSTER_SIZES[size]
    picture = sheet.pictures[0] if sheet.pictures else None

    def make(layout):
        points_pt, picture_mm, figures, qr_mm = layout
        return _document(
            "poster.html",
            sheet=sheet,
            page_size=page_size,
            scale=scale,
            points_pt=points_pt,
            picture=picture if picture_mm else None,
            picture_mm=picture_mm,
            figures=sheet.figures[:figures],
            qr_mm=qr_mm,
        )

    document, fitted = _fit(POSTER_LAYOUTS, make, lambda pages: pages == 1)
    warnings = []
    if not fitted:
        warnings.append(
            f"áp phích của bài '{sheet.title}' không vừa một trang {page_size} dù đã thu chữ và "
            f"bỏ ảnh ({len(document.pages)} trang): rút gọn tiêu đề hoặc các ý 'summary'."
        )
    return Output(document.write_pdf(), len(document.pages), warnings)


def handout(sheets: list[Sheet], title: str, contacts: tuple[Contact, ...]) -> Output:
    """The handout of a list of articles: one A4 sheet, both sides."""
    as_of = max(s.as_of for s in sheets)

    def make(layout):
        body_pt, excerpts = layout
        return _document(
            "handout.html",
            sheets=sheets,
            title=title,
            contacts=contacts,
            as_of=as_of,
            body_pt=body_pt,
            excerpts=excerpts,
            sources=_all_sources(sheets),
        )

    document, fitted = _fit(HANDOUT_LAYOUTS, make, lambda pages: pages <= HANDOUT_PAGES)
    warnings = []
    if not fitted:
        warnings.append(
            f"tờ rơi '{title}' dài {len(document.pages)} trang, quá {HANDOUT_PAGES} mặt một tờ "
            "A4: chọn ít bài hơn, hoặc in thành nhiều tờ."
        )
    return Output(document.write_pdf(), len(document.pages), warnings)


def deck_slides(sheets: list[Sheet], contacts: tuple[Contact, ...]) -> list[dict]:
    """The slides of a deck, in order: what each shows (the template draws them)."""
    slides: list[dict] = [{"kind": "cover"}]
    for sheet in sheets:
        slides.append({"kind": "article", "sheet": sheet})
        for number, point in enumerate(sheet.points, start=1):
            length = len(html.unescape(point))
            size = next(pt for limit, pt in DECK_POINT_SIZES if length <= limit)
            slides.append(
                {"kind": "point", "sheet": sheet, "point": point, "number": number, "pt": size}
            )
        for picture in sheet.pictures:
            slides.append({"kind": "picture", "sheet": sheet, "picture": picture})
        for start in range(0, len(sheet.figures), DECK_FIGURES):
            chunk = sheet.figures[start : start + DECK_FIGURES]
            slides.append({"kind": "figures", "sheet": sheet, "figures": chunk})
    slides.append({"kind": "closing", "contacts": contacts})
    return slides


def deck(sheets: list[Sheet], title: str, contacts: tuple[Contact, ...]) -> Output:
    """The conference deck of a list of articles: 16:9 slides, one key point each."""
    slides = deck_slides(sheets, contacts)
    as_of = max(s.as_of for s in sheets)
    document = _document(
        "deck.html", slides=slides, sheets=sheets, title=title, as_of=as_of, contacts=contacts
    )
    warnings = []
    if len(document.pages) != len(slides):
        warnings.append(
            f"bài trình chiếu '{title}' có một trang chiếu tràn chữ ({len(document.pages)} trang "
            f"cho {len(slides)} trang chiếu): rút gọn ý 'summary' dài nhất."
        )
    return Output(document.write_pdf(), len(document.pages), warnings)


def _all_sources(sheets: list[Sheet]) -> list[tuple[str, str]]:
    seen, listed = set(), []
    for sheet in sheets:
        for number, name in sheet.sources:
            if number not in seen:
                seen.add(number)
                listed.append((number, name))
    return listed
