"""`portal facts`: the register of legal figures as a table, on today or another date."""

from __future__ import annotations

import argparse
import sys
import unicodedata

from portal import dates, settings
from portal.content import facts
from portal.content.fields import parse_date
from portal.site import facts_page

COLUMNS = ("Khóa", "Giá trị", "Thời gian áp dụng", "Căn cứ", "Trạng thái", "Kiểm tra")


def rows(register: facts.Register, day) -> list[tuple[str, ...]]:
    """One row per fact: key, value on `day`, its period, basis, status, last checked."""
    out = []
    for fact in register.facts.values():
        period = fact.at(day)
        value = fact.shown(period.value) if period else "(chưa có mức áp dụng)"
        upcoming = fact.next_change(day)
        if upcoming:
            value += f" → {fact.shown(upcoming.value)} từ {dates.short(upcoming.start)}"
        basis = ", ".join(b.number for b in period.bases) if period else ""
        out.append(
            (
                fact.key,
                value,
                period.span if period else "",
                basis,
                facts.STATUS_LABELS[fact.status],
                dates.short(fact.checked),
            )
        )
    return out


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def table(lines: list[tuple[str, ...]]) -> str:
    """Columns padded to their widest cell."""
    widths = [max(_width(row[i]) for row in [COLUMNS, *lines]) for i in range(len(COLUMNS))]

    def line(row) -> str:
        cells = [cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(COLUMNS), rule, *(line(r) for r in lines)])


def cmd_facts(args: argparse.Namespace) -> int:
    root = settings.project_root()
    if args.date:
        try:
            day = parse_date(args.date)
        except ValueError as error:  # the Vietnamese message of the field type
            print(f"portal facts: lỗi: --date {error.message()}", file=sys.stderr)
            return 2
    else:
        day = settings.today()
    register = facts.read(root)
    for problem in register.problems:
        print(problem, file=sys.stderr)
    if register.errors:
        print(f"Sửa các lỗi trong {facts.FILE} ở trên rồi chạy lại.", file=sys.stderr)
        return 1
    if args.format == "json":
        print(facts_page.as_json(register, day), end="")
        return 0
    if not register.facts:
        print(f"Chưa có số liệu nào trong {facts.FILE}.")
        return 0
    print(f"Số liệu áp dụng ngày {dates.short(day)} ({len(register.facts)} số liệu):")
    print(table(rows(register, day)))
    return 0


def add_commands(commands) -> None:
    """Register `portal facts` on the main parser's sub-commands."""
    command = commands.add_parser(
        "facts", help="in bảng số liệu pháp luật (data/so-lieu.yml) áp dụng hôm nay hoặc ngày khác"
    )
    command.add_argument(
        "--date", metavar="YYYY-MM-DD", help="xem số liệu áp dụng ngày này (mặc định: hôm nay)"
    )
    command.add_argument(
        "--format", choices=("text", "json"), default="text", help="dạng kết quả (mặc định: text)"
    )
    command.set_defaults(run=cmd_facts)
