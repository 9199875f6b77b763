"""`portal export`: article bundles for the province's CMS, over `portal.publish.export`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from portal import settings
from portal.publish.export import ExportError, export


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ngày '{text}' phải có dạng YYYY-MM-DD, ví dụ 2026-01-01"
        ) from None


def cmd_export(args: argparse.Namespace) -> int:
    root = settings.project_root()
    if not args.slugs and args.since is None:
        print("Chọn bài: ghi tên bài (ví dụ luong-toi-thieu-vung-2026) hoặc --since NGÀY.",
              file=sys.stderr)  # fmt: skip
        return 2
    site = Path(args.site).resolve() if args.site else None
    if site is not None and not (site / "index.html").is_file():
        print(f"{args.site} không phải trang đã dựng (không có index.html).", file=sys.stderr)
        return 1
    out = Path(args.out)
    try:
        bundles = export(root, args.slugs, args.since, out, site)
    except ExportError as error:
        print(f"Xuất bài thất bại: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Xuất bài thất bại: lỗi ghi tệp: {error.strerror} ({error.filename}).",
              file=sys.stderr)  # fmt: skip
        return 1
    for item in bundles:
        images = sum(n.startswith("images/") for n in item.files)
        print(f"  {item.folder}: {images} ảnh")
        for note in item.notes:
            print(f"    {note}")
    print(f"Đã xuất {len(bundles)} bài vào {out}.")
    return 0


def add_commands(commands) -> None:
    """Register `export` on the `portal` command."""
    export_cmd = commands.add_parser(
        "export", help="đóng gói bài (HTML sạch, ảnh, thông tin) cho hệ thống của tỉnh"
    )
    export_cmd.add_argument(
        "slugs", nargs="*", metavar="BÀI", help="tên bài, ví dụ luong-toi-thieu-vung-2026"
    )
    export_cmd.add_argument(
        "--out", required=True, metavar="TỆP", help="tệp zip sẽ ghi, ví dụ bai-viet.zip"
    )
    export_cmd.add_argument(
        "--since", type=_date, metavar="NGÀY", help="thêm mọi bài thay đổi từ ngày này (YYYY-MM-DD)"
    )
    export_cmd.add_argument(
        "--site", metavar="THƯ_MỤC", help="dùng trang đã dựng ở thư mục này thay vì dựng lại"
    )
    export_cmd.set_defaults(run=cmd_export)
