"""The body of each kind of infographic, as blocks the frame stacks between title and footer.

Each builder lays its content out at a scale `k` (1 = the phone design) and returns blocks
with their heights; the frame picks the largest k whose blocks fit, then spreads what is left.
Everything is placed one after the other, so labels never overlap whatever their length.
"""

from __future__ import annotations

from collections.abc import Callable

from portal.infographics.layout import (
    INK,
    MUTED,
    PAPER,
    PRIMARY,
    SERIES,
    TINT,
    Block,
    Canvas,
    Text,
    amount,
    when,
)
from portal.infographics.spec import Card, Event, Row, Spec, Step

Builder = Callable[[Canvas, Spec, float, float, float], list[Block]]
# Smallest text in a chart body, in design units: a 1080-unit image shown 360 px wide on a
# phone draws it at 9 px, the least that still reads without zooming.
FLOOR = 27


def _size(canvas: Canvas, base: float, k: float) -> float:
    return max(base * k, FLOOR * canvas.density)


def _flow(
    canvas: Canvas, entries: list[tuple[str, str]], size: float, width: float
) -> list[list[tuple[str, str, float]]]:
    """Swatch + label entries laid out in rows that fit `width` (a legend, or values)."""
    rows: list[list[tuple[str, str, float]]] = [[]]
    used = 0.0
    for colour, label in entries:
        w = size * 1.4 + canvas.measure(label, "semibold", size)
        if rows[-1] and used + w > width:
            rows.append([])
            used = 0.0
        rows[-1].append((colour, label, w))
        used += w + size * 1.4
    return rows


def _flow_block(canvas: Canvas, entries: list[tuple[str, str]], size: float, x: float, width):
    rows = _flow(canvas, entries, size, width)
    line = size * 1.45

    def paint(top: float, _next: float | None) -> None:
        for number, row in enumerate(rows):
            left = x
            y = top + number * line
            for colour, label, w in row:
                box = size * 0.95
                canvas.rect(left, y + (line - box) / 2, box, box, colour, radius=size * 0.15)
                canvas.text_line(label, "semibold", size, left + size * 1.4, y, INK)
                left += w + size * 1.4

    return Block(len(rows) * line, paint)


def bars(canvas: Canvas, spec: Spec, x: float, width: float, k: float) -> list[Block]:
    """Horizontal bars from zero, one per series for each category, values written at the end."""
    rows: list[Row] = list(spec.items)
    many = len(spec.series) > 1
    # Text stops growing before the bars do: big labels would leave bars too short to compare.
    label_size, value_size = min(_size(canvas, 34, k), 40), min(_size(canvas, 32, k), 38)
    thick = max(44 * k, value_size * 1.1)
    between = max(8 * k, value_size * 1.35 - thick)  # value labels of adjacent bars never touch
    top = max(max(r.values) for r in rows) or 1

    def value_text(row: Row, i: int) -> str:
        shown = amount(row.values[i], spec.unit)
        return f"{spec.series[i].short}: {shown}" if many else shown

    reserve = max(
        canvas.measure(value_text(r, i), "bold", value_size)
        for r in rows
        for i in range(len(r.values))
    )
    widest_label = max(canvas.measure(r.label, "semibold", label_size) for r in rows)
    # Short labels ("Vùng I") sit left of their bars, which saves height on the square image.
    beside = widest_label <= width * 0.22
    label_width = widest_label + 24 * k if beside else 0
    bar_room = width - label_width - reserve - 16 * k
    blocks = []
    if many:
        entries = [(SERIES[i], s.name) for i, s in enumerate(spec.series)]
        blocks.append(_flow_block(canvas, entries, _size(canvas, 30, k), x, width))
    for row in rows:
        label = Text(canvas.wrap(row.label, "semibold", label_size, width), "semibold", label_size)
        group = len(row.values) * thick + (len(row.values) - 1) * between
        height = group if beside else label.height + 6 * k + group

        def paint(y: float, _next, row=row, label=label, group=group) -> None:
            if beside:
                canvas.text_block(label, x, y + (group - label.height) / 2, INK)
                bar_top = y
            else:
                canvas.text_block(label, x, y, INK)
                bar_top = y + label.height + 6 * k
            left = x + label_width
            for i, value in enumerate(row.values):
                length = max(value / top * bar_room, 3 * k if value else 0)
                y_bar = bar_top + i * (thick + between)
                canvas.rect(left, y_bar, length, thick, SERIES[i], radius=4 * k)
                text_top = y_bar + (thick - value_size * 1.3) / 2
                canvas.text_line(
                    value_text(row, i), "bold", value_size, left + length + 12 * k, text_top, INK
                )

        blocks.append(Block(height, paint))
    return blocks


