"""Link-preview cards (og:image, 1200×630) drawn with the same fonts and colours as infographics.

A site has a card per page (over a thousand), so a card is made the cheap way while looking
the same as one drawn in colour and quantized: every colour a card can have is known in
advance. Text is drawn as coverage ("L": 0 background, 255 ink) on an area of one colour and
mapped to a ramp of the fixed palette between that background and the ink; what is the same
on every card (the paper, the band with the commune's name) is drawn once per process; the
infographic thumbnail is quantized once per process and picture. The title is fitted with
each word measured once per size: a line's width is the sum of its words and spaces (raqm
shapes words on their own: the sums equal the measured lines, tested).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import cache, lru_cache

from PIL import Image, ImageDraw

from portal.infographics import fonts
from portal.infographics.layout import _KEEP_TOGETHER, INK, PAPER, PRIMARY, RULE, Canvas, Text
from portal.infographics.render import PALETTE_COLOURS, RENDERER_VERSION
from portal.text import nfc

WIDTH, HEIGHT = 1200, 630
COMMUNE = "UBND xã Trần Phú"
TAGLINE = "Cổng thông tin pháp luật lao động"
MARGIN = 56
BAND = 100  # the commune's name on the site's dark red, as in the infographics' header
# Shades of anti-aliased text between a background and its ink. 16 steps leave at most 8 of
# 255 between a shade and the exact blend on glyph edges: no difference shows, even zoomed
LEVELS = 16
# PNG's zlib level, chosen by measurement on 60 cards (best of 5): level 3 takes 1.6 ms and
# 20.7 KB a card, 4 takes 3.0 ms and 17.5 KB, 6 (zlib's default) 6.4 ms and 15.8 KB, 9 35 ms
# and 14.0 KB. Level 4 halves the time of 6 for 11% more bytes, far under the size limits of
# Zalo and Facebook (a few MB). No optimize pass: it is level 9 and more.
COMPRESS_LEVEL = 4
# Bump when a change to the card alone should redraw every card.
CARD_VERSION = "fixed-palette-1"


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _ramp(background: str, ink: str) -> list[tuple[int, int, int]]:
    """LEVELS colours from the background (level 0) to the ink, as Pillow blends text."""
    bg, fg = _hex(background), _hex(ink)
    top = LEVELS - 1
    return [
        tuple(round(b + (f - b) * k / top) for b, f in zip(bg, fg, strict=True))
        for k in range(LEVELS)
    ]


# The fixed palette: title ink on paper, red on paper (the band's white text on red is the
# same ramp read backwards), the picture's frame; a picture's own colours come after.
_DARK = 0  # INK on PAPER: the title
_RED = LEVELS  # PAPER (level 0) to PRIMARY (level LEVELS - 1): section, band
_RULE = 2 * LEVELS
_PICTURE = _RULE + 1
FIXED = [*_ramp(PAPER, INK), *_ramp(PAPER, PRIMARY), _hex(RULE)]
PAPER_INDEX = _DARK
PRIMARY_INDEX = _RED + LEVELS - 1


def _lut(first: int, reverse: bool = False) -> list[int]:
    """Coverage 0-255 -> palette index on a ramp starting at `first`."""
    top = LEVELS - 1
    steps = [round(v * top / 255) for v in range(256)]
    return [first + (top - k if reverse else k) for k in steps]


_MASK = [0] + [255] * 255  # any coverage: the pixel belongs to the text
_TITLE_LUT = _lut(_DARK)
_SECTION_LUT = _lut(_RED)
_BAND_LUT = _lut(_RED, reverse=True)


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
        parts += (CARD_VERSION,)
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _layer(canvas: Canvas) -> Canvas:
    """`canvas` as an empty coverage layer: the same geometry, drawn in "L"."""
    canvas.image = Image.new("L", canvas.image.size, 0)
    canvas.draw = ImageDraw.Draw(canvas.image)
    return canvas


def _apply(indices: Image.Image, coverage: Image.Image, lut: list[int], box=None) -> None:
    """Paint `coverage` (or its `box`) into the index image through a ramp's `lut`."""
    if box is not None:
        coverage = coverage.crop(box)
    indices.paste(coverage.point(lut), box[:2] if box else (0, 0), coverage.point(_MASK))


@cache
def _base(width_px: int, height_px: int) -> Image.Image:
    """What every card of a size shows: the paper and the band with the commune's name."""
    canvas = _layer(Canvas(width_px, height_px))
    indices = Image.new("L", (width_px, height_px), PAPER_INDEX)
    band_top = canvas.height - BAND
    indices.paste(PRIMARY_INDEX, (0, canvas.px(band_top), width_px, height_px))
    canvas.text_block(Text([COMMUNE], "bold", 32), MARGIN, band_top + 12, 255)
    canvas.text_block(Text([TAGLINE], "regular", 24), MARGIN, band_top + 54, 255)
    _apply(indices, canvas.image, _BAND_LUT)
    return indices


@lru_cache(maxsize=32)
def _thumbnail(path: str, key: str, size: tuple[int, int]) -> tuple[Image.Image, list[int]]:
    """The picture resized and quantized once per process: palette indices and colours."""
    with Image.open(path) as picture:
        thumb = picture.convert("RGB").resize(size, Image.Resampling.LANCZOS)
    quantized = thumb.quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE, dither=0)
    colours = quantized.getpalette()[: 3 * PALETTE_COLOURS]
    shifted = Image.frombytes("L", size, quantized.tobytes()).point(
        [min(255, _PICTURE + i) for i in range(256)]
    )
    return shifted, colours


