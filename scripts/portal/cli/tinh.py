"""`portal tinh NAME key=value …`: the calculators of "Tính quyền lợi" for the office phone."""

from __future__ import annotations

import argparse
import json
import sys

from portal import calculators, dates, settings
from portal.content import facts, local_facts
from portal.content.fields import parse_date
from portal.problems import ContentError


def _figures(day) -> dict | None:
    root = settings.project_root()
    register = facts.read(root)
    for problem in register.errors:
        print(problem, file=sys.stderr)
    if register.errors:
        return None
    try:
        local = local_facts.read(root)
        region, confirmed = local.region or local.expected_region, local.region is not None
    except ContentError:
        region, confirmed = None, False
    keys = sorted({k for c in calculators.CALCULATORS.values() for k in c.keys})
    return calculators.build_figures(register, day, keys, region, confirmed)


def _list() -> str:
    lines = ["Các công cụ tính (portal tinh TÊN khóa=giá-trị …):"]
    for calculator in calculators.CALCULATORS.values():
        lines.append(f"  {calculator.name}: {calculator.title}")
        for f in calculator.fields:
            choices = "|".join(v for v, _ in f.choices)
            default = f", mặc định {f.default}" if f.default else ""
            optional = ", không bắt buộc" if f.optional else ""
            what = f" ({choices})" if choices else ""
            lines.append(f"      {f.name}{what}: {f.label}{default}{optional}")
    return "\n".join(lines)


def _text(calculator, result: dict, figures: dict) -> str:
    day = dates.short(parse_date(figures["ngay"]))
    lines = [f"{calculator.title} (số liệu áp dụng ngày {day})"]
    if result["loi"]:
        lines += [f"  {name}: {message}" for name, message in result["loi"].items()]
        return "\n".join(lines)
    if not result["ok"]:
        lines.append(f"  {result['thong_bao']}")
    for label, value in result["ket_qua"]:
        lines.append(f"  {label}: {value}")
    if result["cong_thuc"]:
        lines += ["Cách tính:", *(f"  - {line}" for line in result["cong_thuc"])]
    if result["so_lieu"] and result["ok"]:
        lines.append("Số liệu đã dùng (data/so-lieu.yml):")
        for key in result["so_lieu"]:
            fact = figures["so_lieu"][key]
            status = "" if fact["xac_nhan"] else ", chưa xác nhận"
            lines.append(f"  - {key}: {fact['v']} {fact['don_vi']} ({fact['can_cu']}{status})")
    if result["luu_y"]:
        lines += ["Cần biết:", *(f"  - {line}" for line in result["luu_y"])]
    return "\n".join(lines)


def cmd_tinh(args: argparse.Namespace) -> int:
    if not args.name:
        print(_list())
        return 0
    calculator = calculators.CALCULATORS.get(args.name)
    if calculator is None:
        names = ", ".join(calculators.CALCULATORS)
        print(f"portal tinh: lỗi: không có công cụ '{args.name}'; các công cụ: {names}.",
              file=sys.stderr)  # fmt: skip
        return 2
    known = {f.name for f in calculator.fields}
    raw = {}
    for pair in args.values:
        key, sep, value = pair.partition("=")
        if not sep or key not in known:
            print(
                f"portal tinh: lỗi: '{pair}' không phải khóa=giá-trị của công cụ "
                f"{calculator.name}; các khóa: {', '.join(f.name for f in calculator.fields)}.",
                file=sys.stderr,
            )
            return 2
        raw[key] = value
    if args.date:
        try:
            day = parse_date(args.date)
        except ValueError as error:
            print(f"portal tinh: lỗi: --date {error.message()}", file=sys.stderr)
            return 2
    else:
        day = settings.today()
    figures = _figures(day)
    if figures is None:
        print(f"Sửa các lỗi trong {facts.FILE} ở trên rồi chạy lại.", file=sys.stderr)
        return 1
    result = calculators.run(calculator.name, raw, figures)
    if args.format == "json":
        print(json.dumps({**result, "ngay": figures["ngay"]}, ensure_ascii=False, indent=1))
    else:
        print(_text(calculator, result, figures))
    return 0 if result["ok"] else 1


def add_commands(commands) -> None:
    """Register `portal tinh` on the main parser's sub-commands."""
    command = commands.add_parser(
        "tinh", help="tính quyền lợi (lương tối thiểu, làm thêm giờ, lương thực nhận …)"
    )
    command.add_argument(
        "name", nargs="?", metavar="TÊN", help="công cụ; bỏ trống để xem danh sách"
    )
    command.add_argument("values", nargs="*", metavar="KHÓA=GIÁ-TRỊ", help="ví dụ luong_gio=25500")
    command.add_argument("--date", metavar="YYYY-MM-DD", help="tính theo số liệu của ngày này")
    command.add_argument(
        "--format", choices=("text", "json"), default="text", help="dạng kết quả (mặc định: text)"
    )
    command.set_defaults(run=cmd_tinh)
