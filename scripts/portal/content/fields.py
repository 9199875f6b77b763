"""The field types of every data file editors write, each with its Vietnamese message.

A schema is a pydantic model whose fields use these types (see `datafile.py`). Each type reads
the text the YAML tree keeps (`yamltree.Plain` when unquoted) and either returns a value or
raises `Wrong` saying, in the editors' words, what is wrong and what to write instead. pydantic
does the rest: required and unknown keys, lists, nested tables, every error of a file at once.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import math
import re
from collections.abc import Callable, Iterable
from typing import Annotated, Any

from pydantic import PlainValidator
from pydantic_core import PydanticCustomError


def Wrong(code: str, message: str) -> PydanticCustomError:
    """What a field type raises; `code` is a problem code of `problems.CODES`."""
    # pydantic formats the message with str.format; braces in an editor's text must survive.
    return PydanticCustomError(code, message.replace("{", "{{").replace("}", "}}"))


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "một bảng 'tên: giá trị'"
    if isinstance(value, list):
        return "một danh sách"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _scalar(value: Any) -> str:
    """The text of a single value; a table or a list where one value belongs is a mistake."""
    if isinstance(value, dict):
        # "- Có hai loại: …" reads as "key: value" in YAML.
        raise Wrong(
            "gia-tri-sai",
            "có dấu ':' theo sau là dấu cách nên bị hiểu là một bảng; đặt cả đoạn trong ngoặc "
            'kép, ví dụ: "Có hai loại hợp đồng: …"',
        )
    if isinstance(value, list):
        raise Wrong("gia-tri-sai", "phải là một giá trị trên cùng dòng, không phải danh sách")
    return str(value)


def _text(value: Any) -> str:
    if value is None or not _scalar(value).strip():
        raise Wrong("gia-tri-sai", "phải là một đoạn chữ, không để trống")
    return str(value).strip()


def _line(value: Any) -> str:
    # Folded YAML blocks and stray spaces become one line, as the text is drawn or shown.
    return " ".join(_text(value).split())


def parse_plain_text(value: Any) -> str:
    """Text that is printed into HTML titles and attributes: no markup characters."""
    return _markup_free(value)


def _markup_free(value: Any) -> str:
    text = _text(value)
    if found := re.search(r"[<>]", text):
        raise Wrong(
            "ky-tu-html",
            f"có ký tự '{found.group()}', có thể làm hỏng trang (mã HTML); viết bằng chữ, ví dụ "
            "'nhỏ hơn', 'lớn hơn'",
        )
    return text


_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_TIME = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})[ T]\d{1,2}:\d{2}(?::\d{2})?$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(value: Any) -> dt.date:
    """A calendar day written YYYY-MM-DD (a time after it is ignored); Wrong otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None:
        raise Wrong("ngay-sai", "phải là ngày dạng YYYY-MM-DD, ví dụ 2026-01-01; đang để trống")
    text = _scalar(value).strip()
    if time := _DATE_TIME.match(text):
        text = time.group(1)
    if dmy := _DMY.match(text):
        day, month, year = dmy.groups()
        raise Wrong(
            "ngay-sai",
            f"phải viết năm-tháng-ngày: {year}-{int(month):02d}-{int(day):02d} thay cho {text}",
        )
    found = _DATE.match(text)
    if not found:
        raise Wrong(
            "ngay-sai",
            f"phải là ngày dạng YYYY-MM-DD, ví dụ 2026-01-01 (đang là {_shown(value)})",
        )
    year, month, day = map(int, found.groups())
    if not 1 <= month <= 12:
        raise Wrong(
            "ngay-sai", f"ngày {text} không có thật: tháng phải từ 01 đến 12 (đang là {month})"
        )
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise Wrong(
            "ngay-sai",
            f"ngày {text} không có thật: tháng {month} năm {year} chỉ có {last} ngày",
        )
    if year < 1945:  # the oldest law a worker is told about is far younger than this
        raise Wrong("ngay-sai", f"năm {year} có vẻ gõ nhầm; kiểm tra lại ngày {text}")
    return dt.date(year, month, day)


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
MONTH_TEXT = _MONTH


def parse_month(value: Any) -> tuple[int, int]:
    """A month written YYYY-MM, as (year, month)."""
    text = "" if value is None else _scalar(value).strip()
    found = _MONTH.match(text)
    if not found:
        raise Wrong(
            "ngay-sai", f"phải là tháng dạng YYYY-MM, ví dụ 2026-03 (đang là {_shown(value)})"
        )
    year, month = map(int, found.groups())
    if not 1 <= month <= 12:
        raise Wrong("ngay-sai", f"tháng {text} không có thật: tháng phải từ 01 đến 12")
    return year, month


