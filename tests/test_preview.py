"""The editor's preview (`portal serve`): a free port, plain output, errors in the page,
lists that follow their articles, photos added while it runs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from conftest import FAST, copy_project
from portal.site import preview

NEWS = "docs/tin-tuc/bai-viet/canh-giac-loi-moi-rut-bhxh-ho.md"
HEADING = "# Cảnh giác với lời mời rút BHXH hộ"
ARTICLE = "docs/phap-luat/cham-dut-hop-dong-va-bao-truoc.md"


def test_a_taken_port_is_replaced_by_the_next_free_one():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        said = []
        address = preview.guard_address(f"127.0.0.1:{port}", said.append)
        chosen = int(address.rpartition(":")[2])
        assert chosen != port and preview._is_free("127.0.0.1", chosen)
        assert said == [f"Cổng {port} đang được chương trình khác dùng: xem trước ở cổng {chosen}."]
    quiet = []
    assert preview.guard_address(address, quiet.append) == address and quiet == []


def test_a_wrong_address_is_explained():
    with pytest.raises(ValueError, match="địa chỉ 'localhost' không hợp lệ: cần dạng máy:cổng"):
        preview.split_address("localhost")


def test_output_keeps_what_the_editor_must_read():
    output = preview.Output()
    lines = [
        " │  Material for MkDocs reaches end of life on May 5, 2027.",
        "INFO    -  Building documentation...",
        "WARNING -  A 'dirty' build is being performed, this will likely lead to inaccurate",
        "INFO    -  Documentation built in 1.52 seconds",
        "INFO    -  [09:35:35] Serving on http://127.0.0.1:8000/",
        "ERROR   -  Error reading page 'a.md':",
        "ERROR   -  docs/a.md:3: lỗi: chủ đề 'x' không có trong data/tags.yml.",
        "Aborted with a BuildError!",
        "INFO    -  [09:36:01] Detected file changes",
        "INFO    -  Documentation built in 0.40 seconds",
    ]
    shown = [line for raw in lines if (line := output.line(raw + "\n")) is not None]
    assert [line.rsplit(" lúc ", 1)[0] for line in shown] == [
        "Đã dựng xong (1,5 giây)",
        "docs/a.md:3: lỗi: chủ đề 'x' không có trong data/tags.yml.",
        "Đã cập nhật sau khi lưu (0,4 giây)",
    ]


def test_error_page_lists_each_message_escaped_and_reloads_itself():
    page = preview.error_page(["Error reading page 'a.md': <b>x</b>\ndocs/b.md:2: lỗi: y"]).decode()
    assert "<li><pre>docs/a.md: &lt;b&gt;x&lt;/b&gt;</pre></li>" in page
    assert "<li><pre>docs/b.md:2: lỗi: y</pre></li>" in page
    assert 'lang="vi"' in page and "/livereload/" in page


def test_the_one_article_project_follows_docs(tmp_path):
    root = tmp_path / "project"
    (root / "docs" / "phap-luat").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    (root / "docs" / "phap-luat" / "bai.md").write_text("# Bài\n", encoding="utf-8")
    (root / "docs" / "phap-luat" / "khac.md").write_text("# Khác\n", encoding="utf-8")
    target = tmp_path / "preview"
    preview.make_project(root, "phap-luat/bai.md", target)
    linked = {p.relative_to(target / "docs").as_posix() for p in (target / "docs").rglob("*.*")}
    assert linked == {"index.md", "phap-luat/bai.md"}
    (root / "docs" / "phap-luat" / "anh.png").write_bytes(b"png")
    (root / "docs" / "index.md").unlink()
    assert preview.sync_project(target)
    linked = {p.relative_to(target / "docs").as_posix() for p in (target / "docs").rglob("*.*")}
    assert linked == {"phap-luat/bai.md", "phap-luat/anh.png"}
    assert not preview.sync_project(root)  # not a preview project: left alone


# -- the real `portal serve` ----------------------------------------------------------------


class _Serve:
    """`portal serve` started as an editor would, its output collected as it comes."""

    def __init__(self, project: Path, *args: str):
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "portal.cli", "serve", *args],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, start: str, seconds: float = 120) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = [line for line in self.lines if line.startswith(start)]
            if found:
                return found[-1]
            time.sleep(0.1)
        raise AssertionError(f"no line {start!r} in:\n" + "\n".join(self.lines))

    def builds(self) -> int:
        done = ("Đã dựng xong", "Đã cập nhật", preview.NOT_BUILT)
        return sum(line.startswith(done) for line in self.lines)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def _save_and_wait(server: _Serve, path: Path, text: str) -> None:
    before = server.builds()
    time.sleep(0.05)
    path.write_text(text, encoding="utf-8")
    deadline = time.monotonic() + 120
    while server.builds() == before:
        assert time.monotonic() < deadline, "\n".join(server.lines)
        time.sleep(0.1)


@pytest.mark.skipif(FAST, reason="make test-fast: no server")
def test_whole_site_preview_on_a_taken_port_shows_errors_and_follows_titles(tmp_path):
    project = copy_project(tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = _Serve(project, "--dev-addr", f"127.0.0.1:{port}")
        try:
            address = server.wait_for_line("Xem trước tại http://").split()[3]
            assert address != f"http://127.0.0.1:{port}/"
            server.wait_for_line("Đã dựng xong")
            news, original = project / NEWS, (project / NEWS).read_text(encoding="utf-8")

            # A tag the build refuses: the page says so in Vietnamese, the server goes on.
            _save_and_wait(server, news, original.replace("tags:\n", "tags:\n  - the-la\n", 1))
            status, page = _get(address + "tin-tuc/")
            assert status == 200 and "Bản xem trước có lỗi cần sửa" in page
            assert "chủ đề &#x27;the-la&#x27; không có trong data/tags.yml" in page
            # Fixed at the next save, with a new heading: the news list shows it.
            _save_and_wait(server, news, original.replace(HEADING, "# Đầu đề mới của tin"))
            status, page = _get(address + "tin-tuc/")
            assert "Bản xem trước có lỗi" not in page and "Đầu đề mới của tin" in page
        finally:
            server.stop()
    english = [line for line in server.lines if line.startswith(("INFO", "WARNING", " │"))]
    assert english == [] and "Traceback" not in "\n".join(server.lines)


@pytest.mark.skipif(FAST, reason="make test-fast: no server")
def test_one_article_preview_serves_a_photo_added_while_it_runs(tmp_path):
    project = copy_project(tmp_path / "project")
    port = preview.free_port("127.0.0.1", 8400)
    server = _Serve(project, ARTICLE, "--dev-addr", f"127.0.0.1:{port}")
    try:
        address = server.wait_for_line("Xem trước tại http://").split()[3]
        server.wait_for_line("Đã dựng xong")
        photo = project / "docs" / "phap-luat" / "anh-moi-them.png"
        Image.new("RGB", (40, 30), "#a31b14").save(photo)
        article = project / ARTICLE
        text = article.read_text(encoding="utf-8") + "\n![Ảnh mới](anh-moi-them.png)\n"
        _save_and_wait(server, article, text)
        url = address.rsplit("phap-luat/", 1)[0] + "phap-luat/anh-moi-them.png"
        deadline = time.monotonic() + 60  # the photo's own rebuild may come second
        while _get(url)[0] != 200:
            assert time.monotonic() < deadline, "\n".join(server.lines)
            time.sleep(0.2)
    finally:
        server.stop()
