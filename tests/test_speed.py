"""What makes the site light and the build fast, tested by behaviour (timings are in `make bench`):
Material's stylesheet cut to what the pages use, link cards drawn once per input."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import jinja2
from PIL import Image

from conftest import ROOT
from portal.infographics import PageInfo, Previews
from portal.infographics.cache import Cache
from portal.site import css_purge, excerpts
from portal.site.preview import TemplateCache

CSS = (
    ".md-typeset .admonition.note{color:red}"
    ".md-nav:not(.md-nav--unused){display:block}"
    ".unused-a,.md-nav{margin:0}"
    ".md-typeset :is(.unused-b,.md-nav) p{padding:0}"
    "@media print{.md-header{display:none}.unused-c{display:none}}"
    "@media screen{.unused-d{x:y}}"
    "@keyframes spin{0%{a:b}to{a:c}}"
    '[data-md-color-scheme=slate]{--md-hue:232}.md-icon:after{content:"}"}'
    "/*# sourceMappingURL=main.css.map*/"
)


def test_purge_drops_only_selectors_whose_classes_no_page_uses():
    used = {"md-typeset", "admonition", "note", "md-nav", "md-header", "md-icon"}
    assert css_purge.purge(CSS, used) == (
        ".md-typeset .admonition.note{color:red}"
        ".md-nav:not(.md-nav--unused){display:block}"
        ".md-nav{margin:0}"
        ".md-typeset :is(.unused-b,.md-nav) p{padding:0}"
        "@media print{.md-header{display:none}}"
        "@keyframes spin{0%{a:b}to{a:c}}"
        '[data-md-color-scheme=slate]{--md-hue:232}.md-icon:after{content:"}"}'
    )


def test_classes_come_from_pages_and_script_strings_but_not_absent_features(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        "<div class='md-typeset  md-content'><p class=x>…</p></div>", encoding="utf-8"
    )
    (tmp_path / "app.js").write_text(
        'el.classList.add("md-typeset__scrollwrap");var tabbedSet;x="highlight md-annotation"',
        encoding="utf-8",
    )
    used = css_purge.used_classes(tmp_path)
    assert {"md-typeset", "md-content", "x", "md-typeset__scrollwrap"} <= used
    # No page has a code block (`highlight`): its annotations are never drawn by the script.
    assert not {"highlight", "md-annotation", "tabbedSet"} & used


def test_built_pages_point_at_the_purged_stylesheets(built_site):
    folder = built_site / css_purge.STYLESHEETS
    names = sorted(p.name for p in folder.glob("*.css"))
    shapes = [re.sub(r"[0-9a-f]{8}", "H", n) for n in names]
    assert shapes == ["main.H.min.css", "palette.H.min.css"]
    main = next(folder.glob("main.*.min.css")).read_text(encoding="utf-8")
    # Rules for classes Material's script adds at run time, and the print stylesheet, stay.
    assert ".md-typeset__scrollwrap" in main and "@media print" in main
    assert ".md-annotation" not in main and "sourceMappingURL" not in main
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"]*assets/stylesheets/[^"]*)"', html):
            assert href.rsplit("/", 1)[1] in names, (page, href)


def _previews(folder, titles, background=True):
    previews = Previews(
        Cache(folder), "https://xa.invalid/", "Cổng thông tin", None, background=background
    )
    for n, title in enumerate(titles):
        previews.tags(PageInfo(f"phap-luat/bai-{n}/", title, "Mô tả", "Pháp luật", True))
    return previews


_EARLY_CARDS = """
import sys, threading
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from test_speed import _previews, PageInfo
tmp = Path(sys.argv[1])
titles = [f"Hợp đồng lao động số {n}" for n in range(12)]
early = _previews(tmp / "a", titles[:11])  # started as each page registers its card
early.background._order[0][1].result(timeout=60)  # the child has drawn one: the next
early.tags(PageInfo("phap-luat/bai-11/", titles[11], "Mô tả", "Pháp luật", True))
assert early.background.stored  # registration stored it in the cache, not in memory
report = early.publish(tmp / "site-a")
assert sorted(report.rendered) == sorted(f"card/phap-luat-bai-{n}" for n in range(12))
assert threading.active_count() == 1  # the child and its thread are gone
"""


def test_cards_drawn_while_pages_render_are_the_cards_drawn_at_the_end(tmp_path):
    # In a process of its own: the background child is only forked where no other thread
    # runs, and the test session runs servers.
    run = subprocess.run(
        [sys.executable, "-c", _EARLY_CARDS, str(tmp_path), str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    late = _previews(tmp_path / "b", [f"Hợp đồng lao động số {n}" for n in range(12)], False)
    assert len(late.publish(tmp_path / "site-b").rendered) == 12
    cards_a = sorted((tmp_path / "site-a" / "anh-chia-se").iterdir())
    cards_b = sorted((tmp_path / "site-b" / "anh-chia-se").iterdir())
    assert [p.name for p in cards_a] == [p.name for p in cards_b]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(cards_a, cards_b, strict=True))


def test_link_cards_are_drawn_in_processes_once_then_only_for_changed_pages(tmp_path):
    titles = ["Hợp đồng lao động", "Thử việc", "Nghỉ phép năm", "Làm thêm giờ"]
    first = _previews(tmp_path / "cache", titles).publish(tmp_path / "site1")
    assert len(first.rendered) == 4 and not first.failed
    cards = sorted(p.name for p in (tmp_path / "site1" / "anh-chia-se").iterdir())
    assert len(cards) == 4
    with Image.open(tmp_path / "site1" / "anh-chia-se" / cards[0]) as card:
        assert card.size == (1200, 630)

    again = _previews(tmp_path / "cache", titles).publish(tmp_path / "site2")
    assert again.rendered == [] and len(again.reused) == 4
    assert sorted(p.name for p in (tmp_path / "site2" / "anh-chia-se").iterdir()) == cards

    changed = _previews(tmp_path / "cache", ["Hợp đồng lao động mới", *titles[1:]])
    assert changed.publish(tmp_path / "site3").rendered == ["card/phap-luat-bai-0"]


def test_news_excerpts_keep_their_head_a_stand_in_and_definitions():
    post = (
        "# Tin\n\nĐoạn đầu có [luật][l] và BHXH.\n\n<!-- more -->\n\n## Phần sau\n\n"
        "Rất dài.\n\n[l]: ../phap-luat/\n*[BHXH]: Bảo hiểm xã hội\n"
    )
    assert excerpts.for_lists(post) == (
        "# Tin\n\nĐoạn đầu có [luật][l] và BHXH.\n\n<!-- more -->\n\n…\n\n"
        "[l]: ../phap-luat/\n\n*[BHXH]: Bảo hiểm xã hội\n"
    )
    assert excerpts.for_lists("# Tin\n\nChỉ một đoạn.\n") == "# Tin\n\nChỉ một đoạn.\n"
    nothing_after = "# Tin\n\nĐầu.\n<!-- more -->\n\n"
    assert excerpts.for_lists(nothing_after) == nothing_after


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_news_list_shows_each_excerpt_and_its_read_more_link(built_site):
    listed = (built_site / "tin-tuc" / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'md-post__content md-typeset">(.*?)</article>', listed, re.S)
    assert blocks
    for block in blocks:
        href = re.search(r'class="toclink" href="([^"]+)"', block).group(1)
        page = (built_site / "tin-tuc" / href / "index.html").read_text(encoding="utf-8")
        excerpt, more, _ = block.partition('<div class="md-post__action">')
        body = re.sub(r"<h2.*?</h2>", "", excerpt, count=1, flags=re.S)
        assert _text(body) and _text(body) in _text(page), href  # the post's own opening
        source = (ROOT / "docs" / "tin-tuc" / "bai-viet" / f"{href.strip('/')}.md").read_text()
        assert bool(more) == bool(source.partition("<!-- more -->")[2].strip()), href
        assert "…" not in _text(body)[-2:]  # the stand-in for the rest is never shown


def test_compiled_templates_are_reused_until_their_source_changes(tmp_path):
    (tmp_path / "page.html").write_text("Xin chào {{ name }}", encoding="utf-8")
    cache = TemplateCache()

    def render() -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), bytecode_cache=cache)
        return env.get_template("page.html").render(name="xã")

    assert render() == "Xin chào xã" and len(cache._compiled) == 1
    assert render() == "Xin chào xã"
    (tmp_path / "page.html").write_text("Chào {{ name }}", encoding="utf-8")
    assert render() == "Chào xã"


def test_blog_post_list_answers_in_as_the_plain_list_does():
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    from portal import mkdocs_plugin

    files = [File(f"tin-tuc/bai-viet/{n}.md", "docs", "site", True) for n in range(6)]
    posts = [Page(f"Tin {n}", files[n], {}) for n in range(4)]
    fast = mkdocs_plugin._Posts(posts)
    pages = [
        *posts,
        Page("Tin 0", files[0], {}),  # another object, equal to the first post
        Page("Tin khác", files[1], {}),  # the same file under another title: not equal
        Page("Tin 4", files[4], {}),
        Page("Tin 5", files[5], {}),
    ]
    assert [page in fast for page in pages] == [page in posts for page in pages]
    assert [page in fast for page in pages] == [True] * 5 + [False] * 3
    fast.append(pages[6])  # a list that grows is looked up afresh
    assert pages[6] in fast


def test_material_scripts_count_only_when_a_page_loads_them(tmp_path):
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "bundle.0123abcd.min.js").write_text(
        'x="md-clipboard md-tooltip--active"', encoding="utf-8"
    )
    page = tmp_path / "index.html"
    page.write_text('<p class="x"></p><script src="assets/theme.js" defer></script>', "utf-8")
    used = css_purge.used_classes(tmp_path)
    # The portal's own script's classes stay, Material's bundle is not read: no page loads it.
    assert {"x", "md-tooltip2--active", "md-header__title--active", "js"} <= used
    assert "md-tooltip--active" not in used
    page.write_text('<script src="assets/javascripts/bundle.0123abcd.min.js"></script>', "utf-8")
    assert "md-tooltip--active" in css_purge.used_classes(tmp_path)
