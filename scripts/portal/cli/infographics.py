"""`portal infographics [--force] [TÊN…]`: draw the infographics into the cache, with progress."""

from __future__ import annotations

import argparse
import sys

from portal import settings
from portal.content.plan import overview_infographic
from portal.infographics.cache import Report, default_folder
from portal.infographics.embed import SYNTAX
from portal.infographics.fonts import FontError
from portal.infographics.library import Library

FOLDER = settings.INFOGRAPHICS


def add_commands(commands) -> None:
    """Register the sub-command on the `portal` parser."""
    command = commands.add_parser(
        "infographics", help="vẽ infographic từ tệp dữ liệu trong infographics/ (chỉ vẽ cái đổi)"
    )
    command.add_argument(
        "names", nargs="*", metavar="TÊN", help="tên tệp không có .yml (mặc định: tất cả)"
    )
    command.add_argument("--force", action="store_true", help="vẽ lại cả những ảnh không đổi")
    command.set_defaults(run=run)


class _Bar:
    """A one-line progress bar on a terminal; one line per image otherwise (logs, CI)."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.live = stream.isatty()

    def __call__(self, done: int, total: int, job_id: str) -> None:
        name = job_id.split("/", 1)[-1]
        if self.live:
            filled = round(24 * done / total)
            bar = "█" * filled + "·" * (24 - filled)
            end = "\n" if done == total else ""
            self.stream.write(f"\r[{bar}] {done}/{total} {name[:40]:<40}{end}")
        else:
            self.stream.write(f"Đã vẽ {done}/{total}: {name}\n")
        self.stream.flush()


def _about(problem, names: list[str]) -> bool:
    return not names or any(problem.path.endswith(f"/{name}.yml") for name in names)


def run(args: argparse.Namespace) -> int:
    """Draw what is missing or stale (everything with --force); list the problems in Vietnamese."""
    root = settings.project_root()
    library = Library(root / FOLDER, default_folder(root), root, overview_infographic(root))
    library.load()
    # A name with no data file at all is a typo; one whose file has mistakes is reported below.
    typos = [n for n in args.names if n not in library.specs and not _about_any(library, n)]
    for name in typos:
        print(f"portal infographics: lỗi: {library.unknown(name)}", file=sys.stderr)
    if typos:
        return 2
    names = [n for n in args.names if n in library.specs]
    try:
        if names or not args.names:
            report = library.render(names or None, force=args.force, progress=_Bar())
        else:
            report = Report()
    except FontError as error:
        print(error, file=sys.stderr)
        return 1
    problems = [p for p in library.problems if _about(p, args.names)]
    for problem in problems:
        print(problem, file=sys.stderr)
    files = sum(len(library.cache.files(job)) for job in report.rendered)
    print(
        f"Đã vẽ {len(report.rendered)} infographic ({files} tệp ảnh); "
        f"{len(report.reused)} infographic không đổi nên giữ nguyên."
    )
    if report.rendered:
        print(f"Ảnh nằm trong {library.cache.folder}; `portal build` đưa chúng vào trang.")
    if problems:
        print(
            f"Có {len(problems)} lỗi ở trên: sửa tệp dữ liệu rồi chạy lại. "
            "Các infographic khác vẫn được vẽ bình thường.",
            file=sys.stderr,
        )
        return 1
    print(f"Nhúng vào bài bằng một dòng riêng: {SYNTAX}")
    return 0


def _about_any(library: Library, name: str) -> bool:
    return any(_about(problem, [name]) for problem in library.problems)
