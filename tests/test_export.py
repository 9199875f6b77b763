"""`portal export`: article bundles for the province's CMS, unzipped and checked."""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import copy_project, run_portal
from portal.content import articles as content

NEWS = "luong-toi-thieu-vung-2026"
PICTURE = "anh-minh-hoa"
SITE_URL = "https://tran-phu.dia-chi-tam.invalid/"
RAW_PICTURE = (
    '<picture><source srcset><source srcset="../khong-co.webp 2x" type="image/webp">'
    '<source srcset="../khong-co.png 1x, ../so-do.png 2x">'
    '<img src="../so-do.png" alt="Sơ đồ, bản HTML"></picture>'
)
# What may appear in a fragment: text-level and structural HTML, nothing interactive.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "s", "small", "source",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul",
}  # fmt: skip


def _png() -> bytes:
    """A 1×1 PNG, enough for an image the build and the export must carry."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xc0\x40\x20"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The project plus an article with a picture, built once; one page also gets an og:image."""
    project = copy_project(tmp_path_factory.mktemp("export") / "project")
    (project / "docs" / "hoi-dap" / "so-do.png").write_bytes(_png())
    (project / "docs" / "hoi-dap" / f"{PICTURE}.md").write_text(
        "---\ntitle: Sơ đồ hỏi đáp\ndescription: Bài thử có ảnh minh họa.\n---\n\n"
        "# Sơ đồ hỏi đáp\n\nXem sơ đồ dưới đây.\n\n![Sơ đồ các bước](so-do.png)\n\n"
        # Raw HTML an editor may paste: a <source> without a value, one naming a missing image.
        f"{RAW_PICTURE}\n\n"
        '!!! warning "Lưu ý"\n    Hỏi [công đoàn](../lien-he/index.md) trước.\n',
        encoding="utf-8",
    )
    result = run_portal("build", cwd=project)
    assert result.returncode == 0, result.stderr
    # The link-preview image is another piece of work; stand in for it on one page.
    page = project / "site" / "hoi-dap" / PICTURE / "index.html"
    preview = project / "site" / "assets" / "xem-truoc.png"
    preview.write_bytes(_png())
    html = page.read_text(encoding="utf-8")
    meta = f'<meta property="og:image" content="{SITE_URL}assets/xem-truoc.png">'
    page.write_text(html.replace("</head>", meta + "</head>", 1), encoding="utf-8")
    return project


