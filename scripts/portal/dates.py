"""Dates and sizes the Vietnamese way, through Babel's `vi` locale."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal


def short(day: dt.date) -> str:
    """01/01/2026."""
    return format_date(day, "dd/MM/yyyy", locale="vi")


def long(day: dt.date) -> str:
    """Thứ Năm, 1 tháng 1, 2026."""
    return format_date(day, "full", locale="vi")


def megabytes(size_bytes: int) -> str:
    """A file size the Vietnamese way: 1,5 MB."""
    return format_decimal(size_bytes / 1_000_000, "0.0", locale="vi") + " MB"
