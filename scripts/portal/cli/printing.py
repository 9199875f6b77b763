"""`portal in`: posters, handouts and conference decks as PDF, for chosen articles."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from portal import settings
from portal.infographics.embed import kilobytes
from portal.print import select


def add_commands(commands) -> None:
    """Register `portal in KIND NAME…` on the `portal` parser."""
    command = commands.add_parser(
        "in", help="làm bản in PDF: áp phích, tờ rơi hai mặt hoặc bài trình chiếu"
    )
    command.add_argument(
        "kind", choices=tuple(select.KINDS), metavar="LOẠI",
        help="ap-phich (mỗi bài một tờ A4), to-roi (một tờ A4 hai mặt cho các bài) hoặc "
        "trinh-chieu (bài trình chiếu 16:9 cho hội nghị)",
    )  # fmt: skip
    command.add_argument(
        "names", nargs="+", metavar="BÀI",
        help="tên bài như trong địa chỉ (tuoi-nghi-huu, phap-luat/tuoi-nghi-huu) hoặc một mục "
        "(chinh-sach/bao-hiem: mọi bài của mục)",
    )  # fmt: skip
    command.add_argument("--title", default="", help="tiêu đề tờ rơi hay bài trình chiếu")
    command.add_argument("--a3", action="store_true", help="áp phích khổ A3 thay cho A4")
    command.add_argument(
        "--out", default="tai-lieu-in", metavar="THƯ_MỤC",
        help="thư mục ghi tệp PDF (mặc định: tai-lieu-in)",
    )  # fmt: skip
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Make the PDFs, write them into --out, and say what was made and what to fix."""
    root = settings.project_root()
    made = select.make(root, args.kind, args.names, args.title, "a3" if args.a3 else "a4")
    folder = Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)

    for item in made:
        path = folder / item.name
        path.write_bytes(item.output.data)
        pages = item.output.pages
        print(f"Đã ghi {path} ({pages} trang, {kilobytes(len(item.output.data))}).")
        for warning in item.output.warnings:
            print(f"cảnh báo: {warning}", file=sys.stderr)

    print("In đen trắng vẫn rõ; mỗi tờ ghi ngày thông tin đúng đến.")
    return 0  # the files are written; the warnings say what to shorten
