"""The built site in headless Chromium: requests, accessibility, phone width, printing, search."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

PHONE = {"width": 360, "height": 740}
PAGES = {
    "home": "/",
    "section index": "/phap-luat/",
    "policy index": "/chinh-sach/tien-luong/",
    "news article": None,  # filled in from the built site
    "news index": "/tin-tuc/",
}


@pytest.fixture(scope="module")
def pages(built_site):
    article = next(
        p
        for p in sorted((built_site / "tin-tuc").iterdir())
        if p.is_dir() and p.name not in ("luu-tru", "chuyen-muc", "page")
    )
    return {**PAGES, "news article": f"/tin-tuc/{article.name}/"}


@pytest.fixture
def phone(browser, site_server):
    """A phone-sized page that records every request it makes."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = context.new_page()
    page.requested = []
    page.failed = []
    page.on("request", lambda request: page.requested.append(request.url))
    page.on("response", lambda response: response.status < 400 or page.failed.append(response.url))
    yield page
    context.close()


def _foreign(urls: list[str], base: str) -> list[str]:
    local = urlparse(base).netloc
    return [
        u
        for u in urls
        if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).netloc != local
    ]


def test_pages_and_search_request_only_the_local_server(phone, site_server, pages):
    for path in pages.values():
        phone.goto(site_server + path, wait_until="networkidle")
    # Use the site as a reader does: open the menu, search, follow a result.
    phone.goto(site_server + "/", wait_until="networkidle")
    phone.click(".md-header label[for='__drawer']")
    phone.click(".md-nav--primary a[href$='hoi-dap/']")
    phone.wait_for_load_state("networkidle")
    phone.get_by_role("button", name="Tìm kiếm").click()
    phone.get_by_role("searchbox", name="Từ cần tìm").press_sequentially("bao hiem", delay=30)
    phone.wait_for_selector(".portal-search__link", timeout=15000)
    phone.click(".portal-search__link")
    phone.wait_for_load_state("networkidle")
    assert len(phone.requested) > len(pages)
    assert _foreign(phone.requested, site_server) == []
    assert phone.failed == []


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_accessibility_violations_at_phone_width(phone, site_server, pages, name, scheme):
    # Material follows the phone's light or dark setting until the reader picks one.
    phone.emulate_media(color_scheme="light" if scheme == "default" else "dark")
    phone.goto(site_server + pages[name], wait_until="networkidle")
    assert phone.get_attribute("body", "data-md-color-scheme") == scheme
    results = Axe().run(phone)
    assert results.violations_count == 0, results.generate_report()


def test_page_fits_a_phone_without_sideways_scrolling(phone, site_server, pages):
    for path in pages.values():
        phone.goto(site_server + path)
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)


def test_print_shows_the_article_only(phone, site_server, pages):
    phone.goto(site_server + pages["news article"])
    phone.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".portal-print"):
        assert not phone.is_visible(hidden), hidden
    assert phone.is_visible("article h1")
    assert phone.is_visible(".portal-print-source")
    pdf = phone.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_print_button_opens_the_print_dialog(phone, site_server, pages):
    phone.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1 }")
    phone.goto(site_server + pages["news article"])
    button = phone.get_by_role("button", name="In hoặc lưu bài (PDF)")
    assert button.is_visible()
    button.click()
    assert phone.evaluate("window.__printed") == 1


# ---- The home page, links to one answer, reading offline --------------------------------------


def test_home_page_opens_on_a_search_field_and_tiles_not_a_print_bar(phone, site_server, pages):
    phone.goto(site_server + "/", wait_until="networkidle")
    field = phone.get_by_role("searchbox", name="Bạn muốn hỏi gì?")
    expect(field).to_be_visible()
    assert field.bounding_box()["y"] < 200  # at the top, above the title
    tiles = phone.locator(".portal-tiles a")
    assert 6 <= tiles.count() <= 9
    for tile in tiles.all():
        box = tile.bounding_box()
        assert box["height"] >= 48 and box["width"] >= 120, box  # large enough for a thumb
    assert phone.locator(".portal-actions").count() == 0
    phone.goto(site_server + pages["section index"], wait_until="networkidle")
    assert phone.locator(".portal-actions").count() == 0
    phone.goto(site_server + pages["news article"], wait_until="networkidle")
    expect(phone.get_by_role("button", name="In hoặc lưu bài (PDF)")).to_be_visible()


