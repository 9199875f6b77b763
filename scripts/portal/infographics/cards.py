"""Link-preview cards (og:image, 1200×630) drawn with the same fonts and colours as infographics."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from PIL import Image

from portal.infographics import fonts
from portal.infographics.layout import INK, PAPER, PRIMARY, RULE, Canvas, Text
from portal.infographics.render import RENDERER_VERSION, encode

WIDTH, HEIGHT = 1200, 630
COMMUNE = "UBND xã Trần Phú"
TAGLINE = "Cổng thông tin pháp luật lao động"


@dataclass(frozen=True)
class Card:
    """What one page's card shows; `picture` is an infographic PNG drawn at the right."""

    title: str
    section: str
    picture: str | None = None  # path of the picture file
    picture_key: str = ""  # the picture's own cache key, so a new picture redraws the card

    def key(self) -> str:
        """Cache key: the card's text, its picture's key, the fonts and the renderer version."""
        parts = (self.title, self.section, self.picture_key, fonts.fingerprint(), RENDERER_VERSION)
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def draw(card: Card, scale: float = 1.0) -> Image.Image:
    """The card: section, title wrapped to fit, the commune's name; the picture on the right."""
    canvas = Canvas(round(WIDTH * scale), round(HEIGHT * scale))
    margin = 56
    band = 100  # the commune's name on the site's dark red, as in the infographics' header
    band_top = canvas.height - band
    canvas.rect(0, band_top, canvas.width, band, PRIMARY)
    canvas.text_block(Text([COMMUNE], "bold", 32), margin, band_top + 12, PAPER)
    canvas.text_block(Text([TAGLINE], "regular", 24), margin, band_top + 54, PAPER)

    right = canvas.width - margin
    if card.picture:
        with Image.open(card.picture) as picture:
            room_h = band_top - 2 * 32
            room_w = room_h * picture.width / picture.height
            thumb = picture.convert("RGB").resize(
                (canvas.px(room_w), canvas.px(room_h)), Image.Resampling.LANCZOS
            )
        left = canvas.width - margin - room_w
        canvas.rect(left - 2, 30, room_w + 4, room_h + 4, RULE)
        canvas.image.paste(thumb, (canvas.px(left), canvas.px(32)))
        right = left - 44
    width = right - margin

    y = 44.0
    if card.section:
        section = canvas.fit(card.section, "bold", (30, 24), width, 1, balance=False)
        if section is None:  # a very long section name: wrapped small rather than cut
            section = Text(canvas.wrap(card.section, "bold", 24, width), "bold", 24)
        canvas.text_block(section, margin, y, PRIMARY)
        y += section.height + 10

    title = canvas.fit(card.title, "bold", (66, 36), width, 4, leading=1.18)
    if title is None:  # the page's title is whole in og:title; the card keeps 4 lines
        lines = canvas.wrap(card.title, "bold", 36, width)[:4]
        lines[-1] = lines[-1].rstrip(" ,.;:") + "…"
        title = Text(lines, "bold", 36, 1.18)
    room = band_top - 28 - y
    canvas.text_block(title, margin, y + max(0, (room - title.height) * 0.45), INK)
    return canvas.image


def render(card: Card) -> dict[str, bytes]:
    """The card's only file, a palette PNG (what Zalo and Facebook fetch)."""
    # Without PNG's slow optimize pass: a site has a card per page, and the pass saves ~10%.
    return {"card.png": encode(draw(card), "png", optimize=False)}
