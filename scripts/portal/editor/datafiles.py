"""Data files saved from the web editor without losing what editors wrote around the values.

Decap writes a whole YAML file anew from its form, which drops every comment: in
`data/dia-phuong.yml` the comments say what each value still waits for ("CẦN XÁC NHẬN") and in
`data/ke-hoach.yml` they explain the plan. So the service takes only the values from Decap's
text and puts them into the file as it was: each changed value on its own line
(`merge_values`), and the progress log as the block that ends the plan (`merge_plan`).
"""

from __future__ import annotations

import re

import yaml

from portal.content import datafile
from portal.problems import ContentError, PortalError

_KEY_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*):(?P<rest>.*)$")
_TRAILING_COMMENT = re.compile(r"\s+#[^\"']*$")


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as the project's files are written."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data):
        return True


def _tree(text: str, where: str):
    tree = datafile.parse_text(text, where)
    if tree.problems:
        raise ContentError(tree.problems)
    return tree


def native(value: object) -> object:
    """The tree's text values as plain str (the dumper knows no subclass of str)."""
    if isinstance(value, dict):
        return {str(k): native(v) for k, v in value.items()}
    if isinstance(value, list):
        return [native(v) for v in value]
    return str(value) if isinstance(value, str) else value


def _scalar(value: object) -> str:
    """One value as YAML on one line."""
    if value is None or value == "":
        return "null"
    value = native(value)
    dumped = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, width=10**6)
    return dumped.removesuffix("\n...\n").strip()


def _leaves(data: object, where: tuple = ()) -> dict[tuple, object]:
    if isinstance(data, dict):
        out: dict[tuple, object] = {}
        for key, value in data.items():
            out.update(_leaves(value, (*where, str(key))))
        return out
    if isinstance(data, list):
        out = {}
        for index, value in enumerate(data):
            out.update(_leaves(value, (*where, index)))
        return out
    return {where: data}


def _plain(value: object) -> object:
    """A value as the form gives it: numbers and text compared as text."""
    return None if value in (None, "") else str(value)


def merge_values(original: bytes, written: bytes, where: str) -> bytes:
    """`original` with each value `written` changed rewritten on its line, comments kept."""
    old_text = original.decode("utf-8")
    old = _tree(old_text, where)
    new = _tree(written.decode("utf-8"), where)
    old_leaves, new_leaves = _leaves(old.data), _leaves(new.data)
    lines = old_text.split("\n")
    for path, value in new_leaves.items():
        if path in old_leaves and _plain(old_leaves[path]) == _plain(value):
            continue
        if path not in old_leaves:
            if value in (None, ""):
                continue  # the form shows an empty optional field; the file leaves it out
            raise PortalError(
                f"{where}: không thêm được dòng mới '{'.'.join(map(str, path))}' từ biểu mẫu; "
                "thêm hay bớt một mục thì sửa tệp bằng tay (xem HUONG-DAN-BIEN-TAP.md)."
            )
        number = old.line(path) - 1
        match = _KEY_LINE.match(lines[number])
        rest = match.group("rest").strip() if match else ""
        if not match or match.group("key") != path[-1] or rest[:1] in (">", "|"):
            raise PortalError(
                f"{where}:{number + 1}: giá trị '{path[-1]}' viết trên nhiều dòng; sửa nó bằng "
                "tay trong tệp."
            )
        comment = _TRAILING_COMMENT.search(match.group("rest"))
        tail = comment.group(0) if comment else ""
        lines[number] = f"{match.group('lead')}{match.group('key')}: {_scalar(value)}{tail}"
    return "\n".join(lines).encode("utf-8")


def merge_plan(original: bytes, written: bytes, key: str = "tien_do") -> bytes:
    """`original` up to its last block `key:`, then that block as the form has it."""
    old_text = original.decode("utf-8")
    new = _tree(written.decode("utf-8"), "data/ke-hoach.yml")
    items = native(new.data.get(key)) if isinstance(new.data, dict) else None
    items = [
        {k: (v if not (k == "nhiem_vu" and not v) else None) for k, v in item.items()}
        for item in (items or [])
        if isinstance(item, dict)
    ]
    for item in items:
        if isinstance(item.get("nhiem_vu"), list):
            item["nhiem_vu"] = [int(n) if str(n).isdigit() else n for n in item["nhiem_vu"]]
    lines = old_text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
    head = "\n".join(lines[:start]) + "\n" if start is not None else old_text.rstrip("\n") + "\n\n"
    block = yaml.dump({key: items}, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                      width=96)  # fmt: skip
    return (head + block).encode("utf-8")
