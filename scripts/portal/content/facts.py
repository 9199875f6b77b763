"""The register of legal figures (data/so-lieu.yml): every figure with its periods and basis.

Each fact has a key (`luong-co-so`), a label, a unit, and either periods (`muc`: from/until,
value, legal basis) or a formula of other facts (`cong_thuc: 20 * luong-co-so`), which then
changes on the day any input changes. Pages, infographics and data files refer to a fact by its
key (`[[so-lieu:luong-co-so]]`) instead of typing the figure, so a new decree is one edit here
and the build picks the value in force on its day (`settings.today()`).

Formulas are read with `ast` restricted to numbers, keys, + - * / and parentheses, and computed
with `Decimal` (20 × 2530000 is 50600000 exactly, 0.1 × 2530000 is 253000): never `eval`.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, DivisionByZero, InvalidOperation
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from pydantic import Field

from portal import dates, settings
from portal.content import datafile
from portal.content.datafile import Schema
from portal.content.fields import (
    Date,
    Line,
    OptionalDate,
    OptionalLine,
    OptionalText,
    OptionalUrl,
    Wrong,
    field_type,
    one_of,
)
from portal.content.yamltree import Plain, Tree, Where
from portal.problems import Problem
from portal.text import outside_fences

FILE = f"{settings.DATA}/so-lieu.yml"
PAGE = "so-lieu/index.md"  # the page "Số liệu và căn cứ pháp lý", relative to docs/
PAGE_MARKER = "<!-- portal:so-lieu -->"
UPCOMING_MARKER = "<!-- portal:sap-thay-doi -->"
JSON_FILE = "so-lieu.json"  # the register for other tools, at the site's root
NUMBER_FORM = "so"  # [[so-lieu:KEY|so]]: the number alone
STATUSES = {
    "da-xac-nhan": "đã đối chiếu với văn bản gốc",
    "chua-xac-nhan": "chưa xác nhận; ghi lý do trong 'ly_do'",
}
STATUS_LABELS = {"da-xac-nhan": "Đã xác nhận", "chua-xac-nhan": "Chưa xác nhận"}
KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# [[so-lieu:KEY]], [[so-lieu:KEY|so]]; spaces inside are forgiven, anything else is reported.
# No '[' inside a reference, so each attempt ends at the next one: linear on any line.
REFERENCE = re.compile(r"\[\[\s*so-lieu\s*:\s*([^\]|\[]*?)\s*(?:\|\s*([^\]\[]*?)\s*)?\]\]")
SYNTAX = "[[so-lieu:ten-so-lieu]]"
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
NBSP = "\u00a0"  # keeps a number and its unit on one line on narrow phones


# -- the schema of data/so-lieu.yml --------------------------------------------------------

_GROUPED = re.compile(r"^[-+]?\d{1,3}(?:[.,]\d{3})+$")
_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d+)?|\.\d+)$")
_COMMA_DECIMAL = re.compile(r"^[-+]?\d+,\d+$")


def parse_value(value: Any) -> Decimal | str:
    """A period's value: a number written the machine way (2530000, 8.5) or a text."""
    if isinstance(value, dict | list):
        raise Wrong(
            "gia-tri-sai",
            "phải là một giá trị trên cùng dòng: một số viết liền (2530000, 8.5) hoặc một đoạn "
            'chữ trong ngoặc kép ("61 tuổi 6 tháng")',
        )
    text = "" if value is None else str(value).strip().replace("_", "")
    if not text:
        raise Wrong(
            "gia-tri-sai",
            "đang để trống; ghi một số viết liền (2530000, 8.5) hoặc một đoạn chữ trong ngoặc "
            'kép ("61 tuổi 6 tháng")',
        )
    if _GROUPED.match(text):
        bare = text.replace(".", "").replace(",", "")
        raise Wrong(
            "gia-tri-sai",
            f"phải viết số liền theo kiểu máy: {bare} thay cho {text} (trang sẽ tự hiện dấu chấm)",
        )
    if _COMMA_DECIMAL.match(text):
        raise Wrong(
            "gia-tri-sai",
            f"phải viết số thập phân bằng dấu chấm: {text.replace(',', '.')} thay cho {text} "
            "(trang sẽ tự hiện dấu phẩy)",
        )
    if _NUMBER.match(text):
        return Decimal(text)
    return " ".join(text.split())


