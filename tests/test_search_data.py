"""The search's data and index rules without a browser: data/tu-dong-nghia.yml, the index
filed under synonyms, Q&A questions as results of their own, the links to one answer, the
home page's parts and the home-screen manifest."""

from __future__ import annotations

import json

from conftest import ROOT
from portal.content import synonyms
from portal.site import app_icon, home, question_links, search_index, search_text

QA_PAGE = """<html><head><meta name="description" content="Hỏi đáp"></head><body>
<article class="md-content__inner md-typeset">
<h1 id="hoi-dap-bao-hiem">Hỏi – đáp về bảo hiểm</h1><p>Câu trả lời ngắn.</p>
<h2 id="rut-mot-lan">Rút BHXH một lần được không?<a class="headerlink" href="#x">¶</a></h2>
<p>Rút là mất số năm đã đóng.</p><h3 id="chi-tiet">Chi tiết</h3><p>Hỏi cơ quan BHXH.</p>
<h2 id="nghi-om">Nghỉ ốm được trả bao nhiêu?</h2><p>Theo mức đóng bảo hiểm xã hội.</p>
<h2 id="can-cu">Căn cứ pháp lý</h2><p>Luật.</p>
</article></body></html>"""


def _write(tmp_path, text: str):
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / synonyms.SYNONYMS_FILE).write_text(text, encoding="utf-8")
    return synonyms.read(tmp_path)


def test_the_projects_synonym_list_reads_without_problems():
    found, problems = synonyms.read(ROOT)
    assert problems == []
    assert (("bhxh",), ("bảo", "hiểm", "xã", "hội")) in found.groups
    assert (("1",), ("một",)) in found.groups


def test_synonym_mistakes_are_told_at_their_line(tmp_path):
    _, problems = _write(tmp_path, "nhom:\n  - [bhxh, bảo hiểm xã hội]\n  - [bhxh, b.h.x.h]\n")
    assert [str(p) for p in problems] == [
        "data/tu-dong-nghia.yml:3: lỗi: mục thứ 2 (các nhóm từ cùng nghĩa) trong mục thứ 2 của "
        "'nhom' chỉ được có chữ, chữ số và dấu cách (đang là 'b.h.x.h'): bỏ dấu chấm, gạch, ngoặc"
    ]
    _, problems = _write(tmp_path, "nhom:\n  - [bhxh, bảo hiểm xã hội]\n  - [một]\n")
    assert [str(p) for p in problems] == [
        "data/tu-dong-nghia.yml:3: lỗi: mỗi nhóm cần ít nhất hai cách viết cùng nghĩa, ví dụ: "
        "[bhxh, bảo hiểm xã hội]"
    ]
    _, problems = _write(tmp_path, "nhom:\n  - [bhxh, bảo hiểm xã hội]\n  - [BHXH, an sinh]\n")
    assert [str(p) for p in problems] == [
        "data/tu-dong-nghia.yml:3: cảnh báo: 'bhxh' đã có ở nhóm dòng 2; mỗi cách viết chỉ ở "
        "một nhóm (gộp hai nhóm lại nếu chúng cùng nghĩa)"
    ]
    assert synonyms.read(tmp_path / "khong-co")[1] == []  # no file: no synonyms, no mistake


def test_forms_match_as_spelled_with_d_for_đ():
    groups, _ = synonyms.read(ROOT)
    matcher = groups.matcher()
    found = matcher.find(["hđlđ", "hai", "hại", "mốt", "một"])
    assert (0, 1, ("hợp", "đồng", "lao", "động")) in found
    assert (1, 2, ("2",)) in found
    assert not [f for f in found if f[0] in (2, 3)]  # "hại" is not two, "mốt" is not one
    assert (4, 5, ("1",)) in found


def test_index_files_a_page_under_each_form_of_its_synonyms(tmp_path):
    page = QA_PAGE.replace("hoi-dap-bao-hiem", "x")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(page, encoding="utf-8")
    groups, _ = synonyms.read(ROOT)
    search_index.build(tmp_path, {"a/index.html": "Chính sách"}, groups)
    index = json.loads((tmp_path / "tim-kiem" / "index.json").read_text(encoding="utf-8"))
    build = tmp_path / "tim-kiem" / index["b"]
    one = json.loads((build / "t" / "1.json").read_text(encoding="utf-8"))
    assert set(one) == {"1"}  # from "một"
    xa = json.loads((build / "t" / "xa.json").read_text(encoding="utf-8"))
    assert "xã" in xa  # from "BHXH"
    pairs = {}
    for bucket in (build / "p").iterdir():
        pairs |= json.loads(bucket.read_text(encoding="utf-8"))
    assert {"bhxh 1", "1 lan", "hoi mot", "xa hoi"} <= set(pairs)


