"""`portal check`: the exact message each bad article gets, repairs, fuzzing and the CLI.

The bad articles live in tests/bad_articles/; their expected messages in expected.yml. After a
deliberate change of wording, regenerate with:

    PORTAL_UPDATE_EXPECTED=1 .venv/bin/python -m pytest tests/test_checks.py -k corpus
"""

from __future__ import annotations

import json
import os
import re
import shutil
import string
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FAST, ROOT, copy_project, run_portal
from portal import calculators, checks
from portal.checks import markdown as markdown_checks
from portal.content import markers

BAD = Path(__file__).parent / "bad_articles"
EXPECTED = BAD / "expected.yml"
FOLDER = "hoi-dap"  # a section without required sources, so each file shows its own mistake


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("checks"))
    for bad in sorted(BAD.glob("*.md")):
        shutil.copy(bad, root / "docs" / FOLDER / bad.name)
    return root


def _messages(root: Path, name: str) -> list[str]:
    return [str(p) for p in checks.run(root, [f"{FOLDER}/{name}"])]


def test_corpus_of_bad_articles_gets_exact_messages(project):
    actual = {bad.name: _messages(project, bad.name) for bad in sorted(BAD.glob("*.md"))}
    if os.environ.get("PORTAL_UPDATE_EXPECTED"):
        EXPECTED.write_text(yaml.safe_dump(actual, allow_unicode=True, width=1000), "utf-8")
    expected = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    assert actual == expected
    assert all(actual.values()), "every bad article gets at least one message"


def test_real_content_has_no_errors():
    errors = [str(p) for p in checks.run(ROOT) if p.severity == "error"]
    assert errors == []


def test_two_files_at_one_address_and_repeated_titles(tmp_path):
    root = copy_project(tmp_path / "project")
    news = root / "docs" / "tin-tuc" / "bai-viet" / "trung.md"
    page = root / "docs" / "tin-tuc" / "trung.md"
    news.write_text(
        "---\ntitle: Trùng\ndescription: Tin.\ndate: 2026-01-01\ncategories:\n  - Cảnh giác\n"
        "---\n\n# Trùng\n\nNội dung.\n",
        encoding="utf-8",
    )
    page.write_text(
        "---\ntitle: Trùng\ndescription: Trang.\n---\n\n# Trùng\n\nNội dung.\n", "utf-8"
    )
    found = [str(p) for p in checks.run(root, ["tin-tuc/trung.md"])]
    assert found == [
        "docs/tin-tuc/trung.md:1: lỗi: bài này và docs/tin-tuc/bai-viet/trung.md có cùng địa chỉ "
        "/tin-tuc/trung/; đổi tên một trong hai tệp.",
        "docs/tin-tuc/trung.md:2: cảnh báo: tiêu đề trùng với docs/tin-tuc/bai-viet/trung.md; "
        "người đọc sẽ khó phân biệt hai bài.",
    ]


def test_large_image_is_a_warning_and_huge_file_an_error(tmp_path):
    root = copy_project(tmp_path / "project")
    folder = root / "docs" / FOLDER
    (folder / "anh-to.jpg").write_bytes(b"\xff\xd8" + b"0" * 1_500_000)
    (folder / "anh.md").write_text(
        "---\ntitle: Ảnh to\ndescription: Ảnh.\n---\n\n# Ảnh to\n\n![Ảnh chụp](anh-to.jpg)\n",
        encoding="utf-8",
    )
    (folder / "to.md").write_text("# To\n\n" + "chữ " * 600_000, encoding="utf-8")
    found = [str(p) for p in checks.run(root, [f"{FOLDER}/anh.md", f"{FOLDER}/to.md"])]
    assert found == [
        "docs/hoi-dap/anh.md:8: cảnh báo: ảnh 'anh-to.jpg' nặng 1,5 MB. Trang sẽ tự thu nhỏ ảnh "
        "khi dựng, nhưng nên thu nhỏ ảnh gốc (rộng 1600 điểm ảnh là đủ) để kho bài viết gọn nhẹ.",
        "docs/hoi-dap/to.md:1: lỗi: tệp nặng 3,6 MB, quá lớn cho một bài viết; có thể đã dán "
        "nhầm nội dung khác vào. Tách bài hoặc kiểm tra lại tệp.",
    ]


