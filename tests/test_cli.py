"""The `portal` command as editors and the publisher use it, on copies of the real project."""

from __future__ import annotations

import subprocess
import sys

from conftest import copy_project, run_portal


def test_help_is_in_vietnamese():
    result = subprocess.run(
        [sys.executable, "-m", "portal.cli", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    for command in ("build", "check", "serve"):
        assert command in result.stdout
    assert "dựng toàn bộ trang" in result.stdout


def test_check_passes_on_the_real_content(tmp_path):
    result = run_portal("check", cwd=copy_project(tmp_path / "project"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Không có lỗi" in result.stdout


def test_check_reports_a_broken_link_and_fails(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs" / "hoi-dap" / "lien-ket-hong.md").write_text(
        "---\ntitle: Liên kết hỏng\ndescription: Thử.\n---\n\n# Liên kết hỏng\n\n"
        "Xem [bài không có](khong-ton-tai.md).\n",
        encoding="utf-8",
    )
    result = run_portal("check", cwd=project)
    assert result.returncode == 1
    # Local facts still waiting for the commune (data/dia-phuong.yml) are listed as warnings.
    lines = [x for x in result.stdout.splitlines() if not x.startswith("data/dia-phuong.yml:")]
    assert lines[:1] == [
        "docs/hoi-dap/lien-ket-hong.md:8: lỗi: liên kết tới 'khong-ton-tai.md' không dẫn tới bài "
        "nào trong docs/; kiểm tra tên tệp và đường dẫn tương đối.",
    ]
    assert lines[1].startswith("Có 1 lỗi cần sửa.") and len(lines) == 2


def test_failed_build_keeps_the_previous_site(tmp_path):
    project = copy_project(tmp_path / "project")
    assert run_portal("build", cwd=project).returncode == 0
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    (project / "docs" / "phap-luat" / "hong.md").write_text(
        '---\ntitle: "chưa đóng ngoặc\ndescription: x\n---\n\nNội dung\n', encoding="utf-8"
    )
    result = run_portal("build", cwd=project)
    assert result.returncode == 1
    assert "docs/phap-luat/hong.md:" in result.stderr
    assert "Traceback" not in result.stderr
    assert "site/ cũ được giữ nguyên" in result.stderr
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == home
    assert not (project / "site.tmp").exists()


def test_build_outside_the_project_says_where_to_run(tmp_path):
    result = run_portal("build", cwd=tmp_path)
    assert result.returncode != 0
    assert "mkdocs.yml" in result.stderr and "Traceback" not in result.stderr


def test_properdocs_builds_the_same_site(tmp_path, built_site):
    """ProperDocs, the maintained fork of MkDocs 1.x, builds our mkdocs.yml unchanged."""
    project = copy_project(tmp_path / "project")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "properdocs",
            "build",
            "--strict",
            "-f",
            "mkdocs.yml",
            "-d",
            str(tmp_path / "out"),
        ],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    ours = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    theirs = sorted(
        p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.html")
    )
    assert ours == theirs
    assert (tmp_path / "out" / "tin-tuc" / "rss.xml").is_file()
    page = (tmp_path / "out" / "phap-luat" / "index.html").read_text(encoding="utf-8")
    assert "Pháp luật lao động" in page


def test_mistyped_command_is_explained_in_vietnamese():
    result = subprocess.run(
        [sys.executable, "-m", "portal.cli", "buld"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "Cách dùng: portal" in result.stderr
    assert "lựa chọn không hợp lệ: 'buld'" in result.stderr
    assert "Traceback" not in result.stderr