def export(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "portal.cli", "export", *args, "--site", "site"],
        cwd=project,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def bundle(project, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("zip") / "bai-viet.zip"
    # The section and the URL: a policy article may share the news post's name.
    result = export(project, f"tin-tuc/{NEWS}", PICTURE, "--out", str(out))
    assert result.returncode == 0, result.stderr
    folder = out.parent / "unzipped"
    with zipfile.ZipFile(out) as archive:
        archive.extractall(folder)
    return folder, result


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(fragment: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(fragment)
    return parser.tags


def test_each_article_is_a_folder_with_fragment_metadata_and_images(bundle):
    folder, _ = bundle
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert index["articles"] == [NEWS, PICTURE] or sorted(index["articles"]) == sorted(
        [NEWS, PICTURE]
    )
    for name in index["articles"]:
        assert (folder / name / "article.html").is_file()
        assert (folder / name / "metadata.json").is_file()


@pytest.mark.parametrize("name", [NEWS, PICTURE])
def test_fragment_is_clean_valid_html(bundle, name):
    folder, _ = bundle
    fragment = (folder / name / "article.html").read_text(encoding="utf-8")
    # Well-formed: every element closed and nested properly (an XML parser accepts it).
    ET.fromstring(f"<div>{fragment}</div>")
    tags = _tags(fragment)
    assert {t for t, _ in tags} <= ALLOWED_TAGS, {t for t, _ in tags} - ALLOWED_TAGS
    for tag, attrs in tags:
        assert not any(a.startswith("on") or a == "style" for a in attrs), (tag, attrs)
        classes = set((attrs.get("class") or "").split())
        assert not {c for c in classes if c.startswith("md-")}, (tag, attrs)
    lowered = fragment.lower()
    for chrome in ("<script", "<svg", "<nav", "<button", "headerlink", "¶", "in hoặc lưu"):
        assert chrome not in lowered, chrome
    assert "<h1" not in fragment  # the CMS shows the title from metadata.json


def test_links_point_to_the_portal_and_images_into_the_bundle(bundle):
    folder, _ = bundle
    for name in (NEWS, PICTURE):
        fragment = (folder / name / "article.html").read_text(encoding="utf-8")
        for tag, attrs in _tags(fragment):
            if tag == "a":  # to the portal, elsewhere, or to an image in the bundle
                href = attrs["href"]
                absolute = href.startswith(("#", SITE_URL, "https://", "mailto:", "tel:"))
                assert absolute or (folder / name / href).is_file(), href
            if tag == "img":
                src = attrs["src"]
                assert not urlsplit(src).scheme and (folder / name / src).is_file(), src
    picture = (folder / PICTURE / "article.html").read_text(encoding="utf-8")
    assert 'src="images/so-do.png"' in picture and 'alt="Sơ đồ các bước"' in picture
    assert f'href="{SITE_URL}lien-he/"' in picture
    assert '<div class="admonition warning">' in picture  # the CMS can style it


def test_metadata_describes_the_article(bundle, project):
    folder, _ = bundle
    news = json.loads((folder / NEWS / "metadata.json").read_text(encoding="utf-8"))
    source = f"tin-tuc/bai-viet/{NEWS}.md"
    article = content.read_article(project / "docs", source)  # what the editor wrote
    assert news["title"] == article.title
    assert news["description"] == article.description
    assert news["date"] == article.date.isoformat()
    assert news["categories"] == article.meta["categories"]
    assert news["tags"] == list(article.tags)
    assert news["canonical_url"] == f"{SITE_URL}tin-tuc/{NEWS}/"
    assert news["source_file"] == f"docs/{source}"
    assert len(news["sources"]) == len(article.meta.get("sources") or [])
    for entry in news["sources"]:
        assert {"number", "name", "date"} <= set(entry)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["date"])  # JSON dates as YYYY-MM-DD


def test_link_preview_image_is_bundled_when_the_page_has_one(bundle):
    folder, result = bundle
    picture = json.loads((folder / PICTURE / "metadata.json").read_text(encoding="utf-8"))
    assert picture["preview_image"] == "images/xem-truoc.png"
    assert (folder / PICTURE / "images" / "xem-truoc.png").is_file()
    assert sorted(picture["images"]) == ["images/so-do.png", "images/xem-truoc.png"]
    news = json.loads((folder / NEWS / "metadata.json").read_text(encoding="utf-8"))
    if news["preview_image"] is None:  # no og:image on that page yet: said, not failed
        assert "og:image" in result.stdout
    else:
        assert (folder / NEWS / news["preview_image"]).is_file()


def test_since_exports_the_articles_dated_from_that_day(project, tmp_path):
    out = tmp_path / "moi.zip"
    result = export(project, "--since", "2026-01-01", "--out", str(out))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as archive:
        index = json.loads(archive.read("index.json"))
    assert any(name.endswith(NEWS) for name in index["articles"])  # with its section if shared
    assert not any(name in ("tin-tuc", "phap-luat", "trang-chu") for name in index["articles"])


def test_mistakes_are_explained_in_vietnamese(project, tmp_path):
    out = tmp_path / "x.zip"
    unknown = export(project, "khong-co-bai-nay", "--out", str(out))
    assert unknown.returncode == 1 and "Không có bài 'khong-co-bai-nay'" in unknown.stderr
    assert "Traceback" not in unknown.stderr and not out.exists()
    bad_date = export(project, "--since", "01/02/2026", "--out", str(out))
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    nothing = export(project, "--out", str(out))
    assert nothing.returncode == 2 and "--since" in nothing.stderr


def test_picture_sources_without_a_usable_image_are_left_out(bundle):
    """`<source srcset>` with no value, or naming images the site lacks, never crashes."""
    folder, result = bundle
    picture = (folder / PICTURE / "article.html").read_text(encoding="utf-8")
    assert (
        '<picture><source srcset="images/so-do.png 2x" />'
        '<img src="images/so-do.png" alt="Sơ đồ, bản HTML" /></picture>'
    ) in picture
    assert "khong-co" not in picture and "<source />" not in picture
    assert "không thấy ảnh hoi-dap/khong-co.webp" in result.stdout
