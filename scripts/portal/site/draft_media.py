"""Media that only unpublished pages use: left out of the built site with those pages.

A draft's photo or PDF is as private as the draft: copied into the site, anyone who guesses
its address could read it. A file under docs/ is left out when an unpublished page refers to
it and no published page does. The site's own files (docs/assets/) and anything named in
mkdocs.yml (logo, favicon) always stay.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from urllib.parse import unquote, urlsplit

# Markdown links and images "](url)", reference definitions "[x]: url", raw HTML src, href and
# srcset. Each is a simple run with no nested repetition, so matching stays linear in the text.
_INLINE = re.compile(r"\]\(\s*<?([^)\s>]+)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.M)
_HTML = re.compile(r"""\b(?:src|href|srcset)\s*=\s*["']([^"']+)["']""", re.I)
KEPT_FOLDERS = ("assets/",)


def references(page: str, text: str) -> set[str]:
    """The files under docs/ that the Markdown of `page` (a docs-relative path) points to."""
    urls = [*_INLINE.findall(text), *_REFERENCE.findall(text)]
    for value in _HTML.findall(text):
        urls += [part.split()[0] for part in value.split(",") if part.split()]
    found = set()
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = unquote(parts.path)
        base = "" if path.startswith("/") else posixpath.dirname(page)
        resolved = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
        if not resolved.startswith("../") and resolved != "..":
            found.add(resolved)
    return found


def only_in_hidden(
    pages: Mapping[str, str], hidden: set[str], media: Iterable[str], config_text: str = ""
) -> set[str]:
    """Media files (docs-relative) referred to by hidden pages and by no published page."""
    used_hidden: set[str] = set()
    used_published: set[str] = set()
    for page, text in pages.items():
        (used_hidden if page in hidden else used_published).update(references(page, text))
    return {
        name
        for name in media
        if name in used_hidden
        and name not in used_published
        and not name.startswith(KEPT_FOLDERS)
        and name not in config_text
    }
