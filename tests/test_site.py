"""The built site, read as files: URLs, anchors, metadata, feeds, language and size."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import yaml

from conftest import ROOT, copy_project, run_portal
from portal.bench import corpus

SECTIONS = ["tin-tuc", "phap-luat", "chinh-sach", "hoi-dap", "ke-hoach", "lien-he"]
POLICY = ["tien-luong", "bao-hiem", "viec-lam", "nha-o", "phuc-loi", "dao-tao-nghe"]

# Strings Material's interface shows in English, even with `language: vi`.
ENGLISH_LEFTOVERS = [
    "Initializing search",
    "Made with",
    "Material for MkDocs",
    "RSS feed",
    "Metadata",
    "Contributors",
    "Permanent link",
    "Back to top",
    "Skip to content",
    ">Tabs<",
]


class _Page(HTMLParser):
    """Collects the tags of one page that the tests look at."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content", "")
        elif tag == "link":
            self.links.append(attrs)
            if attrs.get("rel") in ("stylesheet", "icon", "preload", "modulepreload"):
                self.resources.append(attrs.get("href", ""))
        elif tag in ("script", "img", "iframe", "source", "video", "audio") and attrs.get("src"):
            self.resources.append(attrs["src"])


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_section_has_its_ascii_url(built_site):
    assert (built_site / "index.html").is_file()
    for section in SECTIONS:
        assert (built_site / section / "index.html").is_file(), section
    for area in POLICY:
        assert (built_site / "chinh-sach" / area / "index.html").is_file(), area
    for path in built_site.rglob("*"):
        assert path.relative_to(built_site).as_posix().isascii(), path


def test_news_posts_live_under_tin_tuc_with_their_file_name(built_site):
    posts = sorted((ROOT / "docs" / "tin-tuc" / "bai-viet").glob("*.md"))
    assert posts, "the site has news posts"
    for post in posts:
        assert (built_site / "tin-tuc" / post.stem / "index.html").is_file(), post.name


def test_section_intro_pages_are_real_content():
    for index in [ROOT / "docs" / s / "index.md" for s in SECTIONS] + [
        ROOT / "docs" / "chinh-sach" / a / "index.md" for a in POLICY
    ]:
        text = index.read_text(encoding="utf-8")
        words = len(re.findall(r"\w+", text))
        assert words >= 40, f"{index} has only {words} words"
        lowered = text.lower()
        for filler in ("lorem", "coming soon", "sắp có", "đang cập nhật", "todo"):
            assert filler not in lowered, f"{index}: {filler}"


def test_every_page_has_language_description_and_canonical(built_site):
    site_url = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["site_url"]
    for path in html_pages(built_site):
        page = parse(path)
        where = path.relative_to(built_site)
        assert page.lang == "vi", where
        assert page.meta.get("description", "").strip(), f"{where}: no meta description"
        if path.name == "404.html":
            continue
        canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
        assert canonical and canonical[0].startswith(site_url), where


def test_no_english_left_in_the_interface(built_site):
    for path in html_pages(built_site):
        text = path.read_text(encoding="utf-8")
        for phrase in ENGLISH_LEFTOVERS:
            assert phrase not in text, f"{path.relative_to(built_site)}: {phrase!r}"


def test_no_resource_from_another_host(built_site):
    for path in html_pages(built_site):
        page = parse(path)
        for url in page.resources:
            assert not urlparse(url).netloc and not url.startswith("//"), (path, url)
        text = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
    for css in built_site.rglob("*.css"):
        for url in re.findall(r"url\(([^)]+)\)", css.read_text(encoding="utf-8")):
            url = url.strip("'\"")
            assert url.startswith(("data:", "#")) or not urlparse(url).netloc, (css, url)


def test_heading_anchors_are_ascii_with_d(built_site, tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs" / "hoi-dap" / "muc-dong-bao-hiem.md").write_text(
        "---\ntitle: Mức đóng bảo hiểm\ndescription: Thử neo tiêu đề.\n---\n\n"
        "# Mức đóng bảo hiểm\n\n## Mức đóng\n\nNội dung.\n\n## Đoàn phí công đoàn\n\nNội dung.\n",
        encoding="utf-8",
    )
    assert run_portal("build", cwd=project).returncode == 0
    page = parse(project / "site" / "hoi-dap" / "muc-dong-bao-hiem" / "index.html")
    assert {"muc-dong", "doan-phi-cong-doan"} <= page.ids


