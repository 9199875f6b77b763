"""Local facts the commune must confirm (data/dia-phuong.yml): pending until filled, then shown."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import ROOT, copy_project, run_portal
from portal import checks
from portal.content import articles as content
from portal.content import facts, local_facts, markers

FACTS_TEXT = (ROOT / local_facts.FACTS_FILE).read_text(encoding="utf-8")
UNITS_IN_THE_PLAN = {
    "Phòng Văn hóa – Xã hội xã",
    "Văn phòng HĐND và UBND xã",
    "Trung tâm dịch vụ tổng hợp xã",
    "Phòng Kinh tế xã",
    "Công an xã",
    "Ủy ban Mặt trận Tổ quốc xã",
}


def write_facts(tmp_path, text: str):
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / local_facts.FACTS_FILE).write_text(text, encoding="utf-8")
    return tmp_path


def filled(text: str = FACTS_TEXT) -> str:
    """The real file with the region, the web address and one unit's contacts confirmed."""
    return (
        text.replace("  vung: null", "  vung: IV", 1)
        .replace("  can_cu: null", "  can_cu: Phụ lục Nghị định 128/2025/NĐ-CP", 1)
        .replace("  dia_chi_web: null", "  dia_chi_web: https://tranphu.example.vn/", 1)
        .replace("    dien_thoai: null", "    dien_thoai: 0208 3123 456", 1)
        .replace("    gio_lam_viec: null", "    gio_lam_viec: Sáng thứ Hai đến thứ Sáu", 1)
    )


def test_nothing_unconfirmed_is_filled_in():
    """The commune has confirmed nothing yet: every local value is still empty."""
    facts = local_facts.read(ROOT)
    assert facts.region is None
    assert facts.website is None
    assert all(u.phone is None and u.address is None and u.hours is None for u in facts.units)
    assert facts.expected_region == "IV"


def test_the_units_are_those_named_in_the_plan():
    assert {u.name for u in local_facts.read(ROOT).units} == UNITS_IN_THE_PLAN


def test_every_empty_value_carries_a_can_xac_nhan_comment():
    """An editor opening the file sees, above each empty value, that the commune must confirm it."""
    lines = FACTS_TEXT.splitlines()
    for index, line in enumerate(lines):
        if re.search(r":\s*null\s*$", line):
            above = "\n".join(lines[max(0, index - 4) : index])
            assert "CẦN XÁC NHẬN" in above, f"dòng {index + 1}: {line.strip()}"


def test_unfilled_lists_every_pending_item_with_its_line():
    items = local_facts.unfilled(local_facts.read(ROOT))
    assert len(items) == 2 + 3 * len(UNITS_IN_THE_PLAN)
    first = items[0]
    assert FACTS_TEXT.splitlines()[first.line - 1].strip() == "vung: null"
    assert str(first) == (
        f"data/dia-phuong.yml:{first.line}: cảnh báo: vùng lương tối thiểu của xã Trần Phú: "
        "đang chờ xã xác nhận"
    )
    for item in items:
        assert FACTS_TEXT.splitlines()[item.line - 1].strip().endswith("null"), item


def test_pending_contacts_are_shown_as_pending():
    markdown = local_facts.render_contacts(local_facts.read(ROOT))
    assert '!!! warning "Đang chờ xã xác nhận"' in markdown
    assert "**Trang thông tin điện tử chính thức của xã:** *đang chờ xã xác nhận*" in markdown
    assert "Điện thoại, địa chỉ, giờ làm việc của các bộ phận sau *đang chờ xã xác nhận*:" in (
        markdown
    )
    for name in UNITS_IN_THE_PLAN:
        assert f"\n- {name}\n" in markdown
    assert not re.search(r"\d{6,}", markdown), "no phone number may appear before it is confirmed"


def _as_shown(markdown: str) -> str:
    """The box as readers see it: the register's values of the day filled in."""
    return facts.render_text(markdown, facts.read(ROOT), dt.date(2026, 12, 3))


def test_the_expected_region_is_marked_unconfirmed():
    markdown = local_facts.render_region(local_facts.read(ROOT))
    assert markdown.startswith('!!! warning "Chưa xác nhận: xã Trần Phú thuộc vùng nào"')
    assert "**đang chờ xã xác nhận**" in markdown
    # The wages come from the register (NĐ 293/2025/NĐ-CP on this day), never typed here.
    assert "[[so-lieu:luong-toi-thieu-vung-4]]" in markdown
    assert "Dự kiến là **Vùng IV**: ít nhất 3.700.000 đồng/tháng" in _as_shown(markdown)
    assert "danh mục địa bàn ban hành kèm Nghị định 293/2025/NĐ-CP" in markdown


def test_confirmed_values_are_shown_and_no_longer_listed(tmp_path):
    facts = local_facts.read(write_facts(tmp_path, filled()))
    region = local_facts.render_region(facts)
    assert region.startswith('!!! info "Xã Trần Phú thuộc Vùng IV"')
    shown = _as_shown(region)
    assert "**3.700.000 đồng/tháng**" in shown and "Phụ lục Nghị định 128/2025/NĐ-CP" in region
    contacts = local_facts.render_contacts(facts)
    assert "- Điện thoại: [0208 3123 456](tel:02083123456)" in contacts
    assert "- Địa chỉ: *đang chờ xã xác nhận*" in contacts
    assert "<https://tranphu.example.vn/>" in contacts
    assert "### Phòng Văn hóa – Xã hội xã" in contacts  # the unit with a confirmed value
    assert "### Công an xã" not in contacts  # still fully pending: listed, not a heading
    assert len(local_facts.unfilled(facts)) == 3 * len(UNITS_IN_THE_PLAN) - 2


