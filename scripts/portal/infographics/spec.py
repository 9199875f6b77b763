"""Reading and checking infographic data files: one YAML file each, optionally a CSV of numbers.

Every mistake is reported in Vietnamese with the file, the line and what is expected, and all
the mistakes of a file are reported at once, so an editor fixes them in one pass.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import ConfigDict, Field
from pydantic_core import PydanticCustomError

from portal import settings
from portal.content import datafile, facts, fields, safepaths
from portal.content.datafile import Schema
from portal.content.fields import Wrong
from portal.problems import ContentError, Problem
from portal.text import nfc

# What each kind draws; the keys are what editors write after `kind:`.
KINDS = {
    "bars": "thanh ngang so sánh các con số",
    "split": "thanh chia phần (ai đóng bao nhiêu)",
    "cards": "thẻ số lớn",
    "timeline": "các mốc thời gian",
    "steps": "các bước hoặc danh sách việc cần làm",
}
STYLES = {"numbered": "đánh số 1, 2, 3", "checklist": "dấu tích"}
# How many items fit each kind at phone size and still read well.
MAX_ITEMS = {"bars": 8, "split": 6, "cards": 6, "timeline": 8, "steps": 7}
MAX_SERIES = 4
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A legal document's number, e.g. 293/2025/NĐ-CP or 45/2019/QH14.
# A State document's number (293/2025/NĐ-CP) or a Party document's (58-CT/TW, 16-CTr/TU).
DOCUMENT_NUMBER = re.compile(r"\d+/\d{4}/|\b\d+-[A-Za-z]+/[A-Z]+\b")
EXAMPLES = {
    "title": "title: Lương tối thiểu vùng năm 2026",
    "subtitle": "subtitle: Mức lương thấp nhất theo tháng",
    "topic": "topic: Tiền lương",
    "note": "note: Vùng của xã Trần Phú chưa được xác nhận.",
    "source": "source: Nghị định 293/2025/NĐ-CP (hiệu lực 01/01/2026)",
    "alt": "alt: Biểu đồ so sánh lương tối thiểu 4 vùng năm 2024 và 2026 …",
    "unit": "unit: đ",
    "label": "label: Vùng I",
    "text": "text: Báo ngay cho người quản lý trực tiếp.",
}


@dataclass(frozen=True)
class Series:
    name: str
    short: str


@dataclass(frozen=True)
class Row:
    """A category of a bar or split chart: one value per series."""

    label: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Card:
    values: tuple[float, ...]
    unit: str
    label: str
    note: str


@dataclass(frozen=True)
class Event:
    when: dt.date | int  # a day, or a year alone
    title: str
    text: str


@dataclass(frozen=True)
class Step:
    title: str
    text: str


@dataclass(frozen=True)
class Spec:
    """One infographic, checked: everything the renderer and the pages need."""

    name: str
    path: str  # as shown in messages, e.g. "infographics/luong-toi-thieu-vung-2026.yml"
    kind: str
    title: str
    subtitle: str
    topic: str
    unit: str
    series: tuple[Series, ...]
    items: tuple
    style: str
    note: str
    source: str
    alt: str
    checked: dt.date
    digest: str  # hash of the YAML and CSV bytes
    lines: dict = field(default_factory=dict, compare=False, repr=False)

    def line(self, key: str) -> int:
        """Line of a top-level key, for messages about it (1 if absent)."""
        return self.lines.get(key, 1)

    def texts(self) -> dict[str, list[str]]:
        """Every string drawn in the image, grouped by the top-level key it comes from."""
        found = {key: [getattr(self, key)] for key in ("title", "subtitle", "topic", "note")}
        found["source"] = [self.source]
        found["series"] = [s.name for s in self.series] + [s.short for s in self.series]
        found["items"] = [
            text for item in self.items for text in vars(item).values() if isinstance(text, str)
        ]
        found["unit"] = [self.unit] + [i.unit for i in self.items if isinstance(i, Card)]
        return found


# A title this long is a paste, not a title: refused before the layout tries to fit it.
MAX_TEXT = 2000


class SpecError(ContentError):
    """A data file has mistakes; `problems` lists them, each at its line."""


def _line_text(value: Any) -> str:
    text = fields.parse_line(value)
    if len(text) > MAX_TEXT:
        raise Wrong("gia-tri-sai", f"dài {len(text)} ký tự, quá dài cho một ảnh; hãy viết gọn lại")
    return text


def _alt(value: Any) -> str:
    text = _line_text(value)
    if len(text) < 30:
        raise Wrong("gia-tri-sai", "quá ngắn: cần ít nhất 30 ký tự, tả đủ ảnh nói gì")
    return text


def _source(value: Any) -> str:
    text = _line_text(value)
    if not DOCUMENT_NUMBER.search(text):
        raise Wrong(
            "gia-tri-sai",
            "phải ghi số hiệu văn bản pháp luật, ví dụ 'Nghị định 293/2025/NĐ-CP' hoặc "
            "'Bộ luật Lao động 45/2019/QH14'",
        )
    return text


def _numbers(value: Any) -> tuple[float, ...]:
    """One number or a list of them, none negative."""
    items = value if isinstance(value, list) else [value]
    if not items:
        raise Wrong("gia-tri-sai", "cần ít nhất một số, ví dụ [5310000]")
    numbers = tuple(fields.parse_number(item) for item in items)
    if any(n < 0 for n in numbers):
        raise Wrong("gia-tri-sai", "không được âm")
    return numbers


def _when(value: Any) -> dt.date | int:
    text = str(value).strip() if value is not None and not isinstance(value, dict | list) else ""
    if re.fullmatch(r"\d{4}", text) and 1900 <= int(text) <= 2100:
        return int(text)
    try:
        return fields.parse_date(value)
    except PydanticCustomError:
        raise Wrong(
            "ngay-sai",
            "phải là ngày dạng YYYY-MM-DD (ví dụ 2026-01-01) hoặc chỉ năm (ví dụ 2028); "
            f"đang là '{value}'",
        ) from None


def _csv_name(value: Any) -> str:
    text = fields.parse_line(value)
    if not text.endswith(".csv"):
        raise Wrong("gia-tri-sai", "phải là danh sách các mục, hoặc tên một tệp .csv")
    return text


Text = fields.field_type(_line_text, str)
OptionalText = fields.field_type(fields.optional(_line_text), str | None)
Numbers = fields.field_type(_numbers, tuple)
When = fields.field_type(_when, object)


class SeriesEntry(Schema):
    name: Text = Field(title="tên dãy số", examples=["Từ 01/01/2026"])
    short: OptionalText = Field(None, title="tên ngắn trước mỗi số", examples=["'2026'"])


class RowEntry(Schema):
    label: Text = Field(title="tên mục", examples=["Vùng I"])
    values: Numbers = Field(title="các số của mục", examples=["[5310000]"])


class CardEntry(Schema):
    value: Numbers = Field(title="con số của thẻ", examples=["12"])
    unit: OptionalText = Field(None, title="đơn vị")
    label: Text = Field(title="nhãn", examples=["ngày nghỉ hằng năm"])
    note: OptionalText = Field(None, title="ghi chú")


class EventEntry(Schema):
    date: When = Field(title="ngày của mốc", examples=["2026-01-01"])
    title: Text = Field(title="tên mốc")
    text: OptionalText = Field(None, title="lời giải thích")


class StepEntry(Schema):
    title: Text = Field(title="tên bước")
    text: OptionalText = Field(None, title="lời giải thích")


class Common(Schema):
    """What every infographic has; `kind` decides the rest (the classes below)."""

    title: Text = Field(title="tiêu đề", examples=[EXAMPLES["title"].split(": ", 1)[1]])
    subtitle: OptionalText = Field(None, title="dòng phụ")
    kind: fields.field_type(fields.one_of(KINDS), str) = Field(title="kiểu ảnh", examples=["bars"])
    topic: OptionalText = Field(None, title="chủ đề (góc trên)")
    note: OptionalText = Field(None, title="ghi chú")
    source: fields.field_type(_source, str) = Field(
        title="dòng nguồn", examples=[EXAMPLES["source"].split(": ", 1)[1]]
    )
    alt: fields.field_type(_alt, str) = Field(title="mô tả ảnh bằng chữ")
    checked: fields.Date = Field(title="ngày kiểm tra số liệu", examples=["2026-11-01"])


def _between(low: int, high: int) -> Any:
    return Field(min_length=low, max_length=high)


class BarsFile(Common):
    unit: Text = Field(title="đơn vị", examples=["đ"])
    series: Annotated[list[SeriesEntry], _between(1, MAX_SERIES)] = Field(title="các dãy số")
    items: Annotated[list[RowEntry], _between(1, MAX_ITEMS["bars"])] = Field(title="các mục")


class SplitFile(BarsFile):
    series: Annotated[list[SeriesEntry], _between(2, MAX_SERIES)] = Field(title="các dãy số")
    items: Annotated[list[RowEntry], _between(1, MAX_ITEMS["split"])] = Field(title="các mục")


class BarsCsvFile(BarsFile):
    items: fields.field_type(_csv_name, str) = Field(title="tệp số liệu CSV")


class SplitCsvFile(SplitFile):
    items: fields.field_type(_csv_name, str) = Field(title="tệp số liệu CSV")


class CardsFile(Common):
    items: Annotated[list[CardEntry], _between(1, MAX_ITEMS["cards"])] = Field(title="các thẻ")


class TimelineFile(Common):
    items: Annotated[list[EventEntry], _between(1, MAX_ITEMS["timeline"])] = Field(title="các mốc")


class StepsFile(Common):
    style: fields.field_type(fields.one_of(STYLES), str) = Field("numbered", title="kiểu đánh dấu")
    items: Annotated[list[StepEntry], _between(1, MAX_ITEMS["steps"])] = Field(title="các bước")


class UnknownKind(Common):
    """A file whose `kind` is wrong: that one message is enough, the rest waits for it."""

    model_config = ConfigDict(extra="ignore", frozen=True)


SCHEMAS = {"bars": BarsFile, "split": SplitFile, "cards": CardsFile,
           "timeline": TimelineFile, "steps": StepsFile}  # fmt: skip


def _schema(data: object) -> type[Common]:
    """The schema for a file's `kind` (the common part alone when the kind is wrong)."""
    kind = data.get("kind") if isinstance(data, dict) else None
    schema = SCHEMAS.get(str(kind), UnknownKind) if isinstance(kind, str) else UnknownKind
    if schema in (BarsFile, SplitFile) and isinstance(data.get("items"), str):
        schema = BarsCsvFile if schema is BarsFile else SplitCsvFile
    return schema


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def load(file: Path, shown: str | None = None, prepare=None) -> Spec:
    """Read and check one data file; raise SpecError listing every mistake in it.

    `prepare` may change the YAML tree before it is checked (see `datafile.read`).
    """
    shown = shown or file.as_posix()
    problems: list[Problem] = []
    name = file.stem
    if not NAME.match(name):
        problems.append(
            Problem(
                shown, 1, "infographic-du-lieu",
                f"tên tệp '{file.name}' phải viết thường, không dấu, các từ nối bằng dấu gạch "
                "ngang, ví dụ luong-toi-thieu-vung-2026.yml; tên này dùng để nhúng ảnh vào bài.",
            )
        )  # fmt: skip
    data = file.read_bytes()
    tree = datafile.read_tree(file, shown)
    if prepare is not None and tree.data is not None:
        tree = prepare(tree)
    if tree.data is None and not tree.problems:
        problems.append(
            Problem(shown, 1, "thieu-khoa", "tệp trống: cần ít nhất title, kind, items …")
        )
    schema = _schema(tree.data)
    result = datafile.validate(tree, schema, shown)
    problems += result.problems
    if schema is UnknownKind and result.value is not None:
        return _fail(problems or [Problem(shown, 1, "thieu-khoa", "thiếu 'items'.")])
    value = result.value
    rows, extra = (), b""
    if value is not None:
        problems += _series_match(value, result.line, shown)
        if isinstance(value.items, str):
            rows, extra, found = _csv_rows(shown, file.parent, value.items, len(value.series))
            problems += [p if p.line else Problem(p.path, result.line("items"), p.code, p.message)
                         for p in found]  # fmt: skip
    if problems or value is None:
        return _fail(problems)
    # The values drawn, not only the bytes: a reference changes when the register or the day does.
    drawn = repr(value).encode()
    return _spec(value, name, shown, result, rows, _digest(data, extra, drawn))


