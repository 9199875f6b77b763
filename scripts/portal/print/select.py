"""What `portal in` is asked to print: articles named by address, and sections by folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portal import settings
from portal.content import articles as content
from portal.content import facts
from portal.content.plan import overview_infographic
from portal.content.sections import find
from portal.infographics import embed
from portal.infographics.cache import default_folder
from portal.infographics.library import Library
from portal.print import pdf
from portal.print.sheet import PrintError, Sources, contacts, printable, site_url
from portal.text import slugify, sort_key

KINDS = {"ap-phich": "áp phích", "to-roi": "tờ rơi", "trinh-chieu": "bài trình chiếu"}
DEFAULT_TITLE = "Pháp luật lao động cho công nhân"


def choose(articles: list[content.Article], names: list[str]) -> list[content.Article]:
    """The printable articles `names` designate, in the order given, each once.

    A name is an article's address with or without its section (`tuoi-nghi-huu`,
    `phap-luat/tuoi-nghi-huu`), its file (`docs/phap-luat/tuoi-nghi-huu.md`) or a section's
    folder (`chinh-sach/bao-hiem`: its articles in alphabetical order)."""
    chosen: dict[str, content.Article] = {}
    candidates = [a for a in articles if printable(a)]
    for name in names:
        for article in _one(candidates, name):
            chosen.setdefault(article.src_path, article)
    return list(chosen.values())


def _one(articles: list[content.Article], name: str) -> list[content.Article]:
    wanted = name.strip().removeprefix("docs/").removesuffix(".md").strip("/")
    exact = [a for a in articles if wanted in (a.url.strip("/"), a.src_path.removesuffix(".md"))]
    by_name = [a for a in articles if a.url.strip("/").rsplit("/", 1)[-1] == wanted]
    found = exact or by_name
    if len(found) == 1:
        return found
    if found:
        options = ", ".join(a.url.strip("/") for a in found)
        raise PrintError(
            f"'{name}' khớp với nhiều bài: {options}. Ghi rõ cả mục, ví dụ "
            f"{options.split(', ')[0]}."
        )
    folder = wanted.removesuffix("/index")
    in_section = [a for a in articles if a.folder == folder or a.folder.startswith(folder + "/")]
    if find(folder) and in_section:
        return sorted(in_section, key=lambda a: sort_key(a.title))
    raise PrintError(
        f"Không có bài hay mục '{name}'. Ghi tên bài như trong địa chỉ của nó (ví dụ "
        "tuoi-nghi-huu hoặc phap-luat/tuoi-nghi-huu), hoặc một mục (ví dụ chinh-sach/bao-hiem)."
    )


def default_title(names: list[str], chosen: list[content.Article]) -> str:
    """The section's name when one section is asked for, the article's when one article is."""
    if len(names) == 1:
        section = find(names[0].strip().removeprefix("docs/").strip("/"))
        if section:
            return section.title
    if len(chosen) == 1:
        return chosen[0].title
    return DEFAULT_TITLE


@dataclass
class Made:
    """One output of `portal in`: its file name, its PDF and what its making found."""

    name: str
    output: pdf.Output


def make(root: Path, kind: str, names: list[str], title: str = "", size: str = "a4") -> list[Made]:
    """The PDFs of `portal in KIND NAMES…`, made from the project as it stands today.

    Posters: one per article; a handout or a deck: one for all the articles together."""
    if kind not in KINDS:
        raise PrintError(f"Không có loại bản in '{kind}': chọn {', '.join(KINDS)}.")
    today = settings.today()
    everything = content.load(root / settings.DOCS)
    published = [a for a in everything if a.is_published(today)]
    chosen = choose(published, names)
    if not chosen:
        raise PrintError("Chưa chọn bài nào để in.")
    register = facts.read(root)
    if register.errors:
        raise PrintError("", register.errors)
    library = Library(
        root / settings.INFOGRAPHICS, default_folder(root), root, overview_infographic(root)
    )
    library.load()
    embedded = {
        found.name
        for article in chosen
        for found in embed.find((root / settings.DOCS / article.src_path).read_text("utf-8"))
        if found.name in library.specs
    }
    if embedded:  # only these, and only if stale; mistakes are the infographics' to report
        library.render(sorted(embedded))
    sources = Sources(root, published, register, today, site_url(root), library)
    sheets = [sources.sheet(a) for a in chosen]
    if kind == "ap-phich":
        return [Made(f"ap-phich-{s.slug}-{size}.pdf", pdf.poster(s, size)) for s in sheets]
    title = title or default_title(names, chosen)
    made = pdf.handout if kind == "to-roi" else pdf.deck
    return [Made(f"{kind}-{slugify(title)}.pdf", made(sheets, title, contacts(root)))]
