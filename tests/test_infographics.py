"""Infographics and link previews: data files, messages, cache, fonts, golden images, pages.

Golden images live in tests/golden/ (drawn from the fixtures in tests/golden/specs/). After a
deliberate change to the drawing, look at the new images, then update them with:

    make golden

(which runs `PORTAL_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_infographics.py -k
golden`). A failing comparison writes the new image and a diff into test-results/golden/.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat, features

from conftest import ROOT, copy_project, run_portal
from portal.infographics import cards, embed, fonts, render
from portal.infographics.cache import Cache
from portal.infographics.layout import (
    BY_KEY,
    INK,
    MUTED,
    PAPER,
    PRIMARY,
    SERIES,
    SIZES,
    TINT,
    Canvas,
    amount,
    when,
)
from portal.infographics.library import Library
from portal.infographics.spec import SpecError, load, load_all

GOLDEN = ROOT / "tests" / "golden"
FIXTURES = GOLDEN / "specs"
RESULTS = ROOT / "test-results" / "golden"
# Root mean square of the pixel difference, on a 0-255 scale, averaged over R, G and B.
# Anti-aliasing may move by a shade between FreeType builds; a moved label moves far more.
RMS_TOLERANCE = 2.0
UPDATE = os.environ.get("PORTAL_UPDATE_GOLDEN") == "1"
VIETNAMESE = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)
ALPHABET = VIETNAMESE + VIETNAMESE.upper() + "0123456789₫%.,;:!?()–-/·…\"'"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
title: Mẫu
kind: bars
unit: đ
series:
  - name: Năm 2026
items:
  - label: Vùng I
    values: [5310000]
source: Nghị định 293/2025/NĐ-CP
alt: Biểu đồ mẫu một thanh, dùng trong kiểm thử bộ đọc tệp dữ liệu.
checked: 2026-11-01
"""


def problems_of(tmp_path: Path, text: str, name: str = "mau.yml") -> list[str]:
    path = write(tmp_path / "infographics", name, text)
    with pytest.raises(SpecError) as caught:
        load(path, f"infographics/{name}")
    return [str(p) for p in caught.value.problems]


# -- data files: every mistake named with file, line and what is expected -------------------


