"""Drafts are never published; scheduled articles appear from their date; preview shows both."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import copy_project, run_portal

DRAFT = (
    "---\ntitle: Bài nháp\ndescription: Chưa xong.\ndraft: true\n---\n\n# Bài nháp\n\nNội dung.\n"
)
SCHEDULED = (
    "---\ntitle: Tin hẹn giờ\ndescription: Tin lên lịch.\ndate: 2027-01-01\ncategories:\n"
    "  - Chính sách mới\n---\n\n# Tin hẹn giờ\n\nNội dung.\n"
)


def _project(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs" / "hoi-dap" / "bai-nhap.md").write_text(DRAFT, encoding="utf-8")
    (project / "docs" / "tin-tuc" / "bai-viet" / "tin-hen-gio.md").write_text(
        SCHEDULED, encoding="utf-8"
    )
    return project


def _build(project, today: str):
    env = {**os.environ, "PORTAL_TODAY": today}
    result = subprocess.run(
        [sys.executable, "-m", "portal.cli", "build"],
        cwd=project, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    site = project / "site"
    return {p.relative_to(site).as_posix() for p in site.rglob("*")}, site


def test_drafts_never_and_scheduled_from_their_date(tmp_path):
    project = _project(tmp_path)
    before, site = _build(project, "2026-12-31")
    assert not any("bai-nhap" in p or "tin-hen-gio" in p for p in before)
    for text_file in ("sitemap.xml", "tin-tuc/rss.xml", "tin-tuc/index.html", "hoi-dap/index.html"):
        text = (site / text_file).read_text(encoding="utf-8")
        assert "bai-nhap" not in text and "tin-hen-gio" not in text, text_file
    after, site = _build(project, "2027-01-01")
    assert "tin-tuc/tin-hen-gio/index.html" in after
    assert "tin-hen-gio" in (site / "tin-tuc" / "rss.xml").read_text(encoding="utf-8")
    assert not any("bai-nhap" in p for p in after)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_preview_shows_drafts_with_a_banner(tmp_path):
    project = _project(tmp_path)
    port = _free_port()
    env = {**os.environ, "PORTAL_TODAY": "2026-12-31"}
    server = subprocess.Popen(
        [sys.executable, "-m", "portal.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        draft = _get(f"http://127.0.0.1:{port}/hoi-dap/bai-nhap/")
        assert "BẢN NHÁP – bài này chỉ hiện khi xem trước" in draft
        scheduled = _get(f"http://127.0.0.1:{port}/tin-tuc/tin-hen-gio/")
        assert "LÊN LỊCH – bài sẽ được xuất bản từ ngày 01/01/2027" in scheduled
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert not (project / "site").exists(), "preview never writes the published site"
    assert run_portal("build", cwd=project).returncode == 0


def test_phone_photos_are_resized_and_originals_kept(tmp_path):
    from PIL import Image

    project = copy_project(tmp_path / "project")
    folder = project / "docs" / "tin-tuc" / "bai-viet"
    photo = folder / "hoi-nghi.jpg"
    # A noisy 4000×3000 picture compresses like a real photo, unlike a flat colour.
    Image.effect_noise((4000, 3000), 60).convert("RGB").save(photo, quality=95)
    original = photo.read_bytes()
    (folder / "hoi-nghi.md").write_text(
        "---\ntitle: Hội nghị\ndescription: Ảnh hội nghị.\ndate: 2026-03-01\ncategories:\n"
        "  - Hoạt động của xã\n---\n\n# Hội nghị\n\n"
        "![Hội trường xã trong hội nghị](hoi-nghi.jpg)\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PORTAL_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "portal.cli", "build"], cwd=project, capture_output=True,
        text=True, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    served = next((project / "site").rglob("hoi-nghi.jpg"))
    with Image.open(served) as image:
        assert image.size == (1600, 1200)
    assert served.stat().st_size < len(original) / 3
    assert photo.read_bytes() == original
