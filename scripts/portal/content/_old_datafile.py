"""Reading the YAML data files editors keep, with the line of every value for error messages.

The plan (data/ke-hoach.yml) and the local facts (data/dia-phuong.yml) are edited by commune
staff; a mistake must be reported as "tệp:dòng: what is wrong", in Vietnamese, all at once.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from portal.problems import ContentError, Problem
from portal.text import nfc

# Path of a value inside the data: keys and list positions, e.g. ("nhiem_vu", 0, "chu_tri").
Where = tuple[str | int, ...]


class Lines(dict):
    """Line (1-based) of each value by its path; a missing path falls back to its parent's."""

    def at(self, *path: str | int) -> int:
        """Line of the value at `path`, or of the nearest enclosing value that exists."""
        while path:
            if path in self:
                return self[path]
            path = path[:-1]
        return self.get((), 1)


def _walk(node: yaml.Node, path: Where, lines: Lines) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _walk(value, (*path, key.value), lines)
            # The key's own line reads better than the value's (which may be on the next line).
            lines[(*path, key.value)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines)


def load(path: Path, where: str) -> tuple[object, Lines]:
    """The data in a YAML file and the line of each value; ContentError names file and line."""
    try:
        text = nfc(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        message = f"không tìm thấy tệp {where}: tệp này phải có."
        raise ContentError([Problem(where, 1, "thieu-tep-du-lieu", message)]) from None
    loader = yaml.SafeLoader(text)
    lines = Lines()
    try:
        node = loader.get_single_node()
        if node is None:
            return None, lines
        _walk(node, (), lines)
        return loader.construct_document(node), lines
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = str(getattr(error, "problem", None) or error)
        message = (
            f"không đúng cú pháp YAML ({problem}). Kiểm tra dấu ':', dấu ngoặc kép và khoảng "
            "trắng đầu dòng (thụt lề bằng dấu cách, không dùng Tab)."
        )
        raise ContentError([Problem(where, line, "du-lieu-sai-cu-phap", message)]) from None
    finally:
        loader.dispose()


class Problems:
    """Mistakes found in one data file, reported together as one ContentError."""

    def __init__(self, where: str, lines: Lines, code: str = "du-lieu-sai"):
        self.where = where
        self.lines = lines
        self.code = code
        self.found: list[Problem] = []

    def add(self, path: Where, message: str) -> None:
        """Record a mistake at the value found at `path` (or its nearest parent)."""
        self.found.append(Problem(self.where, self.lines.at(*path), self.code, message))

    def raise_if_any(self) -> None:
        """Raise one ContentError listing every mistake, in line order."""
        if self.found:
            raise ContentError(sorted(self.found, key=lambda p: p.line))


def text(value: object) -> str | None:
    """The value as stripped text if it is a non-empty string, else None."""
    return value.strip() if isinstance(value, str) and value.strip() else None


def unknown_keys(
    data: dict, allowed: tuple[str, ...], path: Where, problems: Problems, what: str
) -> None:
    """Report keys of `data` that the format does not know."""
    for key in data:
        if key not in allowed:
            problems.add(
                (*path, key),
                f"{what} có khóa lạ '{key}'; các khóa dùng được: {', '.join(allowed)}",
            )