Value = field_type(parse_value, Decimal | str)
Status = field_type(one_of(STATUSES), str)


class BasisSchema(Schema):
    so: Line = Field(title="số hiệu văn bản", examples=["161/2026/NĐ-CP"])
    ten: Line = Field(title="tên văn bản", examples=["Nghị định quy định mức lương cơ sở"])
    dieu: OptionalLine = Field(None, title="điều, khoản", examples=["Điều 3"])
    ngay: OptionalDate = Field(None, title="ngày ban hành", examples=["2026-05-15"])
    url: OptionalUrl = Field(None, title="địa chỉ web của văn bản", examples=["https://…"])


class PeriodSchema(Schema):
    tu: Date = Field(title="ngày bắt đầu áp dụng", examples=["2026-07-01"])
    den: OptionalDate = Field(None, title="ngày cuối cùng áp dụng", examples=["2026-06-30"])
    gia_tri: Value = Field(title="giá trị", examples=["2530000"])
    can_cu: BasisSchema = Field(title="căn cứ pháp lý", examples=["{so: …, ten: …}"])


class FactSchema(Schema):
    ten: Line = Field(title="tên hiện cho người đọc", examples=["Lương cơ sở"])
    don_vi: OptionalLine = Field(None, title="đơn vị", examples=["đồng/tháng"])
    muc: list[PeriodSchema] | None = Field(None, title="các mức theo thời gian", min_length=1)
    cong_thuc: OptionalLine = Field(None, title="công thức", examples=["20 * luong-co-so"])
    can_cu: BasisSchema | None = Field(None, title="căn cứ pháp lý của công thức")
    trang_thai: Status = Field(title="trạng thái", examples=["da-xac-nhan"])
    ly_do: OptionalText = Field(None, title="lý do chưa xác nhận")
    kiem_tra: Date = Field(title="ngày kiểm tra lần cuối", examples=["2026-12-03"])
    ghi_chu: OptionalText = Field(None, title="ghi chú")


# -- the register as the rest of the portal sees it ---------------------------------------


@dataclass(frozen=True)
class Basis:
    """A legal document a figure rests on."""

    number: str
    name: str
    article: str | None = None
    issued: dt.date | None = None
    url: str | None = None

    def as_dict(self) -> dict:
        """Plain data for /so-lieu.json and `portal facts --format json`."""
        return {
            "so": self.number,
            "ten": self.name,
            "dieu": self.article,
            "ngay": self.issued.isoformat() if self.issued else None,
            "url": self.url,
        }


@dataclass(frozen=True)
class Period:
    """One value of a fact and the days it applies (`end` None: until further notice)."""

    start: dt.date
    end: dt.date | None
    value: Decimal | str
    bases: tuple[Basis, ...]

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def span(self) -> str:
        """ "01/07/2024 – 30/06/2026" or "từ 01/07/2026"."""
        if self.end is None:
            return f"từ {dates.short(self.start)}"
        return f"{dates.short(self.start)} – {dates.short(self.end)}"


@dataclass(frozen=True)
class Fact:
    """A figure of the law, with every period it has had or will have."""

    key: str
    label: str
    unit: str | None
    periods: tuple[Period, ...]
    confirmed: bool
    reason: str | None
    checked: dt.date
    note: str | None = None
    formula: str | None = None  # as the editor wrote it
    inputs: tuple[str, ...] = ()
    line: int = 1

    @property
    def status(self) -> str:
        return "da-xac-nhan" if self.confirmed else "chua-xac-nhan"

    def at(self, day: dt.date) -> Period | None:
        """The period in force on `day`, or None."""
        return next((p for p in self.periods if p.covers(day)), None)

    def next_change(self, day: dt.date) -> Period | None:
        """The first period that starts after `day`, or None."""
        return next((p for p in self.periods if p.start > day), None)

    def announced(self, day: dt.date, window: int | None = None) -> Period | None:
        """The next period when it starts within `window` days of `day` (the setting)."""
        window = settings.FACTS_ANNOUNCE_DAYS if window is None else window
        upcoming = self.next_change(day)
        if upcoming and (upcoming.start - day).days <= window:
            return upcoming
        return None

    def shown(self, value: Decimal | str, *, number_only: bool = False, space: str = " ") -> str:
        """A value of this fact the Vietnamese way: "2.530.000 đồng/tháng", "8,5 %"."""
        return format_value(value, None if number_only else self.unit, space=space)


