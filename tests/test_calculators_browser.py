"""Tính quyền lợi in headless Chromium at 360 px: typing into the forms, the same results as
Python on thousands of generated inputs, no other host, no accessibility violation."""

from __future__ import annotations

import copy
import json
import random
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from portal import calculators
from portal.calculators.figures import JSON_FILE
from portal.site import calculator_page

PHONE = {"width": 360, "height": 740}
CASES_PER_CALCULATOR = 600


@pytest.fixture
def phone(browser, site_server):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = context.new_page()
    page.requested = []
    page.errors = []
    page.on("request", lambda request: page.requested.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture(scope="module")
def built_figures(built_site) -> dict:
    return json.loads((built_site / JSON_FILE).read_text(encoding="utf-8"))


def _foreign(urls: list[str], base: str) -> list[str]:
    local = urlparse(base).netloc
    return [
        u
        for u in urls
        if urlparse(u).scheme.startswith(("http", "ws")) and urlparse(u).netloc != local
    ]


# What people type, valid and not: generated from a fixed seed, so a failure can be replayed.
def _money(rng: random.Random) -> str:
    value = rng.choice([rng.randint(1, 999), rng.randint(1000, 99999), rng.randint(100000, 10**8),
                        rng.randint(10**8, 2 * 10**9), rng.randint(1, 400) * 1000])  # fmt: skip
    grouped = f"{value:,}"
    forms = [str(value), grouped.replace(",", "."), grouped, f"{grouped.replace(',', '.')} đ",
             f"{value / 10**6:.2f}".replace(".", ",") + " triệu", f"{value / 10**6:g}tr",
             f"{value // 1000}k", f"{value / 1000:g} nghìn", f"{value} VND", "", "abc",
             f"{value},5", "-" + str(value), f"{value / 10**6:.7f} trieu",
             " " + str(value) + " "]  # fmt: skip
    return rng.choice(forms)


def _value(rng: random.Random, f: calculators.Field) -> str:
    if f.kind == "money":
        return _money(rng)
    if f.kind == "hours":
        return rng.choice([str(rng.randint(0, 320)), f"{rng.randint(0, 12)},{rng.randint(0, 99)}",
                           f"{rng.randint(1, 9)}.5 giờ", "2h", "", "hai", "1,555"])  # fmt: skip
    if f.kind == "whole":
        return rng.choice([str(rng.randint(0, 700)), str(rng.randint(0, 40)),
                           f"{rng.randint(0, 5)} người", "", "1,5", "x",
                           str(rng.randint(10, 200)) + " tháng"])  # fmt: skip
    if f.kind == "date":
        y, m, d = rng.randint(1935, 2015), rng.randint(0, 13), rng.randint(0, 32)
        return rng.choice(
            [f"{d}/{m}/{y}", f"{y}-{m:02d}-{d:02d}", f"{m}/{y}", str(y), "", "1/1/70"]
        )
    options = [v for v, _ in f.choices] + list(f.aliases)
    return rng.choice([*options, *options, "", "khac", "Vùng IV", "VUNG 1"])


def _cases(rng: random.Random) -> list[tuple[str, dict]]:
    found = []
    for name, calculator in calculators.CALCULATORS.items():
        for _ in range(CASES_PER_CALCULATOR):
            raw = {f.name: _value(rng, f) for f in calculator.fields if rng.random() > 0.1}
            found.append((name, raw))
    return found


def _changed(figures: dict, rng: random.Random) -> dict:
    """Other figures than today's (a new decree): the browser must follow them too."""
    other = copy.deepcopy(figures)
    for fact in other["so_lieu"].values():
        if isinstance(fact["v"], int) and fact["v"] >= 1000:
            fact["v"] = fact["v"] + rng.randint(1, 9) * 10000
        elif fact["don_vi"] == "%":
            fact["v"] = fact["v"] + rng.choice([0, 0.5, 1.25])
    other["vung_xa"] = {"vung": rng.choice(["I", "III", None]), "xac_nhan": True}
    return other


def test_the_browser_and_python_give_identical_results(phone, site_server, built_figures):
    phone.goto(site_server + "/tinh-quyen-loi/lam-them/", wait_until="networkidle")
    specs = {n: json.loads(calculator_page._spec(c)) for n, c in calculators.CALCULATORS.items()}
    rng = random.Random(14)
    for figures in (built_figures, _changed(built_figures, rng)):
        cases = _cases(rng)
        got = phone.evaluate(
            "([cases, specs, figures]) => cases.map(([name, raw]) =>"
            " window.portalTinh.run(name, specs[name], raw, figures))",
            [cases, specs, figures],
        )
        expected = [calculators.run(name, raw, figures) for name, raw in cases]
        different = [(c, g, e) for c, g, e in zip(cases, got, expected, strict=True) if g != e]
        assert different == [], different[:3]
        assert sum(r["ok"] for r in expected) > len(cases) / 8  # many real answers, not only errors


def _fill(page, values: dict) -> None:
    for name, value in values.items():
        field = page.locator(f"[name={name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill("")
            field.press_sequentially(value, delay=5)


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("lam-them", {"luong_gio": "25.500", "gio": "4", "ngay": "nghi-tuan"}),
        ("luong-toi-thieu", {"luong": "3,5 trieu"}),
        ("luong-thuc-nhan", {"tong_thu_nhap": "25 triệu", "nguoi_phu_thuoc": "1"}),
        ("tro-cap-that-nghiep", {"luong_bq": "8000000", "thang_dong": "50"}),
        ("tuoi-nghi-huu", {"gioi": "nu", "ngay_sinh": "15/05/1969"}),
        ("ty-le-luong-huu", {"gioi": "nam", "nam_dong": "25"}),
        ("nghi-hang-nam", {"thang_lam": "75"}),
        ("bao-truoc", {"hop_dong": "12-36"}),
    ],
)
def test_typing_into_each_form_at_phone_width(phone, site_server, built_figures, name, typed):
    phone.goto(f"{site_server}/tinh-quyen-loi/{name}/", wait_until="networkidle")
    _fill(phone, typed)
    phone.get_by_role("button", name="Tính").click()
    box = phone.locator("#tinh-ket-qua")
    box.locator("dl").wait_for()
    expected = calculators.run(name, typed, built_figures)
    shown = box.locator("dd").all_inner_texts()
    assert shown == [value for _, value in expected["ket_qua"]]
    for line in expected["cong_thuc"]:
        assert line in box.inner_text()
    # The answer can be shared: the address now holds the inputs, and opening it shows it again.
    address = phone.url
    assert "?" in address
    phone.goto(address, wait_until="networkidle")
    phone.locator("#tinh-ket-qua dl").wait_for()
    assert phone.locator("#tinh-ket-qua dd").all_inner_texts() == shown
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert _foreign(phone.requested, site_server) == []
    assert phone.errors == []
    results = Axe().run(phone)
    assert results.violations_count == 0, results.generate_report()


