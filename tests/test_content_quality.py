"""Quality of the content itself: front matter, sources, figures, links, NFC, warnings, Q&A.

The figure check is deliberately simple: it lists every number in an article that appears
neither in the fact sheet (data/nguon-so-lieu.md, a copy of the team's checked fact sheet), nor
in the article's own `sources`, nor in the commune plan (data/ke-hoach.yml). An unmatched number
is either a typo, a figure from an unnamed source, or a computed value: fix it, name its source,
or leave it out.

What the check ignores, and why (none of these are figures a worker acts on):

- years (1900–2099) and dates: 24/11, 01/07/2025, tháng 3/2026;
- numbers of legal documents: 293/2025/NĐ-CP, 45/2019/QH14, 58-CT/TW, 61/QĐ-TLĐ;
- article numbers "Điều 35, 36" and the plan's task numbers "nhiệm vụ 1 và 4";
- ordered-list markers at the start of a line ("1. ") and heading anchors;
- link targets, URLs and HTML comments (marker lines such as <!-- portal:vung-luong -->).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from portal import checks
from portal.content import articles as content
from portal.content import frontmatter as schema

DOCS = ROOT / "docs"
FACT_SHEET = ROOT / "data" / "nguon-so-lieu.md"
PLAN = ROOT / "data" / "ke-hoach.yml"
ARTICLES = sorted(content.markdown_files(DOCS))
SOURCED = [
    a for a in ARTICLES if a.split("/")[0] in schema.SOURCED_SECTIONS and not a.endswith("index.md")
]

# --- The figure checker -------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_IGNORED = [
    re.compile(r"<!--.*?-->", re.S),  # marker lines and comments
    re.compile(r"\]\([^)]*\)"),  # link targets (the label stays)
    re.compile(r"https?://\S+"),
    re.compile(r"`[^`]*`"),
    # Legal document numbers: 293/2025/NĐ-CP, 45/2019/QH14, 61/QĐ-TLĐ, 58-CT/TW, 16-CTr/TU.
    re.compile(r"\b\d+(?:/\d{4})?[/-][A-ZĐ][A-Za-zĐđ0-9]*(?:[-/][A-ZĐ][A-Za-zĐđ0-9]*)*"),
    re.compile(r"\bĐiều\s+\d+(?:\s*(?:,|và)\s*\d+)*"),
    re.compile(r"\b[Nn]hiệm vụ\s+\d+(?:\s*(?:,|và)\s*\d+)*"),
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b"),  # 01/07/2025
    re.compile(r"\b\d{1,2}/\d{4}\b"),  # 3/2026
    re.compile(r"\b\d{1,2}/\d{1,2}\b"),  # 24/11
    re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d]|[.,]\d)"),  # years
    re.compile(r"^\s*\d+\.\s", re.M),  # ordered-list markers
    re.compile(r"^#+\s*\d+\.\s", re.M),  # numbered headings
]


def normalise(token: str) -> str:
    """One spelling per number: 5.310.000 and 5310000 -> '5310000'; 7,2 and 7.2 -> '7.2'."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):  # Vietnamese thousands: 5.310.000
        return str(int(token.replace(".", "")))
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", token):  # English thousands: 5,310,000
        return str(int(token.replace(",", "")))
    if re.fullmatch(r"\d+[.,]\d+", token):  # a decimal, either way: 0,5 or 7.2
        whole, fraction = re.split(r"[.,]", token)
        fraction = fraction.rstrip("0")
        return f"{int(whole)}.{fraction}" if fraction else str(int(whole))
    if token.isdigit():
        return str(int(token))
    return token


def figures(text: str) -> list[str]:
    """Every number in `text` outside what the checker ignores, normalised."""
    for pattern in _IGNORED:
        text = pattern.sub(" ", text)
    return [normalise(t) for t in _NUMBER.findall(text)]


def known_figures() -> set[str]:
    """Numbers the fact sheet and the commune plan state (the fact sheet's URL list excluded)."""
    sheet = FACT_SHEET.read_text(encoding="utf-8").split("\n## Sources")[0]
    plan = PLAN.read_text(encoding="utf-8")
    return {normalise(t) for t in _NUMBER.findall(sheet + "\n" + plan)}


