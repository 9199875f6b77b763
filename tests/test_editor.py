"""The web editor's engine without a browser: its configuration from the schemas, commits
that touch nothing but the entry, data files that keep their comments, photos shrunk on entry."""

from __future__ import annotations

import base64
import io
import subprocess

import pytest
from PIL import Image

from conftest import ROOT, copy_project, run_portal
from portal.content import frontmatter, scaffold
from portal.editor import backend, config, datafiles, photos
from portal.editor.gitstore import Author, Repo
from portal.problems import PortalError

AUTHOR = Author("Cán bộ Văn hóa", "vanhoa@bien-tap.invalid")


def _fields(collection: dict) -> dict[str, dict]:
    return {f["name"]: f for f in collection["fields"]}


def test_every_section_is_a_collection_with_its_schema_required_fields():
    built = config.build(ROOT)
    by_folder = {c.get("folder"): c for c in built["collections"]}
    for folder in scaffold.SECTION_FOLDERS.values():
        collection = by_folder[f"docs/{folder}"]
        form = _fields(collection)
        required = {n for n, f in form.items() if f.get("required")} - {"body"}
        assert required == set(frontmatter.required_keys(f"{folder}/x.md")), folder
        assert form["tags"]["options"] == list(frontmatter.allowed_tags(ROOT))
        assert form["title"]["label"] == "Tiêu đề"
    news = _fields(by_folder["docs/tin-tuc/bai-viet"])
    assert news["categories"]["options"] == list(frontmatter.CATEGORIES)
    assert "categories" not in _fields(by_folder["docs/phap-luat"])
    law = _fields(by_folder["docs/phap-luat"])
    assert (law["summary"]["min"], law["summary"]["max"]) == frontmatter.SUMMARY_POINTS
    assert law["sources"]["min"] == 1
    assert built["locale"] == "vi" and built["publish_mode"] == "editorial_workflow"
    assert built["slug"] == {"encoding": "ascii", "clean_accents": True,
                             "sanitize_replacement": "-"}  # fmt: skip


@pytest.fixture
def repo(tmp_path):
    """A small repository with main checked out, and an uncommitted file in its work tree."""
    root = tmp_path / "kho"
    root.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    (root / "a.md").write_text("một\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(root), "add", "a.md"], check=True)
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "1"],
        check=True,
    )
    (root / "dang-viet.md").write_text("chưa commit\n", encoding="utf-8")
    return Repo(root)


def test_a_commit_holds_the_entry_only_and_moves_the_checked_out_branch_safely(repo):
    main = repo.commit_of("main")
    draft = repo.commit_files("cms/tin-tuc/b", main, {"b.md": b"hai\n"}, "Bài b", AUTHOR)
    assert repo.git("show", "--name-only", "--format=", draft).split() == ["b.md"]
    assert repo.git("log", "-1", "--format=%an <%ae>", draft).strip() == (
        "Cán bộ Văn hóa <vanhoa@bien-tap.invalid>"
    )
    assert repo.git("symbolic-ref", "--short", "HEAD").strip() == "main"
    assert not (repo.root / "b.md").exists()
    # Someone else saved meanwhile: the second save does not silently replace the first.
    with pytest.raises(PortalError):
        repo.commit_files("cms/tin-tuc/b", main, {"b.md": b"ba\n"}, "x", AUTHOR, expected=main)
    repo.advance("main", main, draft)  # main is checked out: a fast-forward of that work tree
    assert (repo.root / "b.md").read_text(encoding="utf-8") == "hai\n"
    assert (repo.root / "dang-viet.md").read_text(encoding="utf-8") == "chưa commit\n"


def test_a_new_article_must_be_named_by_the_portal_slug_of_its_title(repo, tmp_path):
    service = backend.Backend(repo.root, "main", AUTHOR, tmp_path / "kiem-tra")
    raw = "---\ntitle: Đoàn phí\n---\n"
    with pytest.raises(backend.Refused) as refused:
        service.handle("persistEntry", {
            "dataFiles": [{"path": "docs/tin-tuc/bai-viet/djoan-phi.md", "raw": raw,
                           "slug": "djoan-phi"}],
            "assets": [], "options": {"useWorkflow": True, "collectionName": "tin-tuc"},
        })  # fmt: skip
    assert refused.value.message.startswith("Tên tệp của bài mới phải là 'doan-phi.md'")


def test_data_files_keep_their_comments_when_saved_from_the_form():
    original = (ROOT / config.LOCAL_FILE).read_bytes()
    tree = datafiles._tree(original.decode(), config.LOCAL_FILE)
    form = dict(tree.data)
    form["vung_luong"] = {**form["vung_luong"], "vung": "IV"}
    merged = datafiles.merge_values(original, config.serialize(config.LOCAL_FILE, form).encode(),
                                    config.LOCAL_FILE).decode()  # fmt: skip
    assert merged.count("CẦN XÁC NHẬN") == original.decode().count("CẦN XÁC NHẬN")
    changed = [
        (old, new)
        for old, new in zip(original.decode().split("\n"), merged.split("\n"), strict=True)
        if old != new
    ]
    assert changed == [("  vung: null", "  vung: IV")]

    plan = (ROOT / config.PLAN_FILE).read_bytes()
    form = {"tien_do": [{"ngay": "2026-12-01", "nhiem_vu": [2], "noi_dung": "Họp công nhân."}]}
    merged = datafiles.merge_plan(plan, config.serialize(config.PLAN_FILE, form).encode()).decode()
    head = plan.decode().split("\ntien_do:")[0]
    assert merged.startswith(head + "\ntien_do:\n")
    assert merged.endswith(
        "\ntien_do:\n  - ngay: '2026-12-01'\n    nhiem_vu:\n      - 2\n"
        "    noi_dung: Họp công nhân.\n"
    )


