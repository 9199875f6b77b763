"""QR codes of the articles' addresses, as SVG for the PDF templates (segno; nothing by hand)."""

from __future__ import annotations

import segno

# Level M survives a crease, a pin hole or a smudge on a photocopy (15% of the code) while
# keeping the modules large enough to scan from a metre away at 45 mm.
ERROR_LEVEL = "m"
QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def svg(url: str) -> str:
    """The QR code of `url` as an inline <svg>, black on white, sized by the stylesheet."""
    code = segno.make(url, error=ERROR_LEVEL, micro=False)
    return code.svg_inline(border=QUIET_ZONE, dark="#000", light="#fff", omitsize=True)