def test_a_good_file_loads_in_nfc(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Lương tối thiểu")
    path = write(tmp_path, "mau.yml", GOOD.replace("title: Mẫu", f"title: {decomposed}"))
    spec = load(path)
    assert spec.title == unicodedata.normalize("NFC", "Lương tối thiểu")
    assert spec.items[0].values == (5310000,)
    assert spec.checked == dt.date(2026, 11, 1)


def test_misspelt_key_is_named_with_its_line_and_a_suggestion(tmp_path):
    assert problems_of(tmp_path, GOOD.replace("title:", "titel:")) == [
        "infographics/mau.yml:1: lỗi: thiếu 'title' (tiêu đề); thêm dòng 'title: Lương tối "
        "thiểu vùng năm 2026'",
        "infographics/mau.yml:1: lỗi: khóa 'titel' không có trong mẫu. Có phải ý bạn là "
        "'title'? Các khóa dùng được: title, subtitle, kind, topic, note, source, alt, checked, "
        "unit, series, items",
    ]


def test_number_with_thousands_dots_explains_how_to_write_it(tmp_path):
    text = GOOD.replace("[5310000]", "[5.310.000]")
    assert problems_of(tmp_path, text) == [
        "infographics/mau.yml:8: lỗi: 'values' (các số của mục) trong mục thứ 1 của 'items' phải "
        "là một số viết liền theo kiểu máy, ví dụ 5310000 hoặc 8.5 (trang sẽ tự hiện 5.310.000 "
        "và 8,5); đang là '5.310.000'. Viết 5310000, không có dấu chấm."
    ]


def test_missing_source_and_unknown_kind(tmp_path):
    text = GOOD.replace("source: Nghị định 293/2025/NĐ-CP\n", "").replace("kind: bars", "kind: pie")
    assert problems_of(tmp_path, text) == [
        "infographics/mau.yml:1: lỗi: thiếu 'source' (dòng nguồn); thêm dòng 'source: Nghị định "
        "293/2025/NĐ-CP (hiệu lực 01/01/2026)'",
        "infographics/mau.yml:2: lỗi: 'kind' (kiểu ảnh) không nhận 'pie'. Chọn một trong: bars "
        "(thanh ngang so sánh các con số), split (thanh chia phần (ai đóng bao nhiêu)), cards "
        "(thẻ số lớn), timeline (các mốc thời gian), steps (các bước hoặc danh sách việc cần "
        "làm)",
    ]


@pytest.mark.parametrize("written", [".inf", "-.inf", ".nan", ".NaN", "1e999"])
def test_infinite_and_missing_numbers_are_refused(tmp_path, written):
    # YAML reads these as float('inf') or NaN, which would draw an endless bar or none.
    text = GOOD.replace("[5310000]", f"[{written}]")
    assert problems_of(tmp_path, text) == [
        "infographics/mau.yml:8: lỗi: 'values' (các số của mục) trong mục thứ 1 của 'items' phải "
        "là một số viết liền theo kiểu máy, ví dụ 5310000 hoặc 8.5 (trang sẽ tự hiện 5.310.000 "
        f"và 8,5); đang là '{written}'."
    ]


def test_values_must_match_the_series(tmp_path):
    text = GOOD.replace("[5310000]", "[5310000, 4960000]")
    assert problems_of(tmp_path, text) == [
        "infographics/mau.yml:8: lỗi: mục 'Vùng I' có 2 số nhưng 'series' có 1 dãy; cần đúng 1 "
        "số, theo thứ tự của 'series'."
    ]


def test_date_source_alt_and_duplicate_key(tmp_path):
    text = (
        GOOD.replace("checked: 2026-11-01", "checked: 01/11/2026")
        .replace("source: Nghị định 293/2025/NĐ-CP", "source: Nghị định lương tối thiểu")
        .replace("alt: Biểu đồ mẫu một thanh, dùng trong kiểm thử bộ đọc tệp dữ liệu.", "alt: Ảnh")
        + "unit: '%'\n"
    )
    assert problems_of(tmp_path, text) == [
        "infographics/mau.yml:9: lỗi: 'source' (dòng nguồn) phải ghi số hiệu văn bản pháp luật, "
        "ví dụ 'Nghị định 293/2025/NĐ-CP' hoặc 'Bộ luật Lao động 45/2019/QH14'",
        "infographics/mau.yml:10: lỗi: 'alt' (mô tả ảnh bằng chữ) quá ngắn: cần ít nhất 30 ký "
        "tự, tả đủ ảnh nói gì",
        "infographics/mau.yml:11: lỗi: 'checked' (ngày kiểm tra số liệu) phải viết "
        "năm-tháng-ngày: 2026-11-01 thay cho 01/11/2026",
        "infographics/mau.yml:12: lỗi: khóa 'unit' bị lặp (đã có ở dòng 3); mỗi khóa chỉ viết "
        "một lần.",
    ]


def test_yaml_syntax_error_gives_the_line_and_the_quoting_advice(tmp_path):
    text = GOOD.replace("title: Mẫu", "title: Bảo hiểm: mức đóng")
    assert problems_of(tmp_path, text) == [
        "infographics/mau.yml:1: lỗi: không đúng cú pháp YAML (mapping values are not allowed "
        "here). Giá trị ở dòng này có dấu ':' theo sau là dấu cách; hãy đặt cả giá trị trong dấu "
        'ngoặc kép, ví dụ: description: "Bảo hiểm: mức đóng năm 2026".'
    ]


def test_file_name_must_be_an_ascii_slug(tmp_path):
    assert problems_of(tmp_path, GOOD, "Lương.yml")[0].startswith(
        "infographics/Lương.yml:1: lỗi: tên tệp 'Lương.yml' phải viết thường, không dấu"
    )


def test_numbers_may_come_from_a_csv_file_whose_lines_are_reported(tmp_path):
    folder = tmp_path / "infographics"
    write(folder, "luong.csv", "Vùng,2026\nVùng I,5310000\nVùng II,4.730.000\n")
    text = GOOD.replace("items:\n  - label: Vùng I\n    values: [5310000]\n", "items: luong.csv\n")
    assert problems_of(tmp_path, text) == [
        "infographics/luong.csv:3: lỗi: '4.730.000' không phải số viết kiểu máy (ví dụ 5310000 "
        "hoặc 8.5)."
    ]
    write(folder, "luong.csv", "Vùng,2026\nVùng I,5310000\nVùng II,4730000\n")
    spec = load(folder / "mau.yml")
    assert [(r.label, r.values) for r in spec.items] == [
        ("Vùng I", (5310000,)),
        ("Vùng II", (4730000,)),
    ]


def test_a_broken_file_does_not_stop_the_others(tmp_path):
    folder = tmp_path / "infographics"
    write(folder, "tot.yml", GOOD)
    write(folder, "hong.yml", GOOD.replace("kind: bars", "kind: [bars"))
    specs, problems = load_all(folder, tmp_path)
    assert [s.name for s in specs] == ["tot"]
    assert [p.path for p in problems] == ["infographics/hong.yml"]


def test_every_data_file_of_the_site_is_valid_cites_a_law_and_fits_every_size():
    specs, problems = load_all(ROOT / "infographics", ROOT)
    assert problems == []
    assert len(specs) >= 8
    for spec in specs:
        assert re.search(r"\d+/\d{4}/", spec.source), spec.name
        assert render.glyph_problems(spec) == [], spec.name
        for size in SIZES:
            render.draw(spec, size, scale=0.25)  # raises LayoutError if anything overflows


# -- Vietnamese text: the font covers it and raqm shapes it ----------------------------------


def test_layout_is_raqm_and_never_the_default_font():
    assert features.check("raqm"), "install libfribidi0 (make site does)"
    font = fonts.get("regular", 40)
    assert font.layout_engine == fonts.ImageFont.Layout.RAQM
    assert Path(font.path).name == "BeVietnamPro_400Regular.ttf"


def test_every_vietnamese_letter_is_in_every_weight_of_the_font():
    assert fonts.missing(ALPHABET) == []


def test_decomposed_text_draws_exactly_like_composed_text():
    # Under BASIC layout, NFD marks land beside or inside capitals; raqm places both forms alike.
    images = []
    for form in ("NFC", "NFD"):
        image = Image.new("RGB", (700, 140), "white")
        text = unicodedata.normalize(form, "Ổ Ể Ộ Ầ Ữ đặt")
        ImageDraw.Draw(image).text((10, 20), text, font=fonts.get("bold", 80), fill="black")
        images.append(image)
    assert ImageChops.difference(*images).getbbox() is None


def test_a_character_the_font_lacks_is_reported_with_its_line(tmp_path):
    path = write(tmp_path / "infographics", "mau.yml", GOOD.replace("title: Mẫu", "title: ⚠ Mẫu"))
    spec = load(path, "infographics/mau.yml")
    assert [str(p) for p in render.glyph_problems(spec)] == [
        "infographics/mau.yml:1: lỗi: ký tự '⚠' (U+26A0) không có trong phông Be Vietnam Pro nên "
        "sẽ hiện thành ô trống; hãy bỏ hoặc thay bằng chữ."
    ]


def test_text_that_cannot_fit_is_an_editor_message(tmp_path):
    long_title = "Tiêu đề rất dài " * 20
    path = write(tmp_path / "infographics", "mau.yml", GOOD.replace("Mẫu", long_title))
    with pytest.raises(SpecError) as caught:
        render.outputs(load(path, "infographics/mau.yml"))
    assert str(caught.value) == (
        "infographics/mau.yml:1: lỗi: tiêu đề quá dài cho khổ Dọc 1080×1350 (bài viết, điện thoại, "
        "Zalo): rút gọn còn 3 dòng."
    )


def test_numbers_and_dates_the_vietnamese_way():
    assert amount(5310000, "đ") == "5.310.000\u00a0đ"
    assert amount(8.5, "%") == "8,5%"
    assert amount(17.5, "%") == "17,5%"
    assert when(dt.date(2026, 1, 1)) == "01/01/2026"
    assert when(2028) == "2028"


def test_long_words_never_overflow_and_numbers_keep_their_unit():
    canvas = Canvas(1080, 400)
    lines = canvas.wrap("Nam thêm 3 tháng mỗi năm, nữ thêm 4 tháng mỗi năm", "regular", 40, 420)
    assert all(canvas.measure(line, "regular", 40) <= 420 for line in lines)
    assert not any(line.endswith((" 3", " 4", "\u00a03", "\u00a04")) for line in lines)
    word = canvas.wrap("Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bold", 60, 300)
    assert len(word) > 1 and all(canvas.measure(w, "bold", 60) <= 300 for w in word)


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colours_reach_4_5_to_1_and_bars_3_to_1():
    text_pairs = [(INK, PAPER), (MUTED, PAPER), (PAPER, PRIMARY), (PRIMARY, TINT), (INK, TINT),
                  (MUTED, TINT), (PRIMARY, PAPER)]  # fmt: skip
    for fg, bg in text_pairs:
        assert _contrast(fg, bg) >= 4.5, (fg, bg)
    for colour in SERIES:
        assert _contrast(colour, PAPER) >= 3, colour  # WCAG 1.4.11, graphical objects


# -- golden images ---------------------------------------------------------------------------


def _compare(name: str, drawn: Image.Image) -> None:
    golden = GOLDEN / f"{name}.png"
    # Through the same encoder as the site's files: palette PNGs keep the goldens small.
    data = render.encode(drawn, "png")
    image = Image.open(io.BytesIO(data)).convert("RGB")
    if UPDATE or not golden.exists():
        if not UPDATE:
            pytest.fail(f"no golden image {golden.name}: run `make golden`, then look at it")
        golden.write_bytes(data)
        return
    expected = Image.open(golden).convert("RGB")
    assert expected.size == image.size, f"{name}: size {image.size} != golden {expected.size}"
    difference = ImageChops.difference(expected, image.convert("RGB"))
    rms = sum(ImageStat.Stat(difference).rms) / 3
    if rms > RMS_TOLERANCE:
        RESULTS.mkdir(parents=True, exist_ok=True)
        golden_copy = RESULTS / f"{name}-golden.png"
        shutil.copyfile(golden, golden_copy)
        image.save(RESULTS / f"{name}.png")
        # Differences multiplied so a shifted label shows up clearly.
        difference.point(lambda v: min(255, v * 8)).save(RESULTS / f"{name}-diff.png")
        pytest.fail(
            f"{name}: RMS {rms:.2f} > {RMS_TOLERANCE}; see {RESULTS / name}.png, -diff.png "
            "and -golden.png. "
            "If the change is intended, run `make golden`."
        )


@pytest.mark.parametrize("kind", ["bars", "split", "cards", "timeline", "steps"])
def test_golden_portrait_at_half_size(kind):
    spec = load(FIXTURES / f"{kind}.yml")
    _compare(f"{kind}-portrait-half", render.draw(spec, BY_KEY["portrait"], scale=0.5))


def test_golden_square_at_half_size():
    spec = load(FIXTURES / "bars.yml")
    _compare("bars-square-half", render.draw(spec, BY_KEY["square"], scale=0.5))


def test_golden_full_size_portrait():
    spec = load(FIXTURES / "timeline.yml")
    _compare("timeline-portrait-full", render.draw(spec, BY_KEY["portrait"]))


def test_golden_link_card():
    card = cards.Card("Quyền từ chối việc nguy hiểm và bảo hiểm tai nạn lao động", "Pháp luật")
    _compare("card-half", cards.draw(card, scale=0.5))


def _card_in_colour(card: cards.Card, picture: Image.Image | None = None) -> Image.Image:
    """The card drawn the plain way, in RGB with measured wrapping: what the fast card must
    look like."""
    canvas = Canvas(cards.WIDTH, cards.HEIGHT)
    band_top = canvas.height - cards.BAND
    canvas.rect(0, band_top, canvas.width, cards.BAND, PRIMARY)
    canvas.text_block(cards.Text([cards.COMMUNE], "bold", 32), 56, band_top + 12, PAPER)
    canvas.text_block(cards.Text([cards.TAGLINE], "regular", 24), 56, band_top + 54, PAPER)
    right = canvas.width - 56
    if picture is not None:
        room_h = band_top - 64
        room_w = room_h * picture.width / picture.height
        left = canvas.width - 56 - room_w
        canvas.rect(left - 2, 30, room_w + 4, room_h + 4, "#d9cfcb")
        thumb = picture.resize((canvas.px(room_w), canvas.px(room_h)), Image.Resampling.LANCZOS)
        canvas.image.paste(thumb, (canvas.px(left), canvas.px(32)))
        right = left - 44
    y = 44.0
    section = canvas.fit(card.section, "bold", (30, 24), right - 56, 1, balance=False)
    canvas.text_block(section, 56, y, PRIMARY)
    y += section.height + 10
    title = canvas.fit(card.title, "bold", (66, 36), right - 56, 4, leading=1.18)
    room = band_top - 28 - y
    canvas.text_block(title, 56, y + max(0, (room - title.height) * 0.45), INK)
    return canvas.image


def _rms(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).rms) / 3