def test_fix_repairs_text_and_says_what_it_did(tmp_path):
    root = copy_project(tmp_path / "project")
    article = root / "docs" / FOLDER / "sua.md"
    text = (
        "---\r\ntitle: Sửa\r\ndescription: Sửa tự động.\r\n---\r\n\r\n"
        "# Sửa\r\n\r\nCó\u00a0lỗi\u200b.  \r\n"
    )
    article.write_bytes(unicodedata.normalize("NFD", text).encode("utf-8"))
    result = run_portal("check", "--fix", f"docs/{FOLDER}/sua.md", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == (
        "docs/hoi-dap/sua.md: đã sửa: chuẩn hóa chữ tiếng Việt về dạng dựng sẵn (NFC); "
        "đổi kiểu xuống dòng Windows (CRLF) thành LF; xóa ký tự vô hình; "
        "đổi dấu cách không ngắt dòng thành dấu cách thường."
    )
    assert article.read_text(encoding="utf-8") == (
        "---\ntitle: Sửa\ndescription: Sửa tự động.\n---\n\n# Sửa\n\nCó lỗi.  \n"
    )
    again = run_portal("check", "--fix", f"docs/{FOLDER}/sua.md", cwd=root)
    assert "đã sửa" not in again.stdout


def test_json_output_and_exit_codes(project):
    result = run_portal("check", "--format", "json", f"docs/{FOLDER}/anh_loi.md", cwd=project)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert {p["code"] for p in data} >= {"anh-khong-co", "anh-thieu-mo-ta", "anh-ngoai"}
    assert all(set(p) == {"path", "line", "code", "message", "severity"} for p in data)
    warnings_only = run_portal("check", f"docs/{FOLDER}/dau_thanh_lan.md", cwd=project)
    assert warnings_only.returncode == 0
    assert warnings_only.stdout.rstrip().endswith("Không có lỗi. 1 cảnh báo.")


def test_check_outside_docs_says_so(project):
    result = run_portal("check", "README.md", cwd=project)
    assert result.returncode == 1
    assert result.stderr == (
        "Không có bài viết (.md) trong docs/ hay tệp dữ liệu (data/, infographics/) nào ở đường "
        "dẫn đã cho.\n"
    )


# Fuzzing: whatever an editor saves, `portal check` answers with messages, never a traceback,
# and never changes the file unless asked to --fix.
_YAMLISH = st.sampled_from(
    ["title: ", "description: ", "date: ", "tags:\n  - ", "sources:\n  - number: ", ": ", "- ",
     '"', "'", "[", "{", "---", "\n", "2026-13-45", "Đồng", "ﬁ", "\u00a0", "\t", "&", "*",
     "!!python/name:os.system"]
)  # fmt: skip
_MARKDOWN = st.sampled_from(
    ["# ", "## ", "#### ", "[a](", ")", "![", "](x.md#", "](../", "`", "```\n", "\n", "<img ",
     "Bảo hiểm", unicodedata.normalize("NFD", "Đoàn phí"), "hòa", "hoà", "\u200b", "|a|b|\n"]
)  # fmt: skip
_ARTICLE = st.one_of(
    st.lists(st.one_of(_YAMLISH, _MARKDOWN, st.text(max_size=20)), max_size=40).map(
        lambda parts: "---\n" + "".join(parts)
    ),
    st.text(
        alphabet=string.printable + "ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323", max_size=400
    ),
    st.binary(max_size=300),
)


@settings(
    max_examples=15 if FAST else 150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(article=_ARTICLE)
def test_fuzzed_articles_never_crash_and_are_left_untouched(project, article):
    path = project / "docs" / FOLDER / "fuzz.md"
    data = article if isinstance(article, bytes) else article.encode("utf-8", "surrogatepass")
    path.write_bytes(data)
    problems = checks.run(project, [f"{FOLDER}/fuzz.md"])
    assert all(p.path == f"docs/{FOLDER}/fuzz.md" or p.path.startswith("docs/") for p in problems)
    assert path.read_bytes() == data


def test_fuzzing_through_the_command_shows_no_traceback(project):
    path = project / "docs" / FOLDER / "fuzz-cli.md"
    path.write_bytes(b"---\ntitle: [\n\x00\xff---\n# \xe1\xba")
    result = subprocess.run(
        [sys.executable, "-m", "portal.cli", "check", str(path)],
        cwd=project, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    path.unlink()


def test_pre_commit_refuses_an_article_with_errors(tmp_path):
    """The shipped .pre-commit-config.yaml runs `portal check` on the articles being committed."""
    project = copy_project(tmp_path / "project")
    shutil.copy(ROOT / ".pre-commit-config.yaml", project)
    (project / ".venv").symlink_to(Path(sys.executable).parents[1])
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    git = ["git", "-c", "user.name=Biên tập", "-c", "user.email=bientap@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)

    def hook(*files: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "pre_commit", "run", "portal-check", "--files", *files]
        return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)

    good = hook("docs/hoi-dap/index.md")
    assert good.returncode == 0, good.stdout + good.stderr
    bad = project / "docs" / "hoi-dap" / "hong.md"
    bad.write_text("---\ntitle: Hỏng\n---\n\n# Hỏng\n\nXem [bài](khong-co.md).\n", "utf-8")
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    refused = hook("docs/hoi-dap/hong.md")
    assert refused.returncode == 1
    assert "docs/hoi-dap/hong.md:7: lỗi: liên kết tới 'khong-co.md'" in refused.stdout


def test_template_text_left_in_an_article_is_pointed_at(tmp_path):
    root = copy_project(tmp_path / "project")
    created = run_portal("new", "Đoàn phí công đoàn", "--section", "hoi-dap", cwd=root)
    assert created.returncode == 0, created.stderr
    assert created.stdout.splitlines()[0] == "Đã tạo docs/hoi-dap/doan-phi-cong-doan.md"
    found = [str(p) for p in checks.run(root, ["hoi-dap/doan-phi-cong-doan.md"])]
    assert found == [
        "docs/hoi-dap/doan-phi-cong-doan.md:3: cảnh báo: bài còn chữ mẫu hoặc chỗ trống ('Một "
        "câu tóm tắt bài (hiện khi chia sẻ lên Zalo).'); thay bằng nội dung thật trước khi bỏ "
        "'draft: true'."
    ]
    # Once the draft line is gone, the same text is an error: it would be published.
    path = root / "docs" / "hoi-dap" / "doan-phi-cong-doan.md"
    path.write_text(path.read_text("utf-8").replace("draft: true\n", ""), "utf-8")
    found = [str(p) for p in checks.run(root, ["hoi-dap/doan-phi-cong-doan.md"])]
    assert found[0].startswith("docs/hoi-dap/doan-phi-cong-doan.md:3: lỗi: bài còn chữ mẫu")
    again = run_portal("new", "Đoàn phí công đoàn", "--section", "hoi-dap", cwd=root)
    assert again.returncode == 1
    assert "không ghi đè" in again.stderr


def test_broken_tag_list_and_infographic_data_file(tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "infographics" / "hong.yml").write_text("title: Hỏng\nkind: tron\n", "utf-8")
    found = [str(p) for p in checks.run(root) if p.severity == "error"]
    assert (
        "infographics/hong.yml:2: lỗi: 'kind' (kiểu ảnh) không nhận 'tron'. Chọn một trong: "
        "bars (thanh ngang so sánh các con số), split (thanh chia phần (ai đóng bao nhiêu)), "
        "cards (thẻ số lớn), timeline (các mốc thời gian), steps (các bước hoặc danh sách việc "
        "cần làm)"
    ) in found
    (root / "data" / "tags.yml").write_text("chủ đề: không phải danh sách\n", "utf-8")
    # Reported once, at the file; the articles are still checked, their tags are not.
    errors = [str(p) for p in checks.run(root) if p.severity == "error"]
    assert [e for e in errors if not e.startswith("infographics/")] == [
        "data/tags.yml:1: lỗi: tệp danh sách chủ đề phải là danh sách YAML, mỗi dòng "
        "'- tên chủ đề'; các bài chưa được kiểm tra chủ đề cho tới khi sửa tệp này."
    ]


# Resource exhaustion: what would hang `portal check` (and so `portal publish`) or the build.
_OLD_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


@settings(max_examples=500, deadline=None)
@given(line=st.text(alphabet='[]()!<>" ab#\t', max_size=40))
def test_linear_link_scan_finds_what_the_regex_found(line):
    expected = [
        (m.start(), m.end(), m.group(1) == "!", m.group(2), m.group(3))
        for m in _OLD_LINK.finditer(line)
    ]
    found = [(x.start, x.end, x.is_image, x.label, x.target) for x in markdown_checks.links(line)]
    assert found == expected


def test_huge_lines_and_heaps_of_markup_are_refused_by_check_and_build(tmp_path):
    from test_content_security import build, small_project

    front = "---\ntitle: {0}\ndescription: Mẫu.\n---\n\n# {0}\n\n"
    project = small_project(
        tmp_path / "p",
        {
            "hoi-dap/dai.md": front.format("Dài") + "[a](" * 475_000 + "\n",  # 1.9 MB
            "hoi-dap/ngoac.md": front.format("Ngoặc") + "[" * 20_000 + "\n",
            "hoi-dap/sao.md": front.format("Sao") + "*" * 2000 + "x" + "*" * 2000 + "\n",
            "hoi-dap/rai.md": front.format("Rải") + "[ a " * 800 + "\n" + "[ b " * 800 + "\n",
        },
    )
    found = [str(p) for p in checks.run(project) if p.code == "dong-qua-dai"]
    long_line = (
        "dòng dài {} ký tự, quá 10.000 ký tự cho một đoạn văn: có thể đã dán nhầm dữ liệu (ảnh, "
        "bảng tính, mã). Kiểm tra lại chỗ dán, hoặc xuống dòng giữa các đoạn."
    )
    assert found == [
        "docs/hoi-dap/dai.md:8: lỗi: " + long_line.format("1.900.000"),
        "docs/hoi-dap/ngoac.md:8: lỗi: " + long_line.format("20.000"),
        "docs/hoi-dap/rai.md:8: lỗi: đoạn văn có hơn 1.000 dấu '['; trang không dựng được đoạn "
        "này. Xóa bớt, hoặc tách thành nhiều đoạn.",
        "docs/hoi-dap/sao.md:8: lỗi: có 2.000 dấu '*' liền nhau; trang không dựng được dòng "
        "này. Xóa bớt, hoặc đặt trong dấu ` ` nếu thật sự cần viết như vậy.",
    ]
    # The build stops at the first of them, before Python-Markdown (48 s on the brackets, a
    # RecursionError on the stars), with the check's message and no traceback.
    assert build(project) == [found[0]]
    for name in ("dai", "ngoac", "rai"):
        (project / "docs" / "hoi-dap" / f"{name}.md").unlink()
    assert build(project) == [found[3]]


def test_a_data_file_is_checked_on_its_own(tmp_path):
    root = copy_project(tmp_path / "project")
    plan_file = root / "data" / "ke-hoach.yml"
    text = plan_file.read_text(encoding="utf-8")
    plan_file.write_text(text.replace("  - ngay: 2026-03\n", "  - ngay: 2026-13-45\n", 1), "utf-8")
    line = text[: text.index("  - ngay: 2026-03\n")].count("\n") + 1
    result = run_portal("check", "data/ke-hoach.yml", cwd=root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"data/ke-hoach.yml:{line}: lỗi: 'ngay' (ngày) trong mục thứ 1 của 'tien_do' ngày "
        "2026-13-45 không có thật: tháng phải từ 01 đến 12 (đang là 13)",
        "Có 1 lỗi cần sửa.",
    ]
    assert "Traceback" not in result.stderr


def test_the_loudspeaker_files_are_checked_too(tmp_path):
    root = copy_project(tmp_path / "project")
    settings_file = root / "data" / "phat-thanh.yml"
    text = settings_file.read_text(encoding="utf-8")
    settings_file.write_text(text.replace("toc_do_doc: 160", "toc_do_doc: 16"), "utf-8")
    line = text[: text.index("toc_do_doc: 160")].count("\n") + 1
    glossary = root / "data" / "tu-viet-tat.yml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + "  - viet_tat: bhxh\n    doc: bảo hiểm\n", "utf-8"
    )
    glossary_line = len(glossary.read_text(encoding="utf-8").splitlines()) - 1
    result = run_portal("check", "data/phat-thanh.yml", "data/tu-viet-tat.yml", cwd=root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"data/phat-thanh.yml:{line}: lỗi: 'toc_do_doc' là 16: phải là số âm tiết đọc trong một "
        "phút, từ 60 đến 400 (đọc bình thường khoảng 160)",
        f"data/tu-viet-tat.yml:{glossary_line}: lỗi: 'bhxh' không giống một chữ viết tắt: viết "
        "liền, bắt đầu bằng chữ hoa và có ít nhất hai chữ hoa hoặc số, ví dụ BHXH, TNLĐ-BNN, "
        "COVID-19",
        "Có 2 lỗi cần sửa.",
    ]
    assert "Traceback" not in result.stderr
    # The whole-project check reports them too, and the real files are clean.
    assert "data/phat-thanh.yml" in run_portal("check", cwd=root).stdout
    assert not [p for p in checks.run(ROOT) if p.path.startswith("data/") and p.severity == "error"]


def test_a_misspelt_marker_is_found_by_check_before_the_build(tmp_path):
    root = copy_project(tmp_path / "project")
    page = root / "docs" / FOLDER / "danh-dau.md"
    page.write_text(
        "---\ntitle: Dòng đánh dấu\ndescription: Thử dòng đánh dấu sai.\ncategory: Hỏi đáp\n"
        "tags: [Tiền lương]\n---\n\n# Dòng đánh dấu\n\nMở đầu.\n\n<!-- portal:ke-hoac -->\n\n"
        "<!-- portal:tinh lam-them-gio -->\n\n<!-- portal:tinh lam-them -->\n\n"
        "```text\n<!-- portal:trong-khoi-ma -->\n```\n",
        "utf-8",
    )
    messages = [str(p) for p in checks.run(root, [f"{FOLDER}/danh-dau.md"])]
    where = f"docs/{FOLDER}/danh-dau.md"
    assert [m for m in messages if "danh-dau-la" in m or "đánh dấu lạ" in m or "công cụ" in m] == [
        f"{where}:12: lỗi: dòng đánh dấu lạ <!-- portal:ke-hoac -->; các dòng đánh dấu dùng được: "
        + ", ".join(markers.KNOWN),
        f"{where}:14: lỗi: " + calculators.unknown("lam-them-gio"),
        # The build fills markers in code blocks too, so it refuses this one as well.
        f"{where}:19: lỗi: dòng đánh dấu lạ <!-- portal:trong-khoi-ma -->; các dòng đánh dấu "
        "dùng được: " + ", ".join(markers.KNOWN),
    ]


def test_script_in_the_summary_or_sources_is_warned_like_script_in_the_text(tmp_path):
    root = copy_project(tmp_path / "project")
    page = root / "docs" / FOLDER / "tom-tat.md"
    page.write_text(
        "---\ntitle: Tóm tắt có mã\ndescription: Thử mã trong phần tóm tắt.\n"
        "summary:\n  - Điểm một.\n  - 'Điểm hai <img src=x onerror=alert(1)>'\n"
        "  - '[Bấm vào đây](javascript:alert(1))'\n---\n\n# Tóm tắt có mã\n\nMở đầu.\n",
        "utf-8",
    )
    found = [p for p in checks.run(root, [f"{FOLDER}/tom-tat.md"]) if p.code == "ma-chay-duoc"]
    assert [(p.line, p.message.split(": trang")[0]) for p in found] == [
        (6, "bài có thuộc tính 'onerror='"),
        (7, "bài có liên kết 'javascript:'"),
    ]
