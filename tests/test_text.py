"""Vietnamese text rules: folding, slugs for URLs and anchors, dictionary order."""

import unicodedata

import pytest

from portal.text import fold, nfc, slugify, sort_key, toc_slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Lương tối thiểu vùng năm 2026", "luong-toi-thieu-vung-nam-2026"),
        ("Lương tối thiểu vùng năm 2026 – Đồng Nai", "luong-toi-thieu-vung-nam-2026-dong-nai"),
        ("Mức đóng", "muc-dong"),
        ("ĐOÀN PHÍ CÔNG ĐOÀN", "doan-phi-cong-doan"),
        ("Hỏi – đáp", "hoi-dap"),
        ("Nghị định 293/2025/NĐ-CP", "nghi-dinh-293-2025-nd-cp"),
        ("  Bảo hiểm   xã hội!  ", "bao-hiem-xa-hoi"),
        ("Ðiều 7 (legacy eth)", "dieu-7-legacy-eth"),
    ],
)
def test_slugify_keeps_every_letter(title, slug):
    assert slugify(title) == slug
    # The same title typed in decomposed Unicode gives the same slug.
    assert slugify(unicodedata.normalize("NFD", title)) == slug


def test_heading_anchor_keeps_d_with_stroke():
    # Material's default slugify gives "muc-ong" here: đ has no Unicode decomposition.
    assert toc_slugify("Mức đóng", "-") == "muc-dong"
    assert toc_slugify("Hỏi &amp; đáp", "-") == "hoi-dap"


def test_fold_matches_without_diacritics_in_any_form_and_case():
    for typed in ("bảo hiểm", "BẢO HIỂM", unicodedata.normalize("NFD", "Bảo Hiểm"), "bao hiem"):
        assert fold(typed) == "bao hiem"
    assert fold("Hòa") == fold("Hoà") == "hoa"


def test_nfc_composes():
    decomposed = unicodedata.normalize("NFD", "Tiếng Việt")
    assert decomposed != "Tiếng Việt"
    assert nfc(decomposed) == "Tiếng Việt"


def test_sort_follows_vietnamese_dictionary_order():
    words = ["Đoàn", "Ân", "Dân", "Bảo", "Ăn", "An", "Ơn", "Ôn", "On", "Ưu", "Uy"]
    assert sorted(words, key=sort_key) == [
        "An", "Ăn", "Ân", "Bảo", "Dân", "Đoàn", "On", "Ôn", "Ơn", "Uy", "Ưu",
    ]  # fmt: skip
    tones = ["ạ", "á", "ã", "ả", "à", "a"]
    assert sorted(tones, key=sort_key) == ["a", "à", "ả", "ã", "á", "ạ"]
