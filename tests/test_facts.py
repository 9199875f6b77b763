"""The register of legal figures: reading, formulas, references, checks, `portal facts`, pages.

The register under test is tests/facts/so-lieu.yml: real figures of the fact sheet, among them
lương cơ sở 2.340.000 đ until 30/06/2026 and 2.530.000 đ from 01/07/2026 (NĐ 161/2026/NĐ-CP).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ROOT, run_portal
from portal.checks import figures
from portal.content import datafile, facts
from portal.content.datafile import Schema
from portal.content.fields import Number, Text
from portal.content.yamltree import Plain
from portal.site import article_parts, facts_page

FIXTURE = ROOT / "tests" / "facts" / "so-lieu.yml"
BEFORE = dt.date(2026, 6, 15)  # 16 days before the new lương cơ sở: the change is announced
AFTER = dt.date(2026, 7, 2)
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def register() -> facts.Register:
    found = facts.parse(FIXTURE.read_text("utf-8"))
    assert found.problems == []
    return found


# -- reading and values ------------------------------------------------------------------


def test_the_value_in_force_on_a_day(register):
    fact = register.get("luong-co-so")
    assert fact.at(BEFORE).value == Decimal(2340000)
    assert fact.at(AFTER).value == Decimal(2530000)
    assert fact.at(dt.date(2026, 6, 30)).value == Decimal(2340000)
    assert fact.at(dt.date(2026, 7, 1)).value == Decimal(2530000)
    assert fact.at(dt.date(2024, 6, 30)) is None  # before the first period
    assert fact.announced(BEFORE).start == dt.date(2026, 7, 1)
    assert fact.announced(dt.date(2026, 4, 1)) is None  # 91 days ahead: outside the window
    assert fact.announced(AFTER) is None


def test_a_formula_follows_its_input(register):
    cap = register.get("bhxh-muc-dong-toi-da")
    assert [(p.start, p.end, p.value) for p in cap.periods] == [
        (dt.date(2024, 7, 1), dt.date(2026, 6, 30), Decimal(46800000)),
        (dt.date(2026, 7, 1), None, Decimal(50600000)),
    ]
    # The basis of the rule, then the basis of its input on that day.
    assert [b.number for b in cap.at(AFTER).bases] == ["41/2024/QH15", "161/2026/NĐ-CP"]
    dues = register.get("doan-phi-toi-da")  # 0.1 × lương cơ sở, exactly
    assert facts.format_value(dues.at(BEFORE).value, dues.unit) == "234.000 đồng/tháng"
    assert facts.format_value(dues.at(AFTER).value, dues.unit) == "253.000 đồng/tháng"
    total = register.get("bhxh-ty-le-tong")  # two inputs: 8 + 17
    assert total.at(AFTER).value == 25
    assert total.inputs == ("bhxh-ty-le-nguoi-lao-dong", "bhxh-ty-le-nguoi-su-dung")


def test_changing_the_input_changes_the_formula():
    text = FIXTURE.read_text("utf-8").replace("gia_tri: 2530000", "gia_tri: 2600000")
    changed = facts.parse(text)
    assert changed.get("bhxh-muc-dong-toi-da").at(AFTER).value == 52000000
    assert changed.get("bhxh-muc-dong-toi-da").at(BEFORE).value == 46800000


def test_vietnamese_formatting(register):
    assert facts.format_value(Decimal("1.5"), "%") == "1,5 %"
    assert facts.format_value(Decimal(2530000), "đồng/tháng") == "2.530.000 đồng/tháng"
    assert facts.format_value("61 tuổi 6 tháng", None) == "61 tuổi 6 tháng"
    assert facts.machine_number(Decimal("8.50")) == "8.5"
    assert facts.machine_number(Decimal(2530000)) == "2530000"


def test_no_register_file_is_an_empty_register(tmp_path):
    found = facts.read(tmp_path)
    assert found.facts == {} and found.problems == []
    reference = facts.references("Lương [[so-lieu:luong-co-so]].")[0]
    assert reference.problem(found) == (
        "không có số liệu 'luong-co-so' trong data/so-lieu.yml. Tệp data/so-lieu.yml chưa có "
        "số liệu nào. Xem các tên có sẵn bằng lệnh 'portal facts'."
    )


def test_formulas_are_never_evaluated_as_python():
    for formula in ("__import__('os')", "luong-co-so.real", "[1]", "2 ** 3", "a if b else c"):
        with pytest.raises(facts.FormulaError):
            facts.parse_formula(formula)
    tree, names = facts.parse_formula("(20 * luong-co-so - 5) / 2")
    assert names == {"k0": "luong-co-so"}
    assert facts.evaluate(tree, {"k0": Decimal(10)}) == Decimal("97.5")


BASE = """luong-co-so:
  ten: Lương cơ sở
  don_vi: đồng/tháng
  muc:
    - tu: 2024-07-01
      den: 2026-06-30
      gia_tri: 2340000
      can_cu: {so: 73/2024/NĐ-CP, ten: Nghị định quy định mức lương cơ sở}
    - tu: 2026-07-01
      gia_tri: 2530000
      can_cu: {so: 161/2026/NĐ-CP, ten: Nghị định quy định mức lương cơ sở}
  trang_thai: da-xac-nhan
  kiem_tra: 2026-12-03