def split(canvas: Canvas, spec: Spec, x: float, width: float, k: float) -> list[Block]:
    """One stacked bar per row on a common scale; each share written below with its name."""
    rows: list[Row] = list(spec.items)
    label_size, value_size = min(_size(canvas, 34, k), 40), min(_size(canvas, 30, k), 36)
    thick = 56 * k
    top = max(sum(r.values) for r in rows) or 1
    blocks = []
    for row in rows:
        total = f"Tổng {amount(sum(row.values), spec.unit)}"
        total_width = canvas.measure(total, "bold", label_size)
        label = Text(
            canvas.wrap(row.label, "semibold", label_size, width - total_width - 24 * k),
            "semibold",
            label_size,
        )
        entries = [
            (SERIES[i], f"{s.short} {amount(v, spec.unit)}")
            for i, (s, v) in enumerate(zip(spec.series, row.values, strict=True))
        ]
        values = _flow_block(canvas, entries, value_size, x, width)
        height = label.height + 8 * k + thick + 10 * k + values.height

        def paint(y: float, _next, row=row, label=label, total=total, values=values) -> None:
            canvas.text_block(label, x, y, INK)
            canvas.text_block(Text([total], "bold", label_size), x, y, INK, "right", width)
            bar_top = y + label.height + 8 * k
            left = x
            for i, value in enumerate(row.values):
                length = value / top * width
                canvas.rect(left, bar_top, length, thick, SERIES[i])
                left += length
                if i < len(row.values) - 1 and length:
                    canvas.rect(left - 2 * k, bar_top, 4 * k, thick, PAPER)  # a gap, not a seam
            values.paint(bar_top + thick + 10 * k, None)

        blocks.append(Block(height, paint))
    return blocks


def _card_value(card: Card) -> str:
    numbers = " · ".join(amount(v, "") for v in card.values)
    return amount_with_unit(numbers, card.unit)


def amount_with_unit(numbers: str, unit: str) -> str:
    """Numbers already formatted, then the unit ("12 · 14 · 16 ngày", "0,5%")."""
    if unit == "%":
        return f"{numbers}%"
    return f"{numbers}\u00a0{unit}" if unit else numbers


def cards(canvas: Canvas, spec: Spec, x: float, width: float, k: float) -> list[Block]:
    """Big numbers in tinted cards; one column, value beside its label when it is short."""
    items: list[Card] = list(spec.items)
    pad, gap = 28 * k, 24 * k
    value_size = 76 * k
    values = [_card_value(c) for c in items]
    widest = max(canvas.measure(v, "extrabold", value_size) for v in values)
    inner = width - 2 * pad
    beside = widest <= inner * 0.42
    blocks = []
    for card, value in zip(items, values, strict=True):
        if beside:
            value_text = Text([value], "extrabold", value_size, 1.2)
            text_width = inner - widest - gap
        else:
            fitted = canvas.fit(value, "extrabold", (value_size, 40 * k), inner, 2, leading=1.2)
            value_text = fitted or Text(
                canvas.wrap(value, "extrabold", 40 * k, inner), "extrabold", 40 * k
            )
            text_width = inner
        label_size, note_size = _size(canvas, 34, k), _size(canvas, 28, k)
        label = Text(
            canvas.balanced(card.label, "semibold", label_size, text_width), "semibold", label_size
        )
        note = Text(
            canvas.wrap(card.note, "regular", note_size, text_width), "regular", note_size, 1.35
        )
        words = label.height + (8 * k + note.height if card.note else 0)
        if beside:
            height = max(value_text.height, words) + 2 * pad
        else:
            height = value_text.height + 6 * k + words + 2 * pad

        def paint(y: float, _next, value_text=value_text, label=label, note=note, card=card,
                  height=height) -> None:  # fmt: skip
            canvas.rect(x, y, width, height, TINT, radius=20 * k)
            canvas.rect(x, y, 10 * k, height, PRIMARY)
            left, top = x + pad + 6 * k, y + pad
            if beside:
                inner_h = height - 2 * pad
                canvas.text_block(
                    value_text, left, top + (inner_h - value_text.height) / 2, PRIMARY
                )
                left += widest + gap
                words_h = label.height + (8 * k + note.height if card.note else 0)
                top += (inner_h - words_h) / 2
            else:
                canvas.text_block(value_text, left, top, PRIMARY)
                top += value_text.height + 6 * k
            canvas.text_block(label, left, top, INK)
            if card.note:
                canvas.text_block(note, left, top + label.height + 8 * k, MUTED)

        blocks.append(Block(height, paint))
    return blocks


