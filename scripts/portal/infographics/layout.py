"""Sizes, colours and text layout shared by the infographics and the link-preview cards.

Everything is laid out in design units on a canvas 1080 units wide and scaled to pixels only
when drawn, so one layout serves the phone, square and A4 sizes (and small golden images).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from babel.numbers import format_decimal
from PIL import Image, ImageDraw

from portal import dates
from portal.infographics import fonts
from portal.problems import PortalError
from portal.text import nfc


@dataclass(frozen=True)
class Size:
    """An output size: its key in the manifest, its part of file names and its reader label."""

    key: str
    slug: str
    label: str
    width: int
    height: int
    dpi: int = 72


SIZES = (
    Size("portrait", "1080x1350", "Dọc 1080×1350 (bài viết, điện thoại, Zalo)", 1080, 1350),
    Size("square", "1080x1080", "Vuông 1080×1080 (Facebook, Zalo)", 1080, 1080),
    # 2480×3508 px is A4 (210×297 mm) at 300 dpi: the print shop prints it at the right size.
    Size("a4", "a4", "Bản in A4 (2480×3508, 300 dpi)", 2480, 3508, dpi=300),
)
BY_KEY = {size.key: size for size in SIZES}
UNITS = 1080  # design width of every layout

# The site's dark red, with neutrals checked for contrast (tests/test_infographics.py):
# text colours reach at least 4.5:1 on the backgrounds they are drawn on.
PRIMARY = "#a31b14"
INK = "#1a1a1a"
MUTED = "#4a4a4a"
PAPER = "#ffffff"
TINT = "#fbeeed"
RULE = "#d9cfcb"
# Series colours: the dark red, a steel blue, a dark gold and a slate. Red against blue stays
# apart for every kind of colour blindness, and each is at least 3:1 against white; values
# are also written beside every bar with the series' name, so colour is never the only cue.
SERIES = ("#a31b14", "#4f7fa3", "#b8860b", "#5d6b7a")


# A number and the word after it stay on one line ("3 tháng", "45 ngày"): a line that starts
# with the unit of the number above it is hard to read.
# A dash stays at the end of the line before it, never at the start of a line.
_KEEP_TOGETHER = re.compile(r"(?<=\d) (?=[^\W\d_])|(?<=\S) (?=[–—])")


class LayoutError(PortalError):
    """Content that does not fit; `key` is the data file's key to point the editor at."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


def amount(value: float, unit: str) -> str:
    """A number the Vietnamese way with its unit: 5.310.000 đ, 8,5%, 15 năm."""
    shown = format_decimal(value, locale="vi")
    if unit == "%":
        return f"{shown}%"
    # A no-break space keeps the number and its unit on one line when text wraps.
    return f"{shown}\u00a0{unit}" if unit else shown


def when(value: dt.date | int) -> str:
    """A timeline date: 01/01/2026, or a year alone."""
    return dates.short(value) if isinstance(value, dt.date) else str(value)


@dataclass
class Text:
    """Lines of wrapped text in one font; `height` includes room for stacked marks (Ể, Ộ)."""

    lines: list[str]
    weight: str
    size: float
    leading: float = 1.3

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * self.leading


@dataclass
class Block:
    """A piece of a chart: its height, and how to paint it with its top at y."""

    height: float
    paint: Callable[[float, float | None], None]  # (top, top of the next block or None)


@lru_cache(maxsize=1 << 16)
def _length(weight: str, size_px: int, text: str) -> float:
    """Width of a text at a pixel size. Fitting text tries the same lines again and again
    (each scale of a chart, each bisection of a balanced wrap): measured once, it took 45,000
    measures to draw the project's infographics and half of their drawing time."""
    return fonts.get(weight, size_px).getlength(text)