"""


def _derived(name: str, formula: str) -> str:
    return (
        f"{name}:\n  ten: Mức tính\n  cong_thuc: {formula}\n  trang_thai: da-xac-nhan\n"
        "  kiem_tra: 2026-12-03\n"
    )


PREFIX = "data/so-lieu.yml"
MISTAKES = {
    "periods overlap": (
        BASE.replace("den: 2026-06-30", "den: 2026-07-15"),
        f"{PREFIX}:9: lỗi: luong-co-so: mức thứ 2 (từ 01/07/2026) chồng lên mức thứ 1 (đến "
        "15/07/2026); mỗi ngày chỉ có một mức.",
    ),
    "periods out of order": (
        BASE.replace("tu: 2026-07-01", "tu: 2024-01-01"),
        f"{PREFIX}:9: lỗi: luong-co-so: các mức phải xếp theo ngày 'tu' tăng dần: mức thứ 2 (từ "
        "01/01/2024) phải đứng trước mức thứ 1 (từ 01/07/2024).",
    ),
    "den before tu": (
        BASE.replace("den: 2026-06-30", "den: 2024-06-30"),
        f"{PREFIX}:6: lỗi: luong-co-so: mức thứ 1: ngày cuối 'den' (30/06/2024) trước ngày bắt "
        "đầu 'tu' (01/07/2024).",
    ),
    "open period before another": (
        BASE.replace("      den: 2026-06-30\n", ""),
        f"{PREFIX}:5: lỗi: luong-co-so: mức thứ 1 chưa có ngày cuối 'den' nhưng chưa phải mức "
        "cuối: thêm 'den: 2026-06-30' (ngày trước khi mức thứ 2 bắt đầu).",
    ),
    "number written with dots": (
        BASE.replace("gia_tri: 2340000", "gia_tri: 2.340.000"),
        f"{PREFIX}:7: lỗi: luong-co-so: 'gia_tri' (giá trị) trong mục thứ 1 của 'muc' phải viết "
        "số liền theo kiểu máy: 2340000 thay cho 2.340.000 (trang sẽ tự hiện dấu chấm)",
    ),
    "decimal comma": (
        BASE.replace("gia_tri: 2340000", "gia_tri: 8,5"),
        f"{PREFIX}:7: lỗi: luong-co-so: 'gia_tri' (giá trị) trong mục thứ 1 của 'muc' phải viết "
        "số thập phân bằng dấu chấm: 8.5 thay cho 8,5 (trang sẽ tự hiện dấu phẩy)",
    ),
    "empty value": (
        BASE.replace("gia_tri: 2340000", "gia_tri:"),
        f"{PREFIX}:7: lỗi: luong-co-so: 'gia_tri' (giá trị) trong mục thứ 1 của 'muc' đang để "
        'trống; ghi một số viết liền (2530000, 8.5) hoặc một đoạn chữ trong ngoặc kép ("61 tuổi '
        '6 tháng")',
    ),
    "a list for a value": (
        BASE.replace("gia_tri: 2340000", "gia_tri: [1, 2]"),
        f"{PREFIX}:7: lỗi: luong-co-so: 'gia_tri' (giá trị) trong mục thứ 1 của 'muc' phải là "
        "một giá trị trên cùng dòng: một số viết liền (2530000, 8.5) hoặc một đoạn chữ trong "
        'ngoặc kép ("61 tuổi 6 tháng")',
    ),
    "date day first": (
        BASE.replace("tu: 2024-07-01", "tu: 01/07/2024"),
        f"{PREFIX}:5: lỗi: luong-co-so: 'tu' (ngày bắt đầu áp dụng) trong mục thứ 1 của 'muc' "
        "phải viết năm-tháng-ngày: 2024-07-01 thay cho 01/07/2024",
    ),
    "a day that does not exist": (
        BASE.replace("tu: 2024-07-01", "tu: 2024-02-30"),
        f"{PREFIX}:5: lỗi: luong-co-so: 'tu' (ngày bắt đầu áp dụng) trong mục thứ 1 của 'muc' "
        "ngày 2024-02-30 không có thật: tháng 2 năm 2024 chỉ có 29 ngày",
    ),
    "words for a date": (
        BASE.replace("kiem_tra: 2026-12-03", "kiem_tra: hôm qua"),
        f"{PREFIX}:13: lỗi: luong-co-so: 'kiem_tra' (ngày kiểm tra lần cuối) phải là ngày dạng "
        "YYYY-MM-DD, ví dụ 2026-01-01 (đang là 'hôm qua')",
    ),
    "not confirmed without a reason": (
        BASE.replace("da-xac-nhan", "chua-xac-nhan"),
        f"{PREFIX}:12: lỗi: luong-co-so: số liệu 'chua-xac-nhan' phải có 'ly_do': vì sao chưa "
        "xác nhận, và người đọc có thể đối chiếu ở đâu.",
    ),
    "status misspelt": (
        BASE.replace("da-xac-nhan", "da-xac-nhn"),
        f"{PREFIX}:12: lỗi: luong-co-so: 'trang_thai' (trạng thái) không nhận 'da-xac-nhn'. Có "
        "phải ý bạn là 'da-xac-nhan'? Chọn một trong: da-xac-nhan (đã đối chiếu với văn bản "
        "gốc), chua-xac-nhan (chưa xác nhận; ghi lý do trong 'ly_do')",
    ),
    "key with capitals": (
        BASE.replace("luong-co-so:", "Luong_co_so:"),
        f"{PREFIX}:1: lỗi: tên số liệu 'Luong_co_so' phải viết chữ thường không dấu, nối bằng "
        "gạch ngang, ví dụ luong-co-so (đang là 'Luong_co_so').",
    ),
    "missing check date": (
        BASE.replace("  kiem_tra: 2026-12-03\n", ""),
        f"{PREFIX}:1: lỗi: luong-co-so: thiếu 'kiem_tra' (ngày kiểm tra lần cuối); thêm dòng "
        "'kiem_tra: 2026-12-03'",
    ),
    "formula naming an unknown key": (
        BASE + _derived("toi-da", "20 * luong-co-sp"),
        f"{PREFIX}:16: lỗi: toi-da: công thức không có số liệu 'luong-co-sp' trong "
        "data/so-lieu.yml. Có phải ý bạn là 'luong-co-so'? Xem các tên có sẵn bằng lệnh "
        "'portal facts'.",
    ),
    "formula cycle": (
        BASE + _derived("a", "2 * b") + _derived("b", "a + 1"),
        f"{PREFIX}:21: lỗi: b: công thức vòng quanh (a → b → a); một số liệu không thể tính từ "
        "chính nó.",
    ),
    "percent sign in a formula": (
        BASE + _derived("a", "10% * luong-co-so"),
        f"{PREFIX}:16: lỗi: a: công thức có ký tự '%' không dùng được; công thức chỉ được có số "
        "(20, 0.1), tên số liệu, các dấu + - * / và dấu ngoặc, ví dụ '20 * luong-co-so'. Phần "
        "trăm viết thành phép chia hay số thập phân: 0.1 * luong-co-so.",
    ),
    "unclosed parenthesis": (
        BASE + _derived("a", "20 * (luong-co-so"),
        f"{PREFIX}:16: lỗi: a: công thức '20 * (luong-co-so' viết sai (thiếu số, thừa dấu hay "
        "dấu ngoặc chưa đóng); công thức chỉ được có số (20, 0.1), tên số liệu, các dấu + - * / "
        "và dấu ngoặc, ví dụ '20 * luong-co-so'. Đặt dấu cách hai bên dấu trừ: 'a - b'.",
    ),
    "power": (
        BASE + _derived("a", "luong-co-so ** 2"),
        f"{PREFIX}:16: lỗi: a: công thức 'luong-co-so ** 2' có phép tính không dùng được; công "
        "thức chỉ được có số (20, 0.1), tên số liệu, các dấu + - * / và dấu ngoặc, ví dụ "
        "'20 * luong-co-so'.",
    ),
    "division by zero": (
        BASE + _derived("a", "luong-co-so / 0"),
        f"{PREFIX}:16: lỗi: a: công thức chia cho 0.",
    ),
    "formula of a text": (
        "t:\n  ten: Tuổi nghỉ hưu\n  muc:\n    - tu: 2026-01-01\n      gia_tri: 61 tuổi 6 tháng\n"
        "      can_cu: {so: 45/2019/QH14, ten: Bộ luật Lao động}\n  trang_thai: da-xac-nhan\n"
        "  kiem_tra: 2026-12-03\n" + _derived("a", "2 * t"),
        f"{PREFIX}:11: lỗi: a: công thức dùng 't' nhưng giá trị của nó là chữ ('61 tuổi 6 "
        "tháng'), không tính được.",
    ),
    "both periods and formula": (
        BASE.replace("  trang_thai:", "  cong_thuc: 2 * 3\n  trang_thai:"),
        f"{PREFIX}:12: lỗi: luong-co-so: có cả 'muc' và 'cong_thuc'; số liệu tính bằng công thức "
        "không ghi 'muc' (các mức tự theo số liệu trong công thức).",
    ),
    "neither periods nor formula": (
        "a:\n  ten: A\n  trang_thai: da-xac-nhan\n  kiem_tra: 2026-12-03\n",
        f"{PREFIX}:1: lỗi: a: thiếu 'muc' (các mức theo thời gian) hoặc 'cong_thuc' (công thức).",
    ),
    "a text for a fact": (
        "a: chữ\n",
        f"{PREFIX}:1: lỗi: a: số liệu phải gồm các dòng ten, don_vi, muc (hoặc cong_thuc), "
        "trang_thai, kiem_tra, mỗi dòng lùi vào hai dấu cách dưới tên số liệu.",
    ),
    "a list for the file": (
        "- luong-co-so\n",
        f"{PREFIX}:1: lỗi: tệp phải gồm các số liệu, mỗi số liệu bắt đầu bằng tên của nó ở đầu "
        "dòng, ví dụ 'luong-co-so:', rồi các dòng ten, don_vi, muc… lùi vào hai dấu cách.",
    ),
    "a fact written twice": (
        BASE + BASE,
        f"{PREFIX}:14: lỗi: khóa 'luong-co-so' bị lặp (đã có ở dòng 1); mỗi khóa chỉ viết một lần.",
    ),
    "address without https": (
        BASE.replace("cơ sở}", "cơ sở, url: www.chinhphu.vn}", 1),
        f"{PREFIX}:8: lỗi: luong-co-so: 'url' (địa chỉ web của văn bản) trong 'can_cu' trong mục "
        "thứ 1 của 'muc' phải là địa chỉ web bắt đầu bằng https://; đang là 'www.chinhphu.vn'",
    ),
}


@pytest.mark.parametrize("case", MISTAKES, ids=list(MISTAKES))
def test_each_register_mistake_gets_its_message(case):
    text, message = MISTAKES[case]
    found = facts.parse(text)
    assert [str(p) for p in found.problems] == [message]


@pytest.mark.parametrize(
    "text",
    ["", "# chỉ có chú thích\n", "\x00", "a: [[[[", "luong-co-so:\n  ten: [\n", "\ufeff" + BASE],
)
def test_broken_files_are_problems_never_tracebacks(text):
    found = facts.parse(text)
    assert all(p.path == PREFIX and p.line >= 1 for p in found.problems)


# -- references ----------------------------------------------------------------------------


def test_a_reference_renders_the_value_in_force_with_the_announced_change(register):
    page = "phap-luat/luong.md"
    text = "Lương cơ sở: [[so-lieu:luong-co-so]]; số: [[so-lieu:luong-co-so|so]]."
    assert facts.render_markdown(text, register, BEFORE, page) == (
        f'Lương cơ sở: [2.340.000{NBSP}đồng/tháng](../so-lieu/index.md#luong-co-so "Căn cứ: '
        f'73/2024/NĐ-CP") (từ 01/07/2026: 2.530.000{NBSP}đồng/tháng); số: [2.340.000]'
        '(../so-lieu/index.md#luong-co-so "Căn cứ: 73/2024/NĐ-CP") (từ 01/07/2026: 2.530.000).'
    )
    assert facts.render_markdown(text, register, AFTER, page) == (
        f'Lương cơ sở: [2.530.000{NBSP}đồng/tháng](../so-lieu/index.md#luong-co-so "Căn cứ: '
        '161/2026/NĐ-CP"); số: [2.530.000](../so-lieu/index.md#luong-co-so "Căn cứ: '
        '161/2026/NĐ-CP").'
    )


def test_an_unconfirmed_fact_says_so_with_a_link_to_the_reason(register):
    text = facts.render_markdown("[[so-lieu:ngay-le-co-luong]]", register, AFTER, "index.md")
    assert text == (
        f'[12{NBSP}ngày](so-lieu/index.md#ngay-le-co-luong "Căn cứ: 28/2026/QH16") '
        "([chưa xác nhận](so-lieu/index.md#ngay-le-co-luong-ly-do))"
    )
    assert facts.render_text("Nghỉ [[so-lieu:ngay-le-co-luong]].", register, AFTER) == (
        "Nghỉ 12 ngày (chưa xác nhận)."
    )


def test_references_in_code_are_left_as_written(register):
    text = "Gõ `[[so-lieu:luong-co-so]]`.\n\n```\n[[so-lieu:luong-co-so]]\n```\n"
    assert facts.render_markdown(text, register, AFTER, "a.md") == text
    assert facts.references(text) == []


def test_reference_mistakes(register):
    text = "a\n[[so-lieu:luong-co-sp]] và [[so-lieu:luong-co-so|tien]]\n[[so lieu:luong-co-so]]\n"
    found = [str(p) for p in figures.check_references("docs/a.md", text, register)]
    assert found == [
        "docs/a.md:2: lỗi: không có số liệu 'luong-co-sp' trong data/so-lieu.yml. Có phải ý bạn "
        "là 'luong-co-so'? Xem các tên có sẵn bằng lệnh 'portal facts'.",
        "docs/a.md:2: lỗi: tham chiếu '[[so-lieu:luong-co-so|tien]]' có phần '|tien' lạ; chỉ "
        "dùng [[so-lieu:luong-co-so]] (giá trị kèm đơn vị) hoặc [[so-lieu:luong-co-so|so]] (chỉ "
        "con số).",
        "docs/a.md:3: lỗi: tham chiếu số liệu viết sai dạng; viết [[so-lieu:ten-so-lieu]] (hai "
        "dấu ngoặc vuông, 'so-lieu', dấu hai chấm, tên số liệu), ví dụ [[so-lieu:luong-co-so]].",
    ]


class _Item(Schema):
    label: Text
    values: list[Number]


class _Card(Schema):
    title: Text
    items: list[_Item]


def test_data_file_references_become_numbers_the_schema_reads(tmp_path, register):
    path = tmp_path / "luong.yml"
    path.write_text(
        "title: Lương cơ sở [[so-lieu:luong-co-so]]\nitems:\n  - label: Lương cơ sở\n"
        '    values: ["[[so-lieu:luong-co-so]]", "[[so-lieu:bhxh-muc-dong-toi-da|so]]"]\n'
        "  - label: Sai\n    values: ['[[so-lieu:luong-co-sp]]']\n",
        encoding="utf-8",
    )
    where = "infographics/luong.yml"
    result = datafile.read(path, _Card, where, prepare=facts.preparer(register, BEFORE, where))
    assert [str(p) for p in result.problems] == [
        "infographics/luong.yml:6: lỗi: không có số liệu 'luong-co-sp' trong data/so-lieu.yml. "
        "Có phải ý bạn là 'luong-co-so'? Xem các tên có sẵn bằng lệnh 'portal facts'.",
        "infographics/luong.yml:6: lỗi: mục thứ 1 của 'values' trong mục thứ 2 của 'items' phải "
        "là một số viết liền theo kiểu máy, ví dụ 5310000 hoặc 8.5 (trang sẽ tự hiện 5.310.000 "
        "và 8,5); đang là '[[so-lieu:luong-co-sp]]'.",
    ]
    path.write_text(path.read_text("utf-8").split("  - label: Sai")[0], encoding="utf-8")
    result = datafile.read(path, _Card, where, prepare=facts.preparer(register, BEFORE, where))
    assert result.problems == []
    assert result.value.items[0].values == [2340000, 46800000]
    assert result.value.title == (
        "Lương cơ sở 2.340.000 đồng/tháng (từ 01/07/2026: 2.530.000 đồng/tháng)"
    )
    tree = datafile.parse_text('v: "[[so-lieu:bhyt-ty-le-nguoi-lao-dong]]"\n', where)
    assert facts.expand_tree(tree, register, AFTER, where).data == {"v": Plain("1.5")}


# -- checks ------------------------------------------------------------------------------


def _check(text: str, register, day=AFTER, **kwargs) -> list[str]:
    return [str(p) for p in figures.check_article("docs/a.md", text, register, day, **kwargs)]


def test_a_typed_figure_in_force_is_a_warning_naming_the_key(register):
    for written in ("2.530.000 đồng", "2530000 đồng", "2.530.000đ"):
        assert _check(f"---\ntitle: x\n---\nLương cơ sở là {written}.\n", register) == [
            "docs/a.md:4: cảnh báo: dùng [[so-lieu:luong-co-so]] thay cho '2.530.000' gõ tay "
            "(Lương cơ sở: 2.530.000 đồng/tháng, đang áp dụng), để trang tự đổi khi mức này thay "
            "đổi.".replace("'2.530.000'", f"'{written.split(' ')[0].removesuffix('đ')}'")
        ]


def test_a_typed_percentage_is_matched_the_vietnamese_way(register):
    assert _check("Người lao động đóng bảo hiểm y tế 1,5 % tiền lương.", register) == [
        "docs/a.md:1: cảnh báo: dùng [[so-lieu:bhyt-ty-le-nguoi-lao-dong]] thay cho '1,5 %' gõ "
        "tay (Tỷ lệ đóng BHYT của người lao động: 1,5 %, đang áp dụng), để trang tự đổi khi mức "
        "này thay đổi."
    ]
    # The same 8 % on a line about something else is not BHXH's share.
    assert _check("Lương cơ sở tăng 8% từ 01/07/2026.", register) == []
    assert len(_check("Bạn đóng bảo hiểm xã hội 8% lương.", register)) == 1


def test_a_typed_expired_figure_is_an_error(register):
    assert _check("Đoàn phí tối đa 234.000 đồng/tháng.", register) == [
        "docs/a.md:1: lỗi: '234.000' là mức cũ của Mức đoàn phí tối đa (áp dụng 01/07/2024 – "
        "30/06/2026); nay là 253.000 đồng/tháng. Dùng [[so-lieu:doan-phi-toi-da]] để trang luôn "
        "hiện mức đang áp dụng."
    ]
    # Before 01/07/2026 the same figure is the one in force, and an upcoming one too.
    assert _check("Đoàn phí tối đa 234.000 đồng.", register, BEFORE)[0].startswith(
        "docs/a.md:1: cảnh báo: dùng [[so-lieu:doan-phi-toi-da]] thay cho '234.000'"
    )
    assert "01/07/2026" in _check("Từ tháng 7: 253.000 đồng.", register, BEFORE)[0]


def test_no_false_alarms_on_years_dates_articles_and_references(register):
    text = (
        "---\ntitle: Thử việc\nsources:\n  - number: 161/2026/NĐ-CP\n    date: 2026-05-15\n---\n"
        "Năm 2026, theo Điều 25 và khoản 180, Nghị định 293/2025/NĐ-CP ngày 01/07/2026, "
        "lương cơ sở là [[so-lieu:luong-co-so]] (xem [mục 2530000](a.md#x-2530000)).\n"
        "Thử việc tối đa 180 ngày với người quản lý doanh nghiệp.\n"  # the one figure
        "Hợp đồng 180 tháng; 12 ngày phép; `2.530.000`\n"
        "```\n2.530.000 đồng\n```\n<span data-x='2530000'></span> https://x.vn/2530000\n"
    )
    assert _check(text, register) == [
        "docs/a.md:8: cảnh báo: dùng [[so-lieu:thu-viec-toi-da]] thay cho '180' gõ tay (Thời "
        "gian thử việc tối đa với người quản lý doanh nghiệp: 180 ngày, đang áp dụng), để trang "
        "tự đổi khi mức này thay đổi."
    ]


def test_news_posts_keep_the_figures_of_their_day(register):
    assert _check("Đoàn phí tối đa 234.000 đồng.", register, is_news=True) == []
    assert len(_check("[[so-lieu:khong-co]]", register, is_news=True)) == 1


def test_figures_due_for_a_check_are_listed(register):
    found = [str(p) for p in figures.check_register(register, dt.date(2026, 12, 3))]
    assert found == [
        "data/so-lieu.yml:111: cảnh báo: Thời gian thử việc tối đa với người quản lý doanh "
        "nghiệp (thu-viec-toi-da): kiểm tra lần cuối ngày 01/08/2026, đã 124 ngày (quá 90 "
        "ngày). Đối chiếu lại với văn bản gốc rồi sửa 'kiem_tra: 2026-12-03'."
    ]
    assert figures.check_register(register, dt.date(2026, 10, 30)) == []


# -- article parts -------------------------------------------------------------------------


def test_the_legal_basis_lists_each_document_once(register):
    extra = facts_page.fact_sources(register, ["bhxh-muc-dong-toi-da", "luong-co-so"], AFTER)
    meta = {
        "sources": [
            {"number": "Luật Bảo hiểm xã hội số 41/2024/QH15", "name": "Luật Bảo hiểm xã hội",
             "date": dt.date(2024, 6, 29)}
        ]
    }  # fmt: skip
    text = article_parts.decorate("# A\n\nx", meta, False, extra)
    assert text.endswith(
        "## Căn cứ pháp lý\n\n- Luật Bảo hiểm xã hội số 41/2024/QH15: Luật Bảo hiểm xã hội, ngày "
        "29/06/2024\n- 161/2026/NĐ-CP: Nghị định quy định mức lương cơ sở, ngày 15/05/2026"
    )


# -- portal facts --------------------------------------------------------------------------


def _project(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "data").mkdir()
    shutil.copy(FIXTURE, tmp_path / "data" / "so-lieu.yml")
    return tmp_path


def test_portal_facts_prints_the_register_on_a_date(tmp_path):
    project = _project(tmp_path)
    result = run_portal("facts", "--date", "2026-06-15", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Số liệu áp dụng ngày 15/06/2026 (11 số liệu):"
    assert lines[1].split() == ["Khóa", "Giá", "trị", "Thời", "gian", "áp", "dụng", "Căn", "cứ",
                                "Trạng", "thái", "Kiểm", "tra"]  # fmt: skip
    row = next(line for line in lines if line.startswith("luong-co-so "))
    assert re.split(r"\s{2,}", row) == [
        "luong-co-so",
        "2.340.000 đồng/tháng → 2.530.000 đồng/tháng từ 01/07/2026",
        "01/07/2024 – 30/06/2026",
        "73/2024/NĐ-CP",
        "Đã xác nhận",
        "03/12/2026",
    ]
    later = run_portal("facts", "--date", "2026-07-02", "--format", "json", cwd=project)
    data = json.loads(later.stdout)
    first = data["so_lieu"][0]
    assert (data["ngay"], first["khoa"], first["gia_tri"]) == ("2026-07-02", "luong-co-so", 2530000)
    assert first["muc"][0]["can_cu"][0]["so"] == "73/2024/NĐ-CP"


@pytest.mark.parametrize(
    "given, message",
    [
        ("15/06/2026", "phải viết năm-tháng-ngày: 2026-06-15 thay cho 15/06/2026"),
        ("2026-02-30", "ngày 2026-02-30 không có thật: tháng 2 năm 2026 chỉ có 28 ngày"),
        ("mai", "phải là ngày dạng YYYY-MM-DD, ví dụ 2026-01-01 (đang là 'mai')"),
    ],
)
def test_portal_facts_refuses_a_bad_date(tmp_path, given, message):
    result = run_portal("facts", "--date", given, cwd=_project(tmp_path))
    assert result.returncode == 2
    assert result.stderr == f"portal facts: lỗi: --date {message}\n"


def test_portal_facts_reports_a_broken_register(tmp_path):
    project = _project(tmp_path)
    (project / "data" / "so-lieu.yml").write_text(MISTAKES["periods overlap"][0], "utf-8")
    result = run_portal("facts", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == MISTAKES["periods overlap"][1]


# -- the built site on both sides of a change ------------------------------------------------

ARTICLE = """---
title: Mức đóng bảo hiểm xã hội
description: "Lương cơ sở hôm nay: [[so-lieu:luong-co-so]]."
summary:
  - Lương cơ sở là [[so-lieu:luong-co-so]].
  - Mức tiền lương tối đa để đóng là [[so-lieu:bhxh-muc-dong-toi-da]].