@dataclass
class Register:
    """Every fact of data/so-lieu.yml, and what is wrong with the file."""

    facts: dict[str, Fact] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    lines: dict = field(default_factory=dict)  # Where -> line, for messages about the file

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def get(self, key: str) -> Fact | None:
        return self.facts.get(key)

    def unknown(self, key: str) -> str:
        """The message for a reference to a key the register does not have."""
        return unknown_message(key, list(self.facts))

    def upcoming(self, day: dt.date, window: int | None = None) -> list[tuple[Fact, Period]]:
        """Changes due within the announce window, soonest first."""
        found = [(f, p) for f in self.facts.values() if (p := f.announced(day, window))]
        return sorted(found, key=lambda pair: (pair[1].start, pair[0].line))

    def stale(self, day: dt.date, max_age: int | None = None) -> list[Fact]:
        """Facts last checked more than `max_age` days before `day` (the setting)."""
        max_age = settings.FACTS_RECHECK_DAYS if max_age is None else max_age
        return [f for f in self.facts.values() if (day - f.checked).days > max_age]


def unknown_message(key: str, keys: list[str]) -> str:
    """ "không có số liệu 'x' …", with the nearest key written in the register."""
    close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
    hint = f" Có phải ý bạn là '{close[0]}'?" if close else ""
    if not keys:
        hint = f" Tệp {FILE} chưa có số liệu nào."
    return (
        f"không có số liệu '{key}' trong {FILE}.{hint} Xem các tên có sẵn bằng lệnh 'portal facts'."
    )


def format_number(value: Decimal) -> str:
    """2530000 -> "2.530.000", 8.5 -> "8,5" (Babel vi)."""
    return format_decimal(value, format="#,##0.###", locale="vi")


def format_value(value: Decimal | str, unit: str | None, *, space: str = " ") -> str:
    """A value with its unit, the Vietnamese way; a text value is shown as written."""
    text = format_number(value) if isinstance(value, Decimal) else value
    return f"{text}{space}{unit}" if unit else text


