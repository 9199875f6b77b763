"""Material's stylesheets cut down to the rules the built pages can use.

Material ships one stylesheet for every feature it has (admonition kinds, code annotations,
tabs, versions, banners, social cards…): 138 KB, 23 KB gzip, a third of an article's first
visit. After the build, the classes the pages really use are read from every HTML file, and
from every script the pages load (a script may add a class: `assets/theme.js` adds
`md-tooltip2--active` to a tooltip), and a rule is dropped only when one of its selectors'
classes is in neither. Material's own scripts (its bundle, search worker and lunr, which the
theme still copies into `assets/javascripts/`) count only when a page loads one of them: the
portal's pages do not, so the rules for what only Material's bundle drew go.

Conservative on purpose: a class inside parentheses (`:not(.x)`, `:is(.a,.b)`) or inside an
attribute selector never decides; ids, tags and attributes never do either; @keyframes,
@font-face and the like are kept whole; `@media print` is kept like any other block. The
purged file gets a new fingerprinted name (`main.<hash>.min.css`, still cached as immutable)
and every page is pointed at it, so a browser never keeps an older cut.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

STYLESHEETS = "assets/stylesheets"
# Material's fingerprinted bundles: main.57a0d79d.min.css, palette.fb2fffe2.min.css.
_BUNDLE = re.compile(r"^(main|palette)\.[0-9a-f]{8}\.min\.css$")
_CLASS_ATTRIBUTE = re.compile(rb"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""")
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`")
_CLASS = re.compile(r"\.((?:[\w-]|\\.)+)")
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")
# At-rules whose block holds style rules, which are purged one by one.
_NESTED = ("@media", "@supports", "@layer", "@container", "@document")


# Material's scripts, copied by the theme whether pages load them or not.
MATERIAL_SCRIPTS = "assets/javascripts"
_SCRIPT_SRC = re.compile(rb"""<script\b[^>]*\ssrc\s*=\s*["']?([^"'\s>]+)""", re.I)
# Classes the portal's own `assets/theme.js` adds at run time. Its strings are read like any
# script's; the list keeps their rules whatever the script's spelling of them.
THEME_SCRIPT_CLASSES = frozenset({
    "js",  # on <html>, in place of no-js
    "md-header--shadow", "md-header__title--active",
    "md-nav__link--active", "md-nav__link--passed",
    "md-tooltip2", "md-tooltip2__inner", "md-tooltip2--active", "md-tooltip2--bottom",
    "md-typeset",
})  # fmt: skip

# Classes Material's script adds only inside the markup of one feature, by the class that
# markup carries: without a `highlight` block on any page no code annotation is ever drawn.
# (Only matters when a page loads Material's bundle.)
FEATURES = {
    "highlight": ("highlight", "md-annotation", "md-code__", "md-clipboard", "hll", "linenos"),
    "tabbed-set": ("tabbed-",),
    "md-version": ("md-version",),
    "md-source": ("md-source",),
    "md-search": ("md-search",),  # Material's search; the portal's has classes of its own
}


def used_classes(site_dir: Path) -> set[str]:
    """Every class written in an HTML file of the site, the classes `assets/theme.js` adds, and
    every word in the strings of its scripts but those of features no page has (`FEATURES`);
    Material's scripts only when a page loads one."""
    site_dir = Path(site_dir)
    written: set[str] = set(THEME_SCRIPT_CLASSES)
    material_loaded = False
    for page in site_dir.rglob("*.html"):
        data = page.read_bytes()
        for match in _CLASS_ATTRIBUTE.finditer(data):
            value = next(group for group in match.groups() if group is not None)
            written.update(value.decode("utf-8", "replace").split())
        if not material_loaded:
            material_loaded = any(
                f"{MATERIAL_SCRIPTS}/".encode() in src for src in _SCRIPT_SRC.findall(data)
            )
    absent = tuple(
        prefix for marker, prefixes in FEATURES.items() if marker not in written
        for prefix in prefixes
    )  # fmt: skip
    scripted: set[str] = set()
    material = site_dir / MATERIAL_SCRIPTS
    for script in site_dir.rglob("*.js"):
        if not material_loaded and script.is_relative_to(material):
            continue
        text = script.read_text(encoding="utf-8", errors="replace")
        for literal in _STRING.findall(text):  # a class a script adds is written in a string
            scripted.update(_WORD.findall(literal))
    return written | {word for word in scripted if not word.startswith(absent)}


def purge(css: str, used: set[str]) -> str:
    """The stylesheet without the rules none of whose selectors can match the site."""
    return _SOURCE_MAP.sub("", "".join(_rules(css, used)))


def _rules(css: str, used: set[str]) -> Iterable[str]:
    position = 0
    while position < len(css):
        start = position
        brace = _find(css, "{", position)
        if brace < 0:
            yield css[start:]  # a trailing comment or @charset/@import statement
            return
        semicolon = _find(css, ";", position)
        if css[start:].lstrip().startswith("@") and 0 <= semicolon < brace:
            yield css[start : semicolon + 1]  # @charset, @import, @namespace
            position = semicolon + 1
            continue
        end = _matching(css, brace)
        prelude, body = css[start:brace], css[brace + 1 : end]
        position = end + 1
        head = prelude.strip()
        if head.startswith("@"):
            if head.lower().startswith(_NESTED):
                inner = "".join(_rules(body, used))
                if inner.strip():
                    yield f"{prelude}{{{inner}}}"
            else:
                yield css[start:position]  # @keyframes, @font-face, @page, @property…
            continue
        kept = [s for s in _split_selectors(prelude) if _may_match(s, used)]
        if kept:
            yield f"{','.join(kept)}{{{body}}}"


def _find(css: str, char: str, position: int) -> int:
    """Index of `char` at or after `position` outside strings and comments, or -1."""
    quote = None
    i = position
    while i < len(css):
        c = css[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif css.startswith("/*", i):
            close = css.find("*/", i + 2)
            i = len(css) if close < 0 else close + 1
        elif c == char:
            return i
        i += 1
    return -1


def _matching(css: str, brace: int) -> int:
    """Index of the "}" closing the "{" at `brace` (strings and comments skipped)."""
    depth = 0
    i = brace
    while True:
        nearest = min((p for p in (_find(css, "{", i), _find(css, "}", i)) if p >= 0), default=-1)
        if nearest < 0:
            return len(css) - 1  # unbalanced: keep the rest as one block
        depth += 1 if css[nearest] == "{" else -1
        if depth == 0:
            return nearest
        i = nearest + 1


def _split_selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas (not those inside `:is(…)` or `[…]`)."""
    parts, depth, current, quote = [], 0, [], None
    for c in prelude:
        if quote:
            quote = None if c == quote else quote
        elif c in "\"'":
            quote = c
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(c)
    parts.append("".join(current))
    return parts


def _may_match(selector: str, used: set[str]) -> bool:
    """False only when a class of the selector, outside parentheses and brackets, is unused."""
    outside, depth = [], 0
    for c in selector:
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif depth == 0:
            outside.append(c)
            continue
        outside.append(" ")
    names = _CLASS.findall("".join(outside))
    return all(name.replace("\\", "") in used for name in names)


def purge_site(site_dir: Path) -> dict[str, tuple[int, int]]:
    """Purge Material's stylesheets in a built site and point every page at the new files.

    Returns {old file name: (bytes before, bytes after)} for each stylesheet purged.
    """
    site_dir = Path(site_dir)
    folder = site_dir / STYLESHEETS
    bundles = sorted(p for p in folder.glob("*.min.css") if _BUNDLE.match(p.name))
    if not bundles:
        return {}
    used = used_classes(site_dir)
    renamed: dict[str, str] = {}
    sizes = {}
    for bundle in bundles:
        css = bundle.read_text(encoding="utf-8")
        cut = purge(css, used)
        digest = hashlib.sha256(cut.encode("utf-8")).hexdigest()[:8]
        name = f"{bundle.name.split('.')[0]}.{digest}.min.css"
        (folder / name).write_text(cut, encoding="utf-8")
        if name != bundle.name:
            bundle.unlink()
            Path(f"{bundle}.map").unlink(missing_ok=True)
        renamed[bundle.name] = name
        sizes[bundle.name] = (len(css.encode("utf-8")), len(cut.encode("utf-8")))
    pattern = re.compile(
        "|".join(re.escape(f"{STYLESHEETS}/{old}") for old in renamed).encode("utf-8")
    )

    def new_name(match: re.Match) -> bytes:
        old = match.group(0).decode("utf-8").rsplit("/", 1)[1]
        return f"{STYLESHEETS}/{renamed[old]}".encode()

    for page in site_dir.rglob("*.html"):
        data = page.read_bytes()
        changed = pattern.sub(new_name, data)
        if changed != data:
            page.write_bytes(changed)
    return sizes
