"""What the pages do with their script, in headless Chromium at phone width (and a desk for the
sidebars): the colour scheme and its memory, the back-to-top button, tooltips, tables that
scroll, the header, the drawer, the keys, details opened for printing, the table of contents.

These behaviours came from Material's script bundle; the portal's own `assets/theme.js` does
them now. The tests were written first and passed on Material's bundle."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from portal.site import html_fixes

PHONE = {"width": 360, "height": 740}
DESK = {"width": 1280, "height": 800}
# A long article with a table, closed <details>, figures whose links carry a title, and
# previous/next pages.
ARTICLE = "/phap-luat/thoi-gio-lam-viec-va-lam-them-gio/"


def _page(browser, viewport, **options):
    context = browser.new_context(viewport=viewport, locale="vi-VN", **options)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


@pytest.fixture
def phone(browser, site_server):
    page = _page(browser, PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield page
    assert page.errors == []
    page.context.close()


@pytest.fixture
def desk(browser, site_server):
    page = _page(browser, DESK)
    yield page
    assert page.errors == []
    page.context.close()


def _scroll(page, y):
    page.evaluate("y => window.scrollTo(0, y)", y)
    page.wait_for_timeout(150)  # scroll events are delivered with the next frames


def _first_titled_link(page):
    """The first figure link with a title, found again even while its title is away."""
    page.evaluate("document.querySelector(\"article a[title^='Căn cứ:']\").id = 'lien-ket-thu'")
    return page.locator("#lien-ket-thu")


def test_script_marks_the_page_as_having_javascript(phone, site_server):
    phone.goto(site_server + ARTICLE, wait_until="load")
    expect(phone.locator("html")).to_have_class(re.compile(r"(^|\s)js(\s|$)"))
    expect(phone.locator("html")).not_to_have_class(re.compile(r"no-js"))


def test_tables_of_the_content_are_framed_when_the_page_is_written():
    frame = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
    page = (
        '<table class="nav"></table><div data-md-component="content">'
        "<table><tr><td><table><tr><td>1</td></tr></table></td></tr></table>"
        '<table class="portal-x"><tr><td>2</td></tr></table><table id="t"></table></div>'
    )
    assert html_fixes.correct(page) == (
        '<table class="nav"></table><div data-md-component="content">'
        f"{frame}<table><tr><td>{frame}<table><tr><td>1</td></tr></table></div></div>"
        "</td></tr></table></div></div>"
        f'<table class="portal-x"><tr><td>2</td></tr></table>{frame}<table id="t"></table>'
        "</div></div></div>"
    )
    assert html_fixes.correct(html_fixes.correct(page)) == html_fixes.correct(page)


def test_colour_scheme_toggle_switches_remembers_and_works_with_the_keyboard(phone, site_server):
    phone.emulate_media(color_scheme="light")
    phone.goto(site_server + ARTICLE, wait_until="load")
    body = phone.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    to_dark = phone.locator("label[for='__palette_1']")
    to_light = phone.locator("label[for='__palette_0']")
    expect(to_dark).to_be_visible()
    expect(to_light).to_be_hidden()
    box = to_dark.bounding_box()
    assert box["width"] >= 40 and box["height"] >= 40, box  # large enough for a thumb
    to_dark.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    expect(to_light).to_be_visible()
    expect(to_dark).to_be_hidden()
    # The choice is kept for the next page, whatever the phone's own setting.
    saved = phone.evaluate("localStorage.getItem('/.__palette')")
    assert '"index":1' in saved and '"scheme":"slate"' in saved, saved
    phone.goto(site_server + "/hoi-dap/", wait_until="load")
    expect(phone.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    expect(phone.locator("label[for='__palette_0']")).to_be_visible()
    # Keyboard: Enter on the focused switch goes to the other scheme.
    phone.focus("#__palette_1")
    phone.keyboard.press("Enter")
    expect(phone.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    expect(phone.locator("#__palette_0")).to_be_focused()
    assert '"index":0' in phone.evaluate("localStorage.getItem('/.__palette')")


def test_colour_scheme_follows_the_phone_until_the_reader_chooses(phone, site_server):
    phone.emulate_media(color_scheme="dark")
    phone.goto(site_server + ARTICLE, wait_until="load")
    expect(phone.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    expect(phone.locator("label[for='__palette_0']")).to_be_visible()


def test_back_to_top_appears_when_scrolling_up_and_takes_the_reader_to_the_top(phone, site_server):
    phone.goto(site_server + ARTICLE, wait_until="load")
    button = phone.get_by_role("button", name="Lên đầu trang")
    # Hidden buttons stay in the layout, transparent (Material's CSS fades them): the attribute
    # says whether the button is offered.
    expect(button).to_have_attribute("hidden", "")
    _scroll(phone, 2500)
    expect(button).to_have_attribute("hidden", "")  # going down: the reader is reading
    _scroll(phone, 2200)
    expect(button).not_to_have_attribute("hidden", "")
    expect(button).to_have_css("opacity", "1")
    assert button.get_attribute("tabindex") is None  # reachable with the keyboard
    top = button.bounding_box()["y"]
    header = phone.locator(".md-header").bounding_box()["height"]
    assert top >= header, (top, header)  # below the header, not under it
    button.click()
    phone.wait_for_function("window.scrollY === 0")
    expect(button).to_have_attribute("hidden", "")
    assert button.get_attribute("tabindex") == "-1"
    # With the keyboard: Enter on the focused button.
    _scroll(phone, 2500)
    _scroll(phone, 2200)
    expect(button).not_to_have_attribute("hidden", "")
    button.focus()
    phone.keyboard.press("Enter")
    phone.wait_for_function("window.scrollY === 0")


def test_a_figures_basis_shows_as_a_tooltip_on_hover_and_on_focus(desk, site_server):
    desk.goto(site_server + ARTICLE, wait_until="load")
    link = _first_titled_link(desk)
    title = link.get_attribute("title")
    link.hover()
    tooltip = desk.locator(".md-tooltip2--active")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_text(title)
    expect(tooltip).to_have_attribute("role", "tooltip")
    box, tip = link.bounding_box(), tooltip.bounding_box()
    assert tip["y"] >= box["y"] + box["height"], (box, tip)  # under the link
    desk.mouse.move(0, DESK["height"] - 1)
    expect(desk.locator(".md-tooltip2--active")).to_have_count(0)
    expect(link).to_have_attribute("title", title)
    # The keyboard: focusing the link shows the same tooltip.
    link.focus()
    expect(desk.locator(".md-tooltip2--active")).to_have_text(title)


def test_a_tooltip_is_tied_to_its_link_for_screen_readers(desk, site_server):
    # Material's bundle did not do this one: its tooltip had an id no element referred to, the
    # browser's own tooltip could show over it, and it stayed after the focus had left.
    desk.goto(site_server + ARTICLE, wait_until="load")
    link = _first_titled_link(desk)
    link.focus()
    tooltip = desk.locator(".md-tooltip2--active")
    expect(tooltip).to_be_visible()
    expect(link).to_have_attribute("aria-describedby", tooltip.get_attribute("id"))
    expect(link).not_to_have_attribute("title", re.compile("."))
    link.evaluate("e => e.blur()")
    expect(desk.locator(".md-tooltip2--active")).to_have_count(0)
    expect(link).to_have_attribute("title", re.compile("^Căn cứ: "))
    expect(link).not_to_have_attribute("aria-describedby", re.compile("."))


def test_header_buttons_show_their_name_as_a_tooltip(desk, site_server):
    desk.emulate_media(color_scheme="light")
    desk.goto(site_server + ARTICLE, wait_until="load")
    desk.locator("label[for='__palette_1']").hover()
    expect(desk.locator("[class*='md-tooltip'][class*='--active']")).to_have_text(
        "Chuyển sang nền tối"
    )


def test_wide_tables_scroll_inside_the_page_at_phone_width(phone, site_server):
    phone.goto(site_server + ARTICLE, wait_until="load")
    table = phone.locator("article table").first
    wrap = table.locator("xpath=../..")
    expect(wrap).to_have_class("md-typeset__scrollwrap")
    expect(table.locator("xpath=..")).to_have_class("md-typeset__table")
    assert wrap.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_header_shows_the_page_title_once_the_heading_is_scrolled_past(phone, site_server):
    phone.goto(site_server + ARTICLE, wait_until="load")
    title = phone.locator(".md-header__title")
    expect(title).not_to_have_class(re.compile("md-header__title--active"))
    _scroll(phone, 600)
    expect(title).to_have_class(re.compile("md-header__title--active"))
    expect(phone.locator("[data-md-component='header-topic']")).to_be_visible()
    _scroll(phone, 0)
    expect(title).not_to_have_class(re.compile("md-header__title--active"))


def test_at_a_desk_the_header_casts_a_shadow_once_the_page_moves_under_it(desk, site_server):
    desk.goto(site_server + ARTICLE, wait_until="load")
    header = desk.locator(".md-header")
    expect(header).not_to_have_class(re.compile("md-header--shadow"))
    _scroll(desk, 600)
    expect(header).to_have_class(re.compile("md-header--shadow"))
    _scroll(desk, 0)
    expect(header).not_to_have_class(re.compile("md-header--shadow"))


def test_the_menu_closes_when_a_link_to_this_page_is_followed(phone, site_server):
    phone.goto(site_server + ARTICLE, wait_until="load")
    phone.click(".md-header label[for='__drawer']")
    expect(phone.locator(".md-nav--primary")).to_be_in_viewport()
    assert phone.is_checked("#__drawer")
    phone.evaluate("location.hash = '#tien-lam-them-gio'")
    expect(phone.locator("#__drawer")).not_to_be_checked()


def test_p_and_n_keys_go_to_the_previous_and_next_page_but_not_while_typing(desk, site_server):
    desk.goto(site_server + ARTICLE, wait_until="load")
    following = desk.get_attribute("link[rel=next]", "href")
    desk.locator("body").press("n")
    desk.wait_for_url(re.compile(re.escape(following.strip("./")) + "/$"))
    previous = desk.get_attribute("link[rel=prev]", "href")
    desk.keyboard.press("p")
    desk.wait_for_url(re.compile(re.escape(previous.strip("./")) + "/$"))
    here = desk.url
    desk.get_by_role("button", name="Tìm kiếm").click()
    desk.keyboard.type("pn")
    expect(desk.get_by_role("searchbox", name="Từ cần tìm")).to_have_value("pn")
    assert desk.url == here


def test_printing_opens_every_details_and_closes_them_again(phone, site_server):
    phone.goto(site_server + ARTICLE, wait_until="load")
    details = phone.locator("article details")
    assert details.count() >= 1
    assert phone.evaluate("[...document.querySelectorAll('article details')].some(d => !d.open)")
    phone.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    phone.wait_for_function("[...document.querySelectorAll('article details')].every(d => d.open)")
    phone.evaluate("window.dispatchEvent(new Event('afterprint'))")
    phone.wait_for_function("[...document.querySelectorAll('article details')].some(d => !d.open)")


def test_a_link_to_text_inside_closed_details_opens_them(phone, site_server):
    phone.goto(site_server + ARTICLE, wait_until="load")
    phone.evaluate(
        "document.querySelector('article details:not([open]) > :last-child').id = 'ben-trong'"
    )
    phone.evaluate("location.hash = '#ben-trong'")
    phone.wait_for_function("document.getElementById('ben-trong').closest('details').open")


def test_at_a_desk_the_sidebars_fit_the_screen_and_the_contents_follow_the_reading(
    desk, site_server
):
    desk.goto(site_server + ARTICLE, wait_until="load")
    toc = desk.locator(".md-sidebar--secondary .md-sidebar__scrollwrap")
    expect(toc).to_be_visible()
    _scroll(desk, 3000)
    box = toc.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= DESK["height"], box
    heading = desk.locator("article h2").nth(2)
    heading.scroll_into_view_if_needed()
    desk.evaluate("id => document.getElementById(id).scrollIntoView()", heading.get_attribute("id"))
    desk.wait_for_timeout(200)
    active = desk.locator(".md-nav--secondary .md-nav__link--active")
    expect(active).to_have_count(1)
    expect(active).to_have_attribute("href", "#" + heading.get_attribute("id"))


def test_at_a_desk_the_tabs_give_way_when_scrolling_down(desk, site_server):
    desk.goto(site_server + ARTICLE, wait_until="load")
    tabs = desk.locator(".md-tabs")
    expect(tabs).to_be_visible()
    _scroll(desk, 400)
    expect(tabs).to_have_attribute("hidden", "")
    _scroll(desk, 0)
    expect(tabs).not_to_have_attribute("hidden", "")


def test_controls_that_need_javascript_are_there_from_the_start_and_never_without_it(
    browser, site_server
):
    for javascript in (True, False):
        page = _page(browser, PHONE, java_script_enabled=javascript)
        # The deferred scripts never arrive: what shows is shown by the head and the stylesheet,
        # as it is at the first paint.
        page.route(re.compile(r"/assets/[\w-]+\.js$"), lambda route: route.abort())
        page.goto(site_server + ARTICLE, wait_until="load")
        print_button = page.locator("[data-portal-print]")
        assert print_button.is_visible() is javascript
        page.goto(site_server + "/", wait_until="load")
        assert page.locator("[data-portal-home-search]").is_visible() is javascript
        page.goto(site_server + "/hoi-dap/bao-hiem/", wait_until="load")
        assert page.locator("[data-portal-copy-link]").first.is_visible() is javascript
        page.context.close()


def test_no_page_loads_materials_script_and_a_first_visit_stays_under_50_kb(built_site):
    from portal.bench.run import _first_visit

    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "assets/javascripts/" not in text, page
        assert 'id="__config"' not in text, page
    for path in ("", ARTICLE.strip("/") + "/"):
        visit = _first_visit(built_site, path)
        assert visit["first_gzip"] < 50_000, (path, visit)