def machine_number(value: Decimal) -> str:
    """The number as a data file writes it: "2530000", "8.5" (never "2.53E+6")."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


# -- reading ---------------------------------------------------------------------------------


# Registers already read, by file and its modification: the plan, the local data, every
# infographic and the plugin each ask for it, and reading it takes tens of milliseconds.
# Nothing changes a Register once `parse` has returned it.
_READ: dict[tuple, Register] = {}


def read(root: Path) -> Register:
    """The register under the project root; an absent file is an empty register, not an error."""
    path = root / FILE
    try:
        stat = path.stat()
    except FileNotFoundError:
        return Register()
    except OSError:
        stat = None
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size) if stat else None
    if key in _READ:
        return _READ[key]
    register = _read(path)
    if key is not None:
        if len(_READ) > 16:
            _READ.clear()
        _READ[key] = register
    return register


def _read(path: Path) -> Register:
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        message = (
            "tệp không phải chữ UTF-8 (có thể lưu từ Word hay Excel bằng bảng mã khác). Mở "
            "bằng trình soạn thảo văn bản và lưu lại dưới dạng UTF-8."
        )
        return Register(problems=[Problem(FILE, line, "khong-phai-utf8", message)])
    except OSError as error:
        message = f"không đọc được tệp ({error.strerror}); kiểm tra quyền đọc tệp."
        return Register(problems=[Problem(FILE, 1, "thieu-tep", message)])
    return parse(raw)


def parse(text: str, where: str = FILE) -> Register:
    """The register written in `text`; every mistake is a Problem at its line."""
    tree = datafile.parse_text(text, where)
    register = Register(problems=list(tree.problems), lines=dict(tree.lines))
    if any(p.severity == "error" for p in tree.problems) and tree.data is None:
        return register
    if tree.data is None:
        return register
    if not isinstance(tree.data, dict):
        register.problems.append(
            Problem(
                where, 1, "so-lieu-sai",
                "tệp phải gồm các số liệu, mỗi số liệu bắt đầu bằng tên của nó ở đầu dòng, ví "
                "dụ 'luong-co-so:', rồi các dòng ten, don_vi, muc… lùi vào hai dấu cách.",
            )
        )  # fmt: skip
        return register
    readers: dict[str, _Written] = {}
    for key, raw in tree.data.items():
        line = tree.line((key,))
        if not KEY.match(key):
            register.problems.append(
                Problem(
                    where, line, "so-lieu-sai",
                    f"tên số liệu '{key}' phải viết chữ thường không dấu, nối bằng gạch ngang, "
                    f"ví dụ luong-co-so (đang là '{key}').",
                )
            )  # fmt: skip
            continue
        written = _read_fact(key, raw, tree, where, register.problems)
        if written is not None:
            readers[key] = written
    _resolve(readers, where, register)
    register.problems.sort(key=lambda p: (p.line, p.code, p.message))
    return register


@dataclass
class _Written:
    """A fact as read from the file, before its formula is computed."""

    key: str
    schema: FactSchema
    line: int
    lines: dict  # Where inside the fact -> line
    formula: ast.Expression | None = None
    names: dict[str, str] = field(default_factory=dict)  # placeholder -> key

    def at(self, *where: str | int) -> int:
        return _line(self.lines, where, self.line)


def _line(lines: dict, where: Where, default: int) -> int:
    while where:
        if where in lines:
            return lines[where]
        where = where[:-1]
    return default


def _read_fact(key: str, raw: object, tree: Tree, where: str, problems: list[Problem]):
    line = tree.line((key,))
    if not isinstance(raw, dict):
        problems.append(
            Problem(
                where, line, "so-lieu-sai",
                f"{key}: số liệu phải gồm các dòng ten, don_vi, muc (hoặc cong_thuc), trang_thai, "
                "kiem_tra, mỗi dòng lùi vào hai dấu cách dưới tên số liệu.",
            )
        )  # fmt: skip
        return None
    # Each fact is read on its own, so one broken fact does not hide the mistakes of others.
    lines = {w[1:]: n for w, n in tree.lines.items() if w[:1] == (key,) and len(w) > 1}
    sub = Tree(raw, lines)
    result = datafile.validate(sub, FactSchema, where)
    for problem in result.problems:
        # A key missing at the top of a fact belongs at the fact's own line.
        at = line if problem.code == "thieu-khoa" and problem.line == 1 else problem.line
        problems.append(Problem(where, at, problem.code, f"{key}: {problem.message}"))
    if result.value is None:
        return None
    written = _Written(key, result.value, line, lines)
    fact = result.value

    def fail(at: int, message: str, code: str = "so-lieu-sai") -> None:
        problems.append(Problem(where, at, code, f"{key}: {message}"))

    if fact.trang_thai == "chua-xac-nhan" and not fact.ly_do:
        fail(
            written.at("trang_thai"),
            "số liệu 'chua-xac-nhan' phải có 'ly_do': vì sao chưa xác nhận, và người đọc có "
            "thể đối chiếu ở đâu.",
        )
    if fact.muc is None and fact.cong_thuc is None:
        fail(line, "thiếu 'muc' (các mức theo thời gian) hoặc 'cong_thuc' (công thức).")
        return None
    if fact.muc is not None and fact.cong_thuc is not None:
        fail(
            written.at("cong_thuc"),
            "có cả 'muc' và 'cong_thuc'; số liệu tính bằng công thức không ghi 'muc' (các mức "
            "tự theo số liệu trong công thức).",
        )
        return None
    if fact.muc is not None:
        if fact.can_cu is not None:
            fail(
                written.at("can_cu"),
                "'can_cu' ở ngoài 'muc' chỉ dùng cho số liệu tính bằng công thức; ghi căn cứ "
                "trong từng mức của 'muc'.",
            )
        ok = _check_periods(written, fail)
        return written if ok else None
    try:
        written.formula, written.names = parse_formula(fact.cong_thuc)
    except FormulaError as error:
        fail(written.at("cong_thuc"), str(error))
        return None
    return written


def _check_periods(written: _Written, fail: Callable[[int, str], None]) -> bool:
    ok = True
    periods = written.schema.muc or []
    for index, period in enumerate(periods):
        at = written.at("muc", index)
        if period.den is not None and period.den < period.tu:
            fail(
                written.at("muc", index, "den"),
                f"mức thứ {index + 1}: ngày cuối 'den' ({dates.short(period.den)}) trước ngày "
                f"bắt đầu 'tu' ({dates.short(period.tu)}).",
            )
            ok = False
        if index == 0:
            continue
        before = periods[index - 1]
        if period.tu <= before.tu:
            fail(
                written.at("muc", index, "tu"),
                f"các mức phải xếp theo ngày 'tu' tăng dần: mức thứ {index + 1} (từ "
                f"{dates.short(period.tu)}) phải đứng trước mức thứ {index} (từ "
                f"{dates.short(before.tu)}).",
            )
            ok = False
        elif before.den is None:
            fail(
                written.at("muc", index - 1),
                f"mức thứ {index} chưa có ngày cuối 'den' nhưng chưa phải mức cuối: thêm "
                f"'den: {(period.tu - dt.timedelta(days=1)).isoformat()}' (ngày trước khi "
                f"mức thứ {index + 1} bắt đầu).",
            )
            ok = False
        elif before.den >= period.tu:
            fail(
                at,
                f"mức thứ {index + 1} (từ {dates.short(period.tu)}) chồng lên mức thứ {index} "
                f"(đến {dates.short(before.den)}); mỗi ngày chỉ có một mức.",
            )
            ok = False
    return ok


def _basis(schema: BasisSchema) -> Basis:
    return Basis(schema.so, schema.ten, schema.dieu, schema.ngay, schema.url)


def _resolve(written: dict[str, _Written], where: str, register: Register) -> None:
    """Facts with periods as written; formulas computed in the order of their inputs."""
    problems = register.problems
    done: dict[str, Fact] = {}
    failed: set[str] = set()

    def base(w: _Written, periods: tuple[Period, ...], inputs=()) -> Fact:
        s = w.schema
        return Fact(
            key=w.key, label=s.ten, unit=s.don_vi, periods=periods,
            confirmed=s.trang_thai == "da-xac-nhan", reason=s.ly_do, checked=s.kiem_tra,
            note=s.ghi_chu, formula=s.cong_thuc, inputs=tuple(inputs), line=w.line,
        )  # fmt: skip

    for key, w in written.items():
        if w.formula is None:
            periods = tuple(
                Period(p.tu, p.den, p.gia_tri, (_basis(p.can_cu),)) for p in w.schema.muc or []
            )
            done[key] = base(w, periods)

    def visit(key: str, path: tuple[str, ...]) -> Fact | None:
        if key in done:
            return done[key]
        if key in failed:
            return None
        w = written[key]
        line = w.at("cong_thuc")
        for name in dict.fromkeys(w.names.values()):
            if name in path or name == key:
                cycle = " → ".join((*path[path.index(name) :], key, name)) if name in path else ""
                cycle = cycle or f"{key} → {key}"
                problems.append(
                    Problem(
                        where, line, "so-lieu-sai",
                        f"{key}: công thức vòng quanh ({cycle}); một số liệu không thể tính từ "
                        "chính nó.",
                    )
                )  # fmt: skip
                failed.add(key)
                return None
            if name not in written and name not in done:
                why = unknown_message(name, list(written))
                problems.append(Problem(where, line, "so-lieu-khong-co", f"{key}: công thức {why}"))
                failed.add(key)
                return None
        inputs = []
        for name in dict.fromkeys(w.names.values()):
            fact = visit(name, (*path, key))
            if fact is None:
                failed.add(key)
                return None
            inputs.append(fact)
        try:
            periods = _derive(w, inputs)
        except FormulaError as error:
            problems.append(Problem(where, line, "so-lieu-sai", f"{key}: {error}"))
            failed.add(key)
            return None
        done[key] = base(w, periods, [f.key for f in inputs])
        return done[key]

    for key in written:
        visit(key, ())
    # File order, which is how editors group the figures.
    register.facts = {key: done[key] for key in written if key in done}


def _derive(w: _Written, inputs: list[Fact]) -> tuple[Period, ...]:
    """The periods of a formula: a new one on every day any input changes."""
    points: set[dt.date] = set()
    for fact in inputs:
        for period in fact.periods:
            if isinstance(period.value, str):
                raise FormulaError(
                    f"công thức dùng '{fact.key}' nhưng giá trị của nó là chữ "
                    f"('{period.value}'), không tính được."
                )
            points.add(period.start)
            if period.end is not None:
                points.add(period.end + dt.timedelta(days=1))
    ordered = sorted(points)
    own = (_basis(w.schema.can_cu),) if w.schema.can_cu else ()
    periods = []
    for index, start in enumerate(ordered):
        current = {f.key: f.at(start) for f in inputs}
        if any(p is None for p in current.values()):
            continue
        end = ordered[index + 1] - dt.timedelta(days=1) if index + 1 < len(ordered) else None
        values = {name: current[key].value for name, key in w.names.items()}
        value = evaluate(w.formula, values)
        bases = _unique((*own, *(b for p in current.values() for b in p.bases)))
        periods.append(Period(start, end, value, bases))
    return tuple(periods)


def _unique(bases) -> tuple[Basis, ...]:
    seen, kept = set(), []
    for basis in bases:
        if document_key(basis.number) not in seen:
            seen.add(document_key(basis.number))
            kept.append(basis)
    return tuple(kept)


_DOCUMENT_NUMBER = re.compile(r"\d+/\d{4}/[\wĐđ-]+|\d+-[A-Z]+/[A-Z]+|\d+/[A-ZĐ]+-[A-ZĐ]+")


def document_key(number: str) -> str:
    """What identifies a document: "Nghị định 293/2025/NĐ-CP" and "293/2025/NĐ-CP" are one."""
    found = _DOCUMENT_NUMBER.search(number)
    return (found.group() if found else " ".join(number.split())).casefold()


# -- formulas ---------------------------------------------------------------------------------


class FormulaError(ValueError):
    """A formula that cannot be read or computed; the message is for editors."""


_FORMULA_CHARS = re.compile(r"[a-z0-9\s+\-*/().]")
FORMULA_KEY = re.compile(r"(?<![\w.])[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
FORMULA_HELP = (
    "công thức chỉ được có số (20, 0.1), tên số liệu, các dấu + - * / và dấu ngoặc, ví dụ "
    "'20 * luong-co-so'"
)


def parse_formula(formula: str) -> tuple[ast.Expression, dict[str, str]]:
    """The checked syntax tree of a formula, and which placeholder stands for which key."""
    text = formula.strip()
    if not text:
        raise FormulaError(f"công thức đang để trống; {FORMULA_HELP}.")
    wrong = next((c for c in text if not _FORMULA_CHARS.match(c)), None)
    if wrong is not None:
        hint = " Số thập phân viết bằng dấu chấm: 0.1 thay cho 0,1." if wrong == "," else ""
        if wrong in "×x":
            hint = " Phép nhân viết bằng dấu *."
        if wrong == "%":
            hint = " Phần trăm viết thành phép chia hay số thập phân: 0.1 * luong-co-so."
        raise FormulaError(f"công thức có ký tự '{wrong}' không dùng được; {FORMULA_HELP}.{hint}")
    names: dict[str, str] = {}

    def placeholder(match: re.Match) -> str:
        name = f"k{len(names)}"
        names[name] = match.group()
        return name

    # Keys hold hyphens ("luong-co-so"), which Python would read as subtraction.
    try:
        tree = ast.parse(FORMULA_KEY.sub(placeholder, text), mode="eval")
    except SyntaxError:
        raise FormulaError(
            f"công thức '{text}' viết sai (thiếu số, thừa dấu hay dấu ngoặc chưa đóng); "
            f"{FORMULA_HELP}. Đặt dấu cách hai bên dấu trừ: 'a - b'."
        ) from None
    for node in ast.walk(tree):
        allowed = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Name, ast.Load, ast.USub, ast.UAdd)
        if isinstance(node, ast.Constant):
            if type(node.value) not in (int, float):
                raise FormulaError(f"{FORMULA_HELP}.")
        elif isinstance(node, tuple(_OPERATORS)):
            continue
        elif not isinstance(node, allowed):
            raise FormulaError(f"công thức '{text}' có phép tính không dùng được; {FORMULA_HELP}.")
        elif isinstance(node, ast.Name) and node.id not in names:
            raise FormulaError(f"{FORMULA_HELP}.")
    return tree, names


def evaluate(tree: ast.Expression, values: dict[str, Decimal]) -> Decimal:
    """The value of a parsed formula, with `values` for its placeholders."""

    def value(node: ast.AST) -> Decimal:
        if isinstance(node, ast.Constant):
            # Through the text, so 0.1 stays one tenth and not the float next to it.
            return Decimal(repr(node.value))
        if isinstance(node, ast.Name):
            return values[node.id]
        if isinstance(node, ast.UnaryOp):
            inner = value(node.operand)
            return -inner if isinstance(node.op, ast.USub) else inner
        left, right = value(node.left), value(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        try:
            return left / right
        except (DivisionByZero, InvalidOperation):
            raise FormulaError("công thức chia cho 0.") from None

    result = value(tree.body)
    return result.quantize(Decimal(1)) if result == result.to_integral_value() else result


# -- references ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A `[[so-lieu:KEY]]` in a text: its line, key and form, and where it sits in the line."""

    line: int
    key: str
    form: str | None  # None: value and unit; "so": the number alone
    start: int
    end: int
    written: str

    def problem(self, register: Register) -> str | None:
        """What is wrong with this reference, or None."""
        if self.form not in (None, NUMBER_FORM):
            return (
                f"tham chiếu '{self.written}' có phần '|{self.form}' lạ; chỉ dùng "
                f"[[so-lieu:{self.key}]] (giá trị kèm đơn vị) hoặc [[so-lieu:{self.key}|so]] "
                "(chỉ con số)."
            )
        if register.get(self.key) is None:
            return register.unknown(self.key)
        return None


