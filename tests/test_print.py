"""On paper: posters, handouts and decks, made by `portal in` and by the build, read back from
the PDFs with poppler (pdftotext, pdffonts, pdfinfo, pdftoppm) and zbarimg.

Golden renders live in tests/golden/print/ (page 1 of each output at 30 dpi). After a
deliberate change to the layout, `make golden` redraws them (look at them before committing);
a failing comparison writes the new render and a diff into test-results/golden/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from conftest import FAST, ROOT, copy_project
from portal.content import articles as content
from portal.content import facts
from portal.print import library as print_library
from portal.print import pdf, sheet

DAY = "2026-12-03"
SITE = "https://tran-phu.dia-chi-tam.invalid/"
GOLDEN = ROOT / "tests" / "golden" / "print"
RESULTS = ROOT / "test-results" / "golden"
UPDATE = os.environ.get("PORTAL_UPDATE_GOLDEN") == "1"
RMS_TOLERANCE = 6.0
A4 = (595.276, 841.89)
A3 = (841.89, 1190.55)

pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdftotext", "pdffonts", "pdftoppm", "zbarimg")),
    reason="poppler-utils and zbar-tools (system-packages.txt, group test) are missing",
)

# Longer than any title of the site (the longest has 52 characters), four lines at 48 pt.
LONG_TITLE = "Quyền của người lao động khi doanh nghiệp nợ bảo hiểm xã hội và không chốt sổ"
# As long as a summary point should ever be (about 170 characters), four of them.
LONG_POINT = (
    "Doanh nghiệp nợ bảo hiểm xã hội vẫn phải đóng đủ và chốt sổ khi bạn nghỉ việc; bạn có "
    "quyền khiếu nại tới công đoàn, cơ quan bảo hiểm xã hội."
)
LONG_ARTICLE = f"""---
title: {LONG_TITLE}
description: Bài thử dài để kiểm tra áp phích vừa một trang.
summary:
  - "{LONG_POINT}"
  - "{LONG_POINT}"
  - "{LONG_POINT} Lương cơ sở hiện là [[so-lieu:luong-co-so]]."
  - "{LONG_POINT}"
sources:
  - number: Bộ luật Lao động số 45/2019/QH14
    name: Bộ luật Lao động
    date: 2019-11-20
checked: 2026-12-01
---

# {LONG_TITLE}

