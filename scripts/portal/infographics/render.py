"""Drawing one infographic: the frame (header, title, footer with the source) and its body."""

from __future__ import annotations

import hashlib
import io

from PIL import Image

from portal import dates
from portal.infographics import charts, fonts
from portal.infographics.layout import (
    INK,
    MUTED,
    PAPER,
    PRIMARY,
    RULE,
    SIZES,
    TINT,
    Canvas,
    LayoutError,
    Size,
    Text,
)
from portal.infographics.spec import Spec, SpecError
from portal.problems import Problem

# Bump when a change to the drawing code should redraw every cached image.
RENDERER_VERSION = "4"
COMMUNE = "UBND XÃ TRẦN PHÚ"
CREDIT = "Cổng thông tin pháp luật lao động xã Trần Phú"
# WebP for the page (browsers that read it get a smaller file); PNG everywhere for downloads,
# because Zalo, Facebook and print shops all take PNG.
FORMATS = {"portrait": ("png", "webp"), "square": ("png",), "a4": ("png",)}
# Scales of the body tried from the largest down; the frame keeps the largest that fits.
BODY_SCALES = (1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.94, 0.88, 0.82, 0.76, 0.7, 0.64, 0.58, 0.52)
# The square image has less height for the same content: its frame is set a little smaller.
DENSITY = {"portrait": 1.0, "square": 0.88, "a4": 1.0}
PALETTE_COLOURS = 96  # enough for anti-aliased text in every colour of the palette


def key(spec: Spec) -> str:
    """Cache key: the data file (and CSV), the font files and this renderer's version."""
    parts = (spec.digest, fonts.fingerprint(), RENDERER_VERSION, repr(FORMATS))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def file_name(spec: Spec, size: Size, fmt: str) -> str:
    """Download name, e.g. luong-toi-thieu-vung-2026-1080x1350.png."""
    return f"{spec.name}-{size.slug}.{fmt}"


def glyph_problems(spec: Spec) -> list[Problem]:
    """Characters of the data file that the font cannot draw (they would come out blank)."""
    problems = []
    for field, texts in spec.texts().items():
        for ch in fonts.missing("".join(texts)):
            problems.append(
                Problem(
                    spec.path,
                    spec.line(field),
                    "infographic-du-lieu",
                    f"ký tự '{ch}' (U+{ord(ch):04X}) không có trong phông {fonts.FAMILY} nên sẽ "
                    "hiện thành ô trống; hãy bỏ hoặc thay bằng chữ.",
                )
            )
    return problems


def draw(spec: Spec, size: Size, scale: float = 1.0) -> Image.Image:
    """The infographic at one size; `scale` < 1 draws a smaller copy (golden tests)."""
    d = DENSITY[size.key]
    canvas = Canvas(round(size.width * scale), round(size.height * scale), density=d)
    margin = 64
    width = canvas.width - 2 * margin

    band = 84 * d
    canvas.rect(0, 0, canvas.width, band, PRIMARY)
    head = Text([COMMUNE], "bold", 28 * d)
    canvas.text_block(head, margin, (band - head.height) / 2, PAPER)
    if spec.topic:
        room = width - canvas.measure(COMMUNE, "bold", 28 * d) - 40
        topic = canvas.fit(spec.topic, "semibold", (28 * d, 24 * d), room, 1, balance=False)
        if topic is None:
            raise LayoutError("topic", "'topic' quá dài để nằm trên dải tiêu đề; rút gọn lại.")
        canvas.text_block(topic, margin, (band - topic.height) / 2, PAPER, "right", width)

    y = band + 46 * d
    title = canvas.fit(spec.title, "bold", (72 * d, 46 * d), width, 3, leading=1.2)
    if title is None:
        raise LayoutError("title", f"tiêu đề quá dài cho khổ {size.label}: rút gọn còn 3 dòng.")
    canvas.text_block(title, margin, y, INK)
    y += title.height + 12 * d
    if spec.subtitle:
        subtitle = canvas.fit(spec.subtitle, "regular", (36 * d, 28 * d), width, 3, leading=1.32)
        if subtitle is None:
            raise LayoutError("subtitle", "'subtitle' quá dài: rút gọn còn khoảng 2 câu ngắn.")
        canvas.text_block(subtitle, margin, y, MUTED)
        y += subtitle.height
    body_top = y + 34 * d

    credit = f"Số liệu kiểm tra ngày {dates.short(spec.checked)} · {CREDIT}"
    credit_text = canvas.fit(credit, "regular", (23 * d, 20 * d), width, 2, balance=False)
    source = canvas.fit(f"Nguồn: {spec.source}", "semibold", (26 * d, 21 * d), width, 4)
    if source is None or credit_text is None:
        raise LayoutError("source", "dòng nguồn 'source' quá dài: tối đa khoảng 4 dòng.")
    bottom = canvas.height - 44 * d
    footer_top = bottom - credit_text.height - 4 * d - source.height
    canvas.rect(margin, footer_top - 20 * d, width, 2 * d, RULE)
    canvas.text_block(source, margin, footer_top, INK)
    canvas.text_block(credit_text, margin, bottom - credit_text.height, MUTED)
    body_bottom = footer_top - 20 * d - 30 * d

    if spec.note:
        pad = 18 * d
        note_width = width - 2 * pad - 10
        note = canvas.fit(spec.note, "regular", (28 * d, 23 * d), note_width, 4, balance=False)
        if note is None:
            raise LayoutError("note", "'note' quá dài: tối đa khoảng 4 dòng.")
        box = note.height + 2 * pad
        note_top = body_bottom - box + 6 * d
        canvas.rect(margin, note_top, width, box, TINT, radius=12 * d)
        canvas.rect(margin, note_top, 8 * d, box, PRIMARY)
        canvas.text_block(note, margin + pad + 10, note_top + pad, INK)
        body_bottom = note_top - 30 * d

    _body(canvas, spec, size, margin, width, body_top, body_bottom)
    return canvas.image