def timeline(canvas: Canvas, spec: Spec, x: float, width: float, k: float) -> list[Block]:
    """Dates on the left, a line with a dot per event, what happens on the right."""
    events: list[Event] = list(spec.items)
    date_size, title_size, text_size = (
        _size(canvas, 34, k),
        _size(canvas, 34, k),
        _size(canvas, 29, k),
    )
    dates = [when(e.when) for e in events]
    date_width = max(canvas.measure(d, "bold", date_size) for d in dates)
    line_x = x + date_width + 30 * k
    left = line_x + 34 * k
    room = x + width - left
    blocks = []
    for event, date in zip(events, dates, strict=True):
        title = Text(
            canvas.balanced(event.title, "semibold", title_size, room), "semibold", title_size
        )
        text = Text(canvas.wrap(event.text, "regular", text_size, room), "regular", text_size, 1.35)
        height = title.height + (4 * k + text.height if event.text else 0)

        def paint(y: float, below: float | None, date=date, title=title, text=text, event=event):
            dot_y = y + title.size * title.leading / 2
            if below is not None:
                next_dot = below + title_size * 1.3 / 2
                canvas.line([(line_x, dot_y), (line_x, next_dot)], PRIMARY, 4 * k)
            canvas.circle(line_x, dot_y, 12 * k, PRIMARY)
            canvas.text_block(Text([date], "bold", date_size), x, y, PRIMARY, "right", date_width)
            canvas.text_block(title, left, y, INK)
            if event.text:
                canvas.text_block(text, left, y + title.height + 4 * k, MUTED)

        blocks.append(Block(height, paint))
    return blocks


def steps(canvas: Canvas, spec: Spec, x: float, width: float, k: float) -> list[Block]:
    """Numbered steps, or a checklist with ticks, each with a short explanation."""
    items: list[Step] = list(spec.items)
    radius = 30 * k
    left = x + 2 * radius + 26 * k
    room = x + width - left
    blocks = []
    for number, step in enumerate(items, start=1):
        title_size, text_size = _size(canvas, 34, k), _size(canvas, 29, k)
        title = Text(
            canvas.balanced(step.title, "semibold", title_size, room), "semibold", title_size
        )
        text = Text(canvas.wrap(step.text, "regular", text_size, room), "regular", text_size, 1.35)
        height = max(title.height + (4 * k + text.height if step.text else 0), 2 * radius)

        def paint(y: float, _next, number=number, title=title, text=text, step=step) -> None:
            cx, cy = x + radius, y + max(title.size * title.leading / 2, radius)
            canvas.circle(cx, cy, radius, PRIMARY)
            if spec.style == "checklist":
                # Drawn, not typed: the font has no check mark glyph.
                tick = [
                    (cx - 13 * k, cy + 1 * k),
                    (cx - 4 * k, cy + 10 * k),
                    (cx + 14 * k, cy - 10 * k),
                ]
                canvas.line(tick, PAPER, 6 * k)
            else:
                digit = Text([str(number)], "bold", _size(canvas, 32, k))
                canvas.text_block(
                    digit, cx - radius, cy - digit.height / 2, PAPER, "center", 2 * radius
                )
            canvas.text_block(title, left, y, INK)
            if step.text:
                canvas.text_block(text, left, y + title.height + 4 * k, MUTED)

        blocks.append(Block(height, paint))
    return blocks


BUILDERS: dict[str, Builder] = {
    "bars": bars,
    "split": split,
    "cards": cards,
    "timeline": timeline,
    "steps": steps,
}
# Base gap between blocks of each kind, at k = 1.
GAPS = {"bars": 30, "split": 34, "cards": 22, "timeline": 34, "steps": 30}