class Canvas:
    """A Pillow image addressed in design units, with raqm text measured the same way."""

    def __init__(self, width_px: int, height_px: int, background: str = PAPER, density=1.0):
        self.scale = width_px / UNITS
        self.density = density  # < 1 where a size has less room: smaller frame and floors
        self.width = UNITS
        self.height = height_px / self.scale
        self.image = Image.new("RGB", (width_px, height_px), background)
        self.draw = ImageDraw.Draw(self.image)

    def px(self, value: float) -> int:
        return round(value * self.scale)

    def font(self, weight: str, size: float):
        return fonts.get(weight, max(1, round(size * self.scale)))

    def measure(self, text: str, weight: str, size: float) -> float:
        return _length(weight, max(1, round(size * self.scale)), nfc(text)) / self.scale

    def wrap(self, text: str, weight: str, size: float, width: float) -> list[str]:
        """Greedy wrap at spaces (no-break spaces hold); a too-long word is split by letters."""
        lines: list[str] = []
        current = ""
        for word in _KEEP_TOGETHER.sub("\u00a0", nfc(text)).split(" "):
            trial = f"{current} {word}" if current else word
            if self.measure(trial, weight, size) <= width:
                current = trial
                continue
            if current:
                lines.append(current)
            current = word
            while self.measure(current, weight, size) > width and len(current) > 1:
                cut = len(current) - 1
                while cut > 1 and self.measure(current[:cut], weight, size) > width:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current)
        # No lone word on the last line: take the word before it along, if that still fits.
        if len(lines) > 1 and " " not in lines[-1] and lines[-2].count(" ") >= 2:
            head, _, word = lines[-2].rpartition(" ")
            if self.measure(f"{word} {lines[-1]}", weight, size) <= width:
                lines[-2:] = [head, f"{word} {lines[-1]}"]
        return lines

    def balanced(self, text: str, weight: str, size: float, width: float) -> list[str]:
        """Wrap into as few lines as greedy wrapping needs, but with lines of similar length."""
        lines = self.wrap(text, weight, size, width)
        if len(lines) < 2:
            return lines
        low, high = width * 0.4, width
        for _ in range(12):  # bisect the narrowest width that still needs no extra line
            middle = (low + high) / 2
            if len(self.wrap(text, weight, size, middle)) > len(lines):
                low = middle
            else:
                high = middle
        return self.wrap(text, weight, size, high)

    def fit(
        self,
        text: str,
        weight: str,
        sizes: tuple[float, float],
        width: float,
        max_lines: int,
        *,
        leading: float = 1.3,
        balance: bool = True,
    ) -> Text | None:
        """The largest size in `sizes` (largest, smallest) at which the text fits; else None."""
        largest, smallest = sizes
        size = largest
        while size >= smallest - 0.01:
            wrap = self.balanced if balance else self.wrap
            lines = wrap(text, weight, size, width)
            if len(lines) <= max_lines:
                return Text(lines, weight, size, leading)
            size -= 2
        return None

    def text_block(self, block: Text, x: float, y: float, fill: str, align: str = "left", width=0):
        """Paint wrapped text with its top at y; align is left, right or center within width."""
        font = self.font(block.weight, block.size)
        line_height = block.size * block.leading
        # Centre the font's ascent + descent (1.27 em for Be Vietnam Pro) in each line box.
        first = (line_height - 1.27 * block.size) / 2 + block.size
        for number, line in enumerate(block.lines):
            left = x
            if align != "left":
                spare = width - self.measure(line, block.weight, block.size)
                left = x + (spare if align == "right" else spare / 2)
            baseline = y + first + number * line_height
            self.draw.text(
                (self.px(left), self.px(baseline)), line, font=font, fill=fill, anchor="ls"
            )

    def text_line(self, text: str, weight: str, size: float, x: float, y: float, fill: str):
        """One line of text with its box top at y (the same box as a one-line Text)."""
        self.text_block(Text([nfc(text)], weight, size), x, y, fill)

    def rect(self, x: float, y: float, w: float, h: float, fill: str, radius: float = 0):
        left, top = self.px(x), self.px(y)
        # At least one pixel: a thin rule must not vanish (or invert) on a small image.
        box = (left, top, max(left, self.px(x + w) - 1), max(top, self.px(y + h) - 1))
        if radius:
            self.draw.rounded_rectangle(box, radius=self.px(radius), fill=fill)
        else:
            self.draw.rectangle(box, fill=fill)

    def circle(self, cx: float, cy: float, r: float, fill: str, outline: str | None = None):
        box = (self.px(cx - r), self.px(cy - r), self.px(cx + r), self.px(cy + r))
        self.draw.ellipse(box, fill=fill, outline=outline, width=max(1, self.px(4)))

    def line(self, points: list[tuple[float, float]], fill: str, width: float):
        scaled = [(self.px(x), self.px(y)) for x, y in points]
        self.draw.line(scaled, fill=fill, width=max(1, self.px(width)), joint="curve")