def _code_free(line: str) -> str:
    """The line with inline code blanked (same length), so `[[so-lieu:x]]` can be shown."""
    return _INLINE_CODE.sub(lambda m: " " * len(m.group()), line)


def scan(text: str, start: int = 1) -> Iterator[tuple[int, str, str]]:
    """(line number, line, line with code blanked) for each line outside fenced code."""
    for number, line in outside_fences(text.split("\n"), start):
        yield number, line, _code_free(line)


def references(text: str, start: int = 1) -> list[Reference]:
    """Every reference in a Markdown text, outside code (lines counted from `start`)."""
    found = []
    for number, _line, bare in scan(text, start):
        for match in REFERENCE.finditer(bare):
            form = match.group(2) if match.group(2) is not None else None
            found.append(
                Reference(number, match.group(1), form, match.start(), match.end(), match.group())
            )
    return found


def used_keys(text: str, register: Register) -> list[str]:
    """Keys of the register a text refers to, in order, once each."""
    return list(dict.fromkeys(r.key for r in references(text) if register.get(r.key)))


def link_to(key: str, page_src: str | None) -> str | None:
    """The Markdown link target of a fact's row, relative to the page at `page_src`."""
    if page_src is None:
        return None
    return posixpath.relpath(PAGE, posixpath.dirname(page_src) or ".") + f"#{key}"