sources:
  - number: 41/2024/QH15
    name: Luật Bảo hiểm xã hội
    date: 2024-06-29
checked: 2026-12-03
---

# Mức đóng bảo hiểm xã hội

Mức thấp nhất là lương cơ sở, [[so-lieu:luong-co-so]].
"""


def _sample_site(target: Path) -> Path:
    """A small site: the project's theme and data, the test register, one article."""
    target.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("overrides", "data", "docs/assets", "docs/so-lieu"):
        shutil.copytree(ROOT / folder, target / folder)
    # The project's infographics name the project's register; this site has the test one.
    (target / "infographics").mkdir()
    shutil.copy(FIXTURE, target / "data" / "so-lieu.yml")
    docs = target / "docs"
    (docs / "index.md").write_text(
        "---\ntitle: Trang chủ\ndescription: Trang thử.\n---\n\n# Trang chủ\n\n"
        "<!-- portal:sap-thay-doi -->\n\nNội dung.\n",
        encoding="utf-8",
    )
    for folder, title in (("phap-luat", "Pháp luật lao động"), ("tin-tuc", "Tin tức")):
        (docs / folder).mkdir()
        (docs / folder / "index.md").write_text(
            f"---\ntitle: {title}\ndescription: Mục thử.\n---\n\n# {title}\n\nGiới thiệu.\n",
            encoding="utf-8",
        )
    (docs / "phap-luat" / "muc-dong.md").write_text(ARTICLE, encoding="utf-8")
    return target


