"""Titles, descriptions and tags are printed as text on every page, never as HTML.

MkDocs renders templates without autoescaping and Material prints front matter as it is, so
the portal's overrides add `| e` (overrides/main.html, partials/, fragments/). The front matter
schema refuses markup characters; this is the second line of defence, tested with characters
the schema accepts (`"`, `&`, `;`), and with `<` `>` by rendering the partials themselves.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.theme import Theme
from test_content_security import build, small_project

from conftest import ROOT

# Typed by an editor: a quote that would cut an attribute short, and entity text that must
# show as typed ("&lt;b&gt;"), not turn into a tag.
NEWS_TITLE = 'Tin "nóng" &lt;b&gt; &amp; mới'
SECTION_TITLE = 'Hỏi "đáp" &lt;i&gt; & trả lời'
ARTICLE_TITLE = 'Bài "thưởng" &lt;u&gt; & lương'
DESCRIPTION = 'Mô tả có "ngoặc kép" &lt;s&gt; & dấu và'
TAG = 'an toàn & "vệ sinh" &lt;q&gt;'
SITE = "Cổng thông tin pháp luật lao động xã Trần Phú"
# What the browser would show had a field been printed as HTML.
LEAKS = ("<b>", "<i>", "<u>", "<s>", "<q>", "& mới")


def _front(title: str, extra: str = "") -> str:
    return f"---\ntitle: '{title}'\ndescription: '{DESCRIPTION}'\n{extra}---\n\n"


class _Page(HTMLParser):
    """The text nodes, attribute values, <title> and meta description of a page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.attributes: list[str] = []
        self.title = ""
        self.description = None
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.attributes += [v for v in values.values() if v]
        self._in_title = tag == "title"
        if tag == "meta" and values.get("name") == "description":
            self.description = values.get("content")

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if data.strip():
            self.texts.append(" ".join(data.split()))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = small_project(
        tmp_path_factory.mktemp("escaping") / "p",
        {
            "hoi-dap/index.md": _front(SECTION_TITLE, f"tags:\n  - '{TAG}'\n") + "Chữ.\n",
            "hoi-dap/bai.md": _front(ARTICLE_TITLE, f"tags:\n  - '{TAG}'\n") + "Không có # .\n",
            "tin-tuc/bai-viet/tin-mot.md": _front(
                NEWS_TITLE,
                f"date: 2026-01-01\ncategories:\n  - Cảnh giác\ntags:\n  - '{TAG}'\n",
            )
            + "Tin không có tiêu đề cấp 1.\n",
        },
    )
    with (project / "data" / "tags.yml").open("a", encoding="utf-8") as tags:
        tags.write(f"- '{TAG}'\n")
    assert build(project) == []
    return project / "site"


def _page(site: Path, rel: str) -> _Page:
    return _Page((site / rel).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("rel", "title", "described"),
    [
        ("index.html", f"Trang chủ - {SITE}", False),
        ("hoi-dap/index.html", f"{SECTION_TITLE} - {SITE}", True),
        ("hoi-dap/bai/index.html", f"{ARTICLE_TITLE} - {SITE}", True),
        ("tin-tuc/tin-mot/index.html", f"{NEWS_TITLE} - {SITE}", True),
        ("tin-tuc/index.html", f"Tin tức - {SITE}", False),
        ("tin-tuc/chu-de/index.html", None, False),
    ],
)
def test_every_page_prints_front_matter_as_text(site, rel, title, described):
    page = _page(site, rel)
    if title:
        assert page.title.strip() == title
    if described:
        assert page.description == DESCRIPTION  # a '"' would have cut it at "Mô tả có "
    # The section's title is in the menu tabs of every page.
    assert SECTION_TITLE in page.texts
    for leak in LEAKS:
        assert not any(leak in text for text in page.texts + page.attributes), (rel, leak)


def test_titles_and_tags_in_their_places(site):
    article = _page(site, "hoi-dap/bai/index.html")
    assert article.texts.count(ARTICLE_TITLE) >= 2  # the header and the <h1> of a page with none
    assert TAG in article.texts
    news = _page(site, "tin-tuc/tin-mot/index.html")
    assert news.texts.count(NEWS_TITLE) >= 2 and TAG in news.texts
    blog = _page(site, "tin-tuc/index.html")
    assert NEWS_TITLE in blog.texts  # the excerpt's heading, written by Material's blog
    tags = _page(site, "tin-tuc/chu-de/index.html")
    assert tags.texts.count(TAG) >= 2  # its heading and its entry in the table of contents
    assert {NEWS_TITLE, ARTICLE_TITLE} <= set(tags.texts)


def test_search_index_holds_titles_as_text(site):
    pages = [json.loads(p.read_text("utf-8")) for p in (site / "tim-kiem").rglob("trang/*.json")]
    assert {NEWS_TITLE, ARTICLE_TITLE} <= {page["t"] for page in pages}
    # The results are drawn with textContent, never parsed as HTML.
    script = (ROOT / "docs" / "assets" / "search.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script


# -- the partials themselves, with the characters the schema refuses -----------------------

MARKUP = '</title><meta http-equiv="refresh" content="3;url=https://x.invalid"> & "'
ESCAPED = (
    "&lt;/title&gt;&lt;meta http-equiv=&#34;refresh&#34; content=&#34;3;url=https://x.invalid"
    "&#34;&gt; &amp; &#34;"
)


@pytest.fixture(scope="module")
def env():
    theme = Theme(name="material", custom_dir=str(ROOT / "overrides"), language="vi")
    environment = theme.get_env()
    environment.filters["url"] = lambda value: value
    return environment


def _render(env, template: str, **context) -> str:
    defaults = {"config": SimpleNamespace(extra={}, theme={"icon": {}}), "features": []}
    return env.get_template(template).render(**{**defaults, **context})


def test_partials_escape_tag_names_and_titles(env):
    tag = SimpleNamespace(name=MARKUP, url="u/", hidden=False)
    page = SimpleNamespace(meta={})
    assert ESCAPED in _render(env, "partials/tags.html", tags=[tag], page=page)
    assert ESCAPED in _render(env, "fragments/tags/default/tag.html", tag=tag)
    item = SimpleNamespace(title=MARKUP, url="u/")
    rendered = env.get_template("fragments/tags/default/listing.html").render(
        listing=_Listing(mappings=[SimpleNamespace(item=item)])
    )
    assert ESCAPED in rendered and MARKUP not in rendered


def test_content_partial_escapes_the_title_it_adds(env):
    page = SimpleNamespace(title=MARKUP, content="<p>Chữ.</p>", meta={}, edit_url=None)
    rendered = _render(env, "partials/content.html", page=page, tags=[])
    assert f"<h1>{ESCAPED}</h1>" in rendered


class _Listing(list):
    def __init__(self, mappings):
        super().__init__()
        self.content = ""
        self.mappings = mappings