_BOOLS = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = "" if value is None or isinstance(value, dict | list) else str(value).strip()
    if text.casefold() in _BOOLS:
        return _BOOLS[text.casefold()]
    raise Wrong("gia-tri-sai", f"chỉ nhận true hoặc false (đang là {_shown(value)})")


_INT = re.compile(r"^[-+]?\d+$")
_FLOAT = re.compile(r"^[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?$")


def parse_number(value: Any) -> int | float:
    """A number written the machine way: 5310000, 8.5 (never .inf or .nan)."""
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return _not_a_number(value)
    if isinstance(value, int | float):
        number = value
    else:
        text = str(value).strip().replace("_", "")
        if _INT.match(text):
            number = int(text, 10)  # 010 is ten, not YAML's octal eight
        elif _FLOAT.match(text):
            number = float(text)
        else:
            return _not_a_number(value)
    if isinstance(number, float) and not math.isfinite(number):
        return _not_a_number(value)
    return number


def parse_integer(value: Any) -> int:
    """A whole number written the machine way: 12."""
    number = parse_number(value)
    if not isinstance(number, int):
        raise Wrong("gia-tri-sai", f"phải là một số nguyên, ví dụ 12; đang là {_shown(value)}")
    return number


def _not_a_number(value: Any) -> int | float:
    hint = ""
    if isinstance(value, str) and re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", value.strip()):
        hint = f" Viết {value.strip().replace('.', '').replace(',', '')}, không có dấu chấm."
    raise Wrong(
        "gia-tri-sai",
        "phải là một số viết liền theo kiểu máy, ví dụ 5310000 hoặc 8.5 (trang sẽ tự hiện "
        f"5.310.000 và 8,5); đang là {_shown(value)}.{hint}",
    )


_PHONE = re.compile(r"^\+?[0-9][0-9 .]{7,15}[0-9]$")


def _phone(value: Any) -> str:
    text = _text(value)
    if not _PHONE.match(text):
        raise Wrong(
            "gia-tri-sai",
            "phải là số điện thoại: 9 đến 11 chữ số, có thể cách bằng dấu cách hay dấu chấm "
            f"(đầu số +84 cũng được); đang là {_shown(value)}",
        )
    return text


def _https(value: Any) -> str:
    text = _text(value)
    if not re.match(r"^https://[^\s/]+\.[^\s]+$", text):
        raise Wrong(
            "gia-tri-sai", f"phải là địa chỉ web bắt đầu bằng https://; đang là {_shown(value)}"
        )
    return text


def optional(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The same check, with an empty value (`key:` or `key: null`) read as no value."""

    def check(value: Any) -> Any:
        return None if value is None else parse(value)

    return check


def suggestion(given: str, allowed: Iterable[str]) -> str:
    """ " Có phải ý bạn là '…'?" for the nearest allowed word, or ""."""
    allowed = list(allowed)
    for candidate in allowed:  # the same word in other capitals is the most common slip
        if candidate.casefold() == given.casefold():
            return f" Có phải ý bạn là '{candidate}'?"
    close = difflib.get_close_matches(given, allowed, n=1, cutoff=0.6)
    return f" Có phải ý bạn là '{close[0]}'?" if close else ""


def one_of(allowed: dict[str, str] | tuple[str, ...], *, code: str = "gia-tri-sai"):
    """A value from a fixed list (dict: value -> what it means, shown in the message)."""

    def check(value: Any) -> str:
        text = _text(value)
        if text not in allowed:
            choices = ", ".join(
                f"{k} ({allowed[k]})" if isinstance(allowed, dict) else k for k in allowed
            )
            raise Wrong(
                code,
                f"không nhận '{text}'.{suggestion(text, allowed)} Chọn một trong: {choices}",
            )
        return text

    return check


def field_type(parse: Callable[[Any], Any], python_type: Any = Any) -> Any:
    """An annotated pydantic type that reads values with `parse`."""
    return Annotated[python_type, PlainValidator(parse)]


Text = field_type(_text, str)
Line = field_type(_line, str)
PlainText = field_type(_markup_free, str)  # shown in HTML attributes and titles
Tag = field_type(_markup_free, str)
Date = field_type(parse_date, dt.date)
Month = field_type(parse_month, tuple)
Bool = field_type(_bool, bool)
Number = field_type(parse_number, float)
Integer = field_type(parse_integer, int)
Phone = field_type(_phone, str)
HttpsUrl = field_type(_https, str)
OptionalText = field_type(optional(_text), str | None)
OptionalLine = field_type(optional(_line), str | None)
OptionalDate = field_type(optional(parse_date), dt.date | None)
OptionalPhone = field_type(optional(_phone), str | None)
OptionalUrl = field_type(optional(_https), str | None)