Nội dung bài thử.
"""


def _portal(project: Path, *args: str, day: str = DAY) -> subprocess.CompletedProcess:
    env = {**os.environ, "PORTAL_TODAY": day}
    return subprocess.run(
        [sys.executable, "-m", "portal.cli", *args],
        cwd=project, env=env, capture_output=True, text=True,
    )  # fmt: skip


def _text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True)
    return done.stdout.decode("utf-8")


def _pages(path: Path) -> list[tuple[float, float]]:
    done = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True, text=True
    )
    sizes = []
    for line in done.stdout.splitlines():
        if line.startswith("Page") and "size:" in line:
            width, _, height = line.split("size:")[1].split()[:3]
            sizes.append((float(width), float(height)))
    return sizes


def _render(path: Path, dpi: int, page: int = 1) -> Image.Image:
    stem = path.with_name(f"{path.stem}-{dpi}")
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile",
         str(path), str(stem)],
        check=True,
    )  # fmt: skip
    return Image.open(f"{stem}.png").convert("RGB")


def _qr_codes(path: Path, page: int = 1) -> list[str]:
    _render(path, 150, page)
    image = path.with_name(f"{path.stem}-150.png")
    done = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True)
    return done.stdout.split()


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """One copy of the project with a long article; each kind of output made once."""
    project = copy_project(tmp_path_factory.mktemp("print"))
    (project / "docs" / "phap-luat" / "bai-thu-rat-dai.md").write_text(
        LONG_ARTICLE, encoding="utf-8"
    )
    out = project / "ra"
    commands = {
        "poster": ("ap-phich", "phap-luat/tuoi-nghi-huu"),
        "long": ("ap-phich", "phap-luat/bai-thu-rat-dai"),
        "a3": ("ap-phich", "phap-luat/tuoi-nghi-huu", "--a3"),
        "handout": ("to-roi", "rut-bhxh-mot-lan", "bao-hiem-that-nghiep"),
        "deck": ("trinh-chieu", "phap-luat/tuoi-nghi-huu", "--title", "Hội nghị tuyên truyền"),
    }
    found = {}
    for name, args in commands.items():
        before = set(out.glob("*.pdf")) if out.is_dir() else set()
        done = _portal(project, "in", *args, "--out", str(out))
        assert done.returncode == 0, done.stdout + done.stderr
        assert "cảnh báo" not in done.stderr, done.stderr
        (new,) = set(out.glob("*.pdf")) - before
        found[name] = new
    found["project"] = project
    return found


def test_files_are_named_after_the_articles(made):
    assert made["poster"].name == "ap-phich-tuoi-nghi-huu-a4.pdf"
    assert made["a3"].name == "ap-phich-tuoi-nghi-huu-a3.pdf"
    assert made["handout"].name == "to-roi-phap-luat-lao-dong-cho-cong-nhan.pdf"
    assert made["deck"].name == "trinh-chieu-hoi-nghi-tuyen-truyen.pdf"


def test_page_sizes(made):
    assert _pages(made["poster"]) == [A4]
    assert _pages(made["long"]) == [A4]  # the long title and summary fit one page
    assert _pages(made["a3"]) == [A3]
    assert _pages(made["handout"]) == [A4, A4]  # one sheet, two sides
    deck = _pages(made["deck"])
    assert len(deck) >= 4
    assert all(abs(w / h - 16 / 9) < 0.01 for w, h in deck), deck


def test_every_font_is_embedded(made):
    for name in ("poster", "handout", "deck"):
        done = subprocess.run(["pdffonts", str(made[name])], capture_output=True, text=True)
        rows = done.stdout.splitlines()[2:]
        assert rows, name
        for row in rows:
            assert "Be-Vietnam-Pro" in row, row
            emb, sub = row.split()[-5:-3]
            assert (emb, sub) == ("yes", "yes"), row


def test_text_is_the_articles_vietnamese_in_nfc(made):
    docs = made["project"] / "docs"
    article = content.read_article(docs, "phap-luat/tuoi-nghi-huu.md")
    text = _text(made["poster"])
    assert unicodedata.is_normalized("NFC", text)
    flat = " ".join(text.split())
    assert article.title in flat
    assert "Ủy ban nhân dân xã Trần Phú".upper() in flat
    assert "Thông tin đúng đến ngày 03/12/2026" in flat
    assert "Căn cứ pháp lý:" in flat
    assert "tran-phu.dia-chi-tam.invalid/phap-luat/tuoi-nghi-huu" in flat.replace(" ", "")
    # The summary's first words, with the register's figures filled in (no [[so-lieu:…]]).
    first = sheet.plain(sheet.inline(article.meta["summary"][0], _register(), _day()))
    assert " ".join(first.split()[:6]) in flat
    assert "[[" not in text


def _register():
    return facts.read(ROOT)


def _day():
    import datetime as dt

    return dt.date.fromisoformat(DAY)


def test_qr_code_is_the_articles_address(made):
    assert _qr_codes(made["poster"]) == [f"{SITE}phap-luat/tuoi-nghi-huu/"]
    assert _qr_codes(made["a3"]) == [f"{SITE}phap-luat/tuoi-nghi-huu/"]
    codes = set(_qr_codes(made["handout"]))
    assert codes == {
        f"{SITE}chinh-sach/bao-hiem/rut-bhxh-mot-lan/",
        f"{SITE}chinh-sach/bao-hiem/bao-hiem-that-nghiep/",
    }


def test_handout_has_help_with_pending_contacts_and_the_bases(made):
    flat = " ".join(_text(made["handout"]).split())
    assert "Cần giúp đỡ, hỏi ở đâu".upper() in flat
    assert "Phòng Văn hóa – Xã hội xã" in flat
    assert "đang chờ xã xác nhận" in flat  # data/dia-phuong.yml has no phone numbers yet
    assert "Căn cứ pháp lý".upper() in flat
    assert "Trang 1/2" in flat and "Trang 2/2" in flat


def test_deck_has_a_slide_per_point_and_closing_contacts(made):
    docs = made["project"] / "docs"
    article = content.read_article(docs, "phap-luat/tuoi-nghi-huu.md")
    text = _text(made["deck"])
    slides = text.split("\f")
    points = len(article.meta["summary"])
    assert sum(f"Ý {n}/{points}" in page for page in slides for n in range(1, points + 1)) == points
    assert "Hội nghị tuyên truyền" in slides[0]
    assert "Cần giúp đỡ, hỏi ở đâu" in text
    assert _qr_codes(made["deck"], page=2) == [f"{SITE}phap-luat/tuoi-nghi-huu/"]


def test_an_announced_change_is_printed_with_its_date(made, tmp_path):
    # Lương cơ sở changes on 01/07/2026 (data/so-lieu.yml): in June the poster says so.
    project = made["project"]
    done = _portal(
        project, "in", "ap-phich", "phap-luat/bai-thu-rat-dai", "--out", str(tmp_path),
        day="2026-06-01",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    flat = " ".join(_text(tmp_path / "ap-phich-bai-thu-rat-dai-a4.pdf").split())
    assert "2.340.000 đồng/tháng (từ 01/07/2026: 2.530.000 đồng/tháng)" in flat


def test_unknown_and_ambiguous_names_are_explained(made):
    project = made["project"]
    done = _portal(project, "in", "ap-phich", "khong-co-bai-nay")
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "Không có bài hay mục 'khong-co-bai-nay'. Ghi tên bài như trong địa chỉ của nó (ví dụ "
        "tuoi-nghi-huu hoặc phap-luat/tuoi-nghi-huu), hoặc một mục (ví dụ chinh-sach/bao-hiem)."
    )
    done = _portal(project, "in", "to-roi", "luong-toi-thieu-vung-2026")
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "'luong-toi-thieu-vung-2026' khớp với nhiều bài: "
        "chinh-sach/tien-luong/luong-toi-thieu-vung-2026, tin-tuc/luong-toi-thieu-vung-2026. "
        "Ghi rõ cả mục, ví dụ chinh-sach/tien-luong/luong-toi-thieu-vung-2026."
    )


def test_overflow_is_reported_when_nothing_fits():
    points = tuple(f"<strong>Ý {n}</strong> " + "rất dài " * 50 for n in range(4))
    too_long = sheet.Sheet(
        "phap-luat/x.md", "Tiêu đề", "Pháp luật lao động", points, (), (), (), (),
        f"{SITE}phap-luat/x/", "tran-phu.dia-chi-tam.invalid/phap-luat/x", _day(),
    )  # fmt: skip
    out = pdf.poster(too_long)
    assert out.pages > 1
    assert out.warnings == [
        f"áp phích của bài 'Tiêu đề' không vừa một trang A4 dù đã thu chữ và bỏ ảnh "
        f"({out.pages} trang): rút gọn tiêu đề hoặc các ý 'summary'."
    ]


# -- golden renders ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["poster", "long", "handout", "deck"])
def test_golden(made, name):
    image = _render(made[name], 30)
    golden = GOLDEN / f"{name}.png"
    if UPDATE or not golden.exists():
        if not UPDATE:
            pytest.fail(f"no golden render {golden.name}: run `make golden`, then look at it")
        GOLDEN.mkdir(parents=True, exist_ok=True)
        image.save(golden, optimize=True)
        return
    expected = Image.open(golden).convert("RGB")
    assert expected.size == image.size, f"{name}: size {image.size} != golden {expected.size}"
    difference = ImageChops.difference(expected, image)
    rms = sum(ImageStat.Stat(difference).rms) / 3
    if rms > RMS_TOLERANCE:
        RESULTS.mkdir(parents=True, exist_ok=True)
        image.save(RESULTS / f"print-{name}.png")
        difference.point(lambda v: min(255, v * 8)).save(RESULTS / f"print-{name}-diff.png")
        pytest.fail(f"{name}: RMS {rms:.2f} > {RMS_TOLERANCE}; see {RESULTS}/print-{name}.png")


# -- the built site ------------------------------------------------------------------------


@pytest.mark.skipif(FAST, reason="make test-fast: no full build")
def test_every_article_has_its_poster_in_the_built_site(built_site):
    docs = ROOT / "docs"
    listing = (built_site / "tai-lieu-in" / "index.html").read_text(encoding="utf-8")
    printable = [a for a in content.load(docs) if sheet.printable(a) and not a.draft]
    assert len(printable) > 20
    for article in printable:
        poster = built_site / print_library.poster_file(article)
        assert poster.read_bytes().startswith(b"%PDF-"), article.src_path
        page = (built_site / article.url / "index.html").read_text(encoding="utf-8")
        assert 'class="portal-poster"' in page and "Tải áp phích A4" in page, article.src_path
        assert print_library.poster_file(article).split("/", 1)[1] in listing
    assert _pages(built_site / print_library.poster_file(printable[0])) == [A4]


@pytest.mark.skipif(FAST, reason="make test-fast: no full build")
def test_a_rebuild_makes_no_poster_again(built_site):
    project = built_site.parent
    register = facts.read(project)
    articles = [a for a in content.load(project / "docs") if a.is_published(_today())]
    from portal.content.plan import overview_infographic
    from portal.infographics import Library, default_folder
    from portal.infographics.cache import Cache

    library = Library(
        project / "infographics", default_folder(project), project, overview_infographic(project)
    )
    library.load()
    sources = sheet.Sources(project, articles, register, _today(), SITE, library)
    posters = print_library.Posters(sources, Cache(default_folder(project)))
    report = posters.make()
    assert report.rendered == []
    assert len(report.reused) > 20


def _today():
    from portal import settings

    return settings.today()
