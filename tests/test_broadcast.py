"""On air and on Zalo: the spoken-form corpus, the read-out scripts of every article, the data
files' messages, the script pages of the built site, and the audio draft and clip probed with
ffprobe and ffmpeg's ebur128 (one project copy, one MP3, one MP4)."""

from __future__ import annotations

import io
import os
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageChops, ImageStat

from conftest import FAST, ROOT, copy_project, run_portal
from portal import settings
from portal.broadcast import audio, clip, media, pages, script, spoken
from portal.broadcast import settings as station_settings
from portal.content import articles, facts, frontmatter
from portal.infographics import render
from portal.infographics.layout import BY_KEY
from portal.infographics.spec import load
from portal.problems import ContentError

CORPUS = yaml.safe_load((ROOT / "tests" / "broadcast" / "spoken.yml").read_text("utf-8"))
GLOSSARY = station_settings.read_glossary(ROOT)
GOLDEN = ROOT / "tests" / "golden"
RESULTS = ROOT / "test-results" / "golden"
UPDATE = os.environ.get("PORTAL_UPDATE_GOLDEN") == "1"
ARTICLE = "docs/chinh-sach/bao-hiem/luong-huu-15-nam.md"  # has an infographic


@pytest.mark.parametrize(("written", "said"), CORPUS, ids=[w[:40] for w, _ in CORPUS])
def test_spoken_form_corpus(written, said):
    assert spoken.say(written, GLOSSARY) == said


def test_numbers_the_northern_way():
    assert spoken.number(2026) == "hai nghìn không trăm hai mươi sáu"
    assert spoken.number(1_000_005) == "một triệu không trăm linh năm"
    assert spoken.number(5_310_000) == "năm triệu ba trăm mười nghìn"
    assert spoken.number(115) == "một trăm mười lăm"
    assert spoken.decimal("8", "5") == "tám phẩy năm"
    assert spoken.date_words(1, 7, 2026) == (
        "ngày mùng một tháng bảy năm hai nghìn không trăm hai mươi sáu"
    )


@pytest.fixture(scope="module")
def project_scripts() -> list[script.Script]:
    """Every script of the project as it is today (no pictures: the clips are tested apart)."""
    station = station_settings.read_station(ROOT)
    docs = ROOT / settings.DOCS
    day = settings.today()
    published = [
        a for a in articles.load(docs, frontmatter.allowed_tags(ROOT)) if a.is_published(day)
    ]
    texts = {a.src_path: (docs / a.src_path).read_text("utf-8") for a in published}
    broadcast = media.Broadcast(
        ROOT, published, texts, station, facts.read(ROOT), day, ROOT / ".cache" / "unused"
    )
    return broadcast.scripts()


def test_an_announcer_meets_no_digit_no_percent_and_no_abbreviation(project_scripts):
    assert len(project_scripts) >= 30
    terms = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, GLOSSARY)) + r")(?![\w])")
    for item in project_scripts:
        text = item.text()
        assert not re.search(r"\d", text), (item.src_path, re.findall(r".{30}\d.{0,30}", text))
        assert "%" not in text, item.src_path
        assert not terms.search(text), (item.src_path, terms.findall(text))
        assert unicodedata.normalize("NFC", text) == text, item.src_path
        assert item.unknown == (), item.src_path
        assert text.startswith("Các bạn công nhân, người lao động thân mến!")
        assert "Cảm ơn các bạn đã lắng nghe." in text
        assert item.minutes > 0


def test_the_wage_article_reads_its_tables_and_figures(project_scripts):
    wage = next(s for s in project_scripts if s.src_path.endswith("luong-toi-thieu-vung-2026.md"))
    text = wage.text()
    # The table of monthly wages, one sentence a row; the figure comes from the register.
    value = facts.read(ROOT).get("luong-toi-thieu-vung-1").at(settings.today()).value
    said = spoken.number(int(value))
    assert f"Vùng một: lương tối thiểu tháng {said} đồng một tháng." in text
    assert (
        "Nghị định số hai trăm chín mươi ba năm hai nghìn không trăm hai mươi lăm của Chính phủ"
        in text
    )
    assert "infographic" not in text and "](" not in text and "<" not in text
    assert wage.infographics == ("luong-toi-thieu-vung-2026",)


def test_tables_become_sentences():
    rows = [["I", "5.310.000 đồng/tháng"], ["Vùng II", "4.730.000 đồng/tháng"]]
    assert script.table_sentences(rows, ["Vùng", "Lương tối thiểu tháng"]) == [
        "Vùng I: lương tối thiểu tháng 5.310.000 đồng/tháng.",
        "Vùng II: lương tối thiểu tháng 4.730.000 đồng/tháng.",
    ]


