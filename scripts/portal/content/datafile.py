"""The one way every YAML file of the project is read: a tree with lines, then a schema.

A schema is a table: a pydantic model (`Schema`) whose fields have a type from `fields.py`, a
Vietnamese `title` (what editors call the field) and a `description`. `read` and `validate`
return the checked value and every problem of the file at once, each at its line, in Vietnamese,
with "Có phải ý bạn là …?" for near misses; a broken file is reported, never raised, so the
caller checks the other files too.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from portal.content import yamltree
from portal.content.fields import suggestion
from portal.content.yamltree import Tree, Where
from portal.problems import Problem


class Schema(BaseModel):
    """A table of fields: unknown keys are mistakes, values are read by the field types."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


S = TypeVar("S", bound=Schema)


@dataclass
class Result(Generic[S]):
    """A file read against its schema: the value when it is right, and what is wrong."""

    value: S | None
    problems: list[Problem] = field(default_factory=list)
    tree: Tree = field(default_factory=Tree)

    @property
    def ok(self) -> bool:
        return self.value is not None and not any(p.severity == "error" for p in self.problems)

    def line(self, *where: str | int) -> int:
        """Line of a value in the file, for messages the caller adds."""
        return self.tree.line(where)


# The line of a value, by its path: result.line("sources", 0, "date").
LineOf = Callable[..., int]


def read(
    path: Path,
    schema: type[S],
    where: str,
    context: dict | None = None,
    prepare: Callable[[Tree], Tree] | None = None,
) -> Result[S]:
    """Read and check one YAML file; `where` is how messages name it (e.g. data/ke-hoach.yml).

    `prepare` may change the tree before the schema reads it (e.g. fill in references).
    """
    tree = read_tree(path, where)
    if prepare is not None and tree.data is not None:
        tree = prepare(tree)
    return validate(tree, schema, where, context)


def read_tree(path: Path, where: str) -> Tree:
    """The YAML tree of a file; a missing or unreadable file is a problem of the tree."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _broken(where, 1, "thieu-tep", f"không tìm thấy tệp {where}.")
    except OSError as error:
        message = f"không đọc được tệp ({error.strerror}); kiểm tra quyền đọc tệp."
        return _broken(where, 1, "thieu-tep", message)
    text, problem = decode(raw, where)
    if problem:
        return Tree(problems=[problem])
    return parse_text(text, where)


def decode(raw: bytes, where: str) -> tuple[str, Problem | None]:
    """The text of a file's bytes, or why it is not UTF-8 text (at the line it stops being)."""
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = (
            "tệp không phải chữ UTF-8 (có thể lưu từ Word hay Excel bằng bảng mã khác, hoặc là "
            "tệp Word hay ảnh bị đổi đuôi). Mở bằng trình soạn thảo văn bản và lưu lại dưới dạng "
            "UTF-8."
        )
        return "", Problem(where, line, "khong-phai-utf8", message)


def _broken(where: str, line: int, code: str, message: str) -> Tree:
    return Tree(problems=[Problem(where, line, code, message)])