KNOWN = known_figures()


def _front_matter_text(meta: dict) -> str:
    parts = [str(meta.get(k, "")) for k in ("title", "description")]
    parts += [str(p) for p in meta.get("summary") or []]
    return "\n".join(parts)


def unmatched(src: str) -> list[tuple[int, str]]:
    """(line, figure) for every figure of an article found in no allowed source."""
    text = (DOCS / src).read_text(encoding="utf-8")
    meta, body = content.split_front_matter(text, f"docs/{src}")
    allowed = set(KNOWN)
    for source in meta.get("sources") or []:
        allowed |= {normalise(t) for t in _NUMBER.findall(" ".join(map(str, source.values())))}
    found = []
    offset = text.count("\n") - body.count("\n")
    for number, line in enumerate([_front_matter_text(meta), *body.split("\n")]):
        for figure in figures(line):
            if figure not in allowed:
                found.append((number + offset if number else 1, figure))
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vùng I: 5.310.000 đồng, trước đó 5310000", ["5310000", "5310000"]),
        ("tăng khoảng 7,2% (7.2%)", ["7.2", "7.2"]),
        ("đoàn phí 0,5%, tối đa 234.000 đồng", ["0.5", "234000"]),
        ("Nghị định 293/2025/NĐ-CP ngày 10/11/2025, Điều 35, 36", []),
        ("Chỉ thị 58-CT/TW, Quyết định 61/QĐ-TLĐ, năm 2028, ngày 24/11", []),
        ("1. Báo ngay\n2. Làm thêm 40 giờ/tháng", ["40"]),
        ("Xem [bài](../a-2026.md#muc-3) <!-- portal:vung-luong -->", []),
        ("từ 22 giờ đến 6 giờ; nhiệm vụ 1 và 4", ["22", "6"]),
    ],
)
def test_the_figure_checker_reads_numbers_the_vietnamese_way(text, expected):
    assert figures(text) == expected


def test_the_fact_sheet_copy_is_present_and_current():
    """data/nguon-so-lieu.md is the checked fact sheet the figures are compared with."""
    text = FACT_SHEET.read_text(encoding="utf-8")
    assert text.startswith(
        "# Fact sheet: labour law and policy for workers (checked November 2026)"
    )
    for figure in ("5310000", "3700000", "2340000", "46800000", "234000", "7.2", "17.5"):
        assert figure in KNOWN, figure


@pytest.mark.parametrize("src", ARTICLES)
def test_every_figure_has_a_source(src):
    missing = unmatched(src)
    assert not missing, "\n".join(
        f"docs/{src}:{line}: con số '{figure}' không có trong bảng số liệu "
        "(data/nguon-so-lieu.md) hay văn bản trong 'sources' của bài"
        for line, figure in missing
    )


# --- Front matter, sources, structure -----------------------------------------------------


