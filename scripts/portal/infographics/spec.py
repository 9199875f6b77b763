"""Reading and checking infographic data files: one YAML file each, optionally a CSV of numbers.

Every mistake is reported in Vietnamese with the file, the line and what is expected, and all
the mistakes of a file are reported at once, so an editor fixes them in one pass.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import difflib
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from portal.content import safepaths
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
TOP_KEYS = (
    "title",
    "subtitle",
    "kind",
    "topic",
    "unit",
    "series",
    "items",
    "style",
    "note",
    "source",
    "alt",
    "checked",
)
ITEM_KEYS = {
    "bars": ("label", "values"),
    "split": ("label", "values"),
    "cards": ("value", "unit", "label", "note"),
    "timeline": ("date", "title", "text"),
    "steps": ("title", "text"),
}
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
class Problem:
    """One mistake in a data file, at a line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class SpecError(Exception):
    """A data file has mistakes; str() lists them one per line."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


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


@dataclass
class _Node:
    """A YAML value with the line it starts on; mappings keep their keys' nodes."""

    value: Any
    line: int
    raw: str | None = None  # a scalar as written, before YAML guessed its type


class _Reader:
    """Collects the problems of one file while turning its YAML into a Spec."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def fail(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def tree(self, node: yaml.Node, loader: yaml.SafeLoader) -> _Node:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            items: dict[str, _Node] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if key in items:
                    self.fail(
                        key_node.start_mark.line + 1,
                        f"khóa '{key}' bị lặp (đã có ở dòng {items[key].line}); "
                        "mỗi khóa chỉ viết một lần.",
                    )
                    continue
                child = self.tree(value_node, loader)
                child.line = key_node.start_mark.line + 1  # point at the key, where editors look
                items[key] = child
            return _Node(items, line)
        if isinstance(node, yaml.SequenceNode):
            return _Node([self.tree(child, loader) for child in node.value], line)
        try:
            value = loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError):
            value = node.value  # e.g. 2026-13-01: keep the text, the date check reports it
        return _Node(value, line, raw=nfc(str(node.value)))

    # -- checks of single values ---------------------------------------------------------

    def mapping(self, node: _Node, what: str, allowed: tuple[str, ...]) -> dict[str, _Node]:
        if not isinstance(node.value, dict):
            self.fail(node.line, f"{what} phải gồm các dòng 'tên: giá trị'.")
            return {}
        for key, child in node.value.items():
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f" Có phải ý bạn là '{close[0]}'?" if close else ""
                self.fail(
                    child.line,
                    f"khóa '{key}' không dùng được ở {what}.{hint} "
                    f"Các khóa dùng được: {', '.join(allowed)}.",
                )
        return node.value

    def text(
        self, parent: dict[str, _Node], key: str, line: int, *, required: bool, minimum: int = 1
    ) -> str:
        node = parent.get(key)
        example = EXAMPLES.get(key, f"{key}: …")
        if node is None or node.value is None or node.raw == "":
            if required:
                self.fail(line, f"thiếu '{key}'. Ví dụ: {example}")
            return ""
        if isinstance(node.value, dict | list):
            self.fail(node.line, f"'{key}' phải là một đoạn chữ trên cùng dòng. Ví dụ: {example}")
            return ""
        value = " ".join(node.raw.split())  # folded YAML blocks and stray spaces become one line
        if len(value) < minimum:
            self.fail(node.line, f"'{key}' quá ngắn: cần ít nhất {minimum} ký tự.")
        return value

    def number(self, node: _Node, what: str) -> float | None:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(
                node.line,
                f"{what} phải là một số viết liền theo kiểu máy, ví dụ 5310000 hoặc 8.5 "
                f"(ảnh sẽ tự hiện 5.310.000 và 8,5); đang là '{node.raw or '…'}'.",
            )
            return None
        if value < 0:
            self.fail(node.line, f"{what} không được âm (đang là {node.raw}).")
            return None
        return value

    def numbers(self, node: _Node | None, what: str, line: int) -> tuple[float, ...] | None:
        if node is None:
            self.fail(line, f"thiếu {what}.")
            return None
        children = node.value if isinstance(node.value, list) else [node]
        if not children:
            self.fail(node.line, f"{what} cần ít nhất một số, ví dụ [5310000].")
            return None
        values = [self.number(child, what) for child in children]
        return None if None in values or not values else tuple(values)

    def day(self, node: _Node | None, key: str, line: int) -> dt.date | None:
        if node is None:
            self.fail(line, f"thiếu '{key}' (ngày kiểm tra số liệu). Ví dụ: {key}: 2026-11-01")
            return None
        if isinstance(node.value, dt.datetime) or not isinstance(node.value, dt.date):
            self.fail(
                node.line,
                f"'{key}' phải là ngày dạng YYYY-MM-DD, ví dụ 2026-11-01 (đang là '{node.raw}').",
            )
            return None
        return node.value

    def choice(
        self, parent: dict[str, _Node], key: str, options: dict[str, str], line: int, default=None
    ) -> str | None:
        node = parent.get(key)
        listed = "; ".join(f"{k} ({v})" for k, v in options.items())
        if node is None:
            if default is None:
                self.fail(line, f"thiếu '{key}'. Chọn một trong: {listed}.")
            return default
        if node.raw not in options:
            self.fail(
                node.line, f"'{key}' phải là một trong: {listed}; đang là '{node.raw or ''}'."
            )
            return None
        return node.raw


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def load(file: Path, shown: str | None = None) -> Spec:
    """Read and check one data file; raise SpecError listing every mistake in it."""
    shown = shown or file.as_posix()
    reader = _Reader(shown)
    name = file.stem
    if not NAME.match(name):
        reader.fail(
            1,
            f"tên tệp '{file.name}' phải viết thường, không dấu, các từ nối bằng dấu gạch ngang, "
            "ví dụ luong-toi-thieu-vung-2026.yml; tên này dùng để nhúng ảnh vào bài.",
        )
    data = file.read_bytes()
    try:
        text = nfc(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SpecError([Problem(shown, line, "tệp phải lưu với bảng mã UTF-8.")]) from None
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise SpecError([Problem(shown, 1, "tệp trống: cần ít nhất title, kind, items …")])
        tree = reader.tree(root, loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        hint = (
            " Nếu giá trị có dấu ':' theo sau là dấu cách, hãy đặt cả giá trị trong dấu ngoặc kép."
            if "mapping values" in problem
            else " Kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu ':' và dấu ngoặc kép."
        )
        line = mark.line + 1 if mark else 1
        raise SpecError([Problem(shown, line, f"sai cú pháp YAML ({problem}).{hint}")]) from None
    finally:
        loader.dispose()
    top = reader.mapping(tree, "đầu tệp", TOP_KEYS)
    spec, extra = _build(reader, file, name, tree, top) if top else (None, b"")
    if reader.problems or spec is None:
        raise SpecError(reader.problems or [Problem(shown, 1, "tệp không có nội dung.")])
    return dataclasses.replace(spec, digest=_digest(data, extra))


def _build(reader: _Reader, file: Path, name: str, tree: _Node, top: dict[str, _Node]):
    """Check every key of a file's top-level mapping; returns the Spec and any CSV bytes."""
    text = reader.text
    kind = reader.choice(top, "kind", KINDS, tree.line)
    title = text(top, "title", tree.line, required=True)
    fields = dict(
        subtitle=text(top, "subtitle", tree.line, required=False),
        topic=text(top, "topic", tree.line, required=False),
        note=text(top, "note", tree.line, required=False),
        source=text(top, "source", tree.line, required=True),
        alt=text(top, "alt", tree.line, required=True, minimum=30),
    )
    if fields["source"] and not DOCUMENT_NUMBER.search(fields["source"]):
        reader.fail(
            top["source"].line,
            "dòng nguồn 'source' phải ghi số hiệu văn bản pháp luật, ví dụ "
            "'Nghị định 293/2025/NĐ-CP' hoặc 'Bộ luật Lao động 45/2019/QH14'.",
        )
    checked = reader.day(top.get("checked"), "checked", tree.line)
    unit, style, series, items, extra = "", "numbered", (), (), b""
    # The other keys depend on the kind: without a valid kind, one message is enough.
    if kind:
        charted = kind in ("bars", "split")
        unit = text(top, "unit", tree.line, required=charted)
        if not charted and "unit" in top:
            reader.fail(top["unit"].line, "'unit' chỉ dùng cho kind bars hoặc split.")
        if kind == "steps":
            style = reader.choice(top, "style", STYLES, tree.line, default="numbered")
        elif "style" in top:
            reader.fail(top["style"].line, "'style' chỉ dùng cho kind steps.")
        if charted:
            series = _series(reader, top.get("series"), kind, tree.line)
        elif "series" in top:
            reader.fail(top["series"].line, "'series' chỉ dùng cho kind bars hoặc split.")
        items, extra = _items(reader, file, kind, top.get("items"), len(series), tree.line)
    lines = {key: node.line for key, node in top.items()}
    spec = Spec(
        name=name,
        path=reader.path,
        kind=kind or "",
        title=title,
        unit=unit,
        series=series,
        items=items,
        style=style or "numbered",
        checked=checked or dt.date.min,
        digest="",
        lines=lines,
        **fields,
    )
    return spec, extra