@pytest.mark.parametrize(
    "title",
    [
        "Thử việc",
        "Quyền từ chối việc nguy hiểm và bảo hiểm tai nạn lao động",
        "Nghỉ phép năm và những điều người lao động cần biết khi nghỉ việc theo Bộ luật Lao "
        "động 2019, cùng các quy định mới về bảo hiểm xã hội một lần",
    ],
)
def test_link_card_is_a_1200x630_palette_png_that_looks_like_the_card_in_colour(tmp_path, title):
    card = cards.Card(title, "Pháp luật")
    path = tmp_path / "card.png"
    path.write_bytes(cards.render(card)["card.png"])
    with Image.open(path) as image:
        assert image.format == "PNG" and image.mode == "P"
        assert image.size == (1200, 630)
        # Every colour is one of the fixed palette: nothing quantized per card.
        used = {index for _, index in image.getcolors()}
        assert max(used) < len(cards.FIXED)
        drawn = image.convert("RGB")
    reference = _card_in_colour(card)
    # Quantizing each card to 96 colours, as before, came to 1.0-1.1 against the same card.
    assert _rms(drawn, reference) < 0.8
    # The text is where the reference has it: the few pixels that differ are glyph edges.
    difference = ImageChops.difference(drawn, reference).convert("L")
    assert max(difference.getextrema()) <= 8


