"""The Content-Security-Policy's script hashes: computed from the built site, kept in nginx.

Material writes three small inline scripts into every page (storage helpers, the saved colour
scheme, tab restore). Rather than allow every inline script ('unsafe-inline', which would let
any injected script run), the policy lists the SHA-256 of each of ours. Only one of them varies:
`__md_scope=new URL("../..",location)` names the site root relative to the page, so the policy
also lists it for every depth up to MAX_DEPTH, and a deeper page added later is still covered.

The hashes change only when Material's templates change (an upgrade): `portal csp --write`
rewrites them in deploy/nginx/portal-headers.conf, a test fails when that file is stale, and
`portal publish` refuses a release whose inline scripts the policy would block.

The hashes come from the theme alone, never from what editors wrote: `theme_sources` builds a
fixture project with the project's mkdocs.yml (theme, overrides, Markdown settings) and the
portal plugin, but one plain page of its own and no content, data or infographic of the
project. A script an article carries is therefore never allowed, however often it appears.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import tempfile
from pathlib import Path

from portal import settings
from portal.site.build import build_into

HEADERS_CONF = Path("deploy/nginx/portal-headers.conf")
MAX_DEPTH = 8
_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
# Types a browser executes; anything else (application/json config) is data, not script.
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_SCOPE = re.compile(r'(__md_scope=new URL\()("[^"]*")(,location\))')
_CSP_LINE = re.compile(r'(add_header\s+Content-Security-Policy\s+")([^"]*)(")')
_HASH = re.compile(r"'sha256-[A-Za-z0-9+/=]+'")


def inline_scripts(html: str) -> list[str]:
    """Bodies of the inline scripts a browser would run in this page."""
    found = []
    for match in _SCRIPT.finditer(html):
        attrs = match["attrs"]
        if re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        kind = _TYPE.search(attrs)
        if (kind[1].lower() if kind else "") in _JS_TYPES and match["body"].strip():
            found.append(match["body"])
    return found


def source(body: str) -> str:
    """The CSP source expression that allows exactly this script."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def site_scripts(site_dir: Path) -> dict[str, tuple[str, str]]:
    """Every distinct inline script of a built site: source -> (first page, body)."""
    found: dict[str, tuple[str, str]] = {}
    for page in sorted(site_dir.rglob("*.html")):
        for body in inline_scripts(page.read_text(encoding="utf-8", errors="replace")):
            found.setdefault(source(body), (page.relative_to(site_dir).as_posix(), body))
    return found


def _scope_variants(body: str) -> set[str]:
    """The scope script for the site root ("/", as in 404.html) and every depth up to MAX_DEPTH."""
    if not _SCOPE.search(body):
        return set()
    bases = ["/", "."] + ["/".join([".."] * depth) for depth in range(1, MAX_DEPTH + 1)]
    return {source(_SCOPE.sub(lambda m, b=b: m[1] + json.dumps(b) + m[3], body)) for b in bases}


def policy_sources(site_dir: Path) -> list[str]:
    """The hashes the policy must list for this site, in a stable order."""
    wanted = set()
    for digest, (_, body) in site_scripts(site_dir).items():
        wanted.add(digest)
        wanted |= _scope_variants(body)
    return sorted(wanted)


# The fixture project: the real configuration with only the portal plugin (the blog and tags
# plugins need content), one page that says nothing, and the one data file the plugin requires.
_FIXTURE_CONFIG = """# Dự án mẫu của `portal csp`: giao diện của dự án, không có nội dung.
INHERIT: {config}
docs_dir: docs
theme:
  custom_dir: {overrides}
plugins:
  - portal
"""
_FIXTURE_PAGE = (
    "---\ntitle: Trang mẫu\ndescription: Trang mẫu của giao diện, không có nội dung.\n---\n\n"
    "# Trang mẫu\n\nMột đoạn văn.\n"
)
_FIXTURE_TAGS = "- Tiền lương\n"


def theme_sources(root: Path) -> list[str]:
    """The hashes the policy must list: those of the theme's own scripts, from a fixture build.

    Raises site.build.BuildError when the fixture does not build (a broken template).
    """
    with tempfile.TemporaryDirectory(prefix="portal-csp-") as scratch:
        fixture = Path(scratch) / "du-an-mau"
        (fixture / settings.DOCS).mkdir(parents=True)
        (fixture / settings.DATA).mkdir()
        (fixture / settings.CONFIG).write_text(
            _FIXTURE_CONFIG.format(
                config=json.dumps(str((root / settings.CONFIG).resolve())),
                overrides=json.dumps(str((root / "overrides").resolve())),
            ),
            encoding="utf-8",
        )
        (fixture / settings.DOCS / "index.md").write_text(_FIXTURE_PAGE, encoding="utf-8")
        (fixture / settings.DATA / "tags.yml").write_text(_FIXTURE_TAGS, encoding="utf-8")
        site = Path(scratch) / "site"
        build_into(fixture, site)
        return policy_sources(site)


def content_scripts(site_dir: Path, allowed: set[str]) -> dict[str, tuple[str, str]]:
    """Inline scripts of a built site that the theme does not write: source -> (page, body)."""
    return {d: found for d, found in site_scripts(site_dir).items() if d not in allowed}


def configured_sources(conf: Path) -> set[str]:
    """The script hashes the nginx headers snippet allows."""
    match = _CSP_LINE.search(conf.read_text(encoding="utf-8"))
    if not match:
        return set()
    for directive in match[2].split(";"):
        name, *values = directive.split()
        if name == "script-src":
            return {v for v in values if _HASH.fullmatch(v)}
    return set()


def write_sources(conf: Path, sources: list[str]) -> bool:
    """Put `sources` into script-src of the snippet's policy; return whether the file changed."""
    text = conf.read_text(encoding="utf-8")

    def replace(match: re.Match) -> str:
        directives = []
        for directive in match[2].split(";"):
            parts = directive.split()
            if parts and parts[0] == "script-src":
                kept = [p for p in parts[1:] if not _HASH.fullmatch(p)]
                parts = ["script-src", *kept, *sources]
            if parts:
                directives.append(" ".join(parts))
        return match[1] + "; ".join(directives) + match[3]

    new = _CSP_LINE.sub(replace, text, count=1)
    if new != text:
        conf.write_text(new, encoding="utf-8")
    return new != text


def blocked(site_dir: Path, conf: Path) -> dict[str, str]:
    """Inline scripts of the site the configured policy would block: source -> first page."""
    allowed = configured_sources(conf)
    return {
        digest: page
        for digest, (page, _) in site_scripts(site_dir).items()
        if digest not in allowed
    }