def test_reading_time():
    assert script.reading_time(0.4) == "dưới 1 phút"
    assert script.reading_time(3.2) == "khoảng 3,5 phút"
    assert script.reading_time(4.0) == "khoảng 4 phút"


def _data_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def test_glossary_mistakes_are_located_in_vietnamese(tmp_path):
    root = _data_copy(tmp_path)
    (root / station_settings.GLOSSARY_FILE).write_text(
        "tu_viet_tat:\n"
        "  - viet_tat: BHXH\n    doc: bảo hiểm xã hội\n"
        "  - viet_tat: BHXH\n    doc: bảo hiểm\n"
        "  - viet_tat: bhyt\n    doc: bảo hiểm y tế\n"
        "  - viet_tat: C19\n    doc: cô-vít 19\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as raised:
        station_settings.read_glossary(root)
    assert [str(p) for p in raised.value.problems] == [
        "data/tu-viet-tat.yml:4: lỗi: chữ viết tắt 'BHXH' đã có ở trên; mỗi chữ chỉ ghi một lần",
        "data/tu-viet-tat.yml:6: lỗi: 'bhyt' không giống một chữ viết tắt: viết liền, bắt đầu "
        "bằng chữ hoa và có ít nhất hai chữ hoa hoặc số, ví dụ BHXH, TNLĐ-BNN, COVID-19",
        "data/tu-viet-tat.yml:9: lỗi: cách đọc 'cô-vít 19' còn chữ số hay chữ viết tắt; viết "
        "đúng như phát thanh viên đọc, ví dụ 'cô-vít mười chín'",
    ]


def test_a_glossary_entry_without_its_reading(tmp_path):
    root = _data_copy(tmp_path)
    (root / station_settings.GLOSSARY_FILE).write_text(
        "tu_viet_tat:\n  - viet_tat: BHXH\n    doc: bảo hiểm xã hội\n  - viet_tat: NLĐ\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as raised:
        station_settings.read_glossary(root)
    assert [str(p) for p in raised.value.problems] == [
        "data/tu-viet-tat.yml:4: lỗi: thiếu 'doc' (cách đọc) trong mục thứ 2 của "
        "'tu_viet_tat'; thêm dòng 'doc: bảo hiểm xã hội'"
    ]


def test_station_setting_mistakes_are_located_in_vietnamese(tmp_path):
    root = _data_copy(tmp_path)
    path = root / station_settings.SETTINGS_FILE
    text = path.read_text("utf-8")
    text = text.replace("Sau đây là bài: {ten_bai}.", "Sau đây là bài: {ten_bai} {ten_dai}.")
    text = text.replace("toc_do_doc: 160", "toc_do_doc: 16")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        station_settings.read_station(root)
    lines = [str(p) for p in raised.value.problems]
    assert len(lines) == 2, lines
    assert lines[0] == (
        "data/phat-thanh.yml:4: lỗi: 'mo_dau' có chỗ điền lạ {ten_dai}; chỉ dùng được "
        "{ten_bai} (tên bài), {ten_xa} (tên xã), {ten_muc} (tên mục của bài), và dấu ngoặc nhọn "
        "chỉ dùng cho chúng"
    )
    assert lines[1] == (
        "data/phat-thanh.yml:9: lỗi: 'toc_do_doc' là 16: phải là số âm tiết đọc trong một phút, "
        "từ 60 đến 400 (đọc bình thường khoảng 160)"
    )


def test_a_setting_that_is_not_true_or_false(tmp_path):
    root = _data_copy(tmp_path)
    path = root / station_settings.SETTINGS_FILE
    text = path.read_text("utf-8").replace(
        "video_khi_dung_trang: false", "video_khi_dung_trang: co"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        station_settings.read_station(root)
    assert [str(p) for p in raised.value.problems] == [
        "data/phat-thanh.yml:13: lỗi: 'video_khi_dung_trang' (làm video khi dựng trang) chỉ nhận "
        "true hoặc false (đang là 'co')"
    ]


# -- the clip's golden frame: fixed inputs, no voice -------------------------------------


def test_a_frame_of_the_clip_matches_its_golden_image(tmp_path):
    spec = load(GOLDEN / "specs" / "bars.yml", "infographics/bars.yml")
    picture = tmp_path / "bars.png"
    render.draw(spec, BY_KEY["portrait"]).save(picture)
    written = ["Từ 01/01/2026, lương tối thiểu Vùng I tăng lên.", "Hỏi công đoàn cơ sở trước."]
    plan = clip.Plan(
        "Lương tối thiểu vùng", "Tiền lương", "xã Trần Phú", "vi-du.invalid/tien-luong/",
        tuple((w, spoken.say(w, GLOSSARY)) for w in written), (picture,), 160,
    )  # fmt: skip
    movie = tmp_path / "clip.mp4"
    movie.write_bytes(clip.render(plan, None))
    probed = audio.probe(movie)
    video = next(s for s in probed["streams"] if s["codec_type"] == "video")
    assert (video["codec_name"], video["width"], video["height"]) == ("h264", 1080, 1920)
    assert [s["codec_name"] for s in probed["streams"] if s["codec_type"] == "audio"] == ["aac"]
    assert float(probed["format"]["duration"]) == pytest.approx(30, abs=0.2)
    title, _, _ = clip.timeline(plan, None)
    still = tmp_path / "frame.png"
    clip.frame(movie, title + 1.0, still)
    image = Image.open(still).convert("RGB").resize((540, 960))
    golden = GOLDEN / "clip-frame-half.png"
    if UPDATE:
        buffer = io.BytesIO()
        image.save(buffer, "PNG", optimize=True)
        golden.write_bytes(buffer.getvalue())
    expected = Image.open(golden).convert("RGB")
    rms = sum(ImageStat.Stat(ImageChops.difference(expected, image)).rms) / 3
    if rms > 4.0:  # H.264 blurs edges a little; a moved caption or picture is far above this
        RESULTS.mkdir(parents=True, exist_ok=True)
        image.save(RESULTS / "clip-frame-half.png")
        pytest.fail(f"clip frame: RMS {rms:.2f} > 4; see {RESULTS}/clip-frame-half.png")


# -- the built site, and one MP3 and one MP4 made by the commands ----------------------------


def test_every_article_has_its_script_page_in_the_built_site(built_site, project_scripts):
    for item in project_scripts:
        page = built_site / pages.folder(item) / "index.html"
        assert page.is_file(), page
        text = (built_site / pages.file_path(item, "txt")).read_text("utf-8")
        assert not re.search(r"\d", text)
        article_page = built_site / item.url / "index.html"
        assert 'id="phat-thanh-va-video"' in article_page.read_text("utf-8"), item.url
    listing = (built_site / "phat-thanh" / "index.html").read_text("utf-8")
    assert listing.count("Bản đọc: ") == 0 and "Phát thanh và video" in listing
    # The build makes no audio or clip unless data/phat-thanh.yml turns them on (fast builds).
    station = station_settings.read_station(ROOT)
    assert (station.audio_at_build, station.video_at_build) == (False, False)


@pytest.mark.skipif(FAST, reason="make test-fast: no audio, clip or full build")
def test_audio_and_clip_commands_then_the_build_publishes_them(tmp_path):
    project = copy_project(tmp_path / "project")
    cache = tmp_path / "cache"
    shared = ROOT / ".cache" / "portal"
    if shared.is_dir():  # the infographics and cards already drawn: copy, do not redraw
        shutil.copytree(shared, cache, ignore=shutil.ignore_patterns("phat-thanh"))
    os.environ["PORTAL_CACHE_DIR"] = str(cache)
    try:
        made = run_portal("am-thanh", ARTICLE, cwd=project)
        assert made.returncode == 0, made.stdout + made.stderr
        assert "Đã làm 1 bản thu; 0 bản thu không đổi" in made.stdout
        made = run_portal("video", ARTICLE, cwd=project)
        assert made.returncode == 0, made.stdout + made.stderr
        built = run_portal("build", cwd=project)
        assert built.returncode == 0, built.stdout + built.stderr
    finally:
        os.environ["PORTAL_CACHE_DIR"] = str(shared)
    folder = project / "site" / "phat-thanh" / "chinh-sach" / "bao-hiem" / "luong-huu-15-nam"
    mp3, mp4 = folder / "luong-huu-15-nam.mp3", folder / "luong-huu-15-nam.mp4"
    sound = audio.probe(mp3)
    assert [s["codec_name"] for s in sound["streams"]] == ["mp3"]
    assert sound["streams"][0]["channels"] == 1
    assert float(sound["format"]["duration"]) > 60
    assert audio.loudness(mp3) == pytest.approx(audio.LOUDNESS, abs=1.0)
    movie = audio.probe(mp4)
    video = next(s for s in movie["streams"] if s["codec_type"] == "video")
    assert (video["codec_name"], video["width"], video["height"]) == ("h264", 1080, 1920)
    assert [s["codec_name"] for s in movie["streams"] if s["codec_type"] == "audio"] == ["aac"]
    assert 30 <= float(movie["format"]["duration"]) <= 60
    assert audio.loudness(mp4) == pytest.approx(audio.LOUDNESS, abs=1.0)
    page = (folder / "index.html").read_text("utf-8")
    assert "<audio controls" in page and "<video controls" in page
    assert "Bản thu máy đọc (bản nháp)." in page and "đài xã cần thu lại" in page
    article = (project / "site/chinh-sach/bao-hiem/luong-huu-15-nam/index.html").read_text("utf-8")
    assert "luong-huu-15-nam.mp4" in article and "luong-huu-15-nam.mp3" in article
