"""Front matter rules, with the exact message an editor reads for each mistake."""

import pytest

from conftest import ROOT
from portal.content import articles as content
from portal.content import frontmatter as schema

TAGS = schema.allowed_tags(ROOT)
GOOD_LAW = """---
title: Hợp đồng lao động
description: Các loại hợp đồng và thời gian thử việc.
tags:
  - hợp đồng lao động
summary:
  - Có hai loại hợp đồng lao động.
  - Thử việc tối đa 180 ngày.
sources:
  - number: Nghị định 293/2025/NĐ-CP
    name: Quy định mức lương tối thiểu đối với người lao động
    date: 2025-11-10
checked: 2026-11-23
---

# Hợp đồng lao động
"""


def problems(tmp_path, src: str, text: str) -> list[str]:
    path = tmp_path / src
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return [str(p) for p in content.read_article(tmp_path, src).all_problems(TAGS)]


def test_a_complete_law_article_passes(tmp_path):
    assert problems(tmp_path, "phap-luat/hop-dong.md", GOOD_LAW) == []


def test_real_content_passes():
    for article in content.load(ROOT / "docs"):
        assert article.all_problems(TAGS) == [], article.src_path


@pytest.mark.parametrize(
    ("src", "change", "message"),
    [
        (
            "phap-luat/a.md",
            ("checked: 2026-11-23\n", "checked: 2026-11-23\ntac_gia: Lan\n"),
            "docs/phap-luat/a.md:14: lỗi: khóa 'tac_gia' không có trong mẫu. Các khóa dùng được: "
            "title, description, date, updated, checked, tags, categories, summary, sources, "
            "draft, hide",
        ),
        (
            "phap-luat/a.md",
            ("description:", "desciption:"),
            "docs/phap-luat/a.md:3: lỗi: khóa 'desciption' không có trong mẫu. Có phải ý bạn là "
            "'description'? Các khóa dùng được: title, description, date, updated, checked, tags, "
            "categories, summary, sources, draft, hide",
        ),
        (
            "phap-luat/a.md",
            ("checked: 2026-11-23\n", ""),
            "docs/phap-luat/a.md:1: lỗi: thiếu 'checked' (ngày kiểm tra số liệu); "
            "thêm dòng 'checked: 2026-12-03'",
        ),
        (
            "phap-luat/a.md",
            ("checked: 2026-11-23", "checked: 23/11/2026"),
            "docs/phap-luat/a.md:13: lỗi: 'checked' (ngày kiểm tra số liệu) phải viết "
            "năm-tháng-ngày: 2026-11-23 thay cho 23/11/2026",
        ),
        (
            "phap-luat/a.md",
            ("checked: 2026-11-23", "checked: 2026-13-45"),
            "docs/phap-luat/a.md:13: lỗi: 'checked' (ngày kiểm tra số liệu) ngày 2026-13-45 "
            "không có thật: tháng phải từ 01 đến 12 (đang là 13)",
        ),
        (
            "phap-luat/a.md",
            ("checked: 2026-11-23", "checked: 2026-02-30"),
            "docs/phap-luat/a.md:13: lỗi: 'checked' (ngày kiểm tra số liệu) ngày 2026-02-30 "
            "không có thật: tháng 2 năm 2026 chỉ có 28 ngày",
        ),
        (
            "phap-luat/a.md",
            ("checked: 2026-11-23", "checked: 2026-11-23\nupdated: 2026-99-99"),
            "docs/phap-luat/a.md:14: lỗi: 'updated' (ngày cập nhật) ngày 2026-99-99 không có "
            "thật: tháng phải từ 01 đến 12 (đang là 99)",
        ),
        (
            "phap-luat/a.md",
            ("  - hợp đồng lao động", "  - hợp đồng"),
            "docs/phap-luat/a.md:5: lỗi: chủ đề 'hợp đồng' không có trong data/tags.yml. Có phải "
            "ý bạn là 'hợp đồng lao động'? Chọn một chủ đề trong danh sách hoặc thêm nó vào tệp "
            "đó.",
        ),
        (
            "phap-luat/a.md",
            ("  - hợp đồng lao động", "  - Hợp đồng lao động"),
            "docs/phap-luat/a.md:5: lỗi: chủ đề 'Hợp đồng lao động' không có trong data/tags.yml. "
            "Có phải ý bạn là 'hợp đồng lao động'? Chọn một chủ đề trong danh sách hoặc thêm nó "
            "vào tệp đó.",
        ),
        (
            "phap-luat/a.md",
            ("    date: 2025-11-10\n", ""),
            "docs/phap-luat/a.md:10: lỗi: thiếu 'date' (ngày ban hành) trong mục thứ 1 của "
            "'sources'; thêm dòng 'date: 2025-11-10'",
        ),
        (
            "phap-luat/a.md",
            ("  - Thử việc tối đa 180 ngày.\n", ""),
            "docs/phap-luat/a.md:6: lỗi: 'summary' (tóm tắt) cần từ 2 đến 4 mục (đang có 1)",
        ),
        (
            "phap-luat/a.md",
            ("title: Hợp đồng lao động", 'title: "Hợp đồng</title><meta http-equiv=refresh>"'),
            "docs/phap-luat/a.md:2: lỗi: 'title' (tiêu đề) có ký tự '<', có thể làm hỏng trang "
            "(mã HTML); viết bằng chữ, ví dụ 'nhỏ hơn', 'lớn hơn'",
        ),
        (
            "tin-tuc/bai-viet/a.md",
            ("checked: 2026-11-23\n", "date: 2026-01-01\ncategories:\n  - Thời sự\n"),
            "docs/tin-tuc/bai-viet/a.md:15: lỗi: chuyên mục 'Thời sự' không có. Chọn một trong: "
            "Chính sách mới, Hoạt động của xã, Cảnh giác",
        ),
    ],
)
def test_each_mistake_gets_its_message(tmp_path, src, change, message):
    old, new = change
    assert old in GOOD_LAW
    assert message in problems(tmp_path, src, GOOD_LAW.replace(old, new))


def test_news_needs_a_date(tmp_path):
    found = problems(tmp_path, "tin-tuc/bai-viet/a.md", GOOD_LAW)
    expected = "docs/tin-tuc/bai-viet/a.md:1: lỗi: thiếu 'date' (ngày đăng); "
    assert expected + "thêm dòng 'date: 2026-01-01'" in found
