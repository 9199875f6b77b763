"""Quality of the content itself: front matter, sources, figures, links, NFC, warnings, Q&A.

Two figure checks. The register check: no article, Q&A, infographic or data file types a
legal figure that the facts register (data/so-lieu.yml) holds, in any of its periods; it must
be a reference [[so-lieu:KEY]] instead, so that changing the register changes every page. The
source check, deliberately simple: every other number in an article appears in the register,
in the article's own `sources` or in the commune plan (data/ke-hoach.yml). An unmatched number
is either a typo, a figure from an unnamed source, or a computed value: fix it, name its source,
or leave it out. The register is read with yaml.safe_load here, so these tests do not depend on
the engine that renders the references.

What the check ignores, and why (none of these are figures a worker acts on):

- years (1900–2099) and dates: 24/11, 01/07/2025, tháng 3/2026;
- numbers of legal documents: 293/2025/NĐ-CP, 45/2019/QH14, 58-CT/TW, 61/QĐ-TLĐ;
- article numbers "Điều 35, 36" and the plan's task numbers "nhiệm vụ 1 và 4";
- ordered-list markers at the start of a line ("1. ") and heading anchors;
- references to the register: [[so-lieu:luong-toi-thieu-vung-1]];
- link targets, URLs and HTML comments (marker lines such as <!-- portal:vung-luong -->).
"""

from __future__ import annotations

import ast
import importlib.util
import itertools
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
REGISTER = ROOT / "data" / "so-lieu.yml"
PLAN = ROOT / "data" / "ke-hoach.yml"
ARTICLES = sorted(content.markdown_files(DOCS))
SOURCED = [
    a for a in ARTICLES if a.split("/")[0] in schema.SOURCED_SECTIONS and not a.endswith("index.md")
]

# --- The figure checker -------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_REFERENCE = re.compile(r"\[\[so-lieu:[^\]]*\]\]")
_IGNORED = [
    _REFERENCE,
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
    """Numbers the register and the commune plan state (addresses and keys excluded)."""
    register = re.sub(r"https?://\S+|^[a-z0-9-]+:$", " ", REGISTER.read_text("utf-8"), flags=re.M)
    plan = PLAN.read_text(encoding="utf-8")
    return {normalise(t) for t in _NUMBER.findall(register + "\n" + plan)}


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
        ("tối đa [[so-lieu:luong-toi-thieu-vung-1]], [[so-lieu:nghi-hang-nam|so]]", []),
    ],
)
def test_the_figure_checker_reads_numbers_the_vietnamese_way(text, expected):
    assert figures(text) == expected


def test_the_english_fact_sheet_copy_is_gone():
    """The register replaced data/nguon-so-lieu.md, which editors could not read."""
    assert not (ROOT / "data" / "nguon-so-lieu.md").exists()
    for figure in ("5310000", "3700000", "2530000", "2340000", "0.5", "4.5"):
        assert figure in KNOWN, figure