class _Words:
    """A text's words, each measured once per size; lines wrapped by adding widths."""

    def __init__(self, canvas: Canvas, text: str, weight: str):
        self.canvas = canvas
        self.weight = weight
        self.words = _KEEP_TOGETHER.sub("\u00a0", nfc(text)).split(" ")
        self._widths: dict[float, tuple[list[float], float]] = {}

    def widths(self, size: float) -> tuple[list[float], float]:
        if size not in self._widths:
            measure = self.canvas.measure
            self._widths[size] = (
                [measure(word, self.weight, size) for word in self.words],
                measure(" ", self.weight, size),
            )
        return self._widths[size]

    def wrap(self, size: float, width: float) -> list[list[int]] | None:
        """Canvas.wrap by arithmetic, as lists of word numbers; None when a word is too wide
        for a line (Canvas.wrap splits it by letters)."""
        widths, space = self.widths(size)
        lines: list[list[int]] = []
        current: list[int] = []
        used = 0.0
        for number, w in enumerate(widths):
            trial = used + space + w if current else w
            if trial <= width:
                current.append(number)
                used = trial
                continue
            if w > width:
                return None
            if current:
                lines.append(current)
            current, used = [number], w
        lines.append(current)
        if len(lines) > 1 and len(lines[-1]) == 1 and len(lines[-2]) >= 3:
            word = lines[-2][-1]
            if widths[word] + space + widths[lines[-1][0]] <= width:
                lines[-2:] = [lines[-2][:-1], [word, *lines[-1]]]
        return lines

    def balanced(self, size: float, width: float) -> list[list[int]] | None:
        """Canvas.balanced by arithmetic."""
        lines = self.wrap(size, width)
        if lines is None or len(lines) < 2:
            return lines
        low, high = width * 0.4, width
        for _ in range(12):
            middle = (low + high) / 2
            trial = self.wrap(size, middle)
            if trial is None or len(trial) > len(lines):
                low = middle
            else:
                high = middle
        return self.wrap(size, high)

    def text(self, lines: list[list[int]]) -> list[str]:
        return [" ".join(self.words[n] for n in line) for line in lines]


def _fit_title(canvas: Canvas, title: str, width: float) -> Text:
    """The title at the largest size from 66 to 36 that fits 4 lines, else cut to 4 lines."""
    words = _Words(canvas, title, "bold")
    size = 66.0
    while size >= 36 - 0.01:
        lines = words.balanced(size, width)
        if lines is None:  # a word wider than a line: the exact wrap splits it by letters
            break
        if len(lines) <= 4:
            return Text(words.text(lines), "bold", size, 1.18)
        size -= 2
    else:
        size = 0
    if size:
        fitted = canvas.fit(title, "bold", (size, 36), width, 4, leading=1.18)
        if fitted is not None:
            return fitted
    # The page's title is whole in og:title; the card keeps 4 lines.
    lines = canvas.wrap(title, "bold", 36, width)[:4]
    lines[-1] = lines[-1].rstrip(" ,.;:") + "…"
    return Text(lines, "bold", 36, 1.18)


@lru_cache(maxsize=64)
def _fit_section(section: str, width: float, scale_px: tuple[int, int]) -> Text:
    canvas = Canvas(*scale_px)
    fitted = canvas.fit(section, "bold", (30, 24), width, 1, balance=False)
    if fitted is None:  # a very long section name: wrapped small rather than cut
        fitted = Text(canvas.wrap(section, "bold", 24, width), "bold", 24)
    return fitted


def paint(card: Card, scale: float = 1.0) -> Image.Image:
    """The card as a palette image: section, title wrapped to fit, the commune's name; the
    picture on the right."""
    size_px = (round(WIDTH * scale), round(HEIGHT * scale))
    indices = _base(*size_px).copy()
    canvas = _layer(Canvas(*size_px))
    palette = list(FIXED)
    band_top = canvas.height - BAND

    right = canvas.width - MARGIN
    if card.picture:
        with Image.open(card.picture) as picture:
            ratio = picture.width / picture.height
        room_h = band_top - 2 * 32
        room_w = room_h * ratio
        left = canvas.width - MARGIN - room_w
        box = (canvas.px(left - 2), canvas.px(30))
        box += (max(box[0], canvas.px(left + room_w + 2) - 1), canvas.px(30 + room_h + 4) - 1)
        ImageDraw.Draw(indices).rectangle(box, fill=_RULE)
        thumb, colours = _thumbnail(
            card.picture, card.picture_key, (canvas.px(room_w), canvas.px(room_h))
        )
        indices.paste(thumb, (canvas.px(left), canvas.px(32)))
        palette += [tuple(colours[i : i + 3]) for i in range(0, len(colours), 3)]
        right = left - 44
    width = right - MARGIN

    y = 44.0
    split = 0
    if card.section:
        section = _fit_section(card.section, width, size_px)
        canvas.text_block(section, MARGIN, y, 255)
        y += section.height + 10
        split = canvas.px(y)
        _apply(indices, canvas.image, _SECTION_LUT, (0, 0, size_px[0], split))

    title = _fit_title(canvas, card.title, width)
    room = band_top - 28 - y
    canvas.text_block(title, MARGIN, y + max(0, (room - title.height) * 0.45), 255)
    _apply(indices, canvas.image, _TITLE_LUT, (0, split, size_px[0], canvas.px(band_top)))

    image = indices.convert("P")
    image.putpalette([channel for colour in palette for channel in colour])
    return image


def draw(card: Card, scale: float = 1.0) -> Image.Image:
    """The card in colour (golden tests, the bench)."""
    return paint(card, scale).convert("RGB")


def render(card: Card) -> dict[str, bytes]:
    """The card's only file, a palette PNG (what Zalo and Facebook fetch)."""
    out = io.BytesIO()
    paint(card).save(out, "PNG", compress_level=COMPRESS_LEVEL)
    return {"card.png": out.getvalue()}
