"""`portal publish`, `rollback`, `releases` and `csp`: the commands over `portal.publish`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from portal import settings
from portal.publish import csp
from portal.publish.pipeline import SETTINGS, load_settings, open_store, publish
from portal.publish.releases import CURRENT, RELEASES, PublishError, previous_release
from portal.site.build import BuildError


def _failed(what: str, error: Exception, store_text: str) -> int:
    for problem in getattr(error, "problems", ()):
        print(problem, file=sys.stderr)
    message = str(getattr(error, "message", "") or error)
    if isinstance(error, OSError):
        message = f"lỗi hệ thống tệp: {error.strerror} ({error.filename})"
    print(f"{what} thất bại: {message}", file=sys.stderr)
    print(store_text, file=sys.stderr)
    return 1


def _live_text(target: str, ssh: str) -> str:
    try:
        live = open_store(target, ssh).current()
    except (OSError, PublishError):
        return "Trang đang chạy không bị thay đổi."
    if live:
        return f"Trang đang chạy không thay đổi: {CURRENT} vẫn trỏ tới {RELEASES}/{live}."
    return "Chưa có bản nào đang chạy; không có gì bị thay đổi."


def _target(args: argparse.Namespace, root: Path) -> str:
    target = args.to or load_settings(root).to
    if not target:
        raise PublishError(
            "Chưa chọn nơi xuất bản: thêm --to THƯ_MỤC (ví dụ --to /srv/portal) hoặc "
            f"--to người_dùng@máy_chủ:/srv/portal, hoặc ghi 'to:' trong {SETTINGS}."
        )
    return target


def cmd_publish(args: argparse.Namespace) -> int:
    root = settings.project_root()
    try:
        target = _target(args, root)
        keep = load_settings(root).keep if args.keep is None else args.keep
        if keep < 1:
            raise PublishError(f"--keep phải từ 1 trở lên (đang là {keep}).")
    except PublishError as error:
        return _failed("Xuất bản", error, "Không có gì bị thay đổi.")
    try:
        publish(root, target, keep, args.allow_dirty, args.ssh)
    except (PublishError, OSError) as error:
        return _failed("Xuất bản", error, _live_text(target, args.ssh))
    except KeyboardInterrupt:  # the half-built release was removed on the way out
        print(f"Đã dừng. {_live_text(target, args.ssh)}", file=sys.stderr)
        return 130
    return 0


def _pick(releases: list[str], wanted: str) -> str:
    if wanted in releases:
        return wanted
    matches = [name for name in releases if wanted in name]
    if len(matches) == 1:
        return matches[0]
    listed = "\n".join(f"  {name}" for name in releases) or "  (chưa có bản nào)"
    problem = f"'{wanted}' khớp với nhiều bản" if matches else f"Không có bản '{wanted}'"
    raise PublishError(f"{problem}. Các bản hiện có:\n{listed}")


def cmd_rollback(args: argparse.Namespace) -> int:
    try:
        store = open_store(args.to, args.ssh)
        with store.lock():
            releases, live = store.releases(), store.current()
            if args.release:
                wanted = _pick(releases, args.release)
            else:
                wanted = previous_release(releases, live)
                if wanted is None:
                    raise PublishError(
                        f"Không có bản nào cũ hơn bản đang chạy ({live}) để quay lại."
                    )
            if wanted == live:
                print(f"Bản {wanted} đang chạy rồi; không đổi gì.")
                return 0
            problems = store.verify(wanted)
            if problems:
                raise PublishError(
                    f"Bản {wanted} bị hỏng ({'; '.join(problems[:5])}); không chuyển sang nó. "
                    "Chọn bản khác (portal releases --to … liệt kê và kiểm tra các bản)."
                )
            store.switch(wanted)
    except (PublishError, OSError) as error:
        return _failed("Quay lại", error, _live_text(args.to, args.ssh))
    print(f"Đã quay lại {wanted}: {CURRENT} → {RELEASES}/{wanted} (trước đó: {live}).")
    return 0


def cmd_releases(args: argparse.Namespace) -> int:
    try:
        store = open_store(args.to, args.ssh)
        releases, live = store.releases(), store.current()
        if not releases:
            print(f"Chưa có bản phát hành nào trong {store.describe()}.")
            return 0
        print(f"Các bản phát hành trong {store.describe()} (cũ trước, mới sau):")
        damaged = 0
        for name in releases:
            manifest = store.read_manifest(name)
            problems = [] if args.no_verify else store.verify(name)
            damaged += bool(problems)
            parts = [name, f"{manifest.get('files', '?')} tệp"]
            if not args.no_verify:
                parts.append("HỎNG" if problems else "checksum đúng")
            if name == live:
                parts.append("đang chạy")
            print(("* " if name == live else "  ") + "  ".join(parts))
            for problem in problems[:10]:
                print(f"      {problem}")
            if len(problems) > 10:
                print(f"      … và {len(problems) - 10} vấn đề khác")
        if live not in releases:
            print(f"Cảnh báo: {CURRENT} không trỏ tới bản nào trong {RELEASES}/ ({live}).")
            damaged += 1
    except (PublishError, OSError) as error:
        return _failed("Liệt kê bản phát hành", error, "")
    if damaged:
        print(
            "Có bản bị hỏng: đừng quay lại bản đó; xuất bản lại để có bản mới đúng.",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_csp(args: argparse.Namespace) -> int:
    root = settings.project_root()
    conf = root / csp.HEADERS_CONF
    if not conf.is_file():
        print(f"Không thấy {csp.HEADERS_CONF} trong {root}.", file=sys.stderr)
        return 1
    try:  # the theme's own scripts: a content-free fixture build, never the site's pages
        wanted = csp.theme_sources(root)
    except BuildError as error:
        for line in error.lines:
            print(line, file=sys.stderr)
        print("Dựng trang mẫu của giao diện thất bại; sửa lỗi rồi chạy lại.", file=sys.stderr)
        return 1
    if args.site:
        for _, (page, body) in sorted(csp.content_scripts(Path(args.site), set(wanted)).items()):
            print(
                f"Cảnh báo: {page} có đoạn mã nhúng không thuộc giao diện "
                f"({' '.join(body.split())[:60]}…): không bao giờ được thêm vào CSP, trình duyệt "
                "sẽ chặn nó. Nếu nó nằm trong bài viết, hãy xóa nó.",
                file=sys.stderr,
            )
    configured = csp.configured_sources(conf)
    missing, extra = sorted(set(wanted) - configured), sorted(configured - set(wanted))
    if not missing and not extra:
        print(f"{csp.HEADERS_CONF} đã có đúng {len(wanted)} mã băm của các đoạn mã nhúng.")
        return 0
    print(f"So với giao diện hiện tại ({len(wanted)} mã băm), {csp.HEADERS_CONF} cần:")
    for source in missing:
        print(f"  + {source}  (thêm: giao diện có đoạn mã này)")
    for source in extra:
        print(f"  - {source}  (bỏ: giao diện không còn đoạn mã này)")
    if args.write:
        csp.write_sources(conf, wanted)
        print(
            f"Đã ghi vào {csp.HEADERS_CONF}: thêm {len(missing)}, bỏ {len(extra)}. Cài lại "
            "cấu hình nginx trên máy chủ: sudo sh deploy/install-nginx.sh"
        )
        return 0
    if missing:
        print(
            f"{csp.HEADERS_CONF} thiếu {len(missing)} mã băm: trang sẽ bị chặn mã nhúng. Chạy "
            "`portal csp --write` (make csp).",
            file=sys.stderr,
        )
        return 1
    # Harmless for readers (they allow scripts no page has any more), but worth tidying.
    print(f"{csp.HEADERS_CONF} có {len(extra)} mã băm không còn dùng; `make csp` để dọn.")
    return 0


def add_commands(commands) -> None:
    """Register publish, rollback, releases and csp on the `portal` command."""
    ssh_help = 'lệnh ssh cho máy chủ, ví dụ "ssh -p 2222 -i ~/.ssh/khoa" (mặc định: ssh)'
    to_help = "thư mục xuất bản (/srv/portal) hoặc người_dùng@máy_chủ:/srv/portal"

    publish_cmd = commands.add_parser(
        "publish", help="kiểm tra, dựng và đưa một bản mới lên trang đang chạy (an toàn)"
    )
    publish_cmd.add_argument(
        "--to", metavar="NƠI", help=f"{to_help} (mặc định: 'to' trong {SETTINGS})"
    )
    publish_cmd.add_argument(
        "--keep",
        type=int,
        metavar="SỐ",
        help=f"số bản giữ lại (mặc định: 'keep' trong {SETTINGS}, hoặc 5)",
    )
    publish_cmd.add_argument(
        "--allow-dirty",
        action="store_true",
        help="cho xuất bản cả khi nội dung có thay đổi chưa commit",
    )
    publish_cmd.add_argument("--ssh", default="ssh", metavar="LỆNH", help=ssh_help)
    publish_cmd.set_defaults(run=cmd_publish)

    rollback = commands.add_parser("rollback", help="quay lại bản phát hành trước (hoặc bản chọn)")
    rollback.add_argument("--to", required=True, metavar="NƠI", help=to_help)
    rollback.add_argument(
        "release", nargs="?", metavar="BẢN", help="tên bản (mặc định: bản ngay trước)"
    )
    rollback.add_argument("--ssh", default="ssh", metavar="LỆNH", help=ssh_help)
    rollback.set_defaults(run=cmd_rollback)

    releases = commands.add_parser(
        "releases", help="liệt kê các bản phát hành, bản đang chạy, và kiểm tra checksum"
    )
    releases.add_argument("--to", required=True, metavar="NƠI", help=to_help)
    releases.add_argument("--no-verify", action="store_true", help="không kiểm tra checksum")
    releases.add_argument("--ssh", default="ssh", metavar="LỆNH", help=ssh_help)
    releases.set_defaults(run=cmd_releases)

    csp_cmd = commands.add_parser(
        "csp", help=f"kiểm tra (--write: cập nhật) mã băm CSP trong {csp.HEADERS_CONF}"
    )
    csp_cmd.add_argument(
        "--site",
        metavar="THƯ_MỤC",
        help="báo cả các đoạn mã nhúng của trang đã dựng ở đây mà giao diện không có "
        "(chúng không bao giờ được thêm vào CSP)",
    )
    csp_cmd.add_argument("--write", action="store_true", help="ghi mã băm mới vào tệp cấu hình")
    csp_cmd.set_defaults(run=cmd_csp)
