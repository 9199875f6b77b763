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


# -- what the preview keeps between saves ---------------------------------------------------


def test_kept_articles_are_read_again_only_when_their_file_changed(tmp_path):
    from conftest import ROOT
    from portal.content import articles

    docs = tmp_path / "docs"
    (docs / "phap-luat").mkdir(parents=True)
    path = docs / ARTICLE.removeprefix("docs/")
    original = (ROOT / ARTICLE).read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    kept = articles.Kept()
    first = articles.load(docs, kept=kept)
    assert articles.load(docs, kept=kept)[0] is first[0]  # unchanged: not read again
    path.write_text(original.replace("title: Chấm dứt", "title: Nghỉ việc,", 1), encoding="utf-8")
    assert articles.load(docs, kept=kept)[0].title == "Nghỉ việc, hợp đồng và báo trước"
    path.write_text(original.replace("checked: 2026-12-03", "checked: 2026-13-45"), "utf-8")
    with pytest.raises(articles.ContentError, match=r"cham-dut-hop-dong-va-bao-truoc\.md:15"):
        articles.load(docs, kept=kept)


def test_kept_values_are_made_again_when_their_inputs_change():
    kept, made = preview.Kept(), []

    def make(value):
        return lambda: made.append(value) or value

    assert kept.get("a", ("text", 1), make("một")) == "một"
    assert kept.get("a", ("text", 1), make("hai")) == "một"
    assert kept.get("a", ("text", 2), make("ba")) == "ba"
    assert kept.get("b", ("text", 2), make("bốn")) == "bốn"
    assert made == ["một", "ba", "bốn"]


def test_generated_pages_keep_their_file_while_their_text_is_the_same():
    generated = preview.GeneratedSources()
    try:
        path = Path(generated.source("phat-thanh/bai.md", "# Bản đọc\n"))
        assert path.read_text(encoding="utf-8") == "# Bản đọc\n"
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
        assert generated.source("phat-thanh/bai.md", "# Bản đọc\n") == str(path)
        assert path.stat().st_mtime_ns == 1_000_000_000  # same text: MkDocs leaves it built
        generated.source(
            "phat-thanh/bai.md", b"# B\xe1\xba\xa3n \xc4\x91\xe1\xbb\x8dc m\xe1\xbb\x9bi\n"
        )
        assert path.stat().st_mtime_ns > 1_000_000_000
        assert path.read_text(encoding="utf-8") == "# Bản đọc mới\n"
    finally:
        generated.close()
    assert not generated.folder.exists()


def test_project_state_follows_the_configuration_data_infographics_and_templates(tmp_path):
    for folder in ("data", "infographics", "overrides"):
        (tmp_path / folder).mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    states = [preview.project_state(tmp_path, config)]
    (tmp_path / "docs" / "bai.md").write_text("# Bài\n", encoding="utf-8")  # an article: no
    states.append(preview.project_state(tmp_path, config))
    assert states[-1] == states[0]
    for path in ("data/so-lieu.yml", "infographics/a.yml", "overrides/main.html", "mkdocs.yml"):
        (tmp_path / path).write_text("site_name: y\n# đổi\n", encoding="utf-8")
        states.append(preview.project_state(tmp_path, config))
        assert states[-1] != states[-2], path


def test_the_theme_files_are_listed_once_while_nothing_changed(tmp_path):
    import jinja2

    (tmp_path / "a.css").write_text("a{}", encoding="utf-8")
    kept = preview.Kept()

    def environment(inputs):
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)))
        preview.list_theme_once(env, kept, inputs)
        return env

    def no_html(name):
        return not name.endswith(".html")

    assert environment("v1").list_templates(filter_func=no_html) == ["a.css"]
    (tmp_path / "b.css").write_text("b{}", encoding="utf-8")
    (tmp_path / "main.html").write_text("<p>", encoding="utf-8")
    assert environment("v1").list_templates(filter_func=no_html) == ["a.css"]
    assert environment("v2").list_templates(filter_func=no_html) == ["a.css", "b.css"]
    assert environment("v2").list_templates() == ["a.css", "b.css", "main.html"]