def test_link_card_with_an_infographic_shows_the_picture_in_its_own_colours(tmp_path):
    picture = Image.new("RGB", (1080, 1350), PAPER)
    ImageDraw.Draw(picture).rectangle((0, 0, 1080, 120), fill=PRIMARY)
    ImageDraw.Draw(picture).rectangle((100, 400, 900, 520), fill=SERIES[1])
    ImageDraw.Draw(picture).rectangle((100, 600, 600, 720), fill=SERIES[2])
    picture.save(tmp_path / "picture.png")
    card = cards.Card(
        "Ai đóng bao nhiêu bảo hiểm?", "Bảo hiểm", str(tmp_path / "picture.png"), "k1"
    )
    drawn = cards.draw(card)
    assert _rms(drawn, _card_in_colour(card, picture)) < 1.0
    colours = {colour for _, colour in drawn.getcolors(4096)}
    for series in ((79, 127, 163), (184, 134, 11)):  # the blue and the gold
        assert min(max(abs(a - b) for a, b in zip(c, series, strict=True)) for c in colours) <= 6


def test_card_titles_wrap_as_the_measured_wrap_does():
    # The card adds the widths of words measured once; Canvas.fit measures every trial line.
    canvas = Canvas(cards.WIDTH, cards.HEIGHT)
    titles = [
        "Lương tối thiểu vùng năm 2026 tăng bao nhiêu và ai được hưởng",
        "Người lao động làm việc 12 tháng được nghỉ hằng năm 12 ngày",
        "Hợp đồng lao động – những điều cần biết trước khi ký",
        "BHXH/BHYT/BHTN: mức đóng 10,5% từ 01/07/2025 cho người có hợp đồng từ đủ 1 tháng trở lên",
        "Siêuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuudài từ",
        " ".join(["Nghỉ việc"] * 40),
        "Ốm",
    ]
    for width in (968, 560):
        for title in titles:
            fitted = cards._fit_title(canvas, title, width)
            measured = canvas.fit(title, "bold", (66, 36), width, 4, leading=1.18)
            if measured is None:
                lines = canvas.wrap(title, "bold", 36, width)[:4]
                lines[-1] = lines[-1].rstrip(" ,.;:") + "…"
                measured = cards.Text(lines, "bold", 36, 1.18)
            assert (fitted.lines, fitted.size) == (measured.lines, measured.size), title
            whole = [line for line in fitted.lines if not line.endswith("…")]
            assert all(canvas.measure(line, "bold", fitted.size) <= width for line in whole)