def test_an_unquoted_phone_number_stays_text(tmp_path):
    # YAML would read 02043123456 as the octal number 277653294; the schema keeps the digits.
    text = FACTS_TEXT.replace("    dien_thoai: null", "    dien_thoai: 02043123456", 1)
    (tmp_path / "data").mkdir()
    (tmp_path / local_facts.FACTS_FILE).write_text(text, encoding="utf-8")
    assert local_facts.read(tmp_path).units[0].phone == "02043123456"


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "  vung: null",
            "  vung: V",
            "  vung: V",
            "'vung' (vùng lương đã xác nhận) trong 'vung_luong' phải là một trong I, II, III, IV "
            "hoặc để trống (đang là 'V')",
        ),
        (
            "  vung: null",
            "  vung: III",
            "  can_cu: null",
            "đã điền 'vung' thì phải điền 'can_cu': văn bản xác nhận vùng của xã",
        ),
        (
            "  dia_chi_web: null",
            "  dia_chi_web: http://tranphu.vn",
            "  dia_chi_web: http",
            "'dia_chi_web' (địa chỉ web chính thức) trong 'trang_thong_tin' phải là địa chỉ web "
            "bắt đầu bằng https://; đang là 'http://tranphu.vn'",
        ),
        (
            "    dien_thoai: null",
            "    dien_thoai: gọi Văn phòng",
            "    dien_thoai: gọi",
            "'dien_thoai' (điện thoại) trong mục thứ 1 của 'don_vi' phải là số điện thoại: 9 đến "
            "11 chữ số, có thể cách bằng dấu cách hay dấu chấm (đầu số +84 cũng được); đang là "
            "'gọi Văn phòng'",
        ),
        (
            "    gio_lam_viec: null",
            "    gio_lam_viec: null\n    email: a@b.vn",
            "    email:",
            "khóa 'email' không có trong mẫu. Các khóa dùng được: ten, dien_thoai, dia_chi, "
            "gio_lam_viec",
        ),
    ],
)
def test_mistakes_are_explained_with_their_line(tmp_path, old, new, needle, message):
    text = FACTS_TEXT.replace(old, new, 1)
    line = text[: text.index(needle)].count("\n") + 1
    with pytest.raises(content.ContentError) as caught:
        local_facts.read(write_facts(tmp_path, text))
    found = [str(p) for p in caught.value.problems]
    assert f"data/dia-phuong.yml:{line}: lỗi: {message}" in found, found


def test_portal_check_warns_about_each_pending_item_but_passes():
    problems = checks.run(ROOT)
    pending = [p for p in problems if p.code == "cho-xa-xac-nhan"]
    assert len(pending) == 2 + 3 * len(UNITS_IN_THE_PLAN)
    assert all(p.severity == "warning" and p.path == local_facts.FACTS_FILE for p in pending)
    assert not [p for p in markers.check(ROOT) if p.severity == "error"]


def test_an_unknown_marker_stops_the_page(tmp_path):
    with pytest.raises(content.ContentError) as caught:
        markers.fill("# A\n\n<!-- portal:so-dien-thoai -->\n", ROOT, "docs/a.md")
    assert str(caught.value).startswith(
        "docs/a.md:3: lỗi: dòng đánh dấu lạ <!-- portal:so-dien-thoai"
    )


def test_the_built_pages_show_pending_facts(built_site):
    contact = (built_site / "lien-he" / "index.html").read_text(encoding="utf-8")
    assert "portal:lien-he" not in contact
    assert "Điện thoại, địa chỉ, giờ làm việc của các bộ phận sau" in contact
    assert all(name in contact for name in UNITS_IN_THE_PLAN)
    wage = built_site / "chinh-sach" / "tien-luong" / "luong-toi-thieu-vung-2026" / "index.html"
    page = wage.read_text(encoding="utf-8")
    assert "portal:vung-luong" not in page
    assert "Chưa xác nhận: xã Trần Phú thuộc vùng nào" in page


def test_filling_the_region_changes_every_page_that_states_it(tmp_path):
    """The region is written once: confirming it updates the article, the news and the Q&A."""
    project = copy_project(tmp_path / "project")
    (project / local_facts.FACTS_FILE).write_text(filled(), encoding="utf-8")
    assert run_portal("build", cwd=project).returncode == 0
    site = project / "site"
    for page in (
        site / "chinh-sach" / "tien-luong" / "luong-toi-thieu-vung-2026" / "index.html",
        site / "hoi-dap" / "tien-luong-va-gio-lam" / "index.html",
    ):
        text = page.read_text(encoding="utf-8")
        assert "Xã Trần Phú thuộc Vùng IV" in text, page
        assert "Chưa xác nhận: xã Trần Phú thuộc vùng nào" not in text, page