def test_a_wrong_input_gets_its_message_next_to_the_field(phone, site_server):
    phone.goto(site_server + "/tinh-quyen-loi/lam-them/", wait_until="networkidle")
    _fill(phone, {"luong_gio": "25,5", "gio": "2"})
    phone.get_by_role("button", name="Tính").click()
    message = phone.locator("#tinh-luong_gio-loi")
    message.wait_for()
    assert message.inner_text() == (
        "Viết đủ số đồng (ví dụ 25.500) hoặc thêm chữ 'triệu' (ví dụ 4,5 triệu)."
    )
    assert phone.get_attribute("#tinh-luong_gio", "aria-invalid") == "true"
    assert phone.evaluate("document.activeElement.id") == "tinh-luong_gio"
    assert "NaN" not in phone.inner_text("main")
    assert phone.locator("#tinh-ket-qua dl").count() == 0
    results = Axe().run(phone)
    assert results.violations_count == 0, results.generate_report()


def test_the_keyboard_alone_reaches_an_answer(phone, site_server):
    phone.goto(site_server + "/tinh-quyen-loi/ty-le-luong-huu/", wait_until="networkidle")
    phone.focus("#tinh-gioi")
    phone.keyboard.press("ArrowDown")  # Nữ
    phone.keyboard.press("Tab")
    phone.keyboard.type("20")
    phone.keyboard.press("Enter")
    phone.locator("#tinh-ket-qua dd").wait_for()
    assert phone.locator("#tinh-ket-qua dd").inner_text() == "55%"


def test_only_calculator_pages_load_the_calculator(phone, site_server):
    phone.goto(site_server + "/", wait_until="networkidle")
    assert not [u for u in phone.requested if "tinh-quyen-loi." in u or JSON_FILE in u]
    assert phone.locator("a[href$='tinh-quyen-loi/']").count() >= 1
