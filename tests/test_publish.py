"""`portal publish`, `rollback` and `releases` for real: git, builds, nginx, sshd and rsync."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from servers import Sshd, get, install_site

from conftest import ROOT, copy_project
from portal.publish.releases import CHECKSUMS, MANIFEST, PublishError
from portal.publish.remote import SshStore

ARTICLE = "docs/tin-tuc/bai-viet/luong-toi-thieu-vung-2026.md"
ARTICLE_URL = "/tin-tuc/luong-toi-thieu-vung-2026/"
# The load test's bounds: it stops at whichever comes first. Each reader pauses between
# requests, so the budget lasts through a publish on a slow machine.
MAX_REQUESTS = 20000
MAX_SECONDS = 120
PAUSE = 0.01


def portal(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the `portal` command as the publisher would."""
    return subprocess.run(
        [sys.executable, "-m", "portal.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def git(project: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def make_project(folder: Path, commit: bool = True) -> Path:
    """A copy of the project (content, config, deploy/) in its own git repository."""
    project = copy_project(folder)
    shutil.copytree(ROOT / "deploy", project / "deploy")
    if commit:
        git(project, "init", "-q", "-b", "main")
        git(project, "config", "user.email", "bien-tap@tran-phu.invalid")
        git(project, "config", "user.name", "Biên tập viên")
        git(project, "add", "-A")
        git(project, "commit", "-q", "-m", "Nội dung ban đầu")
    return project


def edit_and_commit(project: Path, text: str) -> None:
    with (project / ARTICLE).open("a", encoding="utf-8") as article:
        article.write(f"\n{text}\n")
    git(project, "commit", "-q", "-am", text)


def live(target: Path) -> str:
    """The release `current` points to."""
    return os.readlink(target / "current")


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_publish_builds_a_release_with_checksums_and_makes_it_live(tmp_path):
    project = make_project(tmp_path / "project")
    target = tmp_path / "srv"
    result = ok(portal("publish", "--to", str(target), cwd=project))
    commit = git(project, "rev-parse", "HEAD")
    link = live(target)
    assert re.fullmatch(rf"releases/\d{{8}}-\d{{6}}-{commit[:10]}", link), link
    release = target / link
    assert (release / "index.html").is_file() and (release / "404.html").is_file()
    assert f"Đã xuất bản {link.split('/')[1]}" in result.stdout
    manifest = (release / MANIFEST).read_text(encoding="utf-8")
    assert commit in manifest and '"dirty": false' in manifest
    # The checksums are in coreutils' format: the server checks them without Python.
    check = subprocess.run(
        ["sha256sum", "--strict", "-c", CHECKSUMS], cwd=release, capture_output=True
    )
    assert check.returncode == 0, check.stdout
    listed = len((release / CHECKSUMS).read_text(encoding="utf-8").splitlines())
    assert listed == sum(1 for p in release.rglob("*") if p.is_file()) - 2
    releases = ok(portal("releases", "--to", str(target), cwd=project))
    assert "checksum đúng" in releases.stdout and "đang chạy" in releases.stdout


def test_uncommitted_content_is_refused_unless_allowed(tmp_path):
    project = make_project(tmp_path / "project")
    target = tmp_path / "srv"
    (project / ARTICLE).write_text(
        (project / ARTICLE).read_text(encoding="utf-8") + "\nSửa chưa commit.\n", encoding="utf-8"
    )
    refused = portal("publish", "--to", str(target), cwd=project)
    assert refused.returncode == 1
    assert "chưa commit" in refused.stderr and ARTICLE in refused.stderr
    assert "--allow-dirty" in refused.stderr and "Traceback" not in refused.stderr
    assert not (target / "current").exists()
    allowed = ok(portal("publish", "--to", str(target), "--allow-dirty", cwd=project))
    assert live(target).endswith("-dirty"), allowed.stdout


def test_project_outside_git_needs_allow_dirty(tmp_path):
    project = make_project(tmp_path / "project", commit=False)
    refused = portal("publish", "--to", str(tmp_path / "srv"), cwd=project)
    assert refused.returncode == 1
    assert "không phải kho git" in refused.stderr and "Traceback" not in refused.stderr


@pytest.mark.parametrize(
    "broken",
    [
        # Passes the content checks, fails the strict build: a link to nowhere.
        "---\ntitle: Hỏi về hợp đồng\ndescription: Thử.\n---\n\n# Hỏi về hợp đồng\n\n"
        "Xem [bài không có](khong-ton-tai.md).\n",
        # Fails the content checks before any build: a quote never closed.
        '---\ntitle: "chưa đóng ngoặc\ndescription: x\n---\n\nNội dung\n',
    ],
    ids=["broken-link", "bad-front-matter"],
)
def test_broken_article_leaves_the_live_site_untouched(tmp_path, broken, built_site):
    project = make_project(tmp_path / "project")
    target = tmp_path / "srv"
    install_site(built_site, target, "20260101-000000-truoc")  # the live site before
    before = live(target)
    releases_before = sorted(p.name for p in (target / "releases").iterdir())
    (project / "docs" / "hoi-dap" / "hong.md").write_text(broken, encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Bài hỏng")
    failed = portal("publish", "--to", str(target), cwd=project)
    assert failed.returncode == 1
    assert "docs/hoi-dap/hong.md" in failed.stderr
    assert "Xuất bản thất bại" in failed.stderr and "Traceback" not in failed.stderr
    assert f"vẫn trỏ tới {before}" in failed.stderr
    assert live(target) == before
    assert sorted(p.name for p in (target / "releases").iterdir()) == releases_before


def test_a_committed_symbolic_link_is_refused_before_any_build(tmp_path, built_site):
    """docs/assets/leak.txt -> /etc/passwd: MkDocs would copy the host's file into the site."""
    project = make_project(tmp_path / "project")
    target = tmp_path / "srv"
    install_site(built_site, target, "20260101-000000-truoc")
    before = live(target)
    (project / "docs" / "assets" / "leak.txt").symlink_to("/etc/passwd")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Liên kết")
    refused = portal("publish", "--to", str(target), cwd=project)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "docs/assets/leak.txt → /etc/passwd" in refused.stderr
    assert "git rm docs/assets/leak.txt" in refused.stderr
    assert live(target) == before
    assert sorted(p.name for p in (target / "releases").iterdir()) == [before.split("/")[1]]


def _state(pid: int) -> tuple[str, int] | None:
    """(state letter, parent pid) of a process, or None once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def _build_child(publish: subprocess.Popen, seconds: float = 120) -> int:
    """The pid of the `mkdocs build` a running publish started (waits for it, bounded)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and publish.poll() is None:
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and (_state(int(entry.name)) or ("", 0))[1] == publish.pid:
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")
                if b"mkdocs" in cmdline and b"build" in cmdline:
                    return int(entry.name)
        time.sleep(0.05)
    raise AssertionError("the publish never started its build")


def _ended(pid: int, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = _state(pid)
        if state is None or state[0] in "ZX":  # gone, or dead and waiting to be reaped
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["term", "kill"])
def test_a_stopped_publish_ends_its_build_and_leaves_nothing_behind(tmp_path, how):
    project = make_project(tmp_path / "project")
    target = tmp_path / "srv"
    publish = subprocess.Popen(
        [sys.executable, "-m", "portal.cli", "publish", "--to", str(target)],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    build = _build_child(publish)
    deadline = time.monotonic() + 120
    while not list(target.glob("releases/.tmp-*/*")) and time.monotonic() < deadline:
        time.sleep(0.02)  # until MkDocs has begun writing the release
    publish.send_signal(how)
    publish.communicate(timeout=60)
    assert publish.returncode == (-how if how == signal.SIGKILL else 128 + how)
    assert _ended(build), "mkdocs build still running after its publish was stopped"
    staging = list((target / "releases").glob(".tmp-*"))
    if how == signal.SIGTERM:  # stopped politely: it removes its half-built release itself
        assert staging == []
    else:  # killed outright: the next publish, under the lock, removes it
        assert len(staging) == 1
        again = ok(portal("publish", "--to", str(target), cwd=project))
        assert f"Đã dọn 1 bản dựng dở còn sót: {staging[0].name[5:]}." in again.stdout
        assert list((target / "releases").glob(".tmp-*")) == []
    assert not (target / "current").exists() or how == signal.SIGKILL


def test_rollback_and_the_release_list(tmp_path):
    project = make_project(tmp_path / "project")
    target = tmp_path / "srv"
    ok(portal("publish", "--to", str(target), cwd=project))
    first = live(target).split("/")[1]
    edit_and_commit(project, "Bản cập nhật thứ hai.")
    ok(portal("publish", "--to", str(target), "--keep", "2", cwd=project))
    second = live(target).split("/")[1]
    assert first != second
    # An unchanged file is shared with the previous release, so its ETag stays the same.
    css = "assets/portal.css"
    assert (target / "releases" / first / css).stat().st_ino == (
        target / "releases" / second / css
    ).stat().st_ino

    back = ok(portal("rollback", "--to", str(target), cwd=project))
    assert live(target) == f"releases/{first}" and first in back.stdout
    nothing = portal("rollback", "--to", str(target), cwd=project)
    assert nothing.returncode == 1 and "Không có bản nào cũ hơn" in nothing.stderr
    ok(portal("rollback", "--to", str(target), second[-10:], cwd=project))  # part of a name
    assert live(target) == f"releases/{second}"

    # A damaged release is reported, and never switched to.
    page = target / "releases" / first / "index.html"
    page.unlink()  # hard-linked: replace rather than edit, as an intruder's tool might
    page.write_text("<p>bị sửa</p>", encoding="utf-8")
    listing = portal("releases", "--to", str(target), cwd=project)
    assert listing.returncode == 1
    assert "HỎNG" in listing.stdout and "tệp bị thay đổi: index.html" in listing.stdout
    refused = portal("rollback", "--to", str(target), first, cwd=project)
    assert refused.returncode == 1 and "bị hỏng" in refused.stderr
    assert live(target) == f"releases/{second}"

    # --keep 2: a third publish removes the oldest release, never the live one.
    edit_and_commit(project, "Bản cập nhật thứ ba.")
    ok(portal("publish", "--to", str(target), "--keep", "2", cwd=project))
    kept = sorted(p.name for p in (target / "releases").iterdir())
    assert first not in kept and second in kept and len(kept) == 2


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_publish_under_load_serves_only_whole_pages_of_one_release(nginx, tmp_path):
    """Readers hammer nginx while a publish switches `current`: no failure, no mixed page."""
    project = make_project(tmp_path / "project")
    target = nginx.publish_dir
    ok(portal("publish", "--to", str(target), cwd=project))
    old = target / live(target)
    edit_and_commit(project, "Đoạn mới của bản cập nhật.")
    search = "tim-kiem/index.json"
    paths = [ARTICLE_URL, "/", "/tin-tuc/", f"/{search}", "/assets/portal.css"]

    def file_of(release: Path, path: str) -> Path:
        return (
            release / path.strip("/") / "index.html" if path.endswith("/") else release / path[1:]
        )

    results: list[tuple[str, int, str, float]] = []
    stop = threading.Event()
    started = time.monotonic()

    def reader(offset: int) -> None:
        n = offset
        while not stop.is_set() and len(results) < MAX_REQUESTS:
            if time.monotonic() - started > MAX_SECONDS:
                return
            path = paths[n % len(paths)]
            sent = time.monotonic()
            try:
                status, _, body = get(nginx.url + path)
            except OSError as error:
                status, body = 0, str(error).encode()
            results.append((path, status, _sha(body), sent))
            n += 1
            time.sleep(PAUSE)

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    began = time.monotonic()
    published = portal("publish", "--to", str(target), cwd=project, timeout=MAX_SECONDS)
    switched = time.monotonic()
    time.sleep(0.3)
    stop.set()
    for thread in threads:
        thread.join()
    ok(published)
    new = target / live(target)
    assert new != old

    failed = [r for r in results if r[1] != 200]
    assert failed == []
    for path in paths:
        versions = {_sha(file_of(old, path).read_bytes()), _sha(file_of(new, path).read_bytes())}
        served = {r[2] for r in results if r[0] == path}
        assert served <= versions, f"{path}: a response matching neither release"
    article_old = _sha(file_of(old, ARTICLE_URL).read_bytes())
    article_new = _sha(file_of(new, ARTICLE_URL).read_bytes())
    assert article_old != article_new
    seen = [r[2] for r in results if r[0] == ARTICLE_URL]
    assert article_old in seen and article_new in seen
    after = [r[2] for r in results if r[0] == ARTICLE_URL and r[3] > switched]
    assert after and set(after) == {article_new}
    during = sum(began <= r[3] <= switched for r in results)
    print(f"\n{len(results)} requests, {during} of them while `portal publish` ran: 0 failed")


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    if os.geteuid() != 0:
        pytest.skip("the remote test starts sshd, which must run as root (this run is not root)")
    server = Sshd(tmp_path_factory.mktemp("sshd")).start()
    yield server
    server.stop()


def test_remote_publish_over_ssh_and_rsync(sshd, tmp_path):
    project = make_project(tmp_path / "project")
    server_dir = tmp_path / "server" / "portal"
    remote = f"{sshd.user}@127.0.0.1:{server_dir}"
    ssh = ("--ssh", sshd.ssh_command)
    first = ok(portal("publish", "--to", remote, *ssh, cwd=project))
    commit = git(project, "rev-parse", "HEAD")
    link = live(server_dir)
    assert link.startswith("releases/") and link.endswith(commit[:10]), first.stdout
    check = subprocess.run(
        ["sha256sum", "--strict", "-c", CHECKSUMS], cwd=server_dir / link, capture_output=True
    )
    assert check.returncode == 0
    assert not list((server_dir / "releases").glob(".tmp-*"))

    edit_and_commit(project, "Bản cập nhật gửi qua ssh.")
    ok(portal("publish", "--to", remote, *ssh, cwd=project))
    second = live(server_dir)
    assert second != link and second.endswith(git(project, "rev-parse", "HEAD")[:10])
    # rsync hard-linked what did not change instead of sending it again.
    css = "assets/portal.css"
    assert (server_dir / link / css).stat().st_ino == (server_dir / second / css).stat().st_ino
    article = server_dir / second / ARTICLE_URL.strip("/") / "index.html"
    assert "Bản cập nhật gửi qua ssh." in article.read_text(encoding="utf-8")

    listing = ok(portal("releases", "--to", remote, *ssh, cwd=project))
    assert listing.stdout.count("checksum đúng") == 2
    ok(portal("rollback", "--to", remote, *ssh, cwd=project))
    assert live(server_dir) == link


def test_remote_publish_that_cannot_connect_says_so(sshd, tmp_path):
    project = make_project(tmp_path / "project")
    wrong_key = sshd.ssh_command.replace("client_key", "host_key")  # not an authorised key
    failed = portal(
        "publish", "--to", f"{sshd.user}@127.0.0.1:{tmp_path}/srv", "--ssh", wrong_key, cwd=project
    )
    assert failed.returncode == 1
    assert "Không kết nối được" in failed.stderr and "Traceback" not in failed.stderr
    assert not (tmp_path / "srv" / "current").exists()


def test_publish_without_a_target_explains_how_to_name_one(tmp_path):
    project = make_project(tmp_path / "project")
    result = portal("publish", cwd=project)
    assert result.returncode == 1
    assert "--to" in result.stderr and "Traceback" not in result.stderr


def _remote_store(sshd, server_dir: Path) -> SshStore:
    return SshStore(f"{sshd.user}@127.0.0.1", str(server_dir), ssh=sshd.ssh_command)


_HOLD_LOCK = """
import sys, time
from portal.publish.remote import SshStore
with SshStore(sys.argv[1], sys.argv[2], ssh=sys.argv[3]).lock():
    print("giữ khóa", flush=True)
    time.sleep(120)
"""


def test_the_servers_lock_keeps_a_second_publish_out_and_dies_with_its_holder(sshd, tmp_path):
    project = make_project(tmp_path / "project")
    server_dir = tmp_path / "server" / "portal"
    remote = f"{sshd.user}@127.0.0.1:{server_dir}"
    with _remote_store(sshd, server_dir).lock():
        busy = portal("publish", "--to", remote, "--ssh", sshd.ssh_command, cwd=project)
        here = portal("publish", "--to", str(server_dir), cwd=project)  # on the server itself
        back = portal("rollback", "--to", remote, "--ssh", sshd.ssh_command, cwd=project)
    for refused in (busy, here, back):
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert "Đang có một lần xuất bản" in refused.stderr, refused.stderr
    assert not (server_dir / "current").exists()

    # A holder killed outright leaves no stale lock: the server drops it with the session.
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, f"{sshd.user}@127.0.0.1", str(server_dir),
         sshd.ssh_command],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "giữ khóa"
    with (
        pytest.raises(PublishError, match="Đang có một lần xuất bản"),
        _remote_store(sshd, server_dir).lock(),
    ):
        pass
    holder.kill()
    holder.wait()
    deadline = time.monotonic() + 20
    while True:
        try:
            with _remote_store(sshd, server_dir).lock():
                break
        except PublishError:
            assert time.monotonic() < deadline, "the killed holder's lock was never released"
            time.sleep(0.2)


def test_remote_releases_are_read_only_and_stale_uploads_cleaned(sshd, tmp_path):
    project = make_project(tmp_path / "project")
    server_dir = tmp_path / "server" / "portal"
    remote = f"{sshd.user}@127.0.0.1:{server_dir}"
    stale = server_dir / "releases" / ".tmp-20260101-000000-bo-do"
    (stale / "assets").mkdir(parents=True)
    (stale / "assets" / "a.css").write_text("p{", encoding="utf-8")
    (stale / "assets" / "a.css").chmod(0o444)
    published = ok(portal("publish", "--to", remote, "--ssh", sshd.ssh_command, cwd=project))
    assert "Đã dọn 1 bản dựng dở còn sót: 20260101-000000-bo-do." in published.stdout
    assert not stale.exists()
    release = server_dir / live(server_dir)
    files = [p for p in release.rglob("*") if p.is_file()]
    assert files and all(p.stat().st_mode & 0o222 == 0 for p in files)
    # Checked on the server just before deleting: the live release is never removed.
    with pytest.raises(PublishError, match="đang chạy, không xóa"):
        _remote_store(sshd, server_dir).remove(release.name)
    assert (release / "index.html").is_file()