def _build(tmp_path: Path, day: str, monkeypatch) -> Path:
    project = _sample_site(tmp_path / day)
    monkeypatch.setenv("PORTAL_TODAY", day)
    result = run_portal("build", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).replace(NBSP, " ")


def test_the_build_shows_the_value_of_its_day(tmp_path, monkeypatch):
    before = _build(tmp_path, "2026-06-15", monkeypatch)
    page = (before / "phap-luat" / "muc-dong" / "index.html").read_text("utf-8")
    assert (
        "Mức thấp nhất là lương cơ sở, 2.340.000 đồng/tháng (từ 01/07/2026: 2.530.000 "
        "đồng/tháng)." in _text(page)
    )
    assert '<a href="../../so-lieu/#luong-co-so" title="Căn cứ: 73/2024/NĐ-CP">' in page
    assert "Mức tiền lương tối đa để đóng là 46.800.000 đồng/tháng (từ 01/07/2026: " in _text(page)
    assert '<meta name="description" content="Lương cơ sở hôm nay: 2.340.000 đồng/tháng' in page
    # The article's legal basis gains the decree of the figure it shows, once.
    basis = _text(page.split('id="can-cu-phap-ly"')[1].split("</ul>")[0])
    assert "41/2024/QH15: Luật Bảo hiểm xã hội, ngày 29/06/2024" in basis
    assert "73/2024/NĐ-CP: Nghị định quy định mức lương cơ sở đối với cán bộ" in basis
    assert basis.count("41/2024/QH15") == 1
    home = _text((before / "index.html").read_text("utf-8"))
    assert (
        "Sắp thay đổi Từ 01/07/2026: Lương cơ sở là 2.530.000 đồng/tháng (nay là 2.340.000 "
        "đồng/tháng). Căn cứ: 161/2026/NĐ-CP." in home
    )
    register_page = (before / "so-lieu" / "index.html").read_text("utf-8")
    assert 'id="luong-co-so"' in register_page and 'id="ngay-le-co-luong-ly-do"' in register_page
    assert "Sắp thay đổi: từ 01/07/2026 là 2.530.000 đồng/tháng." in _text(register_page)
    published = json.loads((before / "so-lieu.json").read_text("utf-8"))
    assert published["ngay"] == "2026-06-15" and published["so_lieu"][0]["gia_tri"] == 2340000

    after = _build(tmp_path, "2026-07-02", monkeypatch)
    page = _text((after / "phap-luat" / "muc-dong" / "index.html").read_text("utf-8"))
    assert "Mức thấp nhất là lương cơ sở, 2.530.000 đồng/tháng." in page
    assert "2.340.000" not in page and "(từ 01/07/2026" not in page
    assert "161/2026/NĐ-CP: Nghị định quy định mức lương cơ sở, ngày 15/05/2026" in page
    home = _text((after / "index.html").read_text("utf-8"))
    assert "Sắp thay đổi" not in home
    history = _text((after / "so-lieu" / "index.html").read_text("utf-8"))
    assert "01/07/2024 – 30/06/2026 2.340.000 đồng/tháng 73/2024/NĐ-CP" in history
    assert "từ 01/07/2026 (đang áp dụng) 2.530.000 đồng/tháng" in history


