"""The built site in headless Chromium: requests, accessibility, phone width, printing, search."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from portal.bench.browser import CHROMIUM, FLAGS

PHONE = {"width": 360, "height": 740}
PAGES = {
    "home": "/",
    "section index": "/phap-luat/",
    "policy index": "/chinh-sach/tien-luong/",
    "news article": None,  # filled in from the built site
    "news index": "/tin-tuc/",
}


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


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
    phone.goto(site_server + pages["section index"])
    button = phone.get_by_role("button", name="In hoặc lưu bài (PDF)")
    assert button.is_visible()
    button.click()
    assert phone.evaluate("window.__printed") == 1
