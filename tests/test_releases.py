"""Release folders, the switch, pruning and the CSP hashes, on small folders made here."""

from __future__ import annotations

import datetime as dt
import os
import subprocess

import pytest

from portal.publish import csp
from portal.publish.releases import (
    CHECKSUMS,
    LocalStore,
    PublishError,
    previous_release,
    release_name,
    to_prune,
    write_manifest,
)
from portal.publish.remote import parse_target

SCOPE = (
    '__md_scope=new URL("{}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+'
    "_.charCodeAt(0)),0)"
)


def _release(store: LocalStore, name: str, text: str = "trang") -> None:
    folder = store.stage(name)
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(f"<p>{text}</p>", encoding="utf-8")
    (folder / "assets" / "a.css").write_text("p{}", encoding="utf-8")
    write_manifest(folder, name, "abc", dirty=False)
    store.install(name)


def test_names_sort_by_time_and_carry_the_commit():
    early = release_name("0123456789abcdef", False, dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC))
    late = release_name("fedcba", True, dt.datetime(2026, 1, 2, 3, 4, 6, tzinfo=dt.UTC))
    assert early == "20260102-030405-0123456789"
    assert late == "20260102-030406-fedcba-dirty"
    assert sorted([late, early]) == [early, late]


def test_prune_keeps_the_newest_and_always_the_live_one():
    names = ["r1", "r2", "r3", "r4", "r5"]
    assert to_prune(names, "r5", 2) == ["r1", "r2", "r3"]
    assert to_prune(names, "r1", 2) == ["r2", "r3"]  # after a rollback to r1
    assert to_prune(names, "r5", 10) == []
    # Another publish made r5 live meanwhile: the one just installed (r3) stays too.
    assert to_prune(names, "r5", 1, also=("r3",)) == ["r1", "r2", "r4"]


def test_release_files_are_read_only_and_the_live_release_is_never_removed(tmp_path):
    store = LocalStore(tmp_path)
    _release(store, "r1")
    store.switch("r1")
    for path in (tmp_path / "releases" / "r1").rglob("*"):
        if path.is_file():  # shared by hard links with later releases: never edited in place
            assert path.stat().st_mode & 0o222 == 0, path
    with pytest.raises(PublishError, match="Bản r1 đang chạy; không xóa"):
        store.remove("r1")
    _release(store, "r2")
    store.remove("r2")
    assert store.releases() == ["r1"]


def test_staging_folders_left_by_a_killed_publish_are_cleaned(tmp_path):
    store = LocalStore(tmp_path)
    _release(store, "r1")
    half = store.stage("r2")
    (half / "assets").mkdir(parents=True)
    (half / "assets" / "a.css").write_text("p{", encoding="utf-8")
    assert store.clean_staging() == ["r2"]
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == ["r1"]


def test_previous_release_is_the_newest_older_than_the_live_one():
    assert previous_release(["r1", "r2", "r3"], "r3") == "r2"
    assert previous_release(["r1", "r2", "r3"], "r2") == "r1"
    assert previous_release(["r1"], "r1") is None


def test_switch_replaces_the_symlink_and_lists_only_complete_releases(tmp_path):
    store = LocalStore(tmp_path)
    _release(store, "r1")
    store.stage("r2")  # a build in progress: not a release yet
    assert store.releases() == ["r1"] and store.current() is None
    store.switch("r1")
    assert os.readlink(tmp_path / "current") == "releases/r1"  # relative: the folder can move
    _release(store, "r2", "mới")
    store.switch("r2")
    assert (tmp_path / "current" / "index.html").read_text(encoding="utf-8") == "<p>mới</p>"
    # The unchanged file is shared with the previous release (same ETag for readers).
    assert (tmp_path / "releases/r1/assets/a.css").stat().st_ino == (
        tmp_path / "releases/r2/assets/a.css"
    ).stat().st_ino
    with pytest.raises(PublishError, match="Không có bản phát hành r9"):
        store.switch("r9")