def _series(reader: _Reader, node: _Node | None, kind: str, line: int) -> tuple[Series, ...]:
    example = "series:\n  - name: Từ 01/01/2026\n    short: '2026'"
    least = 2 if kind == "split" else 1
    if node is None or not isinstance(node.value, list) or len(node.value) < least:
        where = node.line if node else line
        reader.fail(where, f"'series' cần một danh sách ít nhất {least} dãy số. Ví dụ:\n{example}")
        return ()
    if len(node.value) > MAX_SERIES:
        reader.fail(node.line, f"'series' có tối đa {MAX_SERIES} dãy (để màu còn phân biệt được).")
    found = []
    for child in node.value:
        entry = reader.mapping(child, "mỗi dãy của 'series'", ("name", "short"))
        series_name = reader.text(entry, "name", child.line, required=True)
        short = reader.text(entry, "short", child.line, required=False)
        found.append(Series(series_name, short or series_name))
    return tuple(found)


def _items(reader: _Reader, file: Path, kind: str, node: _Node | None, series: int, line: int):
    """The `items` list of any kind; bars and split may name a CSV file instead."""
    keys = ITEM_KEYS[kind]
    if node is not None and isinstance(node.value, str) and node.value.endswith(".csv"):
        if kind not in ("bars", "split"):
            reader.fail(node.line, "chỉ kind bars và split đọc được số liệu từ tệp CSV.")
            return (), b""
        csv_file = safepaths.safe_path(file.parent, node.value)
        if isinstance(csv_file, str):  # /tmp/x.csv, ../x.csv or a link: never read
            reader.fail(node.line, csv_file)
            return (), b""
        return _csv_rows(reader, csv_file, series, node.line)
    if node is None or not isinstance(node.value, list) or not node.value:
        example = "\n".join(f"    {k}: …" for k in keys).replace("    ", "  - ", 1)
        reader.fail(node.line if node else line, f"'items' cần một danh sách các mục:\n{example}")
        return (), b""
    if len(node.value) > MAX_ITEMS[kind]:
        reader.fail(
            node.line,
            f"'items' có {len(node.value)} mục, quá nhiều cho một ảnh {KINDS[kind]}: "
            f"tối đa {MAX_ITEMS[kind]} (tách thành hai infographic).",
        )
    found = []
    for child in node.value:
        entry = reader.mapping(child, "mỗi mục của 'items'", keys)
        where = child.line
        if kind in ("bars", "split"):
            label = reader.text(entry, "label", where, required=True)
            values = reader.numbers(entry.get("values"), "'values' (các số của mục)", where)
            if values is not None and series and len(values) != series:
                reader.fail(
                    entry["values"].line,
                    f"mục '{label}' có {len(values)} số nhưng 'series' có {series} dãy; "
                    f"cần đúng {series} số, theo thứ tự của 'series'.",
                )
            found.append(Row(label, values or ()))
        elif kind == "cards":
            values = reader.numbers(entry.get("value"), "'value' (con số của thẻ)", where)
            found.append(
                Card(
                    values or (),
                    reader.text(entry, "unit", where, required=False),
                    reader.text(entry, "label", where, required=True),
                    reader.text(entry, "note", where, required=False),
                )
            )
        elif kind == "timeline":
            found.append(
                Event(
                    _when(reader, entry.get("date"), where),
                    reader.text(entry, "title", where, required=True),
                    reader.text(entry, "text", where, required=False),
                )
            )
        else:
            found.append(
                Step(
                    reader.text(entry, "title", where, required=True),
                    reader.text(entry, "text", where, required=False),
                )
            )
    return tuple(found), b""


