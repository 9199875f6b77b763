"""What people type on a phone, read the same way here and in docs/assets/tinh-quyen-loi.js.

"5.310.000", "5310000", "5 310 000 đ", "5,31 triệu", "5.31tr", "250k" are all money; "1,5",
"1.5", "2 giờ" are hours; "15/03/1970", "3/1970", "1970-03-15" are dates. A value that cannot be
read gets a message in Vietnamese for the field, never a guess: "25,5" without "triệu" is not
money (is it 25.500 or 25,5 đồng?).

Every function returns (value, None) or (None, message). The JavaScript file has a function of
the same name for each, line by line: change both together (the comparison test will fail
otherwise).
"""

from __future__ import annotations

import re
import unicodedata

MONEY_HELP = "Viết số tiền bằng chữ số, ví dụ 4.500.000, 4500000 hoặc 4,5 triệu."
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$|^\d{1,3}(?:,\d{3})+$", re.ASCII)
_DIGITS = re.compile(r"^\d{1,13}$", re.ASCII)
_DECIMAL = re.compile(r"^(\d{1,6})(?:[.,](\d{1,6}))?$", re.ASCII)
_HOURS = re.compile(r"^(\d{1,3})(?:[.,](\d{1,2}))?$", re.ASCII)
_WHOLE = re.compile(r"^\d{1,4}$", re.ASCII)
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$", re.ASCII)
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_MY = re.compile(r"^(\d{1,2})[/.-](\d{4})$", re.ASCII)
_Y = re.compile(r"^(\d{4})$", re.ASCII)
_MULTIPLIERS = (("trieu", 1000000), ("tr", 1000000), ("nghin", 1000), ("ngan", 1000), ("k", 1000))
_CURRENCY = ("vnd", "dong", "d")
_MARKS = re.compile("[\u0300-\u036f]")
_SPACES = re.compile("[ \t\n\r\u00a0]+")


def fold(text: str) -> str:
    """Lower case, no diacritics, đ -> d, no spaces: how inputs are compared."""
    # Only the marks Vietnamese uses and only these spaces, exactly as the JavaScript does.
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = _MARKS.sub("", text).lower()
    return _SPACES.sub("", text)


def _strip_end(text: str, endings: tuple[str, ...]) -> str:
    for ending in endings:
        if text.endswith(ending) and len(text) > len(ending):
            return text[: -len(ending)]
    return text


def money(raw: str, largest: int) -> tuple[int | None, str | None]:
    """A sum of money in đồng, from 1 to `largest`."""
    text = _strip_end(fold(raw), _CURRENCY)
    if not text:
        return None, "Chưa nhập số tiền. " + MONEY_HELP
    multiplier = 1
    for ending, times in _MULTIPLIERS:
        if text.endswith(ending) and len(text) > len(ending):
            text = text[: -len(ending)]
            multiplier = times
            break
    if multiplier > 1:
        found = _DECIMAL.match(text)
        if not found:
            return None, MONEY_HELP
        whole, part = found.group(1), found.group(2) or ""
        scaled = int(part or "0") * multiplier
        if scaled % 10 ** len(part) != 0:
            return None, "Số tiền phải là số đồng chẵn. " + MONEY_HELP
        value = int(whole) * multiplier + scaled // 10 ** len(part)
    elif _GROUPED.match(text):
        value = int(text.replace(".", "").replace(",", ""))
    elif _DIGITS.match(text):
        value = int(text)
    elif re.match(r"^\d+[.,]\d{1,2}$", text, re.ASCII):
        return None, "Viết đủ số đồng (ví dụ 25.500) hoặc thêm chữ 'triệu' (ví dụ 4,5 triệu)."
    else:
        return None, MONEY_HELP
    if value < 1:
        return None, "Số tiền phải lớn hơn 0."
    if value > largest:
        return None, f"Công cụ này chỉ tính với số tiền đến {group(largest)} đ."
    return value, None


def hours(raw: str, largest: int) -> tuple[int | None, str | None]:
    """A number of hours, in hundredths (1,5 giờ -> 150), from 0,01 to `largest` hours."""
    text = _strip_end(fold(raw), ("gio", "tieng", "h"))
    found = _HOURS.match(text)
    if not found:
        return None, "Viết số giờ bằng chữ số, ví dụ 2 hoặc 1,5."
    part = (found.group(2) or "").ljust(2, "0")
    value = int(found.group(1)) * 100 + int(part)
    if value < 1:
        return None, "Số giờ phải lớn hơn 0."
    if value > largest * 100:
        return None, f"Công cụ này chỉ tính đến {largest} giờ."
    return value, None


def whole(raw: str, smallest: int, largest: int, unit: str) -> tuple[int | None, str | None]:
    """A whole number (people, months, years) from `smallest` to `largest`."""
    text = _strip_end(fold(raw), ("nguoi", "thang", "nam"))
    if not _WHOLE.match(text):
        return None, f"Viết số {unit} bằng chữ số, ví dụ 2."
    value = int(text)
    if value < smallest or value > largest:
        return None, f"Số {unit} phải từ {smallest} đến {largest}."
    return value, None


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def date(raw: str, first_year: int, last_year: int) -> tuple[list[int] | None, str | None]:
    """[year, month, day] from "15/03/1970", "1970-03-15", "3/1970" (day 1) or "1970" (1/1)."""
    text = fold(raw)
    found = _DMY.match(text)
    if found:
        day, month, year = int(found.group(1)), int(found.group(2)), int(found.group(3))
    elif _YMD.match(text):
        found = _YMD.match(text)
        year, month, day = int(found.group(1)), int(found.group(2)), int(found.group(3))
    elif _MY.match(text):
        found = _MY.match(text)
        day, month, year = 1, int(found.group(1)), int(found.group(2))
    elif _Y.match(text):
        day, month, year = 1, 1, int(text)
    else:
        return None, "Viết ngày sinh dạng ngày/tháng/năm, ví dụ 15/03/1970, hoặc tháng/năm: 3/1970."
    if month < 1 or month > 12 or day < 1 or day > _days_in_month(year, month):
        return None, "Ngày này không có thật; kiểm tra lại ngày và tháng."
    if year < first_year or year > last_year:
        return None, f"Năm sinh phải từ {first_year} đến {last_year}."
    return [year, month, day], None


def choice(raw: str, options: list[str], aliases: dict[str, str]) -> tuple[str | None, str | None]:
    """One of `options` (or an alias of one), compared folded."""
    text = fold(raw)
    text = aliases.get(text, text)
    if text in options:
        return text, None
    return None, "Chọn một trong: " + ", ".join(options) + "."


def group(value: int) -> str:
    """5310000 -> "5.310.000"."""
    digits = str(abs(value))
    parts = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return ("-" if value < 0 else "") + ".".join(parts)


def decimal(hundredths: int) -> str:
    """150 -> "1,5", 200 -> "2", 1025 -> "10,25"."""
    whole_part = hundredths // 100
    rest = hundredths % 100
    if rest == 0:
        return group(whole_part)
    text = str(rest).rjust(2, "0").rstrip("0")
    return group(whole_part) + "," + text