def test_rendered_files_have_the_promised_sizes_and_formats(tmp_path):
    files = render.outputs(load(FIXTURES / "cards.yml"))
    assert sorted(files) == [
        "cards-1080x1080.png",
        "cards-1080x1350.png",
        "cards-1080x1350.webp",
        "cards-a4.png",
    ]
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        with Image.open(path) as image:
            size = next(s for s in SIZES if s.slug in name)
            assert image.size == (size.width, size.height)
            if name.endswith(".png"):
                assert image.mode == "P", "palette PNG"
            if size.key == "a4":
                assert round(image.info["dpi"][0]) == 300


# -- cache -----------------------------------------------------------------------------------


def _library(tmp_path: Path) -> Library:
    """Two fixtures copied once into tmp_path, read afresh (as each new build does)."""
    folder = tmp_path / "infographics"
    if not folder.exists():
        folder.mkdir(parents=True)
        for kind in ("bars", "steps"):
            shutil.copy(FIXTURES / f"{kind}.yml", folder / f"{kind}.yml")
    library = Library(folder, tmp_path / "cache", tmp_path)
    library.load()
    return library


def test_cache_draws_once_then_only_what_changed(tmp_path, monkeypatch):
    first = _library(tmp_path).render()
    assert sorted(first.rendered) == ["infographic/bars", "infographic/steps"]
    manifest = Cache(tmp_path / "cache").entry("infographic/bars")
    assert set(manifest["files"]) == {
        "bars-1080x1080.png", "bars-1080x1350.png", "bars-1080x1350.webp", "bars-a4.png"
    }  # fmt: skip
    again = _library(tmp_path).render()
    assert again.rendered == [] and sorted(again.reused) == sorted(first.rendered)

    steps = tmp_path / "infographics" / "steps.yml"
    steps.write_text(steps.read_text(encoding="utf-8").replace("Bước cuối", "Bước sau cùng"))
    changed = _library(tmp_path).render()
    assert changed.rendered == ["infographic/steps"]

    monkeypatch.setattr(render, "RENDERER_VERSION", "test")  # a new renderer redraws all
    assert len(_library(tmp_path).render().rendered) == 2
    forced = _library(tmp_path).render(force=True)
    assert len(forced.rendered) == 2