def test_each_question_of_the_q_and_a_is_a_result_of_its_own(tmp_path):
    page = search_text.read(QA_PAGE)
    rest, questions = search_text.split_questions(page)
    assert [q.title for q in questions] == [
        "Rút BHXH một lần được không?",
        "Nghỉ ốm được trả bao nhiêu?",
    ]
    assert questions[0].text == (
        "Rút BHXH một lần được không? Rút là mất số năm đã đóng. Chi tiết. Hỏi cơ quan BHXH."
    )
    assert [(h.anchor, h.level) for h in questions[0].headings] == [
        ("rut-mot-lan", 1),
        ("chi-tiet", 3),
    ]
    assert rest.text == "Hỏi – đáp về bảo hiểm. Câu trả lời ngắn. Căn cứ pháp lý. Luật."
    assert rest.description == "Hỏi đáp"
    (tmp_path / "hoi-dap" / "bao-hiem").mkdir(parents=True)
    (tmp_path / "hoi-dap" / "bao-hiem" / "index.html").write_text(QA_PAGE, encoding="utf-8")
    count = search_index.build(tmp_path, {"hoi-dap/bao-hiem/index.html": "Hỏi – đáp"})
    assert count == 3
    texts = [
        json.loads(f.read_text(encoding="utf-8"))
        for f in (tmp_path / "tim-kiem" / "trang").iterdir()
    ]
    urls = {t["u"]: t["s"] for t in texts}
    assert urls == {
        "hoi-dap/bao-hiem/": "Hỏi – đáp",
        "hoi-dap/bao-hiem/#rut-mot-lan": "Hỏi – đáp về bảo hiểm",
        "hoi-dap/bao-hiem/#nghi-om": "Hỏi – đáp về bảo hiểm",
    }


def test_each_question_gets_a_copy_button_and_a_preview_page():
    site = "https://xa.example/"
    content = QA_PAGE[QA_PAGE.index("<h1") : QA_PAGE.index("</article>")]
    with_buttons = question_links.add_buttons(content, "hoi-dap/bao-hiem/", site)
    assert with_buttons.count("Chép liên kết") == 2
    assert 'data-url="https://xa.example/hoi-dap/bao-hiem/nghi-om/"' in with_buttons
    assert 'aria-describedby="nghi-om"' in with_buttons
    pages = question_links.preview_pages(QA_PAGE, "hoi-dap/bao-hiem/", site, "Cổng")
    assert sorted(pages) == ["hoi-dap/bao-hiem/nghi-om/index.html",
                             "hoi-dap/bao-hiem/rut-mot-lan/index.html"]  # fmt: skip
    preview = pages["hoi-dap/bao-hiem/nghi-om/index.html"]
    assert '<meta property="og:title" content="Nghỉ ốm được trả bao nhiêu?">' in preview
    assert '<meta property="og:description" content="Theo mức đóng bảo hiểm xã hội.">' in preview
    assert '<meta http-equiv="refresh" content="0; url=../#nghi-om">' in preview
    assert question_links.is_question_page("hoi-dap/bao-hiem.md")
    assert not question_links.is_question_page("hoi-dap/index.md")


def test_help_box_marks_what_the_commune_has_not_confirmed():
    from portal.content.local_facts import Facts, Unit

    units = (
        Unit("Công an xã", None, None, None, 3),
        Unit("Phòng Kinh tế xã", "0209 3.812", None, None, 8),
    )
    box = home.help_box(Facts(None, None, None, None, None, units, {}))
    assert box == (
        '<ul class="portal-help">\n<li>Công an xã: <em>chờ xác nhận</em></li>\n'
        '<li>Phòng Kinh tế xã: <a href="tel:02093812">0209 3.812</a></li>\n</ul>'
    )


def test_home_screen_icon_and_manifest(tmp_path):
    written = app_icon.publish(tmp_path / "site", tmp_path / "cache")
    assert written == ["assets/icon-192.png", "assets/icon-512.png", "manifest.webmanifest"]
    data = json.loads((tmp_path / "site" / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert data["lang"] == "vi" and data["short_name"] == "Luật lao động"
    assert data["start_url"] == "./" and data["display"] == "standalone"
    from PIL import Image

    with Image.open(tmp_path / "site" / "assets" / "icon-512.png") as image:
        assert image.size == (512, 512)
        assert image.getpixel((256, 256)) == (255, 255, 255)  # the house
        assert image.getpixel((10, 10)) == (163, 27, 20)  # the site's red, to the edge