def test_home_search_field_works_with_the_keyboard(phone, site_server):
    phone.goto(site_server + "/", wait_until="networkidle")
    field = phone.get_by_role("searchbox", name="Bạn muốn hỏi gì?")
    for _ in range(40):  # Tab from the top of the page until the field has the focus
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.id") == "portal-home-q":
            break
    expect(field).to_be_focused()
    phone.keyboard.type("rut bhxh 1 lan", delay=20)
    box = phone.get_by_role("searchbox", name="Từ cần tìm")
    expect(box).to_be_focused()
    expect(box).to_have_value("rut bhxh 1 lan")
    first = phone.locator(".portal-search__link").first
    expect(first).to_have_attribute("href", re.compile(r"/chinh-sach/bao-hiem/rut-bhxh-mot-lan/"))
    phone.keyboard.press("Escape")
    expect(field).to_be_focused()
    # Tiles are links reached and followed with the keyboard.
    phone.locator(".portal-tiles a").first.focus()
    phone.keyboard.press("Enter")
    phone.wait_for_url(re.compile(r"/chinh-sach/tien-luong/$"))


def test_q_and_a_anchor_opens_at_its_question_and_its_link_previews_the_question(
    phone, site_server
):
    question = "Nghỉ ốm được trả bao nhiêu?"
    phone.goto(site_server + "/hoi-dap/bao-hiem/#nghi-om-duoc-tra-bao-nhieu")
    heading = phone.get_by_role("heading", name=question)
    phone.wait_for_timeout(300)
    top = heading.bounding_box()["y"]
    assert 0 <= top < PHONE["height"] / 2, top
    button = phone.locator("[aria-describedby='nghi-om-duoc-tra-bao-nhieu']")
    expect(button).to_have_text("Chép liên kết")
    expect(button).to_be_visible()
    link = button.get_attribute("data-url")
    assert link.endswith("/hoi-dap/bao-hiem/nghi-om-duoc-tra-bao-nhieu/")
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"])
    button.click()
    status = button.locator("xpath=following-sibling::*[@role='status']")
    expect(status).to_have_text("Đã chép liên kết câu hỏi này. Dán vào Zalo hoặc tin nhắn để gửi.")
    # What Zalo reads at that address: the question, then the reader goes on to the answer.
    preview = "/hoi-dap/bao-hiem/nghi-om-duoc-tra-bao-nhieu/"
    response = phone.request.get(site_server + preview)
    assert f'<meta property="og:title" content="{question}">' in response.text()
    phone.goto(site_server + preview)
    phone.wait_for_url(re.compile(r"/hoi-dap/bao-hiem/#nghi-om-duoc-tra-bao-nhieu$"))


def test_a_page_read_once_opens_again_without_a_connection(browser, site_server, pages):
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="vi-VN")
    page = context.new_page()
    article = site_server + pages["news article"]
    page.goto(article, wait_until="networkidle")
    title = page.locator("article h1").inner_text()
    # The worker takes charge after the page has loaded, then saves what the page loaded.
    page.wait_for_function(
        """async (url) => {
            const names = await caches.keys();
            for (const name of names) {
                const cache = await caches.open(name);
                if ((await cache.match(url)) && (await cache.keys()).some(
                    (r) => r.url.endsWith("/assets/portal.css"))) return true;
            }
            return false;
        }""",
        arg=article,
        timeout=15000,
    )
    context.set_offline(True)
    page.reload()
    expect(page.locator("article h1")).to_have_text(title)
    colour = page.evaluate(
        "getComputedStyle(document.body).getPropertyValue('--md-primary-fg-color')"
    )
    assert colour.strip() in ("#a31b14", "#8c1811"), colour  # the site's own CSS, from the cache
    page.goto(site_server + "/lien-he/")  # never opened: said so, in Vietnamese
    expect(page.get_by_role("heading", name="Không có mạng")).to_be_visible()
    context.set_offline(False)
    context.close()


def test_home_page_weighs_no_more_than_an_article(built_site, pages):
    from portal.bench.run import _first_visit

    home = _first_visit(built_site, "")
    article = _first_visit(built_site, pages["news article"].strip("/") + "/")
    assert home["first_gzip"] <= article["first_gzip"], (home, article)