def _fail(problems: list[Problem]) -> Spec:
    raise SpecError(sorted(problems, key=lambda p: (p.path, p.line)))


def _series_match(value: Common, line, shown: str) -> list[Problem]:
    """Each bar or split item has one number per series."""
    if not isinstance(value, BarsFile) or isinstance(value.items, str):
        return []
    count = len(value.series)
    return [
        Problem(
            shown,
            line("items", index, "values"),
            "infographic-du-lieu",
            f"mục '{item.label}' có {len(item.values)} số nhưng 'series' có {count} dãy; cần "
            f"đúng {count} số, theo thứ tự của 'series'.",
        )
        for index, item in enumerate(value.items)
        if len(item.values) != count
    ]


def _spec(value: Common, name: str, shown: str, result, rows: tuple, digest: str) -> Spec:
    kind = value.kind
    items: tuple
    if isinstance(value, BarsFile):
        items = rows or tuple(Row(i.label, i.values) for i in value.items)
    elif isinstance(value, CardsFile):
        items = tuple(Card(i.value, i.unit or "", i.label, i.note or "") for i in value.items)
    elif isinstance(value, TimelineFile):
        items = tuple(Event(i.date, i.title, i.text or "") for i in value.items)
    else:
        items = tuple(Step(i.title, i.text or "") for i in value.items)
    series = tuple(Series(s.name, s.short or s.name) for s in getattr(value, "series", ()))
    lines = {path[0]: line for path, line in result.tree.lines.items() if len(path) == 1}
    return Spec(
        name=name,
        path=shown,
        kind=kind,
        title=value.title,
        subtitle=value.subtitle or "",
        topic=value.topic or "",
        unit=getattr(value, "unit", ""),
        series=series,
        items=items,
        style=getattr(value, "style", "numbered"),
        note=value.note or "",
        source=value.source,
        alt=value.alt,
        checked=value.checked,
        digest=digest,
        lines=lines,
    )