def test_an_unknown_reference_stops_the_build_with_file_and_line(tmp_path):
    project = _sample_site(tmp_path / "site")
    article = project / "docs" / "phap-luat" / "muc-dong.md"
    wrong = ARTICLE.replace("cơ sở, [[so-lieu:luong-co-so]]", "cơ sở, [[so-lieu:luong-co-sp]]")
    article.write_text(wrong, "utf-8")
    result = run_portal("build", cwd=project)
    assert result.returncode == 1
    assert (
        "docs/phap-luat/muc-dong.md:16: không có số liệu 'luong-co-sp' trong data/so-lieu.yml. "
        "Có phải ý bạn là 'luong-co-so'?"
    ) in result.stderr
    # portal check says the same, as an error.
    checked = run_portal("check", "docs/phap-luat/muc-dong.md", cwd=project)
    assert checked.returncode == 1
    assert "docs/phap-luat/muc-dong.md:16: lỗi: không có số liệu 'luong-co-sp'" in checked.stdout


def test_a_broken_register_stops_the_build(tmp_path):
    project = _sample_site(tmp_path / "site")
    (project / "data" / "so-lieu.yml").write_text(MISTAKES["periods overlap"][0], "utf-8")
    result = run_portal("build", cwd=project)
    assert result.returncode == 1
    assert MISTAKES["periods overlap"][1].replace(": lỗi", "") in result.stderr.replace(": lỗi", "")


def test_the_local_data_and_the_plan_read_references(tmp_path, monkeypatch):
    from portal.content import local_facts, plan
    from portal.problems import ContentError

    project = _project(tmp_path)
    for name in ("dia-phuong.yml", "ke-hoach.yml"):
        shutil.copy(ROOT / "data" / name, project / "data" / name)
    local = project / "data" / "dia-phuong.yml"
    text = local.read_text("utf-8")
    note = re.search(r"  ghi_chu: >-\n(?:    .*\n)+", text).group()
    local.write_text(
        text.replace(note, '  ghi_chu: "Vùng IV: [[so-lieu:luong-toi-thieu-vung-4]]."\n'), "utf-8"
    )
    monkeypatch.setenv("PORTAL_TODAY", "2026-07-02")
    assert local_facts.read(project).region_note == "Vùng IV: 3.700.000 đồng/tháng."
    local.write_text(local.read_text("utf-8").replace("vung-4]]", "vung-5]]"), "utf-8")
    with pytest.raises(ContentError) as error:
        local_facts.read(project)
    assert [p.code for p in error.value.problems] == ["so-lieu-khong-co"]
    assert plan.read(project).title  # the plan reads through the same hook