def test_a_missing_cached_file_is_drawn_again(tmp_path):
    library = _library(tmp_path)
    library.render()
    library.cache.files("infographic/bars")["bars-a4.png"].unlink()
    assert _library(tmp_path).render().rendered == ["infographic/bars"]


# -- the embed line ----------------------------------------------------------------------------


def test_embed_lines_are_found_with_their_file_line_numbers():
    text = (
        "---\ntitle: Bài\n---\n\n# Bài\n\n![[infographic:luong-toi-thieu-vung-2026]]\n\n"
        "```\n![[infographic:trong-khoi-ma]]\n```\n\nViết `![[infographic:x]]` trong câu.\n"
        "Chữ rồi ![[infographic:sai-cho]]\n"
    )
    found = embed.find(text)
    assert [(f.line, f.name) for f in found] == [(7, "luong-toi-thieu-vung-2026"), (14, "")]
    assert found[1].problem.startswith("dòng nhúng infographic phải đứng riêng một dòng")
    html = embed.replace(text, lambda name: f"<figure>{name}</figure>")
    assert "<figure>luong-toi-thieu-vung-2026</figure>" in html
    assert "![[infographic:trong-khoi-ma]]" in html


def test_links_are_relative_to_the_page():
    assert (
        embed.relative("infographic/a.png", "chinh-sach/tien-luong/") == "../../infographic/a.png"
    )
    assert embed.relative("infographic/a.png", "") == "infographic/a.png"
    assert embed.relative("thu-vien-infographic/", "tin-tuc/bai/") == "../../thu-vien-infographic/"


# -- the command -------------------------------------------------------------------------------


