"""Tính quyền lợi: every calculator against worked examples from the law and the press, what
people type on a phone, figures from the register only, `portal tinh`, and the pages' form.

The same rules in the browser are compared with these on generated inputs in
tests/test_calculators_browser.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from conftest import ROOT, run_portal
from portal import calculators
from portal.calculators import inputs
from portal.content import facts
from portal.site import calculator_page

DAY = dt.date(2026, 12, 3)
KEYS = sorted({k for c in calculators.CALCULATORS.values() for k in c.keys})


@pytest.fixture(scope="module")
def figures():
    return calculators.build_figures(facts.read(ROOT), DAY, KEYS, "IV", False)


def answer(result: dict) -> dict:
    assert result["ok"], result
    return dict(result["ket_qua"])


def test_every_key_a_calculator_uses_is_in_the_register():
    register = facts.read(ROOT)
    assert [k for k in KEYS if register.get(k) is None] == []


def test_no_figure_of_the_register_is_typed_in_the_rules():
    """The rules read figures by key; the only numbers are the calendar's and the arithmetic's."""
    register = facts.read(ROOT)
    values = {
        str(int(p.value))
        for f in register.facts.values()
        for p in f.periods
        if not isinstance(p.value, str) and p.value == int(p.value) and p.value >= 30
    }
    allowed = {"100", "10000", "1000", "1000000", "2000000", "1000000000", "300", "1940", "2012"}
    allowed |= {"30", "31"}  # days in a month
    for path in (
        ROOT / "scripts/portal/calculators/rules.py",
        ROOT / "docs/assets/tinh-quyen-loi.js",
    ):
        code = re.sub(r'"[^"\n]*"', '""', path.read_text(encoding="utf-8"))  # messages aside
        typed = set(re.findall(r"(?<![\w.])\d{2,}(?![\w.])", code)) & values - allowed
        assert typed == set(), (path.name, typed)


# -- inputs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("5.310.000", 5310000),
        ("5310000", 5310000),
        ("5,31 triệu", 5310000),
        ("5.31tr", 5310000),
        ("5,31 trieu dong", 5310000),
        ("5 310 000 đ", 5310000),
        ("5,310,000 VND", 5310000),
        ("250k", 250000),
        ("25,5 nghìn", 25500),
        ("180.000đ", 180000),
    ],
)
def test_money_as_people_type_it(typed, value):
    assert inputs.money(typed, 10**9) == (value, None)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Chưa nhập số tiền. " + inputs.MONEY_HELP),
        ("25,5", "Viết đủ số đồng (ví dụ 25.500) hoặc thêm chữ 'triệu' (ví dụ 4,5 triệu)."),
        ("năm triệu", inputs.MONEY_HELP),
        ("5.31.000", inputs.MONEY_HELP),
        ("1,2345678 triệu", inputs.MONEY_HELP),
        ("1,0000005 tr", inputs.MONEY_HELP),
        ("0", "Số tiền phải lớn hơn 0."),
        ("3 tỷ", inputs.MONEY_HELP),
        ("3000000000", "Công cụ này chỉ tính với số tiền đến 1.000.000.000 đ."),
    ],
)
def test_wrong_money_gets_a_message_never_a_guess(typed, message):
    assert inputs.money(typed, 10**9) == (None, message)


def test_hours_dates_and_choices():
    assert inputs.hours("1,5", 300) == (150, None)
    assert inputs.hours("2 giờ", 300) == (200, None)
    assert inputs.hours("2.25h", 300) == (225, None)
    assert inputs.hours("1,555", 300)[1] == "Viết số giờ bằng chữ số, ví dụ 2 hoặc 1,5."
    assert inputs.date("15/03/1970", 1940, 2012) == ([1970, 3, 15], None)
    assert inputs.date("1970-03-15", 1940, 2012) == ([1970, 3, 15], None)
    assert inputs.date("3/1970", 1940, 2012) == ([1970, 3, 1], None)
    assert inputs.date("1970", 1940, 2012) == ([1970, 1, 1], None)
    assert inputs.date("30/02/1970", 1940, 2012) == (
        None,
        "Ngày này không có thật; kiểm tra lại ngày và tháng.",
    )
    assert inputs.choice("Vùng IV", ["1", "4"], {"vungiv": "4"}) == ("4", None)


# -- worked examples -----------------------------------------------------------------------


# chiaseluatlaodong.com/?p=3822 (Nghị định 145/2020/NĐ-CP, Điều 55–57): with A the hourly wage,
# night work 130% A; night overtime 200% A on a normal day without daytime overtime, 210% with
# it, 270% on the weekly rest day, 390% on a public holiday.
@pytest.mark.parametrize(
    ("loai", "ngay", "them_ban_ngay", "rate", "amount"),
    [
        ("them", "thuong", "khong", "150%", "76.500 đ"),
        ("them", "nghi-tuan", "khong", "200%", "102.000 đ"),
        ("them", "le", "khong", "300%", "153.000 đ"),
        ("dem", "thuong", "khong", "130%", "66.300 đ"),
        ("them-dem", "thuong", "khong", "200%", "102.000 đ"),
        ("them-dem", "thuong", "co", "210%", "107.100 đ"),
        ("them-dem", "nghi-tuan", "khong", "270%", "137.700 đ"),
        ("them-dem", "le", "khong", "390%", "198.900 đ"),
    ],
)
def test_overtime_and_night_rates_of_decree_145(figures, loai, ngay, them_ban_ngay, rate, amount):
    raw = {
        "luong_gio": "25500",
        "gio": "2",
        "ngay": ngay,
        "loai": loai,
        "them_ban_ngay": them_ban_ngay,
    }
    result = answer(calculators.run("lam-them", raw, figures))
    assert result["Mức trả ít nhất"] == f"{rate} lương giờ"
    assert amount in result.values()


def test_overtime_formula_names_every_figure(figures):
    result = calculators.run(
        "lam-them", {"luong_gio": "25.500", "gio": "1,5", "ngay": "le", "loai": "them-dem"}, figures
    )
    assert result["cong_thuc"] == [
        "Mức trả = 300% (làm thêm ngày lễ, Tết) + 30% (làm ban đêm) + 20% × 300% (lương ban ngày "
        "của ngày đó) = 390%",
        "Tiền = lương giờ × mức trả × số giờ = 25.500 đ × 390% × 1,5 giờ = 149.175 đ",
    ]
    assert result["so_lieu"] == [
        "tien-lam-dem-them",
        "tien-lam-them-ngay-le",
        "tien-lam-them-dem-them",
        "lam-them-gio-toi-da-thang",
    ]
    assert result["luu_y"][0].startswith("Chưa kể tiền lương của chính ngày lễ")


def test_night_hours_on_a_rest_day_are_overtime(figures):
    result = calculators.run(
        "lam-them", {"luong_gio": "25500", "gio": "8", "ngay": "le", "loai": "dem"}, figures
    )
    assert not result["ok"] and result["ket_qua"] == []
    assert result["thong_bao"].startswith("Làm vào ngày nghỉ hằng tuần hay ngày lễ là làm thêm giờ")


def test_minimum_wage_of_the_commune_and_of_a_region(figures):
    result = calculators.run("luong-toi-thieu", {"luong": "3,5 triệu"}, figures)
    assert answer(result) == {
        "Lương tối thiểu Vùng IV": "3.700.000 đ/tháng",
        "Lương của bạn": "3.500.000 đ/tháng",
        "So với mức tối thiểu": "THẤP HƠN 200.000 đ",
    }
    assert result["luu_y"][0].startswith("Vùng của xã Trần Phú chưa được xã xác nhận")
    hourly = calculators.run(
        "luong-toi-thieu", {"vung": "I", "loai": "gio", "luong": "26000"}, figures
    )
    assert answer(hourly)["Lương tối thiểu Vùng I"] == "25.500 đ/giờ"
    assert answer(hourly)["So với mức tối thiểu"] == "cao hơn 500 đ"


# news.laodong.vn (…-1593415.ldo, 10/2025), from 2026: no dependant and 17 million a month, one
# dependant and 24 million, two and 31 million: no tax after the insurance is deducted.
@pytest.mark.parametrize(
    ("gross", "people"), [("17 triệu", "0"), ("24 triệu", "1"), ("31 triệu", "2")]
)
def test_income_tax_thresholds_reported_by_the_press(figures, gross, people):
    result = calculators.run(
        "luong-thuc-nhan", {"tong_thu_nhap": gross, "nguoi_phu_thuoc": people}, figures
    )
    assert answer(result)["Thuế thu nhập cá nhân"] == "0 đ"


def test_net_pay_with_insurance_caps_and_brackets(figures):
    result = calculators.run(
        "luong-thuc-nhan",
        {
            "tong_thu_nhap": "120.000.000",
            "luong_bh": "80 triệu",
            "nguoi_phu_thuoc": "1",
            "vung": "4",
        },
        figures,
    )
    got = answer(result)
    # caps on 03/12/2026: BHXH and BHYT 20 × 2.530.000, BHTN 20 × 3.700.000 (Vùng IV)
    assert got["BHXH bạn đóng"] == "4.048.000 đ"  # 8% × 50.600.000
    assert got["BHYT bạn đóng"] == "759.000 đ"  # 1,5% × 50.600.000
    assert got["BHTN bạn đóng"] == "740.000 đ"  # 1% × 74.000.000
    # 120.000.000 − 5.547.000 − 15.500.000 − 6.200.000 = 92.753.000 taxable:
    # 10M × 5% + 20M × 10% + 30M × 20% + 32.753.000 × 30% = 18.325.900
    assert got["Thu nhập tính thuế"] == "92.753.000 đ"
    assert got["Thuế thu nhập cá nhân"] == "18.325.900 đ"
    assert got["Lương thực nhận"] == "96.127.100 đ"
    assert any("chưa được xác nhận" in line for line in result["luu_y"])


def test_insurance_wage_outside_the_rules_is_refused_at_its_field(figures):
    low = calculators.run("luong-thuc-nhan", {"tong_thu_nhap": "9tr", "luong_bh": "2tr"}, figures)
    assert low["loi"] == {
        "luong_bh": "Thấp hơn mức thấp nhất làm căn cứ đóng bảo hiểm xã hội (2.530.000 đ)."
    }
    high = calculators.run("luong-thuc-nhan", {"tong_thu_nhap": "9tr", "luong_bh": "10tr"}, figures)
    assert high["loi"] == {"luong_bh": "Tiền lương đóng bảo hiểm không lớn hơn tổng thu nhập."}
    assert not high["ok"] and high["ket_qua"] == []


# Luật Việc làm 2025, Điều 39 (ja.laodong.vn …-1539689.ldo): 60% of the average, at most five
# minimum wages; 12–36 months give 3 months, each further 12 months one more, at most 12; paid
# from the 11th day after the file is complete.
@pytest.mark.parametrize(
    ("months", "count"), [(12, "3 tháng"), (36, "3 tháng"), (47, "3 tháng"), (48, "4 tháng"),
                          (143, "11 tháng"), (144, "12 tháng"), (400, "12 tháng")],
)  # fmt: skip
def test_unemployment_benefit_months(figures, months, count):
    result = calculators.run(
        "tro-cap-that-nghiep", {"luong_bq": "8.000.000", "thang_dong": str(months)}, figures
    )
    got = answer(result)
    assert got["Số tháng được hưởng"] == count
    assert got["Trợ cấp mỗi tháng"] == "4.800.000 đ"
    assert got["Bắt đầu tính hưởng"] == "từ ngày thứ 11 kể từ ngày nộp đủ hồ sơ"


def test_unemployment_benefit_cap_and_too_few_months(figures):
    capped = calculators.run(
        "tro-cap-that-nghiep", {"luong_bq": "40 triệu", "thang_dong": "60", "vung": "4"}, figures
    )
    assert answer(capped)["Trợ cấp mỗi tháng"] == "18.500.000 đ"  # 5 × 3.700.000
    short = calculators.run("tro-cap-that-nghiep", {"luong_bq": "6tr", "thang_dong": "11"}, figures)
    assert not short["ok"]
    assert short["thong_bao"].startswith("Cần đóng bảo hiểm thất nghiệp đủ 12 tháng")


# Nghị định 135/2020/NĐ-CP: 2021 men 60 years 3 months, women 55 years 4 months (Mercer), then
# +3 and +4 months a year; in 2026 men 61 years 6 months, women 57 (register, C14); retirement
# at the end of the month the age is reached, pension from the next month.
@pytest.mark.parametrize(
    ("sex", "born", "age", "month", "pension"),
    [
        ("nam", "15/01/1961", "60 tuổi 3 tháng", "tháng 04/2021", "01/05/2021"),
        ("nu", "1966", "55 tuổi 4 tháng", "tháng 05/2021", "01/06/2021"),
        ("nam", "01/1965", "61 tuổi 6 tháng", "tháng 07/2026", "01/08/2026"),
        ("nam", "15/03/1966", "61 tuổi 9 tháng", "tháng 12/2027", "01/01/2028"),
        ("nu", "05/1969", "57 tuổi", "tháng 05/2026", "01/06/2026"),
        ("nam", "1990", "62 tuổi", "tháng 01/2052", "01/02/2052"),
        ("nu", "20/12/1990", "60 tuổi", "tháng 12/2050", "01/01/2051"),
    ],
)
def test_retirement_roadmap(figures, sex, born, age, month, pension):
    got = answer(calculators.run("tuoi-nghi-huu", {"gioi": sex, "ngay_sinh": born}, figures))
    assert (got["Tuổi nghỉ hưu"], got["Đủ tuổi vào"], got["Hưởng lương hưu từ"]) == (
        age,
        month,
        pension,
    )


def test_early_retirement_and_before_the_roadmap(figures):
    early = calculators.run(
        "tuoi-nghi-huu", {"gioi": "nam", "ngay_sinh": "1975", "nang_nhoc": "co"}, figures
    )
    assert answer(early)["Tuổi nghỉ hưu sớm nhất"] == "57 tuổi"
    before = calculators.run("tuoi-nghi-huu", {"gioi": "nam", "ngay_sinh": "1955"}, figures)
    assert before["thong_bao"].startswith("Với ngày sinh này, tuổi nghỉ hưu đã đến trước năm 2021")


# Luật Bảo hiểm xã hội 2024, Điều 66: women 45% at 15 years + 2% a year; men 40% at 15, + 1% a
# year to 20, then + 2%; at most 75% (women 30 years, men 35 years).
@pytest.mark.parametrize(
    ("sex", "years", "rate"),
    [("nu", "15", "45%"), ("nu", "20", "55%"), ("nu", "30", "75%"), ("nu", "40", "75%"),
     ("nam", "15", "40%"), ("nam", "18", "43%"), ("nam", "20", "45%"), ("nam", "25", "55%"),
     ("nam", "35", "75%"), ("nam", "36", "75%")],
)  # fmt: skip
def test_pension_rate(figures, sex, years, rate):
    got = answer(calculators.run("ty-le-luong-huu", {"gioi": sex, "nam_dong": years}, figures))
    assert got["Tỉ lệ lương hưu hằng tháng"] == rate


def test_no_pension_rate_under_fifteen_years(figures):
    result = calculators.run("ty-le-luong-huu", {"gioi": "nu", "nam_dong": "14"}, figures)
    assert result["thong_bao"].startswith("Cần đóng bảo hiểm xã hội đủ 15 năm")


# Bộ luật Lao động 2019, Điều 113–114; Nghị định 145/2020/NĐ-CP, Điều 66 (lawnet.vn): 5 months
# of work give 5 days; every 5 years with one employer one more day.
@pytest.mark.parametrize(
    ("job", "months", "days"),
    [("binh-thuong", "5", "5"), ("binh-thuong", "12", "12"), ("binh-thuong", "60", "13"),
     ("binh-thuong", "75", "13"), ("nang-nhoc", "120", "16"), ("dac-biet", "24", "16"),
     ("nang-nhoc", "5", "5,83")],
)  # fmt: skip
def test_annual_leave(figures, job, months, days):
    got = answer(calculators.run("nghi-hang-nam", {"cong_viec": job, "thang_lam": months}, figures))
    assert got["Số ngày nghỉ hằng năm có hưởng lương"] == f"{days} ngày làm việc"


@pytest.mark.parametrize(
    ("contract", "who", "line"),
    [("khong-thoi-han", "nguoi-lao-dong", ["Bạn phải báo trước", "ít nhất 45 ngày"]),
     ("12-36", "nguoi-su-dung", ["Doanh nghiệp phải báo trước", "ít nhất 30 ngày"]),
     ("duoi-12", "nguoi-lao-dong", ["Bạn phải báo trước", "ít nhất 3 ngày làm việc"])],
)  # fmt: skip
def test_notice_period(figures, contract, who, line):
    result = calculators.run("bao-truoc", {"hop_dong": contract, "ben": who}, figures)
    assert result["ok"] and result["ket_qua"] == [line]


def test_a_calculator_follows_the_register_on_the_day_of_a_change():
    """The figures are the register's on the chosen day: before 2026 the BHTN cap of Luật Việc
    làm 2025 did not exist, so no result; the minimum wage of 2025 was NĐ 74/2024's."""
    register = facts.read(ROOT)
    before = calculators.build_figures(register, dt.date(2025, 12, 31), KEYS, "IV", False)
    result = calculators.run("luong-thuc-nhan", {"tong_thu_nhap": "20tr"}, before)
    assert not result["ok"]
    assert result["thong_bao"] == (
        "Chưa có số liệu “Mức tiền lương cao nhất làm căn cứ đóng bảo hiểm thất nghiệp, Vùng IV” "
        "áp dụng ngày 31/12/2025."
    )
    old_wage = calculators.build_figures(register, dt.date(2025, 12, 31), KEYS, "IV", False)
    got = answer(calculators.run("luong-toi-thieu", {"vung": "1", "luong": "5tr"}, old_wage))
    assert got["Lương tối thiểu Vùng I"] == "4.960.000 đ/tháng"


