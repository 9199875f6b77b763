"""`portal editor`: the web editor for commune staff, on 127.0.0.1 only (see editor/)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from portal import settings
from portal.editor import commit, server


def cmd_editor(args: argparse.Namespace) -> int:
    root = settings.project_root()
    author = server.author_of(root)
    if author is None:
        if not sys.stdin.isatty():
            print(
                "Git chưa biết tên người sửa bài. Chạy một lần: "
                'git config user.name "Họ và tên", rồi chạy lại.',
                file=sys.stderr,
            )
            return 1
        name = input("Họ và tên của bạn (ghi vào lịch sử sửa bài): ")
        author = server.remember_author(root, name)
    service = server.make_server(root, author, args.port)
    print(f"Trang biên tập: {service.url}")
    print(f"Mở địa chỉ đó trong trình duyệt, bấm «Đăng nhập». Bài được lưu vào nhánh "
          f"{service.backend.branch} của kho {root}. Nhấn Ctrl+C để dừng.")  # fmt: skip
    stop = threading.Event()

    def finish(*_):
        stop.set()

    signal.signal(signal.SIGTERM, finish)
    thread = threading.Thread(target=service.serve_forever, daemon=True)
    thread.start()
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    service.shutdown()
    service.server_close()
    print("Đã dừng trang biên tập.")
    return 0


def add_commands(commands) -> None:
    editor = commands.add_parser(
        "editor", help="mở trang biên tập trên trình duyệt (chỉ trên máy này, 127.0.0.1)"
    )
    editor.add_argument("--port", type=int, default=8080, help="cổng (mặc định: 8080)")
    editor.set_defaults(run=cmd_editor)

    gui = commands.add_parser(
        "gui", help="kiểm tra rồi commit một bài cùng mọi ảnh, tệp nó dùng (từ chối nếu còn lỗi)"
    )
    gui.add_argument("article", metavar="BÀI", help="tệp .md của bài trong docs/")
    gui.set_defaults(run=cmd_gui)


def cmd_gui(args: argparse.Namespace) -> int:
    root = settings.project_root()
    if server.author_of(root) is None:
        if not sys.stdin.isatty():
            print('Git chưa biết tên người sửa bài: git config user.name "Họ và tên"',
                  file=sys.stderr)  # fmt: skip
            return 1
        server.remember_author(root, input("Họ và tên của bạn (ghi vào lịch sử sửa bài): "))
    done = commit.commit_article(root, args.article)
    for problem in done.warnings:
        print(problem)
    for path in done.shrunk:
        print(f"Đã thu nhỏ ảnh {path} (rộng tối đa 1600 điểm ảnh).")
    print(f"Đã commit {', '.join(done.files)} ({done.commit[:10]}).")
    print("Tiếp theo: git push (nếu kho có nơi gửi), người xuất bản dựng lại trang.")
    return 0