def test_front_matter_is_valid_everywhere():
    tags = schema.allowed_tags(ROOT)
    problems = [str(p) for a in content.load(DOCS) for p in a.all_problems(tags)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("src", SOURCED)
def test_law_and_policy_articles_cite_and_date_their_sources(src):
    article = content.read_article(DOCS, src)
    assert article.meta.get("sources"), src
    assert 2 <= len(article.meta.get("summary") or []) <= 4, src
    assert str(article.meta.get("checked")) == "2026-11-23", src


@pytest.mark.parametrize("src", ARTICLES)
def test_generated_legal_basis_is_not_written_twice(src):
    """Articles with `sources` get "Căn cứ pháp lý" from the build; a manual one would repeat."""
    article = content.read_article(DOCS, src)
    if article.meta.get("sources"):
        body = (DOCS / src).read_text(encoding="utf-8")
        assert "## Căn cứ pháp lý" not in body, src


@pytest.mark.parametrize("src", ARTICLES)
def test_one_title_heading_equal_to_the_title(src):
    article = content.read_article(DOCS, src)
    _, body = content.split_front_matter((DOCS / src).read_text(encoding="utf-8"), src)
    titles = [line[2:].strip() for line in body.splitlines() if line.startswith("# ")]
    if src == "index.md":  # the home page's title is the menu label "Trang chủ"
        assert len(titles) == 1
    else:
        assert titles == [article.title], src


def test_portal_check_finds_no_error():
    """Links, anchors, heading levels, empty sections, front matter, data files: all clean."""
    errors = [str(p) for p in checks.run(ROOT) if p.severity == "error"]
    assert not errors, "\n".join(errors)


# --- Text ---------------------------------------------------------------------------------


def _text_files() -> list[Path]:
    return sorted([*DOCS.rglob("*.md"), *(ROOT / "data").glob("*.yml"), FACT_SHEET])


@pytest.mark.parametrize("path", _text_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_all_text_is_nfc(path):
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        assert unicodedata.is_normalized("NFC", line), f"{path.relative_to(ROOT)}:{number}"


# --- Unconfirmed facts are flagged --------------------------------------------------------

# A figure the fact sheet marks ⚠, and what the page must say next to it.
UNCONFIRMED = [
    (re.compile(r"\b8%.*17,5%|17,5%.*\b8%", re.S), "chưa xác nhận"),
    (re.compile(r"4,5%"), "chưa xác nhận"),
    (re.compile(r"24/11"), "chưa xác nhận"),
    (re.compile(r"61 tuổi 6 tháng"), "tự tính"),
    (re.compile(r"60 giờ"), "31/12/2022"),
]


@pytest.mark.parametrize("src", ARTICLES)
def test_unconfirmed_figures_are_marked(src):
    text = (DOCS / src).read_text(encoding="utf-8")
    for pattern, warning in UNCONFIRMED:
        if pattern.search(text):
            assert warning in text.lower(), f"docs/{src}: '{pattern.pattern}' without '{warning}'"


def test_the_wage_region_is_stated_only_through_the_data_file():
    """No page states the commune's region in its own words: it uses the marker."""
    for src in ARTICLES:
        text = (DOCS / src).read_text(encoding="utf-8")
        assert not re.search(r"(nhiều khả năng|dự kiến)[^.\n]*Vùng IV", text, re.I), src
    users = [s for s in ARTICLES if "<!-- portal:vung-luong -->" in (DOCS / s).read_text("utf-8")]
    assert "chinh-sach/tien-luong/luong-toi-thieu-vung-2026.md" in users


# --- Q&A ----------------------------------------------------------------------------------


def _questions() -> list[tuple[str, str]]:
    """(page, question section) for every question heading in docs/hoi-dap/."""
    found = []
    for path in sorted((DOCS / "hoi-dap").glob("*.md")):
        _, body = content.split_front_matter(path.read_text(encoding="utf-8"), path.name)
        for section in re.split(r"\n(?=## )", body)[1:]:
            heading = section.splitlines()[0]
            if heading.rstrip().endswith("?"):
                found.append((path.name, section))
    return found


def test_there_are_at_least_twenty_questions():
    assert len(_questions()) >= 20


@pytest.mark.parametrize(("page", "section"), _questions(), ids=lambda v: v[:60])
def test_each_answer_is_short_and_links_to_the_full_article(page, section):
    answer = "\n".join(section.splitlines()[1:])
    assert re.search(r"\]\([^)]+\.md(?:#[a-z0-9-]+)?\)", answer), (page, section[:80])
    words = len(re.sub(r"<!--.*?-->|\]\([^)]*\)", "", answer).split())
    assert words <= 120, (page, section[:80], words)


def test_news_has_three_warnings_in_the_cảnh_giác_category():
    posts = [content.read_article(DOCS, a) for a in ARTICLES if a.startswith("tin-tuc/bai-viet/")]
    warnings = [p for p in posts if "Cảnh giác" in (p.meta.get("categories") or [])]
    assert len(warnings) >= 3
    assert len(posts) >= 6


def test_tags_file_is_a_plain_list():
    tags = yaml.safe_load((ROOT / "data" / "tags.yml").read_text(encoding="utf-8"))
    assert isinstance(tags, list) and len(tags) == len(set(tags))
