"""Small corrections to the theme's HTML that its templates do not let us override.

Material writes `autocomplete="off"` on its drawer and search toggles, which are checkboxes: the
attribute is not allowed there (the Nu HTML Checker reports it on every page). The toggles sit
outside every template block of `base.html`, so the page is corrected after rendering.

Tables of the content without a class get the frame that scrolls them sideways on a phone
(`md-typeset__scrollwrap` > `md-typeset__table`, styled by Material's CSS). Material's script
bundle added it after the page had loaded, which moved the page once; the portal loads no such
bundle (assets/theme.js) and writes the frame into the page instead.
"""

from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input [^<>]*type="checkbox"[^<>]*?) autocomplete="off"')
_CONTENT = 'data-md-component="content"'
_TABLE_TAG = re.compile(r"<(/?)table\b([^<>]*)>", re.I)
_CLASS = re.compile(r"\sclass\s*=", re.I)
_OPEN_FRAME = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
_CLOSE_FRAME = "</div></div>"


def correct(html: str) -> str:
    """The page's HTML with the theme's invalid attributes removed and its tables framed."""
    return wrap_tables(_CHECKBOX_AUTOCOMPLETE.sub(r"\1", html))


def wrap_tables(html: str) -> str:
    """Every table of the page's content that has no class, inside its scrolling frame."""
    start = html.find(_CONTENT)
    if start < 0 or _OPEN_FRAME in html:
        return html
    parts, position, framed = [], 0, []
    for match in _TABLE_TAG.finditer(html, start):
        closing = match[1] == "/"
        if closing:
            if not framed:
                continue  # a stray end tag: left as it is
            if framed.pop():
                parts += [html[position : match.end()], _CLOSE_FRAME]
                position = match.end()
            continue
        plain = not _CLASS.search(match[2])
        framed.append(plain)
        if plain:
            parts += [html[position : match.start()], _OPEN_FRAME]
            position = match.start()
    parts.append(html[position:])
    return "".join(parts)