def test_a_phone_photo_is_shrunk_to_the_build_width_and_renamed(tmp_path):
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000), (163, 27, 20)).save(out, "JPEG", quality=98)
    small = photos.shrink("docs/tin-tuc/bai-viet/anh.jpg", out.getvalue())
    with Image.open(io.BytesIO(small)) as image:
        assert image.size == (1600, 1200)
    assert len(small) < len(out.getvalue())
    assert photos.safe_name("Ảnh Hội nghị tháng 3.JPG") == "anh-hoi-nghi-thang-3.jpg"
    assert photos.shrink("tep.pdf", b"%PDF") == b"%PDF"
    assert base64.b64encode(small)  # what Decap receives back


NEWS_POST = """---
title: Hội nghị tháng ba
description: Hội nghị triển khai Chỉ thị 58 tại hội trường xã.
date: 2026-12-03
categories:
  - Hoạt động của xã
---

# Hội nghị tháng ba

![Hội nghị tại hội trường xã]({image})
"""


def test_portal_gui_commits_the_article_with_its_photo_or_refuses_with_the_reasons(tmp_path):
    project = copy_project(tmp_path / "kho")
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "."],
        ["-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "1"],
        ["config", "user.name", AUTHOR.name],
        ["config", "user.email", AUTHOR.email],
    ):
        subprocess.run(["git", "-C", str(project), *args], check=True)  # fmt: skip
    folder = project / "docs/tin-tuc/bai-viet"
    Image.new("RGB", (4000, 3000), (93, 107, 122)).save(folder / "hoi-nghi.jpg", quality=95)
    (folder / "hoi-nghi-thang-ba.md").write_text(NEWS_POST.format(image="hoi-ngi.jpg"), "utf-8")
    refused = run_portal("gui", "docs/tin-tuc/bai-viet/hoi-nghi-thang-ba.md", cwd=project)
    assert refused.returncode == 1
    assert refused.stderr.startswith(
        "docs/tin-tuc/bai-viet/hoi-nghi-thang-ba.md:11: lỗi: không tìm thấy ảnh 'hoi-ngi.jpg'"
    )
    last = refused.stderr.rstrip().splitlines()[-1]
    assert last == "Chưa commit: bài còn lỗi. Sửa các lỗi trên rồi chạy lại."
    log = ["git", "-C", str(project), "rev-list", "--count", "HEAD"]
    assert subprocess.run(log, capture_output=True, text=True).stdout.strip() == "1"

    (folder / "hoi-nghi-thang-ba.md").write_text(NEWS_POST.format(image="hoi-nghi.jpg"), "utf-8")
    done = run_portal("gui", "docs/tin-tuc/bai-viet/hoi-nghi-thang-ba.md", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    shown = subprocess.run(["git", "-C", str(project), "show", "--name-only", "--format=%s|%an"],
                           capture_output=True, text=True, check=True).stdout.split()  # fmt: skip
    assert shown[0] == "Bài:" and shown[-2:] == [
        "docs/tin-tuc/bai-viet/hoi-nghi-thang-ba.md",
        "docs/tin-tuc/bai-viet/hoi-nghi.jpg",
    ]
    with Image.open(folder / "hoi-nghi.jpg") as image:
        assert image.width == 1600


# -- Windows: what can be tried here of the WSL path -------------------------------------------

ARTICLE = NEWS_POST.replace("![Hội nghị tại hội trường xã]({image})\n", "Nội dung hội nghị.\n")


def _windows_clone(tmp_path):
    """The project cloned as Git for Windows does by default (core.autocrlf=true): every text
    file in the work tree ends its lines with CRLF, the commits keep LF."""
    project = copy_project(tmp_path / "nguon")
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "."],
        ["-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "1"],
    ):
        subprocess.run(["git", "-C", str(project), *args], check=True)  # fmt: skip
    clone = tmp_path / "kho"
    subprocess.run(
        ["git", "clone", "-q", "-c", "core.autocrlf=true", str(project), str(clone)], check=True
    )
    return clone


def test_a_clone_with_windows_line_endings_is_checked_as_committed(tmp_path):
    clone = _windows_clone(tmp_path)
    assert b"\r\n" in (clone / "docs/phap-luat/tuoi-nghi-huu.md").read_bytes()
    service = backend.Backend(clone, "main", AUTHOR, clone / ".cache/bien-tap/kiem-tra")
    path = "docs/tin-tuc/bai-viet/hoi-nghi-thang-ba.md"
    saved = service.handle("persistEntry", {
        "dataFiles": [{"path": path, "raw": ARTICLE, "slug": "hoi-nghi-thang-ba"}],
        "assets": [], "options": {"useWorkflow": True, "collectionName": "tin-tuc",
                                  "commitMessage": "Bài mới", "status": "draft"},
    })  # fmt: skip
    # No "CRLF" warning about a file whose commit has none.
    assert saved["problems"] == []
    assert Repo(clone).read("cms/tin-tuc/hoi-nghi-thang-ba", path) == ARTICLE.encode()
    # Publishing checks the article on main the same way, and main's work tree follows.
    service.handle(
        "publishUnpublishedEntry", {"collection": "tin-tuc", "slug": "hoi-nghi-thang-ba"}
    )
    assert Repo(clone).read("main", path) == ARTICLE.encode()
    assert (clone / path).read_bytes() == ARTICLE.replace("\n", "\r\n").encode()
