"""What the search reads of a built page: its article's text, headings, title and description.

Reads the HTML MkDocs wrote (so the search sees exactly what readers see, including what
plugins added) and keeps the article only: menus, header and footer are the same on every page.
Text hidden from view (`hidden`, `<details>`) counts, and so does the alt text of images, so an
infographic is found by the words that describe it. Left out: permalink signs "¶", the print
button, and lists of other articles (each article is a result of its own).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from portal.text import nfc

# Elements (by class or id) whose text is never a search hit.
IGNORED_CLASSES = frozenset(
    {
        "headerlink",
        "portal-print",
        "portal-print-source",
        "portal-list",
        "md-post--excerpt",
        "md-source-file",
        "portal-question-link",
    }
)
IGNORED_IDS = frozenset({"bai-viet-trong-muc"})
# The article's tags (Material's tag list above the title): words for ranking, not for snippets.
KEYWORD_CLASS = "md-tags"
IGNORED_TAGS = frozenset({"script", "style", "template", "noscript", "button"})
BLOCK_TAGS = frozenset((
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "td", "th",
    "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr", "section", "article", "figure", "figcaption",
    "details", "summary", "blockquote", "pre", "header", "footer", "nav", "aside",
))  # fmt: skip
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
VOID_TAGS = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
))  # fmt: skip
_SPACE = re.compile(r"\s+")
_END = re.compile(r"[.!?:;…]$")
_ARTICLE = re.compile(r'<article\b[^>]*\bclass="[^"]*\bmd-content__inner\b')
_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')


@dataclass
class Heading:
    offset: int  # where the heading starts in PageText.text
    anchor: str
    text: str
    level: int


@dataclass
class PageText:
    title: str = ""
    description: str = ""
    keywords: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)  # paragraphs, cells, headings, alt texts
    headings: list[Heading] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.blocks)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageText()
        self.found_article = False
        self._stack: list[tuple[str, bool]] = []  # open elements: (tag, ignored)
        self._ignoring = 0  # how many open elements are ignored
        self._in_article = 0  # depth of the article element in the stack, 0 if outside
        self._block: list[str] = []
        self._heading: tuple[str, int, str, list[str]] | None = None  # tag, level, id, text
        self._heading_offset = 0
        self._keywords = 0  # depth of the open tag list, 0 outside it
        self._length = 0  # length of PageText.text so far

    # -- helpers --
    def _ignored(self) -> bool:
        return self._ignoring > 0

    def _flush(self) -> None:
        block = _SPACE.sub(" ", "".join(self._block)).strip()
        self._block = []
        if block:
            # A full stop between blocks, so a snippet running over a heading or a table cell
            # still reads as separate sentences.
            self.page.blocks.append(block if _END.search(block) else block + ".")
            self._length += len(self.page.blocks[-1]) + 1

    def _offset(self) -> int:
        return self._length

    # -- parser events --
    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("name") == "description":
            self.page.description = nfc(attributes.get("content") or "").strip()
        if tag == "article" and not self.found_article:
            classes = (attributes.get("class") or "").split()
            if "md-content__inner" in classes:
                self.found_article = True
                self._stack.append((tag, False))
                self._in_article = len(self._stack)
                return
        if tag in VOID_TAGS:
            self._void(tag, attributes)
            return
        classes = set((attributes.get("class") or "").split())
        ignored = (
            tag in IGNORED_TAGS
            or bool(classes & IGNORED_CLASSES)
            or attributes.get("id") in IGNORED_IDS
        )
        if self._in_article and KEYWORD_CLASS in classes and not self._ignored():
            self._keywords = len(self._stack) + 1
        self._stack.append((tag, ignored))
        self._ignoring += ignored
        if not self._in_article or self._ignored():
            return
        if tag in BLOCK_TAGS:
            self._flush()
        if tag in HEADINGS and self._heading is None:
            self._heading = (tag, int(tag[1]), attributes.get("id") or "", [])
            self._heading_offset = self._offset()

    def _void(self, tag, attributes):
        if not self._in_article or self._ignored():
            return
        if tag in BLOCK_TAGS:
            self._flush()
        elif tag == "img" and attributes.get("alt"):
            self._flush()
            self._block.append(attributes["alt"])
            self._flush()

    def handle_startendtag(self, tag, attrs):
        if tag in VOID_TAGS:
            self._void(tag, dict(attrs))
        else:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID_TAGS or all(open_tag != tag for open_tag, _ in self._stack):
            return  # a stray end tag: nothing to close
        while True:  # close what the page left open inside this element (<p>, <li>)
            open_tag, ignored = self._stack.pop()
            self._ignoring -= ignored
            if open_tag == tag:
                break
        if self._keywords and len(self._stack) < self._keywords:
            self._keywords = 0
        if self._in_article and len(self._stack) < self._in_article:
            self._flush()  # the article itself closed
            self._in_article = 0
            return
        if not self._in_article or ignored or self._ignored():
            return
        if self._heading and tag == self._heading[0]:
            _, level, anchor, parts = self._heading
            text = _SPACE.sub(" ", "".join(parts)).strip()
            if level == 1 and not self.page.title:
                self.page.title = text
            if anchor and text:
                self.page.headings.append(Heading(self._heading_offset, anchor, text, level))
            self._heading = None
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        if not self._in_article or self._ignored():
            return
        if self._keywords:
            if data.strip():
                self.page.keywords.append(_SPACE.sub(" ", data).strip())
            return
        self._block.append(data)
        if self._heading:
            self._heading[3].append(data)


def read(page_html: str) -> PageText | None:
    """The searchable text of a built page, or None if it has no article (not a content page)."""
    page_html = nfc(page_html)
    start = _ARTICLE.search(page_html)
    if not start:
        return None
    reader = _Reader()
    # Only the article and what follows are parsed (header, menu and sidebars come before it:
    # most of the page, and never indexed); the description is read from the head directly.
    description = _DESCRIPTION.search(page_html, 0, start.start())
    reader.feed(page_html[start.start() :])
    reader.close()
    reader._flush()
    if description:
        reader.page.description = html.unescape(description[1]).strip()
    return reader.page


def is_question(heading: Heading) -> bool:
    """A question of a Q&A page: a second-level heading that ends with a question mark."""
    return heading.level == 2 and heading.text.rstrip().endswith("?")


def split_questions(page: PageText) -> tuple[PageText, list[PageText]]:
    """The page without its questions, and each question with its answer as a text of its own
    (title: the question; first heading: the question's anchor, at level 1).

    A question's part runs from its heading to the next heading of level 2 or 1; the rest (the
    introduction, a "Căn cứ pháp lý" part) stays with the page.
    """
    starts, offset = [], 0
    for block in page.blocks:
        starts.append(offset)
        offset += len(block) + 1
    block_of = {start: number for number, start in enumerate(starts)}
    owner = [-1] * len(page.blocks)  # the question each block belongs to, -1 for the page
    current = -1
    marks: dict[int, Heading] = {}
    for heading in page.headings:
        if heading.offset in block_of:
            marks[block_of[heading.offset]] = heading
    questions = []
    for number in range(len(page.blocks)):
        heading = marks.get(number)
        if heading is not None and heading.level <= 2:
            current = len(questions) if is_question(heading) else -1
            if current >= 0:
                questions.append(heading)
        owner[number] = current
    if not questions:
        return page, []

    def part(numbers: list[int], title: str, first: Heading | None) -> PageText:
        text = PageText(title=title)
        length = 0
        for number in numbers:
            heading = marks.get(number)
            if heading is not None:
                level = 1 if heading is first else heading.level
                text.headings.append(Heading(length, heading.anchor, heading.text, level))
            text.blocks.append(page.blocks[number])
            length += len(page.blocks[number]) + 1
        return text

    rest = part([n for n in range(len(page.blocks)) if owner[n] < 0], page.title, None)
    rest.description, rest.keywords = page.description, page.keywords
    parts = [
        part([n for n in range(len(page.blocks)) if owner[n] == q], question.text, question)
        for q, question in enumerate(questions)
    ]
    return rest, parts
