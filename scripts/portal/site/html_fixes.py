"""Small corrections to the theme's HTML that its templates do not let us override.

Material writes `autocomplete="off"` on its drawer and search toggles, which are checkboxes: the
attribute is not allowed there (the Nu HTML Checker reports it on every page). The toggles sit
outside every template block of `base.html`, so the page is corrected after rendering.
"""

from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input [^<>]*type="checkbox"[^<>]*?) autocomplete="off"')


def correct(html: str) -> str:
    """The page's HTML with the theme's invalid attributes removed."""
    return _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
