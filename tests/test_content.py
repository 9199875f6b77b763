"""Reading articles: URLs, front matter and the messages editors get for mistakes."""

import datetime as dt

import pytest

from portal.content import articles as content
from portal.site import article_parts, listing, summary


@pytest.mark.parametrize(
    ("src", "url"),
    [
        ("index.md", ""),
        ("phap-luat/index.md", "phap-luat/"),
        ("phap-luat/hop-dong-lao-dong.md", "phap-luat/hop-dong-lao-dong/"),
        ("chinh-sach/tien-luong/index.md", "chinh-sach/tien-luong/"),
        ("tin-tuc/bai-viet/luong-toi-thieu-vung-2026.md", "tin-tuc/luong-toi-thieu-vung-2026/"),
    ],
)
def test_urls(src, url):
    assert content.url_for(src) == url


def test_front_matter_is_read():
    meta, body = content.split_front_matter(
        "---\ntitle: Lương\ndate: 2026-01-01\n---\n\n# Lương\n", "docs/a.md"
    )
    # Values stay text: the schema reads dates (content.read_article), never the YAML loader.
    assert meta == {"title": "Lương", "date": "2026-01-01"}
    assert body.strip() == "# Lương"


def test_broken_yaml_names_file_and_line_in_vietnamese():
    text = '---\ntitle: Lương\ndescription: "chưa đóng ngoặc\n---\nThân bài\n'
    with pytest.raises(content.ContentError) as caught:
        content.split_front_matter(text, "docs/phap-luat/x.md")
    assert str(caught.value) == (
        "docs/phap-luat/x.md:3: lỗi: thông tin đầu bài không đúng cú pháp YAML "
        '(found unexpected end of stream). Có dấu ngoặc kép mở mà chưa đóng; thêm dấu " ở cuối '
        "giá trị."
    )


def test_colon_in_a_value_gets_the_quoting_advice():
    with pytest.raises(content.ContentError) as caught:
        content.split_front_matter("---\ntitle: A\ndescription: BHXH: mức đóng\n---\n", "docs/a.md")
    assert str(caught.value).startswith("docs/a.md:3: ")
    assert 'description: "Bảo hiểm: mức đóng năm 2026"' in str(caught.value)


def test_unclosed_front_matter():
    with pytest.raises(content.ContentError, match=r"^docs/a\.md:1: lỗi: .*'---'"):
        content.split_front_matter("---\ntitle: x\n", "docs/a.md")


def test_bad_date_reads_as_no_date(tmp_path):
    # The schema reports it with its line; reading goes on so every problem can be listed.
    (tmp_path / "a.md").write_text("---\ntitle: A\ndate: 01/01/2026\n---\n", encoding="utf-8")
    assert content.read_article(tmp_path, "a.md").date is None


def test_listing_orders_news_first_then_alphabetically(tmp_path):
    docs = tmp_path
    (docs / "phap-luat" / "sub").mkdir(parents=True)
    files = {
        "phap-luat/index.md": "# Pháp luật\n",
        "phap-luat/dan.md": "---\ntitle: Dân\n---\n",
        "phap-luat/an.md": "---\ntitle: Ân\n---\n",
        "phap-luat/moi.md": "---\ntitle: Mới\ndate: 2026-02-01\n---\n",
        "phap-luat/nhap.md": "---\ntitle: Nháp\ndraft: true\n---\n",
        "phap-luat/sub/index.md": "---\ntitle: Bài con\n---\n",
        "phap-luat/sub/sau.md": "---\ntitle: Sâu hơn\n---\n",
    }
    for name, text in files.items():
        (docs / name).write_text(text, encoding="utf-8")
    # Listing needs only titles and dates; these short articles would fail the full schema.
    articles = [content.read_article(docs, name) for name in files]
    items = listing.children(articles, "phap-luat")
    assert [a.title for a in items] == ["Mới", "Ân", "Bài con", "Dân"]
    html = listing.render(items, "phap-luat/")
    assert 'href="moi/"' in html and 'href="sub/"' in html
    assert ">01/02/2026</time>" in html


def test_description_is_first_paragraph_without_markup():
    text = (
        "# Tiêu đề\n\n!!! note\n\nĐây là **đoạn đầu** với [liên kết](a.md).\nDòng hai.\n\nĐoạn sau."
    )
    assert summary.describe(text) == "Đây là đoạn đầu với liên kết. Dòng hai."
    long_text = "Từ " * 100
    described = summary.describe(long_text)
    assert len(described) <= 160 and described.endswith("…")


def test_news_date_line_goes_under_the_title():
    meta = {"date": dt.date(2026, 1, 1), "summary": ["Ý một.", "Ý hai."]}
    text = article_parts.decorate("# Lương 2026\n\nĐoạn đầu.", meta, is_news=True)
    lines = [line for line in text.splitlines() if line]
    assert lines[0] == "# Lương 2026"
    assert "Thứ Năm, 1 tháng 1, 2026" in lines[1] and 'datetime="2026-01-01"' in lines[1]
    assert lines[2:5] == ['!!! abstract "Tóm tắt"', "    - Ý một.", "    - Ý hai."]
    assert lines[5] == "Đoạn đầu."


def test_legal_basis_and_update_line_close_the_article():
    meta = {
        "sources": [
            {
                "number": "Nghị định 293/2025/NĐ-CP",
                "name": "Quy định mức lương tối thiểu đối với người lao động",
                "date": dt.date(2025, 11, 10),
            }
        ],
        "updated": dt.date(2026, 1, 2),
        "checked": dt.date(2026, 11, 23),
    }
    text = article_parts.decorate("# A\n\nThân bài.", meta, is_news=False)
    assert text.endswith(
        "## Căn cứ pháp lý\n\n"
        "- Nghị định 293/2025/NĐ-CP: Quy định mức lương tối thiểu đối với người lao động, "
        "ngày 10/11/2025\n\n"
        '<p class="portal-updated">Cập nhật ngày 02/01/2026. '
        "Số liệu được kiểm tra lần cuối ngày 23/11/2026.</p>\n"
    )