def test_a_save_is_seen_without_polling_and_a_read_is_not_a_change(tmp_path):
    from mkdocs.livereload import LiveReloadServer

    if preview.filesystem(tmp_path) not in preview._NOTIFYING:
        pytest.skip(f"{tmp_path}: no inotify on {preview.filesystem(tmp_path) or '?'}")
    docs = tmp_path / "docs"
    docs.mkdir()
    article = docs / "bai.md"
    article.write_text("# Bài\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(docs))
    server.watch(str(config))
    assert preview.watch_at_once(server)
    server.watch(str(tmp_path / "data-link"))  # missing: polled, as MkDocs does
    try:
        # MkDocs' polling observer is never started here: only inotify can see the save.
        article.read_text(encoding="utf-8")
        time.sleep(0.5)
        assert not server._want_rebuild
        article.write_text("# Bài đã sửa\n", encoding="utf-8")
        deadline = time.monotonic() + 10
        while not server._want_rebuild:
            assert time.monotonic() < deadline, "the save was not seen"
            time.sleep(0.02)
        assert server.build_delay == preview.BUILD_DELAY
    finally:
        server.shutdown()


@pytest.mark.skipif(FAST, reason="make test-fast: no server")
def test_whole_site_preview_follows_other_articles_the_register_and_the_configuration(tmp_path):
    project = copy_project(tmp_path / "project")
    port = preview.free_port("127.0.0.1", 8460)
    server = _Serve(project, "--dev-addr", f"127.0.0.1:{port}")
    try:
        address = server.wait_for_line("Xem trước tại http://").split()[3]
        server.wait_for_line("Đã dựng xong")
        news = project / NEWS
        _save_and_wait(server, news, news.read_text(encoding="utf-8") + "\nMột dòng mới.\n")
        assert "Một dòng mới." in _get(address + "tin-tuc/canh-giac-loi-moi-rut-bhxh-ho/")[1]

        # Then another article's title: its section's list shows it.
        other = project / ARTICLE
        text = other.read_text(encoding="utf-8")
        _save_and_wait(
            server, other, text.replace("title: Chấm dứt hợp đồng", "title: Nghỉ việc", 1)
        )
        status, page = _get(address + "phap-luat/")
        assert status == 200 and "Nghỉ việc và báo trước" in page, page[-3000:]

        # The register: an article that shows a figure shows its new value.
        url = address + "phap-luat/gia-nhap-cong-doan-va-doan-phi/"
        assert "2.530.000" in _get(url)[1]
        register = project / "data" / "so-lieu.yml"
        changed = register.read_text(encoding="utf-8").replace(
            "gia_tri: 2530000", "gia_tri: 2640000"
        )
        _save_and_wait(server, register, changed)
        page = _get(url)[1]
        assert "2.640.000" in page and "2.530.000" not in page, page[:3000]

        # mkdocs.yml: every page, this one too, shows the new site name.
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        _save_and_wait(server, config, text.replace("xã Trần Phú\n", "xã Trần Phú (thử)\n", 1))
        assert "xã Trần Phú (thử)" in _get(url)[1]
        assert "Bản xem trước có lỗi" not in _get(url)[1]
    finally:
        server.stop()
    assert "Traceback" not in "\n".join(server.lines)


@pytest.mark.skipif(FAST, reason="make test-fast: no server")
def test_one_article_preview_follows_the_projects_configuration(tmp_path):
    project = copy_project(tmp_path / "project")
    port = preview.free_port("127.0.0.1", 8480)
    server = _Serve(project, ARTICLE, "--dev-addr", f"127.0.0.1:{port}")
    try:
        address = server.wait_for_line("Xem trước tại http://").split()[3]
        server.wait_for_line("Đã dựng xong")
        assert "xã Trần Phú (thử)" not in _get(address)[1]
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        _save_and_wait(server, config, text.replace("xã Trần Phú\n", "xã Trần Phú (thử)\n", 1))
        deadline = time.monotonic() + 60
        while "xã Trần Phú (thử)" not in _get(address)[1]:
            assert time.monotonic() < deadline, "\n".join(server.lines)
            time.sleep(0.2)
        assert "Bản xem trước có lỗi" not in _get(address)[1]
    finally:
        server.stop()
    assert "Traceback" not in "\n".join(server.lines)