def render(
    reference: Reference,
    register: Register,
    day: dt.date,
    page_src: str | None = None,
    *,
    window: int | None = None,
) -> str:
    """The text a reference stands for on `day`; linked when `page_src` (Markdown) is given."""
    fact = register.get(reference.key)
    if fact is None or reference.form not in (None, NUMBER_FORM):
        return reference.written  # reported by `portal check` and the build
    number_only = reference.form == NUMBER_FORM
    space = NBSP if page_src else " "
    target = link_to(fact.key, page_src)
    period = fact.at(day)
    if period is None:
        shown = "chưa có mức áp dụng"
    else:
        shown = fact.shown(period.value, number_only=number_only, space=space)
    if target:
        basis = ", ".join(b.number for b in period.bases) if period else ""
        title = f' "Căn cứ: {basis}"' if basis else ""
        shown = f"[{shown}]({target}{title})"
    upcoming = fact.announced(day, window)
    if upcoming:
        value = fact.shown(upcoming.value, number_only=number_only, space=space)
        shown += f" (từ {dates.short(upcoming.start)}: {value})"
    if not fact.confirmed:
        shown += f" ([chưa xác nhận]({target}-ly-do))" if target else " (chưa xác nhận)"
    return shown


def render_markdown(
    markdown: str,
    register: Register,
    day: dt.date,
    page_src: str,
    *,
    window: int | None = None,
) -> str:
    """Markdown with every reference outside code replaced by its linked value."""
    lines = markdown.split("\n")
    by_line: dict[int, list[Reference]] = {}
    for reference in references(markdown, start=0):
        by_line.setdefault(reference.line, []).append(reference)
    for number, found in by_line.items():
        line = lines[number]
        for reference in reversed(found):
            text = render(reference, register, day, page_src, window=window)
            line = line[: reference.start] + text + line[reference.end :]
        lines[number] = line
    return "\n".join(lines)