@pytest.mark.parametrize("src", ARTICLES)
def test_every_figure_has_a_source(src):
    missing = unmatched(src)
    assert not missing, "\n".join(
        f"docs/{src}:{line}: con số '{figure}' không có trong sổ số liệu "
        "(data/so-lieu.yml) hay văn bản trong 'sources' của bài"
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
    assert str(article.meta.get("checked")) == "2026-12-03", src


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


# Until the engine of the facts register lands (portal.content.facts), the infographic readers
# do not yet turn "[[so-lieu:KEY]]" into numbers, so portal check reports those values.
_ENGINE = importlib.util.find_spec("portal.content.facts") is not None


@pytest.mark.xfail(not _ENGINE, reason="the facts engine (portal.content.facts) is not merged yet")
def test_portal_check_finds_no_error():
    """Links, anchors, heading levels, empty sections, front matter, data files: all clean."""
    errors = [str(p) for p in checks.run(ROOT) if p.severity == "error"]
    assert not errors, "\n".join(errors)


# --- Text ---------------------------------------------------------------------------------


def _text_files() -> list[Path]:
    return sorted([*DOCS.rglob("*.md"), *(ROOT / "data").glob("*.yml")])


@pytest.mark.parametrize("path", _text_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_all_text_is_nfc(path):
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        assert unicodedata.is_normalized("NFC", line), f"{path.relative_to(ROOT)}:{number}"


# --- Unconfirmed facts are flagged --------------------------------------------------------

# A figure the fact sheet marks ⚠, and what the page must say next to it.
UNCONFIRMED = [
    (re.compile(r"24/11"), "chưa xác nhận"),  # C6: Nghị quyết 28/2026/QH16 read only in news
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


# --- The facts register: no hand-typed legal figure ---------------------------------------

_NUM = r"\d+(?:[.,]\d+)*"
_JOIN = r"(?:\s*(?:,|–|-|đến|hoặc|và)\s*)"
_LITERAL_IGNORED = [
    _REFERENCE,
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"\]\([^)]*\)"),
    re.compile(r"https?://\S+"),
    re.compile(r"`[^`]*`"),
    re.compile(r"\b\d+(?:/\d{4})?[/-][A-ZĐ][A-Za-zĐđ0-9]*(?:[-/][A-ZĐ][A-Za-zĐđ0-9]*)*"),
    re.compile(r"\bĐiều\s+\d+(?:\s*(?:,|và)\s*\d+)*"),
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    re.compile(r"\b\d{1,2}/\d{4}\b"),
    re.compile(r"\b\d{1,2}/\d{1,2}\b"),
]
_ALLOWED_NODES = (ast.Expression, ast.BinOp, ast.Constant, ast.Add, ast.Sub, ast.Mult, ast.Div)


def _evaluate(formula: str, values) -> list[float]:
    """Every value a formula takes over its inputs' periods (numbers and + - * / only)."""
    names = sorted(set(re.findall(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", formula)), key=len)[::-1]
    results = []
    for combo in itertools.product(*[values(name) for name in names]):
        expression = formula
        for name, value in zip(names, combo, strict=True):
            expression = re.sub(
                rf"(?<![a-z0-9-]){re.escape(name)}(?![a-z0-9-])", repr(value), expression
            )
        tree = ast.parse(expression, mode="eval")
        assert all(isinstance(node, _ALLOWED_NODES) for node in ast.walk(tree)), formula
        results.append(eval(compile(tree, "cong_thuc", "eval")))  # only numbers and + - * /
    return results


def register_values() -> dict[str, tuple[str, list]]:
    """Key -> (unit, every value the fact ever had); formulas computed from their inputs."""
    facts = yaml.safe_load(REGISTER.read_text(encoding="utf-8"))
    cache: dict[str, list] = {}

    def values(key: str) -> list:
        if key not in cache:
            fact = facts[key]
            if "muc" in fact:
                cache[key] = [period["gia_tri"] for period in fact["muc"]]
            else:
                cache[key] = _evaluate(fact["cong_thuc"], values)
        return cache[key]

    return {key: (facts[key]["don_vi"], values(key)) for key in facts}


REGISTER_VALUES = register_values()


def _as_number(token: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):
        return float(token.replace(".", ""))
    return float(token.replace(",", "."))


def literals(text: str, register=REGISTER_VALUES) -> list[tuple[str, str]]:
    """(figure as written, key) for every literal in `text` equal to a value of the register.

    Money (đồng/…) matches any number of 1000 or more; percentages "8%", "8 %", "0,5%"; other
    units a number followed by the unit's first word ("30 ngày", "12, 14 hoặc 16 ngày làm
    việc", "62 tuổi", "20 lần"); a text value ("61 tuổi 6 tháng") matches as written.
    """
    for pattern in _LITERAL_IGNORED:
        text = pattern.sub(" ", text)
    found = set()
    for key, (unit, values) in register.items():
        for value in values:
            if isinstance(value, str):
                if value in text:
                    found.add((value, key))
            elif unit.startswith("đồng"):
                for match in re.finditer(rf"(?<![\d.,]){_NUM}(?![\d]|[.,]\d)", text):
                    if value >= 1000 and _as_number(match.group()) == value:
                        found.add((match.group(), key))
            else:
                word = "%" if unit == "%" else re.escape(unit.split("/")[0].split()[0])
                space = r"\s*" if unit == "%" else r"\s+"
                pattern = rf"(?<![\d.,])({_NUM}(?:{_JOIN}{_NUM})*){space}{word}(?!\w)"
                for match in re.finditer(pattern, text):
                    for token in re.findall(_NUM, match.group(1)):
                        if _as_number(token) == value:
                            found.add((f"{token} {unit}", key))
    return sorted(found)


def _yaml_texts_and_figures(data, unit=None, key=None) -> tuple[list[str], list[tuple]]:
    """Every text of a YAML data file, and (number, unit) of every figure an image draws."""
    texts, figures_ = [], []
    if isinstance(data, dict):
        unit = data.get("unit", unit)
        for k, v in data.items():
            more_texts, more_figures = _yaml_texts_and_figures(v, unit, k)
            texts += more_texts
            figures_ += more_figures
    elif isinstance(data, list):
        for v in data:
            more_texts, more_figures = _yaml_texts_and_figures(v, unit, key)
            texts += more_texts
            figures_ += more_figures
    elif isinstance(data, str):
        texts.append(data)
    elif (
        isinstance(data, int | float) and not isinstance(data, bool) and key in ("value", "values")
    ):
        figures_.append((data, unit))
    return texts, figures_


DATA_FILES = sorted(
    [*(ROOT / "infographics").glob("*.yml"), ROOT / "data" / "dia-phuong.yml", PLAN],
    key=str,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Vùng I: 5.310.000 đồng, trước đó 4960000",
            [("4960000", "luong-toi-thieu-vung-1"), ("5.310.000", "luong-toi-thieu-vung-1")],
        ),
        ("đoàn phí 0,5%", [("0,5 %", "doan-phi-ty-le"), ("0,5 %", "tnld-bnn-ty-le")]),
        (
            "phép năm 12, 14 hoặc 16 ngày làm việc",
            [
                ("12 ngày", "ngay-le-co-luong"),  # a unit's first word: "ngày" counts too
                ("12 ngày làm việc", "nghi-hang-nam"),
                ("14 ngày làm việc", "nghi-cha-khi-vo-sinh-doi-phau-thuat"),
                ("14 ngày làm việc", "nghi-hang-nam-nang-nhoc"),
                ("16 ngày làm việc", "nghi-hang-nam-dac-biet"),
            ],
        ),
        (
            "Nam 61 tuổi 6 tháng",
            [
                ("6 tháng", "nghi-thai-san-con-thu-hai"),
                ("6 tháng", "nghi-thai-san-me"),
                ("6 tháng", "tro-cap-that-nghiep-so-thang-binh-quan"),
                ("61 tuổi 6 tháng", "tuoi-nghi-huu-nam-2026"),
            ],
        ),
        (
            "cao nhất 20 lần, tức 50.600.000 đồng",
            [
                ("20 lần", "bhtn-he-so-toi-da"),
                ("20 lần", "bhxh-he-so-toi-da"),
                ("20 lần", "bhyt-he-so-toi-da"),
                ("50.600.000", "bhxh-muc-dong-toi-da"),
                ("50.600.000", "bhyt-muc-dong-toi-da"),
            ],
        ),
        ("tối đa [[so-lieu:doan-phi-toi-da]] theo Nghị định 293/2025/NĐ-CP, Điều 35, năm 2026", []),
        ("Kế hoạch có 5 nhiệm vụ; ngày 24/11; từ 01/07/2026; hợp đồng dưới 12 tháng", []),
    ],
)
def test_the_literal_checker_knows_the_register(text, expected):
    assert literals(text) == expected


def test_formulas_follow_their_inputs():
    """Derived figures are computed from the register, never copied."""
    assert REGISTER_VALUES["bhxh-muc-dong-toi-da"][1] == [46800000, 50600000]
    assert REGISTER_VALUES["doan-phi-toi-da"][1] == [234000, 253000]
    assert REGISTER_VALUES["bao-hiem-ty-le-nguoi-lao-dong-tong"][1] == [10.5]
    assert REGISTER_VALUES["bhxh-ty-le-nguoi-su-dung"][1] == [17]
    assert 26550000 in REGISTER_VALUES["tro-cap-that-nghiep-toi-da-vung-1"][1]


@pytest.mark.parametrize("src", ARTICLES)
def test_no_article_types_a_figure_of_the_register(src):
    text = (DOCS / src).read_text(encoding="utf-8")
    found = [
        f"docs/{src}:{number}: '{figure}' là con số của sổ số liệu; viết [[so-lieu:{key}]]"
        for number, line in enumerate(text.split("\n"), start=1)
        for figure, key in literals(line)
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_data_file_types_a_figure_of_the_register(path):
    texts, drawn = _yaml_texts_and_figures(yaml.safe_load(path.read_text(encoding="utf-8")))
    found = [f"'{figure}' -> [[so-lieu:{key}]]" for text in texts for figure, key in literals(text)]
    for number, unit in drawn:
        for key, (fact_unit, values) in REGISTER_VALUES.items():
            if number in values and (unit is None or fact_unit.split("/")[0] in (unit, "đồng")):
                found.append(f'{number} ({unit}) -> "[[so-lieu:{key}]]"')
    assert not found, f"{path.relative_to(ROOT)}: " + "; ".join(found)


def _content_files() -> list[Path]:
    return sorted([*DOCS.rglob("*.md"), *DATA_FILES], key=str)


@pytest.mark.parametrize("path", _content_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_fathers_30_day_deadline_appears_nowhere(path):
    """C4: since 01/07/2025 the father starts his leave within 60 days of the birth."""
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.split("\n"), start=1):
        wrong = re.search(r"\b30 ngày\b", line) and re.search(r"vợ sinh|sinh con|thai sản", line)
        assert not wrong, f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}"


def test_the_old_luong_co_so_is_never_current():
    """C1: 2.340.000 đ ended on 30/06/2026; from 01/07/2026 it is 2.530.000 đ (NĐ 161/2026)."""
    periods = yaml.safe_load(REGISTER.read_text(encoding="utf-8"))["luong-co-so"]["muc"]
    old = [p for p in periods if p["gia_tri"] == 2340000]
    assert [str(p["den"]) for p in old] == ["2026-06-30"]
    assert periods[-1]["gia_tri"] == 2530000 and "den" not in periods[-1]
    for path in _content_files():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"2[.,]?340[.,]?000|2,34 triệu", text), path.relative_to(ROOT)


def test_every_reference_names_a_fact_of_the_register():
    """An unknown key is an error of `portal check` too; this keeps the content in step."""
    keys = set(REGISTER_VALUES)
    for path in _content_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            for key in re.findall(r"\[\[so-lieu:([^\]|]+)(?:\|so)?\]\]", line):
                assert key in keys, f"{path.relative_to(ROOT)}:{number}: [[so-lieu:{key}]]"


def test_unconfirmed_facts_say_why_and_confirmed_ones_were_checked():
    facts = yaml.safe_load(REGISTER.read_text(encoding="utf-8"))
    for key, fact in facts.items():
        assert fact["trang_thai"] in ("da-xac-nhan", "chua-xac-nhan"), key
        if fact["trang_thai"] == "chua-xac-nhan":
            assert fact.get("ly_do"), key
        assert str(fact["kiem_tra"]) == "2026-12-03", key
    assert facts["ngay-le-co-luong"]["trang_thai"] == "chua-xac-nhan"  # C6
