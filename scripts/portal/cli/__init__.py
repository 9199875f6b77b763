"""The `portal` command: argument parsing and printing over the engine, nothing else.

Nothing in the package imports this module. The engine returns results or raises PortalError;
here they become lines for the editor or publisher, and exit codes.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from portal import checks, settings
from portal.cli import broadcast as broadcast_commands
from portal.cli import editor as editor_commands
from portal.cli import export as export_commands
from portal.cli import facts as facts_commands
from portal.cli import infographics as infographics_commands
from portal.cli import printing as print_commands
from portal.cli import publish as publish_commands
from portal.cli import tinh as tinh_commands
from portal.content import articles as content
from portal.content import scaffold
from portal.problems import PortalError
from portal.site import build, preview


def cmd_build(args: argparse.Namespace) -> int:
    root = settings.project_root()
    try:
        pages = build.build_site(root, root / args.site_dir)
    except build.BuildError as error:
        _report(error.lines)
        print(
            f"Dựng trang thất bại ({len(error.lines)} lỗi/cảnh báo ở trên). "
            f"Thư mục {args.site_dir}/ cũ được giữ nguyên. Sửa các lỗi rồi chạy lại.",
            file=sys.stderr,
        )
        return 1
    print(f"Đã dựng {pages} trang vào {args.site_dir}/.")
    return 0


def _report(problems: list[str]) -> None:
    for line in problems:
        print(line, file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    root = settings.project_root()
    chosen, data = checks.targets_and_data(root, args.paths) if args.paths else (None, None)
    if args.paths and not chosen and not data:
        print(
            "Không có bài viết (.md) trong docs/ hay tệp dữ liệu (data/, infographics/) nào ở "
            "đường dẫn đã cho.",
            file=sys.stderr,
        )
        return 1
    if args.fix:
        all_files = list(content.markdown_files(root / settings.DOCS))
        for line in checks.fix(root, all_files if chosen is None else chosen):
            print(line)
    problems = checks.run(root, chosen, data)
    errors = sum(p.severity == "error" for p in problems)
    if args.format == "json":
        print(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            print(problem)
        warnings = len(problems) - errors
        print("Không có lỗi." if not errors else f"Có {errors} lỗi cần sửa.", end="")
        print(f" {warnings} cảnh báo." if warnings else "")
    return 1 if errors else 0


def cmd_new(args: argparse.Namespace) -> int:
    root = settings.project_root()
    today = settings.today()
    try:
        path = scaffold.new_article(root / settings.DOCS, args.title, args.section, today)
    except scaffold.ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    print("\n".join(scaffold.next_steps(path, root)))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    root = settings.project_root()
    try:
        address = preview.guard_address(args.dev_addr, print)
    except ValueError as error:
        print(f"--dev-addr: {error}", file=sys.stderr)
        return 1
    watched = [root / settings.DOCS, root / "data", root / "infographics", root / settings.CONFIG]
    if not args.article:
        # --dirty: after a save, rebuild only the changed pages, not the whole site.
        return _serve(root, root / settings.CONFIG, address, ["--dirty"], "", watched)
    chosen = checks.targets(root, [args.article])
    if len(chosen) != 1:
        print(f"'{args.article}' không phải một bài viết (.md) trong docs/.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="portal-preview-") as scratch:
        config = preview.make_project(root, chosen[0], Path(scratch))
        url = content.url_for(chosen[0])
        note = (
            "Chỉ xem trước bài này và các trang giới thiệu mục: liên kết tới bài khác chưa bấm "
            "được. Chạy 'portal serve' không kèm tên bài để xem cả trang."
        )
        # All of docs/: a photo saved anywhere is linked into the preview at the next build;
        # mkdocs.yml, which the preview project inherits.
        extra = ["--dirty", "--watch", str(root / settings.DOCS)]
        extra += ["--watch", str(root / settings.CONFIG)]
        return _serve(root, config, address, extra, url, watched, note)


def _serve(root, config, address, extra, url, watched, note="") -> int:
    command = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(config),
               "--dev-addr", address, *extra]  # fmt: skip
    # Material's end-of-life banner is not for editors (the README records the plan).
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
    print(f"Xem trước tại http://{address}/{url} (nhấn Ctrl+C để dừng). {note}".rstrip())
    print("Đang dựng trang…", flush=True)
    stopping = []

    def stop(*_):
        stopping.append(True)
        server.terminate()

    # Whoever stops `portal serve` (Ctrl+C, a test, a benchmark) stops the server with it.
    signal.signal(signal.SIGTERM, stop)
    while True:
        server = subprocess.Popen(command, cwd=root, env=env, text=True, bufsize=1,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
        output = preview.Output()
        try:
            for raw in server.stdout:
                line = output.line(raw)
                if line is not None:
                    print(line, flush=True)
            code = server.wait()
            if stopping or output.builds:
                return code
            # The first build failed, so nothing is served yet: try again at the next save.
            print("Sửa các lỗi ở trên rồi lưu tệp: bản xem trước sẽ tự chạy lại.", flush=True)
            preview.wait_for_change(watched)
            print("Đang dựng lại…", flush=True)
        except KeyboardInterrupt:
            server.terminate()
            server.wait()
            return 0


class _VietnameseHelp(argparse.HelpFormatter):
    """argparse's help layout with the few fixed English words in Vietnamese."""

    def add_usage(self, usage, actions, groups, prefix=None):
        # argparse passes prefix="" when it builds a sub-command's name; keep that one empty.
        return super().add_usage(
            usage, actions, groups, "Cách dùng: " if prefix is None else prefix
        )