def test_verify_names_missing_changed_and_extra_files(tmp_path):
    store = LocalStore(tmp_path)
    _release(store, "r1")
    release = tmp_path / "releases" / "r1"
    assert store.verify("r1") == []
    assert (
        subprocess.run(["sha256sum", "-c", CHECKSUMS], cwd=release, capture_output=True).returncode
        == 0
    )
    (release / "assets" / "a.css").unlink()
    (release / "index.html").write_text("khác", encoding="utf-8")
    (release / "la.js").write_text("x", encoding="utf-8")
    assert store.verify("r1") == [
        "thiếu tệp assets/a.css",
        "tệp bị thay đổi: index.html",
        "tệp lạ không có trong danh sách: la.js",
    ]


@pytest.mark.parametrize(
    ("link", "target"),
    [("assets/leak.txt", "/etc/passwd"), ("assets/ban-sao.css", "a.css"), ("tep", "..")],
    ids=["outside", "inside", "folder"],
)
def test_a_symbolic_link_never_reaches_a_release(tmp_path, link, target):
    store = LocalStore(tmp_path)
    folder = store.stage("r1")
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text("<p>trang</p>", encoding="utf-8")
    (folder / "assets" / "a.css").write_text("p{}", encoding="utf-8")
    (folder / link).symlink_to(target)
    refused = pytest.raises(PublishError, match=rf"(?s)liên kết tượng trưng.*{link} → {target}")
    with refused:
        write_manifest(folder, "r1", "abc", dirty=False)
    assert not (folder / CHECKSUMS).exists()
    with pytest.raises(PublishError, match="git rm"):  # nor installed without a manifest
        store.install("r1")
    assert store.releases() == []


def test_a_real_folder_named_current_is_explained(tmp_path):
    (tmp_path / "current").mkdir()
    with pytest.raises(PublishError, match="không phải liên kết"):
        LocalStore(tmp_path).current()


def test_a_second_publish_to_the_same_folder_waits_its_turn(tmp_path):
    store = LocalStore(tmp_path)
    busy = pytest.raises(PublishError, match="Đang có một lần xuất bản khác")
    with store.lock(), busy, LocalStore(tmp_path).lock():
        pass


@pytest.mark.parametrize(
    ("target", "remote"),
    [
        ("/srv/portal", None),
        ("./ban-sao:cu", None),
        ("may-chu:/srv/portal", ("may-chu", "/srv/portal")),
        ("xuatban@10.0.0.5:/srv/portal", ("xuatban@10.0.0.5", "/srv/portal")),
    ],
)
def test_remote_targets_follow_rsyncs_rule(target, remote):
    assert parse_target(target) == remote


def test_only_executable_inline_scripts_count():
    page = (
        '<script src="a.js"></script><script id="__config" type="application/json">{}</script>'
        "<script>var a=1</script><script type='module'>b()</script>"
    )
    assert csp.inline_scripts(page) == ["var a=1", "b()"]


def test_scope_script_is_allowed_at_every_depth(tmp_path):
    (tmp_path / "index.html").write_text(f"<script>{SCOPE.format('.')}</script>")
    sources = set(csp.policy_sources(tmp_path))
    assert len(sources) == csp.MAX_DEPTH + 2  # "/", "." and one per depth
    assert csp.source(SCOPE.format("../../../../..")) in sources


def test_blocked_names_the_page_of_a_script_the_policy_lacks(tmp_path):
    conf = tmp_path / "headers.conf"
    conf.write_text(
        "add_header Content-Security-Policy \"default-src 'self'; script-src 'self'\" always;\n"
    )
    site = tmp_path / "site"
    (site / "hoi-dap").mkdir(parents=True)
    (site / "hoi-dap" / "index.html").write_text("<script>alert(1)</script>")
    assert csp.blocked(site, conf) == {csp.source("alert(1)"): "hoi-dap/index.html"}
    assert csp.write_sources(conf, csp.policy_sources(site))
    assert csp.blocked(site, conf) == {}
    assert "default-src 'self'; script-src 'self' 'sha256-" in conf.read_text()
