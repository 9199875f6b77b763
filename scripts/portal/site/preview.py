"""A small copy of the site for previewing one article: it rebuilds in well under a second.

At a thousand articles a full rebuild takes many seconds, too long to wait after each save.
The preview project holds the article being written, every section's introduction page and
every non-article file (styles, images), linked, not copied, so saving the article is seen
at once. Links from the article to other articles are not followed in this preview.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from portal import settings

# What a preview needs from the project besides mkdocs.yml and docs/.
_SKIP = {settings.DOCS, "site", settings.CONFIG, ".git", ".venv"}


def make_project(root: Path, article: str, target: Path) -> Path:
    """Lay out the preview project in `target` for docs/`article`; return its mkdocs.yml."""
    docs = root / "docs"
    preview_docs = target / "docs"
    preview_docs.mkdir(parents=True)
    for entry in root.iterdir():
        if entry.name not in _SKIP and not entry.name.startswith("site."):
            (target / entry.name).symlink_to(entry)
    for path in docs.rglob("*"):
        rel = path.relative_to(docs).as_posix()
        if path.is_dir() or not _wanted(rel, article):
            continue
        link = preview_docs / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(path)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    # A repeated key takes the last value, so this docs_dir wins; the text is copied as it is
    # because mkdocs.yml holds !!python/name tags that a YAML round trip would lose.
    config += f"\ndocs_dir: {os.fspath(preview_docs)}\n"
    # The articles left out are expected to be missing: say nothing about links to them.
    config += "validation:\n  links:\n    not_found: info\n    anchors: info\n"
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target / "mkdocs.yml"


def _wanted(rel: str, article: str) -> bool:
    """The article itself, every non-article file, and the pages the menu links to."""
    if rel == article or not rel.endswith(".md"):
        return True
    return posixpath.basename(rel) == "index.md" or "/" not in rel
