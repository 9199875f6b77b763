"""`portal gui BÀI`: the command-line way to commit an article, with the web editor's safety.

`git add` of the `.md` file alone leaves its photos out of the commit, and the publisher's
build then fails for the whole site on "không tìm thấy ảnh". Here the article is checked, and
committed with every file under docs/ it refers to (photos shrunk first, as the web editor
does), with a Vietnamese message; nothing is committed when the check finds errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portal import checks, settings
from portal.content import articles
from portal.editor import photos
from portal.editor.gitstore import Repo
from portal.problems import PortalError, Problem
from portal.site import draft_media


@dataclass(frozen=True)
class Committed:
    commit: str
    files: list[str]  # from the repository's root
    warnings: list[Problem]
    shrunk: list[str]


def commit_article(root: Path, given: str) -> Committed:
    """Check the article at `given`, then commit it with the files it refers to."""
    chosen = checks.targets(root, [given])
    if len(chosen) != 1:
        raise PortalError(f"'{given}' không phải một bài viết (.md) trong {settings.DOCS}/.")
    rel = chosen[0]
    problems = checks.run(root, [rel])
    if any(p.severity == "error" for p in problems):
        raise PortalError(
            "Chưa commit: bài còn lỗi. Sửa các lỗi trên rồi chạy lại.",
            [p for p in problems if p.severity == "error"],
        )
    docs = root / settings.DOCS
    text = (docs / rel).read_text(encoding="utf-8")
    files = [f"{settings.DOCS}/{rel}"]
    shrunk = []
    for ref in sorted(draft_media.references(rel, text)):
        path = docs / ref
        if ref.endswith(".md") or not path.is_file():
            continue
        data = path.read_bytes()
        smaller = photos.shrink(ref, data)
        if smaller != data:
            path.write_bytes(smaller)
            shrunk.append(f"{settings.DOCS}/{ref}")
        files.append(f"{settings.DOCS}/{ref}")
    meta, _ = articles.split_front_matter(text, f"{settings.DOCS}/{rel}")
    title = str(meta.get("title") or rel)
    repo = Repo(root)
    repo.git("add", "--", *files)
    if not repo.git("diff", "--cached", "--name-only", "--", *files).strip():
        raise PortalError(
            f"Không có gì mới để commit: {files[0]} và các tệp nó dùng đã có trong kho."
        )
    repo.git("commit", "-q", "-m", f"Bài: {title}", "--", *files)
    commit = repo.git("rev-parse", "HEAD").strip()
    return Committed(commit, files, [p for p in problems if p.severity != "error"], shrunk)