def _csv_rows(shown: str, folder: Path, name: str, series: int):
    """Rows from a CSV file: a header, then a label and one number per series on each line.

    Returns (rows, the file's bytes, problems); a problem at line 0 belongs to the YAML line.
    """
    shown_csv = (Path(shown).parent / name).as_posix()
    csv_file = safepaths.safe_path(folder, name)
    if isinstance(csv_file, str):  # /tmp/x.csv, ../x.csv or a link: never read
        return (), b"", [Problem(shown, 0, "infographic-du-lieu", csv_file)]
    if not csv_file.is_file():
        message = f"không tìm thấy tệp số liệu {shown_csv} (đặt cạnh tệp YAML)."
        return (), b"", [Problem(shown, 0, "infographic-du-lieu", message)]
    data = csv_file.read_bytes()
    text, problem = datafile.decode(data.removeprefix(b"\xef\xbb\xbf"), shown_csv)
    if problem:
        return (), data, [problem]
    rows, problems = [], []
    for number, cells in enumerate(list(csv.reader(io.StringIO(nfc(text))))[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != series + 1:
            message = f"cần {series + 1} cột (tên mục và {series} số), có {len(cells)}."
            problems.append(Problem(shown_csv, number, "infographic-du-lieu", message))
            continue
        values = []
        for cell in cells[1:]:
            try:
                values.append(fields.parse_number(cell))
            except PydanticCustomError:
                message = f"'{cell}' không phải số viết kiểu máy (ví dụ 5310000 hoặc 8.5)."
                problems.append(Problem(shown_csv, number, "infographic-du-lieu", message))
        rows.append(Row(cells[0].strip(), tuple(values)))
    if not rows and not problems:
        message = f"tệp {shown_csv} không có dòng số liệu nào dưới dòng tiêu đề cột."
        problems.append(Problem(shown, 0, "infographic-du-lieu", message))
    return tuple(rows), data, problems


def load_all(folder: Path, root: Path | None = None) -> tuple[list[Spec], list[Problem]]:
    """Every data file in `folder` that is valid, and the problems of the others.

    With the project `root`, [[so-lieu:…]] references take the register's values of today.
    """
    specs, problems = [], []
    register = facts.read(root) if root is not None else None
    for file in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")):
        shown = file.relative_to(root).as_posix() if root else file.as_posix()
        prepare = facts.preparer(register, settings.today(), shown) if register else None
        try:
            specs.append(load(file, shown, prepare))
        except SpecError as error:
            problems.extend(error.problems)
    return specs, problems