def _tiny_project(tmp_path: Path) -> Path:
    """A folder `portal` accepts as a project, with three infographics."""
    write(tmp_path, "mkdocs.yml", "site_name: thử\n")
    for kind in ("bars", "cards", "timeline"):
        write(tmp_path / "infographics", f"{kind}.yml", (FIXTURES / f"{kind}.yml").read_text())
    return tmp_path


def test_command_draws_with_progress_then_nothing_when_unchanged(tmp_path, monkeypatch):
    project = _tiny_project(tmp_path)
    monkeypatch.setenv("PORTAL_CACHE_DIR", str(tmp_path / "cache"))
    first = run_portal("infographics", cwd=project)
    assert first.returncode == 0, first.stderr
    assert "Đã vẽ 3/3" in first.stderr
    assert "Đã vẽ 3 infographic (12 tệp ảnh)" in first.stdout
    second = run_portal("infographics", cwd=project)
    assert "Đã vẽ 0 infographic (0 tệp ảnh); 3 infographic không đổi" in second.stdout
    forced = run_portal("infographics", "--force", "cards", cwd=project)
    assert "Đã vẽ 1 infographic (4 tệp ảnh)" in forced.stdout


def test_command_explains_mistakes_without_a_traceback(tmp_path, monkeypatch):
    project = _tiny_project(tmp_path)
    monkeypatch.setenv("PORTAL_CACHE_DIR", str(tmp_path / "cache"))
    typo = run_portal("infographics", "bar", cwd=project)
    assert typo.returncode == 2
    assert "không có infographic tên 'bar'" in typo.stderr and "'bars'" in typo.stderr
    write(project / "infographics", "hong.yml", GOOD.replace("kind: bars", "kind: pie"))
    broken = run_portal("infographics", cwd=project)
    assert broken.returncode == 1
    assert "infographics/hong.yml:2: lỗi: 'kind' (kiểu ảnh) không nhận" in broken.stderr
    assert "Đã vẽ 3 infographic" in broken.stdout  # the good ones still drawn
    assert "Traceback" not in broken.stderr + typo.stderr


# -- the built site ------------------------------------------------------------------------------


class _Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.canonical = None
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content", "")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        elif tag == "img":
            self.images.append(attrs)


def _parse(path: Path) -> _Meta:
    page = _Meta()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _site_url() -> str:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return re.search(r"^site_url:\s*(\S+)", text, re.M).group(1).rstrip("/") + "/"


def test_every_page_has_link_preview_tags_and_a_1200x630_card(built_site):
    site_url = _site_url()
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    for path in pages:
        where = path.relative_to(built_site).as_posix()
        meta = _parse(path).meta
        for tag in ("og:title", "og:description", "og:image", "og:url", "og:type"):
            assert meta.get(tag), (where, tag)
        assert meta["og:locale"] == "vi_VN", where
        assert meta["twitter:card"] == "summary_large_image", where
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630"), where
        assert meta["og:image"].startswith(site_url), where
        card = built_site / meta["og:image"][len(site_url) :]
        with Image.open(card) as image:
            assert image.size == (1200, 630), where


def test_news_are_articles_with_a_publication_date(built_site):
    for post in (ROOT / "docs" / "tin-tuc" / "bai-viet").glob("*.md"):
        page = built_site / "tin-tuc" / post.stem / "index.html"
        if not page.exists():
            continue  # a draft or a scheduled post is not published
        parsed = _parse(page)
        assert parsed.meta["og:type"] == "article"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", parsed.meta["article:published_time"])
        assert parsed.meta["og:url"] == parsed.canonical
    home = _parse(built_site / "index.html").meta
    assert home["og:type"] == "website" and "article:published_time" not in home


def test_embedded_infographics_have_size_alt_source_and_downloads(built_site):
    page = built_site / "chinh-sach" / "tien-luong" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert "![[infographic" not in text
    parsed = _parse(page)
    figures = [img for img in parsed.images if "/infographic/" in img["src"]]
    assert figures
    for img in figures:
        file = (page.parent / img["src"].split("?")[0]).resolve()
        with Image.open(file) as image:
            assert (str(image.width), str(image.height)) == (img["width"], img["height"])
        assert len(img["alt"]) >= 30
    assert "Nguồn: Nghị định 293/2025/NĐ-CP" in text
    assert text.count(" download>") >= 3
    # The article's card shows the infographic it embeds: the right part is not blank.
    card = built_site / parsed.meta["og:image"][len(_site_url()) :]
    with Image.open(card) as image:
        right = image.convert("L").crop((800, 60, 1150, 480))
        assert len(right.getcolors(256 * 256) or []) > 20


