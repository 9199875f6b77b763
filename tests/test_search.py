"""Search: the index of the real built site, and the search dialog in headless Chromium.

The browser tests type what workers type into the built site's own search box and read the
results a reader would see. tests/search_queries.yml holds the realistic queries with the page
each must return first; `make bench` reports the same list at 1000 articles.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from test_browser import PHONE

from conftest import ROOT, copy_project, run_portal
from portal import text
from portal.site import search_index, search_text

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))
SEARCH_FILES = re.compile(r"/(tim-kiem/|assets/search(-engine)?\.js)")
# Material's header partial, from the installed theme: our copy must differ only in the search.
MATERIAL_HEADER = Path(__import__("material").__file__).parent / "templates/partials/header.html"


# ---- The index, read as files ----------------------------------------------------------------

PAGE = """<html lang="vi"><head><meta name="description" content="Đoàn phí mới">
<title>x</title></head><body><nav>Menu chung</nav>
<article class="md-content__inner md-typeset">
<nav class="md-tags"><a class="md-tag">công đoàn</a></nav>
<button class="portal-print"><span>In hoặc lưu bài (PDF)</span></button>
<h1 id="cong-doan">Công đoàn<a class="headerlink" href="#cong-doan">¶</a></h1>
<p>Đoàn viên đóng <strong>0,5%</strong> tiền lương</p>
<h2 id="bieu-do">Biểu đồ<a class="headerlink" href="#bieu-do">¶</a></h2>
<figure><img src="a.svg" alt="Tỷ lệ đoàn phí"><figcaption>Nguồn: Luật</figcaption></figure>
<div hidden>Mô tả cho trình đọc màn hình</div>
<h2 id="bai-viet-trong-muc">Bài viết trong mục</h2><ul class="portal-list"><li>Bài khác</li></ul>
</article><footer>Chân trang</footer></body></html>"""


def test_section_labels_follow_the_site_sections():
    assert search_index.section_label("index.md") == "Trang chủ"
    assert search_index.section_label("hoi-dap/index.md") == "Hỏi – đáp"
    assert search_index.section_label("chinh-sach/bao-hiem/index.md") == "Chính sách › Bảo hiểm"
    assert search_index.section_label("chinh-sach/bao-hiem/muc-dong.md") == "Chính sách › Bảo hiểm"
    assert search_index.section_label("tin-tuc/bai-viet/luong-2026.md") == "Tin tức"
    assert search_index.section_label("khac/trang.md") == ""


def test_page_text_is_the_article_with_hidden_text_and_alt_but_no_chrome():
    page = search_text.read(unicodedata.normalize("NFD", PAGE))
    assert page.title == "Công đoàn"
    assert page.description == "Đoàn phí mới"
    assert page.keywords == ["công đoàn"]
    assert page.text == (
        "Công đoàn. Đoàn viên đóng 0,5% tiền lương. Biểu đồ. Tỷ lệ đoàn phí. Nguồn: Luật. "
        "Mô tả cho trình đọc màn hình."
    )
    assert [(h.anchor, h.text, h.level) for h in page.headings] == [
        ("cong-doan", "Công đoàn", 1),
        ("bieu-do", "Biểu đồ", 2),
    ]
    assert page.text[page.headings[1].offset :].startswith("Biểu đồ.")
    assert search_text.read("<html><body><p>Không có bài</p></body></html>") is None


def test_index_files_fold_words_and_keep_each_spelling(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(PAGE, encoding="utf-8")
    assert search_index.build(tmp_path, {"a/index.html": "Hỏi – đáp"}) == 1
    folder = tmp_path / search_index.FOLDER
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert index["n"] == 1 and index["letters"] and len(index["f"]) == 8
    build = folder / index["b"]
    # "Đoàn" and "đoàn" meet under "doan"; the title word carries the title flag (odd value).
    doan = json.loads((build / "t" / "doan.json").read_text(encoding="utf-8"))
    assert set(doan) == {"đoàn"}
    assert int(doan["đoàn"].split(".")[1], 36) % 2 == 1
    assert ["doan", 1] in json.loads((build / "v" / "d.json").read_text(encoding="utf-8"))
    text = json.loads((folder / "trang" / f"{index['f']}.json").read_text(encoding="utf-8"))
    assert text["u"] == "a/" and text["t"] == "Công đoàn" and text["s"] == "Hỏi – đáp"
    assert text["h"][1][1:] == ["bieu-do", "Biểu đồ", 2]


def test_an_index_that_cannot_be_written_is_explained_in_vietnamese(tmp_path):
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / search_index.FOLDER).write_text("not a folder", encoding="utf-8")
    with pytest.raises(search_index.SearchIndexError, match="Không ghi được chỉ mục tìm kiếm"):
        search_index.build(tmp_path, {"index.html": "Trang chủ"})


def test_python_and_browser_split_fold_and_hash_words_alike(browser, site_server):
    samples = ["Đoàn phí CÔNG ĐOÀN", "Bảo hiểm xã hội", "Ðiều 7 (legacy eth)", "Hoà hóa 3.700.000đ"]
    samples += ["thuỷ thủy quý khoẻ uỷ ban", "Hoá đơn 24/11"]
    samples.append(unicodedata.normalize("NFD", samples[1]))
    context, page = _phone_page(browser)
    page.goto(site_server + "/", wait_until="networkidle")
    found = page.evaluate(
        """async (samples) => {
            const engine = await import("/assets/search-engine.js");
            return samples.map((s) =>
                engine.words(s).map((w) =>
                    [w, engine.fold(w), engine.spelling(w), engine.fnv1a(engine.fold(w))]));
        }""",
        samples,
    )
    context.close()
    expected = [
        [
            [w, text.fold(w), search_index.spelling(w), search_index.fnv1a(text.fold(w))]
            for w in search_index.words(s)
        ]
        for s in samples
    ]
    assert found == expected


def test_built_site_has_our_index_and_not_materials(built_site):
    index = json.loads((built_site / search_index.FOLDER / "index.json").read_text("utf-8"))
    assert index["n"] >= 10
    assert not (built_site / "search" / "search_index.json").exists()
    assert not (built_site / "pagefind").exists()


def test_header_is_materials_with_only_the_search_replaced():
    ours = (ROOT / "overrides/partials/header.html").read_text(encoding="utf-8")
    # Besides the search, our copy escapes what it prints (tests/test_escaping.py).
    ours = re.sub(
        r"(\n *)\{\{ (page\.meta\.title|page\.title|config\.site_name) \| e \}\}",
        r"\1{{ \2 }}",
        ours,
    )
    theirs = MATERIAL_HEADER.read_text(encoding="utf-8")
    start = theirs.index('    {% if "material/search" in config.plugins %}')
    end = theirs.index("    {% if config.repo_url %}")
    body = ours[ours.index('{% set class = "md-header" %}') :]
    expected = theirs[theirs.index('{% set class = "md-header" %}') : start]
    assert body.startswith(expected), "Material's header changed: update our copy"
    assert body.endswith(theirs[end:]), "Material's header changed: update our copy"
    assert '{% include "partials/search.html" %}' in body[len(expected) : -len(theirs[end:])]


def test_query_list_is_long_enough_and_points_at_real_pages(built_site):
    assert len(QUERIES) >= 80
    assert len({q["query"] for q in QUERIES}) == len(QUERIES)
    assert any(q.get("nfd") for q in QUERIES)
    plain = sum(1 for q in QUERIES if text.fold(q["query"]) == q["query"])  # no diacritics
    assert plain >= len(QUERIES) / 3
    kinds = {q.get("kind") for q in QUERIES}
    assert {"abbreviation", "digits", "synonym", "typo"} <= kinds
    for q in QUERIES:
        page = built_site / q["page"] / "index.html"
        assert page.is_file(), q
        if q.get("anchor"):
            assert f'id="{q["anchor"]}"' in page.read_text(encoding="utf-8"), q


# ---- In the browser --------------------------------------------------------------------------


def _phone_page(browser):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    return context, page


@pytest.fixture
def phone(browser):
    context, page = _phone_page(browser)
    yield page
    context.close()


@pytest.fixture(scope="module")
def dialog(browser, site_server):
    """One phone page with the search dialog open, shared by the query tests."""
    context, page = _phone_page(browser)
    page.goto(site_server + "/phap-luat/", wait_until="networkidle")
    page.get_by_role("button", name="Tìm kiếm").click()
    yield page
    context.close()


def _search(page, text: str) -> None:
    """Type `text` into the open dialog's box key by key, and wait for its results."""
    box = page.get_by_role("searchbox", name="Từ cần tìm")
    box.fill("")
    box.press_sequentially(text, delay=15)
    page.wait_for_function(
        """text => { const list = document.getElementById("portal-search-results");
                     return list.dataset.query === text && !list.hasAttribute("aria-busy"); }""",
        arg=text,
        timeout=15000,
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def _serve(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _first_link(page) -> tuple[str, str]:
    href = page.locator(".portal-search__link").first.get_attribute("href") or ""
    url = urlparse(href)
    return url.path.strip("/"), url.fragment


def test_article_page_requests_nothing_of_search_until_it_is_opened(phone, site_server):
    phone.goto(site_server + "/chinh-sach/bao-hiem/", wait_until="networkidle")
    phone.mouse.wheel(0, 2000)
    phone.keyboard.press("Tab")
    phone.wait_for_timeout(500)
    assert [u for u in phone.requested if SEARCH_FILES.search(u)] == []
    phone.get_by_role("button", name="Tìm kiếm").click()
    _search(phone, "bao hiem")
    loaded = [u for u in phone.requested if SEARCH_FILES.search(u)]
    assert any(u.endswith("/assets/search.js") for u in loaded)
    assert any("/tim-kiem/trang/" in u for u in loaded)


@pytest.mark.parametrize("case", QUERIES, ids=[q["query"] for q in QUERIES])
def test_worker_query_finds_its_page_first(dialog, case):
    text = case["query"]
    if case.get("nfd"):
        text = unicodedata.normalize("NFD", text)
    _search(dialog, text)
    found = dialog.locator(".portal-search__link").all()
    links = [urlparse(a.get_attribute("href")) for a in found]
    pages = [link.path.lstrip("/") for link in links]
    assert case["page"] in pages[: case.get("within", 1)], pages[:3]
    if case.get("anchor"):
        link = links[pages.index(case["page"])]
        assert link.fragment == case["anchor"], link


def test_result_shows_title_section_and_highlighted_snippet(dialog):
    _search(dialog, "bao hiem")
    first = dialog.locator(".portal-search__link").first
    expect(first.locator(".portal-search__title")).to_have_text("Bảo hiểm")
    expect(first.locator(".portal-search__section")).to_have_text("Chính sách › Bảo hiểm")
    marks = first.locator(".portal-search__snippet mark").all_inner_texts()
    assert marks and {m.lower() for m in marks} <= {"bảo", "hiểm"}
    count = dialog.locator(".portal-search__link").count()
    total = int(re.search(r"\d+", dialog.inner_text("#portal-search-status"))[0])
    assert dialog.inner_text("#portal-search-status") == f"Tìm thấy {total} kết quả"
    assert count == min(total, 5)


def test_each_q_and_a_question_is_a_result_of_its_own(dialog):
    _search(dialog, "nghi phep nam bao nhieu ngay")
    first = dialog.locator(".portal-search__link").first
    expect(first.locator(".portal-search__title")).to_have_text(
        "Một năm được nghỉ phép bao nhiêu ngày?"
    )
    expect(first.locator(".portal-search__section")).to_have_text(
        "Hỏi – đáp về hợp đồng, nghỉ phép và nghỉ việc"
    )
    expected = ("hoi-dap/hop-dong-va-nghi-viec", "mot-nam-duoc-nghi-phep-bao-nhieu-ngay")
    assert _first_link(dialog) == expected


def test_d_with_stroke_is_found_without_it(dialog):
    # đ has no Unicode decomposition: "doan" finds "đoàn" because the index maps đ to d itself.
    _search(dialog, "cong doan")
    first = dialog.locator(".portal-search__link").first
    assert "công đoàn" in first.inner_text().lower()
    assert "đoàn" in [m.lower() for m in first.locator("mark").all_inner_texts()]


def test_exact_diacritics_rank_above_folded_matches(dialog):
    # bảo, báo, bão and bao all fold to "bao"; typed with its marks, "báo" (notice) puts every
    # page that has "báo" before the pages that only have the others.
    ranked = dialog.evaluate(
        """async () => {
            const engine = await import("/assets/search-engine.js");
            const index = new engine.SearchIndex(new URL("/", location.href));
            return (await index.search("báo")).map((result) => result.exact);
        }"""
    )
    assert True in ranked and False in ranked
    assert ranked == sorted(ranked, reverse=True)
    _search(dialog, "báo")
    first = dialog.locator(".portal-search__link").first
    assert "báo" in [m.lower() for m in first.locator("mark").all_inner_texts()]


def test_search_works_from_the_404_page(phone, site_server):
    # The 404 page is served at any missing address, so its links are absolute.
    phone.goto(site_server + "/404.html", wait_until="networkidle")
    phone.get_by_role("button", name="Tìm kiếm").click()
    _search(phone, "bao hiem")
    assert phone.locator(".portal-search__link").count() > 0


def test_no_result_is_said_in_vietnamese_with_where_to_look_instead(dialog):
    _search(dialog, "xyzxyz")
    assert dialog.locator(".portal-search__link").count() == 0
    assert dialog.inner_text("#portal-search-status").startswith("Không tìm thấy kết quả nào")
    none = dialog.locator("[data-portal-search-none]")
    expect(none).to_be_visible()
    anchors = none.locator("a").all()
    links = {a.inner_text(): urlparse(a.get_attribute("href")).path for a in anchors}
    assert links["Hỏi – đáp"].endswith("/hoi-dap/")
    assert links["Liên hệ – tư vấn pháp luật"].endswith("/lien-he/")
    assert links["Bảo hiểm"].endswith("/chinh-sach/bao-hiem/")
    _search(dialog, "bao hiem")
    expect(none).to_be_hidden()


def test_lists_of_other_articles_are_not_results(dialog):
    _search(dialog, "Lương tối thiểu vùng 2026")
    more = dialog.locator("[data-portal-search-more]")
    while more.is_visible():
        more.click()
        dialog.wait_for_timeout(300)
    links = dialog.locator(".portal-search__link").all()
    paths = [urlparse(a.get_attribute("href")).path for a in links]
    assert paths
    for path in paths:
        assert not re.search(r"/tin-tuc/(luu-tru|chuyen-muc|page|chu-de)/", path), path


def test_keyboard_opens_moves_through_results_and_closes(phone, site_server):
    phone.goto(site_server + "/hoi-dap/", wait_until="networkidle")
    phone.keyboard.press("/")
    box = phone.get_by_role("searchbox", name="Từ cần tìm")
    expect(box).to_be_focused()
    _search(phone, "bao hiem")
    links = phone.locator(".portal-search__link")
    phone.keyboard.press("ArrowDown")
    expect(links.nth(0)).to_be_focused()
    phone.keyboard.press("ArrowDown")
    expect(links.nth(1)).to_be_focused()
    phone.keyboard.press("ArrowUp")
    phone.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    phone.keyboard.press("Escape")
    expect(phone.get_by_role("dialog", name="Tìm kiếm")).to_be_hidden()
    expect(phone.get_by_role("button", name="Tìm kiếm")).to_be_focused()
    # Enter in the box opens the first result.
    phone.keyboard.press("Enter")
    _search(phone, "tuoi nghi huu")
    phone.keyboard.press("Enter")
    phone.wait_for_url(re.compile(r"/phap-luat/"))


def test_open_dialog_is_accessible_and_fits_a_phone(phone, site_server):
    for scheme in ("light", "dark"):
        phone.emulate_media(color_scheme=scheme)
        phone.goto(site_server + "/", wait_until="networkidle")
        phone.get_by_role("button", name="Tìm kiếm").click()
        _search(phone, "nghỉ việc")
        dialog = phone.get_by_role("dialog", name="Tìm kiếm")
        expect(dialog).to_be_visible()
        results = Axe().run(phone)
        assert results.violations_count == 0, results.generate_report()
        overflow = phone.evaluate(
            "() => { const d = document.getElementById('portal-search');"
            " return [d.getBoundingClientRect().width, d.scrollWidth - d.clientWidth]; }"
        )
        assert overflow[0] <= PHONE["width"] and overflow[1] <= 0, overflow


def test_text_of_infographics_and_hidden_descriptions_is_searchable(browser, tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs" / "bieu-do-thu.md").write_text(
        "---\ntitle: Biểu đồ thử\ndescription: Trang thử cho tìm kiếm.\n---\n\n# Biểu đồ thử\n\n"
        '<figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" '
        'alt="Số giờ làm thêm quatrinhxyz"></figure>\n\n'
        "<div hidden>Mô tả cho trình đọc màn hình motachitiet</div>\n",
        encoding="utf-8",
    )
    result = run_portal("build", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    with _serve(project / "site") as base:
        context, page = _phone_page(browser)
        page.goto(base + "/", wait_until="networkidle")
        page.get_by_role("button", name="Tìm kiếm").click()
        for word in ("quatrinhxyz", "motachitiet"):
            _search(page, word)
            assert _first_link(page)[0] == "bieu-do-thu", word
        context.close()