def _body(canvas, spec, size, x, width, top, bottom) -> None:
    """Stack the chart's blocks at the largest scale that fits; share out the spare height."""
    room = bottom - top
    for k in BODY_SCALES:
        blocks = charts.BUILDERS[spec.kind](canvas, spec, x, width, k)
        gap = charts.GAPS[spec.kind] * k
        total = sum(b.height for b in blocks) + gap * (len(blocks) - 1)
        if total <= room:
            break
    else:
        raise LayoutError(
            "items",
            f"nội dung không vừa khổ {size.label}: bớt mục trong 'items' hoặc rút ngắn chữ.",
        )
    spare = room - total
    if len(blocks) > 1:
        # Wider gaps first (up to 2.5 times), then the rest above and below the chart.
        extra = min(spare / (len(blocks) - 1), gap * 1.5)
        gap += extra
        spare -= extra * (len(blocks) - 1)
    y = top + spare * 0.4
    for number, block in enumerate(blocks):
        following = y + block.height + gap if number < len(blocks) - 1 else None
        block.paint(y, following)
        y += block.height + gap


def encode(image: Image.Image, fmt: str, dpi: int = 72, *, optimize: bool = False) -> bytes:
    """PNG with a palette (flat colours compress well), or lossless WebP of the same pixels.

    PNG is written at zlib's level 6 without Pillow's optimize pass (level 9), measured on the
    project's 11 infographics: the pass took 430 ms of each data file's 900 ms (300 ms for the
    A4 image alone) to save 6% on the portrait and square PNGs and 13% on the A4 (159 → 139
    KiB). Pages show the portrait WebP; the PNGs are downloads for Zalo and the print shop,
    where 20 KiB do not matter, while a cold build (a fresh clone, a font or renderer change)
    spent seconds on them.
    """
    # No dithering: it sprinkles noise on flat colours and makes the file bigger.
    palette = image.quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE, dither=0)
    out = io.BytesIO()
    if fmt == "png":
        palette.save(out, "PNG", optimize=optimize, dpi=(dpi, dpi))
    else:
        palette.convert("RGB").save(out, "WEBP", lossless=True, quality=80, method=4)
    return out.getvalue()


def outputs(spec: Spec, scale: float = 1.0) -> dict[str, bytes]:
    """Every file of one infographic, by download name; raises SpecError if it cannot be drawn."""
    problems = glyph_problems(spec)
    if problems:
        raise SpecError(problems)
    files = {}
    for size in SIZES:
        try:
            image = draw(spec, size, scale)
        except LayoutError as error:
            problem = Problem(spec.path, spec.line(error.key), "infographic-du-lieu", str(error))
            raise SpecError([problem]) from None
        for fmt in FORMATS[size.key]:
            files[file_name(spec, size, fmt)] = encode(image, fmt, size.dpi)
    return files