def parse_text(text: str, where: str, offset: int = 0, subject: str = "") -> Tree:
    """The YAML tree of a text; a byte-order mark or Windows line endings are fine here.

    `subject` names the text in a syntax message ("thông tin đầu bài ") when it is part of a file.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    return yamltree.parse(text, where, offset, subject)


def validate(tree: Tree, schema: type[S], where: str, context: dict | None = None) -> Result[S]:
    """Check a tree against a schema; the problems are the tree's and the schema's, by line."""
    problems = list(tree.problems)
    # A file the parser could not read whole has nothing more to check; a refused alias or tag
    # is read as an empty value, so the rest of the file is still checked.
    if any(p.code in _UNREADABLE for p in problems):
        return Result(None, problems, tree)
    data = {} if tree.data is None else tree.data
    try:
        value = schema.model_validate(data, context=context)
    except ValidationError as error:
        problems += [_problem(e, schema, tree, where) for e in error.errors(include_url=False)]
        problems.sort(key=lambda p: p.line)
        return Result(None, problems, tree)
    return Result(value, problems, tree)


def partial(tree: Tree, schema: type[Schema]) -> dict:
    """The top-level values of a tree that are right, each read by its field's type.

    For a file with mistakes: what can still be used (a title to list, a date to sort by)
    while the mistakes are reported.
    """
    data = tree.data if isinstance(tree.data, dict) else {}
    fields = {info.alias or name: info for name, info in schema.model_fields.items()}
    found = {}
    for key, value in data.items():
        if key in fields:
            try:
                found[key] = _adapter(schema, key, fields[key]).validate_python(value)
            except ValidationError:
                continue
    return found


@functools.cache
def _adapter(schema: type[Schema], key: str, info: FieldInfo) -> TypeAdapter:
    annotation = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def _problem(error: dict, schema: type[Schema], tree: Tree, where: str) -> Problem:
    loc: Where = tuple(error["loc"])
    kind = error["type"]
    info, parent = _field_at(schema, loc)
    label = f" ({info.title})" if info is not None and info.title else ""
    name = _dotted(loc, label)
    line = tree.line(loc)
    if kind == "missing":
        example = (info.examples or ["…"])[0] if info is not None else "…"
        inside = f" trong {_dotted(loc[:-1])}" if len(loc) > 1 else ""
        message = f"thiếu '{loc[-1]}'{label}{inside}; thêm dòng '{loc[-1]}: {example}'"
        # A key missing at the top is added at the top of the file.
        return Problem(where, tree.line(loc[:-1]) if len(loc) > 1 else 1, "thieu-khoa", message)
    if kind == "extra_forbidden":
        allowed = _keys(parent) if parent is not None else []
        key = str(loc[-1])
        message = (
            f"khóa '{key}' không có trong mẫu.{suggestion(key, allowed)} "
            f"Các khóa dùng được: {', '.join(allowed)}"
        )
        return Problem(where, line, "khoa-la", message)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        message = f"{name} phải gồm các dòng 'tên: giá trị' (đang là {_kind(error['input'])})"
        return Problem(where, line, "gia-tri-sai", message)
    if kind in ("list_type", "tuple_type"):
        message = (
            f"{name} phải là danh sách, mỗi mục một dòng bắt đầu bằng '  - ' "
            f"(đang là {_kind(error['input'])})"
        )
        return Problem(where, line, "gia-tri-sai", message)
    if kind in ("too_short", "too_long"):
        low, high = _length_bounds(info)
        count = len(error["input"]) if hasattr(error["input"], "__len__") else 0
        wanted = f"từ {low} đến {high}" if high else f"ít nhất {low}"
        message = f"{name} cần {wanted} mục (đang có {count})"
        return Problem(where, line, "gia-tri-sai", message)
    code = kind if kind in _ENGINE_CODES else "gia-tri-sai"
    return Problem(where, line, code, f"{name} {error['msg']}")


_UNREADABLE = {"yaml-sai", "yaml-qua-sau", "tep-qua-lon", "ky-tu-la", "khong-phai-utf8"}
# The codes our field types raise; pydantic's own error types all map to the ones above.
_ENGINE_CODES = {"gia-tri-sai", "ngay-sai", "ky-tu-html"}


def _dotted(loc: Where, label: str = "") -> str:
    """A location in editors' words: 'date' (ngày ban hành) trong mục thứ 1 của 'sources'."""
    if not loc:
        return "tệp"
    *outer, last = loc
    if isinstance(last, int):
        owner = f" của '{outer.pop()}'" if outer and isinstance(outer[-1], str) else ""
        text = f"mục thứ {last + 1}{owner}{label}"
    else:
        text = f"'{last}'{label}"
    return f"{text} trong {_dotted(tuple(outer))}" if outer else text


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "một bảng"
    if isinstance(value, list):
        return "một danh sách"
    if value is None:
        return "để trống"
    return f"'{value}'"


def _length_bounds(info: FieldInfo | None) -> tuple[int, int | None]:
    low, high = 0, None
    for item in getattr(info, "metadata", []):
        low = getattr(item, "min_length", None) or low
        high = getattr(item, "max_length", None) or high
    return low, high


def _keys(schema: type[Schema]) -> list[str]:
    return [info.alias or name for name, info in schema.model_fields.items()]


def _field_at(schema: type[Schema], loc: Where) -> tuple[FieldInfo | None, type[Schema] | None]:
    """The field a location names and the schema that holds it."""
    current: Any = schema
    info: FieldInfo | None = None
    parent: type[Schema] | None = None
    for part in loc:
        if isinstance(part, int):
            current = _item_type(current)
            continue
        model = _model(current)
        if model is None:
            return info, parent
        parent = model
        info = next((f for n, f in model.model_fields.items() if (f.alias or n) == part), None)
        if info is None:
            return None, parent
        current = info.annotation
    return info, parent if parent is not None else _model(current)


def _model(annotation: Any) -> type[Schema] | None:
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, Schema):
            return candidate
    return None


def _item_type(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (list, tuple):
        args = typing.get_args(annotation)
        return args[0] if args else Any
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if typing.get_origin(arg) in (list, tuple):
                return _item_type(arg)
    return annotation