def render_text(text: str, register: Register, day: dt.date, *, window: int | None = None) -> str:
    """A data file's text with its references as plain words (no link, no Markdown)."""

    def one(match: re.Match) -> str:
        form = match.group(2) if match.group(2) is not None else None
        reference = Reference(1, match.group(1), form, 0, 0, match.group())
        return render(reference, register, day, window=window)

    return REFERENCE.sub(one, text)


def expand_tree(
    tree: Tree, register: Register, day: dt.date, where: str = "", *, window: int | None = None
) -> Tree:
    """A data file's tree with its references filled in, for `datafile.read(prepare=…)`.

    A whole value "[[so-lieu:KEY]]" becomes the number as unquoted text (`Plain("2530000")`),
    so Number fields read it; inside a longer text a reference becomes words. An unknown key is
    a problem at its line (code so-lieu-khong-co).
    """

    def walk(value: object, path: Where) -> object:
        if isinstance(value, dict):
            return {k: walk(v, (*path, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*path, i)) for i, v in enumerate(value)]
        if not isinstance(value, str) or "[[" not in value:
            return value
        for match in REFERENCE.finditer(value):
            form = match.group(2) if match.group(2) is not None else None
            reference = Reference(tree.line(path), match.group(1), form, 0, 0, match.group())
            if why := reference.problem(register):
                code = "so-lieu-khong-co" if register.get(reference.key) is None else "so-lieu-sai"
                tree.problems.append(Problem(where, tree.line(path), code, why))
                return value
        whole = REFERENCE.fullmatch(value.strip())
        if whole:
            fact = register.facts[whole.group(1)]
            period = fact.at(day)
            if period is None:
                return value
            if isinstance(period.value, Decimal):
                return Plain(machine_number(period.value))
            return period.value
        return render_text(value, register, day, window=window)

    tree.data = walk(tree.data, ())
    return tree


def preparer(register: Register, day: dt.date, where: str) -> Callable[[Tree], Tree]:
    """The `prepare` hook of `datafile.read` that fills in a data file's references."""
    return lambda tree: expand_tree(tree, register, day, where)


def prepare_for(root: Path, where: str) -> Callable[[Tree], Tree]:
    """`prepare=` for a data file of the project: the register's values on today's date."""
    return preparer(read(root), settings.today(), where)