# argparse's own error messages, in the editors' language.
_ERRORS = {
    "the following arguments are required": "thiếu tham số bắt buộc",
    "invalid choice": "lựa chọn không hợp lệ",
    "unrecognized arguments": "tham số không nhận ra",
    "expected one argument": "cần một giá trị",
    "choose from": "chọn một trong",
    "argument": "tham số",
}


class _Parser(argparse.ArgumentParser):
    """ArgumentParser that explains itself in Vietnamese, including `-h` and errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, formatter_class=_VietnameseHelp, add_help=False, **kwargs)
        self._positionals.title = "lệnh"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")

    def error(self, message):
        for english, vietnamese in _ERRORS.items():
            message = message.replace(english, vietnamese)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {message}\n")


def parser() -> argparse.ArgumentParser:
    main = _Parser(
        prog="portal",
        description="Công cụ của cổng thông tin pháp luật lao động xã Trần Phú.",
    )
    commands = main.add_subparsers(
        dest="command", metavar="LỆNH", required=True, parser_class=_Parser
    )

    build = commands.add_parser("build", help="dựng toàn bộ trang vào site/ (kiểm tra nghiêm ngặt)")
    build.add_argument("--site-dir", default="site", help="thư mục đích (mặc định: site)")
    build.set_defaults(run=cmd_build)

    new = commands.add_parser("new", help="tạo bài viết mới từ mẫu (bản nháp)")
    new.add_argument(
        "title", metavar="TIÊU_ĐỀ", help='tiêu đề bài, trong dấu ngoặc kép: "Lương 2026"'
    )
    new.add_argument(
        "--section", required=True, metavar="MỤC",
        help="mục của bài: " + ", ".join(scaffold.SECTION_FOLDERS),
    )  # fmt: skip
    new.set_defaults(run=cmd_new)

    check = commands.add_parser(
        "check", help="kiểm tra bài viết (không cần dựng trang), in mọi lỗi và cảnh báo"
    )
    check.add_argument("paths", nargs="*", metavar="TỆP", help="bài hoặc thư mục (mặc định: docs/)")
    check.add_argument("--fix", action="store_true", help="tự sửa lỗi an toàn (NFC, khoảng trắng)")
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="dạng kết quả (mặc định: text)"
    )
    check.set_defaults(run=cmd_check)

    serve = commands.add_parser("serve", help="xem trước trang, tự tải lại khi lưu bài")
    serve.add_argument(
        "article", nargs="?", metavar="BÀI",
        help="chỉ xem trước bài này (tải lại ngay khi lưu); bỏ trống để xem cả trang",
    )  # fmt: skip
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="địa chỉ:cổng để xem trước")
    serve.set_defaults(run=cmd_serve)

    publish_commands.add_commands(commands)
    export_commands.add_commands(commands)
    infographics_commands.add_commands(commands)
    facts_commands.add_commands(commands)
    broadcast_commands.add_commands(commands)
    tinh_commands.add_commands(commands)
    editor_commands.add_commands(commands)
    print_commands.add_commands(commands)
    return main


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `portal` console command."""
    args = parser().parse_args(argv)
    _show_progress()
    try:
        return args.run(args)
    except PortalError as error:  # an editor's or publisher's mistake: say it, no traceback
        for problem in error.problems:
            print(problem, file=sys.stderr)
        if error.message:
            print(error.message, file=sys.stderr)
        return 1


class _Progress(logging.Handler):
    """The engine's progress (logger "portal") as plain lines: info to stdout, the rest to
    stderr, looked up at each line so tests capturing output see it."""

    def emit(self, record: logging.LogRecord) -> None:
        stream = sys.stdout if record.levelno < logging.WARNING else sys.stderr
        print(record.getMessage(), file=stream)


def _show_progress() -> None:
    log = logging.getLogger("portal")
    if not any(isinstance(h, _Progress) for h in log.handlers):
        log.addHandler(_Progress())
    log.setLevel(logging.INFO)
    log.propagate = False


if __name__ == "__main__":
    sys.exit(main())