def _when(reader: _Reader, node: _Node | None, line: int) -> dt.date | int:
    if node is not None:
        if isinstance(node.value, dt.date) and not isinstance(node.value, dt.datetime):
            return node.value
        year = node.value
        if isinstance(year, int) and not isinstance(year, bool) and 1900 <= year <= 2100:
            return year
    reader.fail(
        node.line if node else line,
        "'date' của mốc phải là ngày dạng YYYY-MM-DD (ví dụ 2026-01-01) hoặc chỉ năm (ví dụ 2028)"
        + (f"; đang là '{node.raw}'." if node else "."),
    )
    return 0


def _csv_rows(reader: _Reader, csv_file: Path, series: int, line: int):
    """Rows from a CSV file: a header, then a label and one number per series on each line."""
    shown = (Path(reader.path).parent / csv_file.name).as_posix()
    if not csv_file.is_file():
        reader.fail(line, f"không tìm thấy tệp số liệu {shown} (đặt cạnh tệp YAML).")
        return (), b""
    data = csv_file.read_bytes()
    rows = []
    try:
        table = list(csv.reader(io.StringIO(nfc(data.decode("utf-8-sig")))))
    except UnicodeDecodeError as error:
        where = data[: error.start].count(b"\n") + 1
        reader.problems.append(Problem(shown, where, "tệp CSV phải lưu với bảng mã UTF-8."))
        return (), data
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != series + 1:
            reader.problems.append(
                Problem(
                    shown,
                    number,
                    f"cần {series + 1} cột (tên mục và {series} số), có {len(cells)}.",
                )
            )
            continue
        values = []
        for cell in cells[1:]:
            try:
                values.append(float(cell.strip()) if "." in cell else int(cell.strip()))
            except ValueError:
                reader.problems.append(
                    Problem(
                        shown,
                        number,
                        f"'{cell}' không phải số viết kiểu máy (ví dụ 5310000 hoặc 8.5).",
                    )
                )
        rows.append(Row(cells[0].strip(), tuple(values)))
    if not rows:
        reader.fail(line, f"tệp {shown} không có dòng số liệu nào dưới dòng tiêu đề cột.")
    return tuple(rows), data


def load_all(folder: Path, root: Path | None = None) -> tuple[list[Spec], list[Problem]]:
    """Every data file in `folder` that is valid, and the problems of the others."""
    specs, problems = [], []
    for file in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")):
        shown = file.relative_to(root).as_posix() if root else file.as_posix()
        try:
            specs.append(load(file, shown))
        except SpecError as error:
            problems.extend(error.problems)
    return specs, problems