def test_wrong_inputs_are_reported_per_field(figures):
    result = calculators.run(
        "lam-them", {"luong_gio": "abc", "gio": "", "ngay": "thu bay"}, figures
    )
    assert result["ok"] is False and result["ket_qua"] == []
    assert set(result["loi"]) == {"luong_gio", "gio", "ngay"}
    assert result["loi"]["ngay"] == "Chọn một trong: thuong, nghi-tuan, le."


# -- portal tinh -----------------------------------------------------------------------------


def test_portal_tinh_prints_the_answer_with_its_formula_and_figures():
    result = run_portal("tinh", "lam-them", "luong_gio=25500", "gio=2", "ngay=thuong", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "  Tiền làm thêm giờ ngày thường: 76.500 đ"
    assert "  - tien-lam-them-ngay-thuong: 150 % (45/2019/QH14, Điều 98)" in lines


def test_portal_tinh_json_and_mistakes():
    result = run_portal(
        "tinh", "ty-le-luong-huu", "gioi=nu", "nam_dong=20", "--format", "json", cwd=ROOT
    )
    data = json.loads(result.stdout)
    assert data["ok"] and data["ket_qua"] == [["Tỉ lệ lương hưu hằng tháng", "55%"]]
    wrong = run_portal("tinh", "lam-them", "luong=5", cwd=ROOT)
    assert wrong.returncode == 2
    assert "không phải khóa=giá-trị của công cụ lam-them; các khóa: luong_gio, gio" in wrong.stderr
    bad = run_portal("tinh", "lam-them", "luong_gio=25,5", "gio=2", cwd=ROOT)
    assert bad.returncode == 1
    assert "  luong_gio: Viết đủ số đồng (ví dụ 25.500)" in bad.stdout
    listing = run_portal("tinh", cwd=ROOT)
    assert all(f"  {name}: " in listing.stdout for name in calculators.CALCULATORS)


# -- the pages -------------------------------------------------------------------------------


def test_every_calculator_has_its_page_and_its_article_links_to_it():
    for name, calculator in calculators.CALCULATORS.items():
        page = (ROOT / "docs" / "tinh-quyen-loi" / f"{name}.md").read_text(encoding="utf-8")
        assert calculator_page.find(page) == [
            (page[: page.index("<!-- portal:tinh")].count("\n") + 1, name)
        ]
        article = (ROOT / "docs" / calculator.article).read_text(encoding="utf-8")
        assert f"tinh-quyen-loi/{name}.md" in article, calculator.article


def test_the_form_is_labelled_and_points_at_the_figures():
    html = calculator_page.form(calculators.CALCULATORS["lam-them"], "tinh-quyen-loi/lam-them/")
    assert 'data-so-lieu="../so-lieu.json"' in html
    assert 'data-trang-so-lieu="../../so-lieu/"' in html
    assert '<script src="../../assets/tinh-quyen-loi.js" defer></script></div>' in html
    for f in calculators.CALCULATORS["lam-them"].fields:
        assert f'<label for="tinh-{f.name}">' in html and f'id="tinh-{f.name}"' in html
    assert calculators.unknown("lam-them-gio").startswith("không có công cụ tính 'lam-them-gio'")
