"""Nothing leaves the repository unread: pages the rules skip, symbolic links, CSV paths.

Each case is built for real in a small sample project (a home page, a news post, a section
and the tags page), and `portal check` must refuse exactly what the build refuses.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_portal
from portal import checks
from portal.content.safepaths import safe_path
from portal.infographics.spec import SpecError, load

PAGES = {
    "index.md": "---\ntitle: Trang chủ\ndescription: Trang chủ mẫu.\n---\n\n# Trang chủ\n\nChữ.\n",
    "tin-tuc/index.md": "---\ntitle: Tin tức\ndescription: Tin mẫu.\n---\n\n# Tin tức\n\nChữ.\n",
    "hoi-dap/index.md": "---\ntitle: Hỏi – đáp\ndescription: Hỏi.\n---\n\n# Hỏi – đáp\n\nChữ.\n",
    "tin-tuc/bai-viet/tin-mot.md": (
        "---\ntitle: Tin một\ndescription: Tin mẫu.\ndate: 2026-01-01\ncategories:\n"
        "  - Cảnh giác\ntags:\n  - tiền lương\n---\n\n# Tin một\n\nNội dung.\n"
    ),
}
DRAFT = "---\ntitle: Bí mật\ndescription: Nháp.\ndraft: true\n---\n\n# Bí mật\n\nChưa đăng.\n"


def small_project(target: Path, pages: dict[str, str] | None = None) -> Path:
    """A sample project: the real configuration, theme and data, and a handful of pages."""
    target.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target)
    for folder in ("overrides", "data", "docs/assets"):
        shutil.copytree(ROOT / folder, target / folder)
    shutil.copy(ROOT / "docs" / "tin-tuc" / "chu-de.md", _parent(target / "docs/tin-tuc/chu-de.md"))
    (target / "infographics").mkdir()
    for rel, text in {**PAGES, **(pages or {})}.items():
        _parent(target / "docs" / rel).write_text(text, encoding="utf-8")
    return target


def _parent(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def build(project: Path) -> list[str]:
    """`portal build`'s messages (empty when it succeeded)."""
    result = run_portal("build", cwd=project)
    if result.returncode == 0:
        return []
    lines = [line.removeprefix("ERROR   -  ") for line in result.stderr.splitlines()]
    return [line for line in lines if line.startswith(("docs/", "infographics/", "data/"))]


def check(project: Path) -> list[str]:
    return [str(p) for p in checks.run(project) if p.severity == "error"]


UNDERSCORE = (
    "docs/_nhap/bi-mat.md:1: lỗi: tệp nằm trong thư mục '_nhap' bắt đầu bằng '_': khi dựng, "
    "trang vẫn đăng tệp này (cả bản nháp), nhưng 'portal check' và quy tắc bản nháp bỏ qua nó. "
    "Chuyển tệp ra khỏi thư mục '_nhap'; bài chưa đăng thì ghi 'draft: true'."
)


def _suffix(rel: str, suffix: str, stem: str) -> str:
    return (
        f"docs/{rel}:1: lỗi: bài có đuôi '{suffix}': khi dựng, trang vẫn đăng tệp này (cả bản "
        "nháp), nhưng 'portal check' và quy tắc bản nháp chỉ đọc tệp '.md'. Đổi tên tệp thành "
        f"'{stem}.md'."
    )


def test_pages_the_article_rules_skip_are_refused_by_the_build_and_the_check(tmp_path):
    project = small_project(
        tmp_path / "p",
        {
            "_nhap/bi-mat.md": DRAFT,
            "hoi-dap/nhap-hai.markdown": DRAFT,
            "hoi-dap/nhap-ba.mkd": DRAFT,
            "hoi-dap/GHI-CHU.MD": DRAFT,  # MkDocs copies it as it is: the raw draft
        },
    )
    expected = [
        UNDERSCORE,
        _suffix("hoi-dap/GHI-CHU.MD", ".MD", "GHI-CHU"),
        _suffix("hoi-dap/nhap-ba.mkd", ".mkd", "nhap-ba"),
        _suffix("hoi-dap/nhap-hai.markdown", ".markdown", "nhap-hai"),
    ]
    assert build(project) == expected
    assert not (project / "site").exists()
    assert check(project) == expected
    # Named on the command line, the file gets the same message, not a crash.
    named = run_portal("check", "docs/hoi-dap/nhap-hai.markdown", cwd=project)
    assert named.returncode == 1
    assert named.stdout.splitlines()[0] == expected[3]

    for rel in ("_nhap/bi-mat.md", "hoi-dap/nhap-hai.markdown", "hoi-dap/nhap-ba.mkd"):
        (project / "docs" / rel).unlink()
    (project / "docs" / "hoi-dap" / "GHI-CHU.MD").rename(project / "docs/hoi-dap/ghi-chu.md")
    assert build(project) == []
    site = project / "site"
    assert not (site / "hoi-dap" / "ghi-chu").exists(), "the draft stays out"
    for name in ("sitemap.xml", "index.html", "tim-kiem/index.json"):
        assert "bi-mat" not in (site / name).read_text(encoding="utf-8")