def test_sitemap_lists_every_page(built_site):
    sitemap = ET.parse(built_site / "sitemap.xml").getroot()
    locations = {
        loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    assert any(loc.endswith("/phap-luat/") for loc in locations)
    assert any(loc.endswith("/chinh-sach/tien-luong/") for loc in locations)


def test_news_feed_is_valid_and_linked(built_site):
    feed = ET.parse(built_site / "tin-tuc" / "rss.xml").getroot()
    items = feed.find("channel").findall("item")
    posts = list((ROOT / "docs" / "tin-tuc" / "bai-viet").glob("*.md"))
    assert len(items) == len(posts)
    home = parse(built_site / "index.html")
    feeds = [link for link in home.links if link.get("type") == "application/rss+xml"]
    assert "alternate" in feeds[0]["rel"].split()
    assert (
        feeds
        and (built_site / "index.html").parent.joinpath(feeds[0]["href"]).resolve()
        == (built_site / "tin-tuc" / "rss.xml").resolve()
    )


def test_news_dates_are_vietnamese(built_site):
    post = next((ROOT / "docs" / "tin-tuc" / "bai-viet").glob("*.md"))
    text = (built_site / "tin-tuc" / post.stem / "index.html").read_text(encoding="utf-8")
    assert re.search(r"\d{1,2} tháng \d{1,2}, \d{4}", text), "date like '1 tháng 1, 2026'"
    assert (built_site / "tin-tuc" / "luu-tru").is_dir()
    assert (built_site / "tin-tuc" / "chuyen-muc").is_dir()


def test_articles_have_a_print_action_and_the_home_and_section_pages_do_not(built_site):
    from portal.content.articles import url_for

    for path in sorted((ROOT / "docs").rglob("*.md")):
        rel = path.relative_to(ROOT / "docs").as_posix()
        text = (built_site / url_for(rel) / "index.html").read_text(encoding="utf-8")
        assert ("data-portal-print" in text) == (path.name != "index.md"), rel


def _article_html_size(project: Path, count: int) -> int:
    """Build the site with `count` generated articles; size of the first phap-luat article."""
    corpus.generate(project / "docs", count=count, source_docs_dir=None)
    result = run_portal("build", cwd=project)
    assert result.returncode == 0, result.stderr
    first = min(
        p for p in (project / "docs" / "phap-luat").glob("*.md")
        if corpus.MARKER in p.read_text(encoding="utf-8")
    )  # fmt: skip
    return (project / "site" / "phap-luat" / first.stem / "index.html").stat().st_size


def test_article_pages_do_not_grow_with_the_number_of_articles(tmp_path):
    few = _article_html_size(copy_project(tmp_path / "few"), 10)
    many = _article_html_size(copy_project(tmp_path / "many"), 300)
    # Material's full menu would add a link per article (tens of kilobytes at 300 articles).
    # The news archive grows by a menu entry per year, so allow a little slack for that.
    assert abs(many - few) < 1000, (few, many)


def test_every_anchor_and_link_is_ascii(built_site):
    """Heading, tag and menu anchors survive being pasted into Zalo: no Vietnamese letters."""
    for path in html_pages(built_site):
        page = parse(path)
        where = path.relative_to(built_site)
        for anchor in page.ids:
            assert anchor.isascii(), f"{where}: id {anchor!r}"
        for link in re.findall(r'href="([^"]*)"', path.read_text(encoding="utf-8")):
            assert link.isascii(), f"{where}: {link!r}"


def test_tags_page_lists_tags_in_vietnamese_order(built_site):
    page = (built_site / "tin-tuc" / "chu-de" / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'id="tag:([a-z0-9-]+)"', page)
    assert "tien-luong" in found and "cong-doan" in found
    assert found.index("cong-doan") < found.index("dao-tao-nghe") < found.index("tien-luong")


def test_front_matter_parts_are_rendered_and_mistakes_stop_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    article = project / "docs" / "phap-luat" / "thu-viec.md"
    article.write_text(
        "---\ntitle: Thử việc\ndescription: Thời gian thử việc tối đa.\n"
        "summary:\n  - Tối đa 180 ngày với người quản lý doanh nghiệp.\n"
        "  - Tối đa 6 ngày làm việc với công việc khác.\n"
        "sources:\n  - number: 45/2019/QH14\n    name: Bộ luật Lao động\n"
        "    date: 2019-11-20\n    url: https://example.invalid/bo-luat\n"
        "checked: 2026-11-23\n---\n\n# Thử việc\n\nĐiều 25 quy định thời gian thử việc.\n",
        encoding="utf-8",
    )
    assert run_portal("build", cwd=project).returncode == 0
    html = (project / "site" / "phap-luat" / "thu-viec" / "index.html").read_text("utf-8")
    assert "Tóm tắt" in html and "Tối đa 180 ngày" in html
    assert 'id="can-cu-phap-ly"' in html and "ngày 20/11/2019" in html
    assert "Số liệu được kiểm tra lần cuối ngày 23/11/2026." in html

    article.write_text(article.read_text("utf-8").replace("checked: 2026-11-23\n", ""), "utf-8")
    result = run_portal("build", cwd=project)
    assert result.returncode == 1
    assert "docs/phap-luat/thu-viec.md:1: lỗi: thiếu 'checked'" in result.stderr