def test_gallery_lists_every_infographic_with_each_size(built_site):
    gallery = built_site / "thu-vien-infographic" / "index.html"
    text = gallery.read_text(encoding="utf-8")
    specs, _ = load_all(ROOT / "infographics", ROOT)
    for spec in specs:
        assert f'id="{spec.name}"' in text, spec.name
        for size in SIZES:
            name = render.file_name(spec, size, "png")
            assert f"../infographic/{name}?v=" in text, name
            with Image.open(built_site / "infographic" / name) as image:
                assert image.size == (size.width, size.height)


def test_share_action_is_a_plain_facebook_link_and_a_script_from_this_site(built_site):
    # An article: the home page and section introductions have no share bar.
    article = built_site / "chinh-sach" / "tien-luong" / "luong-toi-thieu-vung-2026"
    text = (article / "index.html").read_text(encoding="utf-8")
    assert 'href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2F' in text
    assert "data-portal-share" in text
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', text)
    assert any(s.endswith("assets/share.js") for s in scripts)
    assert not any("facebook" in s or "zalo" in s for s in scripts)


def test_build_reports_a_broken_data_file_and_an_unknown_name(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "infographics" / "nghi-hang-nam.yml").write_text(
        GOOD.replace("kind: bars", "kind: pie"), encoding="utf-8"
    )
    article = project / "docs" / "chinh-sach" / "tien-luong" / "index.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text + "\n![[infographic:luong-toi-thieu]]\n", encoding="utf-8")
    line = text.count("\n") + 2
    result = run_portal("build", cwd=project)
    assert result.returncode == 1
    assert "infographics/nghi-hang-nam.yml:2: lỗi: 'kind' (kiểu ảnh) không nhận" in result.stderr
    assert (
        f"docs/chinh-sach/tien-luong/index.md:{line}: không có infographic tên 'luong-toi-thieu'"
    ) in result.stderr
    assert "Có phải ý bạn là 'luong-toi-thieu-vung-2026'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_share_button_uses_the_share_sheet_or_copies_the_link(site_server):
    from playwright.sync_api import sync_playwright

    from portal.bench.browser import CHROMIUM, FLAGS

    url = site_server + "/chinh-sach/tien-luong/luong-toi-thieu-vung-2026/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        # A phone: the Web Share API opens the share sheet (stubbed here to see what it gets).
        phone = browser.new_page(viewport={"width": 360, "height": 740})
        phone.add_init_script("navigator.share = async (data) => { window.__shared = data; };")
        phone.goto(url)
        phone.get_by_role("button", name="Chia sẻ").click()
        shared = phone.evaluate("window.__shared")
        assert shared["url"] == _site_url() + "chinh-sach/tien-luong/luong-toi-thieu-vung-2026/"
        # No share sheet (a desktop browser): the button copies the link instead.
        context = browser.new_context(viewport={"width": 1024, "height": 740})
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        desktop = context.new_page()
        desktop.goto(url)
        desktop.get_by_role("button", name="Chép liên kết").click()
        status = desktop.locator("[data-portal-share-status]")
        assert "Đã chép liên kết" in status.inner_text()
        assert desktop.evaluate("navigator.clipboard.readText()") == shared["url"]
        browser.close()


def test_a_missing_font_or_raqm_says_how_to_install_it(tmp_path, monkeypatch):
    project = _tiny_project(tmp_path)
    monkeypatch.setenv("PORTAL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PORTAL_FONT_DIR", str(tmp_path / "khong-co"))
    result = run_portal("infographics", cwd=project)
    assert result.returncode == 1
    assert "Không tìm thấy phông Be Vietnam Pro" in result.stderr
    assert "--> Cài bằng: make site (hoặc: npm ci --prefix fonts)" in result.stderr
    assert "Traceback" not in result.stderr
    monkeypatch.setattr(fonts.features, "check", lambda name: False)
    with pytest.raises(fonts.FontError, match="apt-get install libfribidi0"):
        fonts.check_raqm()