def _linked_message(rel: str, folder: str) -> str:
    return (
        f"{rel}:1: lỗi: '{rel}' là liên kết (symlink), có thể tới tệp ngoài thư mục {folder}/ "
        "(mật khẩu, khóa của máy); trang không đăng liên kết. Xóa liên kết "
        f"('git rm {rel}'), rồi chép chính tệp vào đây nếu cần."
    )


def test_symbolic_links_in_the_editors_folders_are_refused(tmp_path):
    secret = tmp_path / "khoa-bi-mat"
    secret.write_text("KHÓA RIÊNG CỦA MÁY XUẤT BẢN\n", encoding="utf-8")
    project = small_project(tmp_path / "p")
    (project / "docs" / "assets" / "leak.txt").symlink_to(secret)
    (project / "docs" / "hoi-dap" / "bai.md").symlink_to(secret)
    (project / "docs" / "may").symlink_to("/etc")  # MkDocs would walk the whole folder
    (project / "infographics" / "x.yml").symlink_to(secret)
    (project / "data" / "them.yml").symlink_to(secret)
    expected = [
        _linked_message("docs/assets/leak.txt", "docs"),
        _linked_message("docs/hoi-dap/bai.md", "docs"),
        _linked_message("docs/may", "docs"),
        _linked_message("infographics/x.yml", "infographics"),
        _linked_message("data/them.yml", "data"),
    ]
    assert build(project) == expected
    assert not (project / "site").exists()
    found = check(project)
    assert sorted(found) == sorted(expected)
    assert not any("KHÓA" in line for line in found), "a link is never read"
    named = run_portal("check", "docs/hoi-dap/bai.md", cwd=project)
    assert "KHÓA" not in named.stdout + named.stderr


def test_a_symbolic_link_to_a_file_inside_docs_is_refused_too(tmp_path):
    project = small_project(tmp_path / "p")
    (project / "docs" / "hoi-dap" / "ban-sao.md").symlink_to(project / "docs/hoi-dap/index.md")
    assert build(project) == [_linked_message("docs/hoi-dap/ban-sao.md", "docs")]


GOOD_SPEC = """\
title: Mẫu
kind: bars
unit: đ
series:
  - name: Năm 2026
items: {items}
source: Nghị định 293/2025/NĐ-CP
alt: Biểu đồ mẫu một thanh, dùng trong kiểm thử bộ đọc tệp dữ liệu.
checked: 2026-11-01
"""


def _spec_problems(folder: Path, items: str) -> list[str]:
    path = folder / "mau.yml"
    path.write_text(GOOD_SPEC.format(items=items), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load(path, "infographics/mau.yml")
    return [str(p) for p in caught.value.problems]


def test_infographic_csv_must_be_a_file_of_the_folder(tmp_path):
    folder = tmp_path / "infographics"
    folder.mkdir()
    outside = tmp_path / "x.csv"
    outside.write_text("Vùng,2026\nBÍ MẬT,1\n", encoding="utf-8")
    (folder / "lien-ket.csv").symlink_to(outside)
    assert _spec_problems(folder, str(outside)) == [
        f"infographics/mau.yml:6: lỗi: '{outside}' phải là tên một tệp đặt trong thư mục "
        "infographics/, không phải đường dẫn tới nơi khác trên máy; chép tệp vào thư mục đó "
        "rồi ghi tên tệp."
    ]
    assert _spec_problems(folder, "../x.csv") == [
        "infographics/mau.yml:6: lỗi: '../x.csv' trỏ ra ngoài thư mục infographics/ (có '..'); "
        "chép tệp vào thư mục đó rồi ghi tên tệp."
    ]
    assert _spec_problems(folder, "lien-ket.csv") == [
        "infographics/mau.yml:6: lỗi: 'lien-ket.csv' là liên kết (symlink) tới tệp khác, có thể "
        "nằm ngoài thư mục infographics/; trang không đọc và không đăng liên kết. Xóa liên kết, "
        "chép chính tệp vào thư mục đó."
    ]
    (folder / "so-lieu.csv").write_text("Vùng,2026\nVùng I,5310000\n", encoding="utf-8")
    (folder / "mau.yml").write_text(GOOD_SPEC.format(items="so-lieu.csv"), encoding="utf-8")
    assert [r.label for r in load(folder / "mau.yml").items] == ["Vùng I"]


def test_safe_path_keeps_names_inside_their_folder(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.csv").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "con").mkdir()
    (tmp_path / "a" / "vao").symlink_to(tmp_path / "a" / "con")
    assert safe_path(tmp_path / "a", "b.csv") == tmp_path / "a" / "b.csv"
    assert safe_path(tmp_path / "a", "con/c.csv") == tmp_path / "a" / "con" / "c.csv"
    for name in ("/etc/passwd", "../b.csv", "con/../../b.csv", "~/x.csv", "", "vao/c.csv"):
        assert isinstance(safe_path(tmp_path / "a", name), str), name
