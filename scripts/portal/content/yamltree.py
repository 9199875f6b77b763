"""YAML as editors write it, read into plain values with the line of every one of them.

Why not `yaml.safe_load`: its timestamp constructor turns `2026-13-45` into a traceback with
no file or line, it reads `02043123456` as an octal number, it expands alias bombs until memory
runs out, and it forgets where each value was written. Here the YAML parser only builds the
tree (libyaml when present); every scalar stays text and the schema's field types decide what
the text means (`fields.py`), so one mistake is one Vietnamese message at its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from portal.problems import Problem
from portal.text import nfc

# Path of a value inside the data: keys and list positions, e.g. ("nhiem_vu", 0, "chu_tri").
Where = tuple[str | int, ...]

# libyaml builds the tree about ten times faster; the pure-Python parser, which reads the same
# YAML, gives the messages of the hints below when the fast one finds a syntax error.
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Tags YAML writes implicitly (or an editor may spell out): anything else, such as
# `!!python/object`, is refused rather than constructed.
_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "binary")
}
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
# Deeper than this no editor's file goes; a pasted "[[[[…" would exhaust the stack.
MAX_DEPTH = 40
# The largest data file or front matter that is still a document and not a pasted dump.
MAX_BYTES = 1_000_000
MAX_VALUES = 50_000

# The YAML mistakes editors make most, explained in their words.
_HINTS = {
    "mapping values are not allowed here": (
        "Giá trị ở dòng này có dấu ':' theo sau là dấu cách; hãy đặt cả giá trị trong dấu "
        'ngoặc kép, ví dụ: description: "Bảo hiểm: mức đóng năm 2026".'
    ),
    "found unexpected end of stream": (
        'Có dấu ngoặc kép mở mà chưa đóng; thêm dấu " ở cuối giá trị.'
    ),
    "found character '\\t' that cannot start any token": (
        "Dòng này thụt lề bằng phím Tab; YAML chỉ nhận dấu cách. Thay Tab bằng hai dấu cách."
    ),
}
_DEFAULT_HINT = (
    "Kiểm tra dấu ':', dấu ngoặc kép và khoảng trắng đầu dòng (thụt lề bằng dấu cách, "
    "không dùng Tab)."
)


class Plain(str):
    """A scalar written without quotes: the field types may read it as a number or a date."""

    __slots__ = ()


@dataclass
class Tree:
    """What a YAML text holds, the line of each value, and what was wrong with it."""

    data: object = None
    lines: dict = field(default_factory=dict)  # Where -> 1-based line
    problems: list[Problem] = field(default_factory=list)

    def line(self, where: Where) -> int:
        """Line of the value at `where`, or of the nearest enclosing value that exists."""
        while where:
            if where in self.lines:
                return self.lines[where]
            where = where[:-1]
        return self.lines.get((), 1)


class _Builder:
    def __init__(self, where: str, offset: int):
        self.where = where
        self.offset = offset  # lines before the YAML text in its file (front matter: 1)
        self.tree = Tree()
        self.seen: set[int] = set()
        self.count = 0

    def fail(self, line: int, code: str, message: str) -> None:
        self.tree.problems.append(Problem(self.where, line, code, message))

    def line_of(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def build(self, node: yaml.Node, path: Where, depth: int) -> object:
        line = self.line_of(node)
        self.tree.lines.setdefault(path, line)
        self.count += 1
        if id(node) in self.seen:
            # The composer hands back the same node for every alias: expanding them is how a
            # few lines of "&a [*b, *b, …]" grow into gigabytes. Said once per file.
            if any(p.code == "yaml-bi-danh" for p in self.tree.problems):
                return None
            self.fail(
                line, "yaml-bi-danh",
                "tệp dùng neo và bí danh YAML ('&tên' và '*tên'). Hãy viết thẳng giá trị ở "
                "từng chỗ cần dùng.",
            )  # fmt: skip
            return None
        if depth > MAX_DEPTH or self.count > MAX_VALUES:
            self.fail(
                line, "yaml-qua-sau",
                f"dữ liệu lồng quá sâu hoặc quá nhiều giá trị (giới hạn {MAX_DEPTH} tầng, "
                f"{MAX_VALUES} giá trị); có thể đã dán nhầm nội dung khác vào tệp.",
            )  # fmt: skip
            raise _Stop
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            self.seen.add(id(node))
        if node.tag not in _TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.fail(
                line, "yaml-the-la",
                f"thẻ YAML '{tag}' không dùng được trong tệp của biên tập viên; xóa nó và viết "
                "giá trị bình thường.",
            )  # fmt: skip
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(child, (*path, index), depth + 1)
                for index, child in enumerate(node.value)
            ]
        text = nfc(node.value)
        if (
            not node.style
        ):  # plain ("" from libyaml for an empty value): "null" and "" mean no value
            return None if _NULL.match(text) else Plain(text)
        return text

    def _mapping(self, node: yaml.MappingNode, path: Where, depth: int) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            key_line = self.line_of(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_line, "yaml-sai", "tên khóa phải là chữ, ví dụ 'title:'.")
                continue
            key = nfc(str(key_node.value))
            if key in result:
                first = self.tree.lines[(*path, key)]
                self.fail(
                    key_line, "khoa-lap",
                    f"khóa '{key}' bị lặp (đã có ở dòng {first}); mỗi khóa chỉ viết một lần.",
                )  # fmt: skip
                continue
            # The key's own line reads better than the value's (which may be on the next line).
            self.tree.lines[(*path, key)] = key_line
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result


class _Stop(Exception):
    """The tree is too deep or too large to read further."""


def parse(text: str, where: str, offset: int = 0, subject: str = "") -> Tree:
    """The tree of one YAML document; every mistake is a Problem, never an exception."""
    builder = _Builder(where, offset)
    tree = builder.tree
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        builder.fail(
            1 + offset, "tep-qua-lon",
            f"dữ liệu dài {size:,} byte, quá lớn (tối đa {MAX_BYTES:,}); có thể đã dán nhầm "
            "nội dung khác vào. Kiểm tra lại tệp.".replace(",", "."),
        )  # fmt: skip
        return tree
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1 + offset
        builder.fail(
            line, "ky-tu-la",
            "dòng này có ký tự rỗng (NUL), thường do dán từ tệp nhị phân hay Word; xóa dòng và "
            "gõ lại.",
        )  # fmt: skip
        return tree
    try:
        node = _compose(text)
    except yaml.YAMLError as error:
        builder.fail(*_syntax(error, offset, subject))
        return tree
    except RecursionError:
        builder.fail(
            1 + offset, "yaml-qua-sau",
            "dữ liệu lồng quá sâu (quá nhiều dấu ngoặc [ hoặc {); kiểm tra lại tệp.",
        )  # fmt: skip
        return tree
    if node is None:
        return tree
    try:
        tree.data = builder.build(node, (), 0)
    except _Stop:
        tree.data = None
    return tree


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_FAST)
    except yaml.YAMLError:
        # libyaml and PyYAML agree on what is wrong; PyYAML's words are the ones the hints
        # are written for, and its marks point where editors look.
        return yaml.compose(text, Loader=yaml.SafeLoader)


def _syntax(error: yaml.YAMLError, offset: int, subject: str) -> tuple[int, str, str]:
    problem = str(getattr(error, "problem", None) or error).strip()
    # An unclosed quote is found only at the end; the quote itself is where it began.
    unclosed = "end of stream" in problem
    mark = (getattr(error, "context_mark", None) if unclosed else None) or getattr(
        error, "problem_mark", None
    )
    line = (mark.line + 1 if mark else 1) + offset
    if "expected a single document" in problem or "expected '<document start>'" in problem:
        return (
            line,
            "yaml-sai",
            ("tệp chỉ được có một phần dữ liệu; dòng '---' thứ hai chia nó làm hai. Xóa dòng đó."),
        )
    hint = _HINTS.get(problem, _DEFAULT_HINT)
    return line, "yaml-sai", f"{subject}không đúng cú pháp YAML ({problem}). {hint}".lstrip()
