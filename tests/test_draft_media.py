"""Media only a draft uses stay out of the built site, with the draft."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_project, run_portal
from portal.site import draft_media

DRAFT = (
    "---\ntitle: Bài nháp có ảnh\ndescription: Chưa xong.\ndraft: true\n---\n\n"
    "# Bài nháp có ảnh\n\n![Ảnh nháp](anh-nhap.png)\n\n![Ảnh chung](anh-chung.png)\n\n"
    '<img src="../hoi-dap/ban-scan.pdf" alt="x">\n\n[Biên bản][bb]\n\n[bb]: bien-ban.pdf\n'
)
PUBLISHED = (
    "---\ntitle: Bài có ảnh chung\ndescription: Đã đăng.\n---\n\n"
    "# Bài có ảnh chung\n\n![Ảnh chung](anh-chung.png)\n"
)


def test_references_cover_markdown_reference_links_and_raw_html():
    found = draft_media.references("hoi-dap/x.md", DRAFT)
    assert found == {
        "hoi-dap/anh-nhap.png",
        "hoi-dap/anh-chung.png",
        "hoi-dap/ban-scan.pdf",
        "hoi-dap/bien-ban.pdf",
    }
    assert draft_media.references("a/b.md", "![](/assets/x.png) [](https://x.vn/a.png)") == {
        "assets/x.png"
    }


def test_a_drafts_own_media_are_not_built(tmp_path):
    project = copy_project(tmp_path / "project")
    docs = project / "docs" / "hoi-dap"
    (docs / "bai-nhap-co-anh.md").write_text(DRAFT, encoding="utf-8")
    (docs / "bai-co-anh-chung.md").write_text(PUBLISHED, encoding="utf-8")
    png = (project / "docs" / "assets").glob("*.png")
    picture = next(png, None)
    data = picture.read_bytes() if picture else b"\x89PNG\r\n\x1a\n"
    for name in ("anh-nhap.png", "anh-chung.png"):
        (docs / name).write_bytes(data)
    for name in ("ban-scan.pdf", "bien-ban.pdf", "tai-lieu-khac.pdf"):
        (docs / name).write_bytes(b"%PDF-1.4\n")
    result = run_portal("build", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    site: Path = project / "site" / "hoi-dap"
    assert not (site / "bai-nhap-co-anh").exists()
    for private in ("anh-nhap.png", "ban-scan.pdf", "bien-ban.pdf"):
        assert not (site / private).exists(), private
    assert (site / "anh-chung.png").is_file()  # a published page uses it too
    assert (site / "tai-lieu-khac.pdf").is_file()  # no page names it: not ours to judge
