"""`portal publish`, `rollback`, `releases` and `csp`: put a checked build live, atomically.

Publishing builds strictly into a new release folder of the target, records every file's
checksum, and only then switches `current` to it. Anything that fails before the switch
leaves `current`, and so the live site, exactly as it was.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import checks, csp
from .cli import project_root, strict_build
from .releases import (
    CURRENT,
    RELEASES,
    LocalStore,
    PublishError,
    previous_release,
    release_name,
    to_prune,
    write_manifest,
)
from .remote import SshStore, parse_target

# What the built site is made from: a release names its commit only if these are committed.
SOURCES = (
    "mkdocs.yml",
    "docs",
    "overrides",
    "data",
    "infographics",
    "scripts",
    "requirements",
    "pyproject.toml",
)
SETTINGS = Path("deploy/publish.yml")
DEFAULT_KEEP = 5


@dataclass(frozen=True)
class Settings:
    """The `publish` settings of deploy/publish.yml."""

    to: str | None = None
    keep: int = DEFAULT_KEEP


def load_settings(root: Path) -> Settings:
    """Read deploy/publish.yml; defaults when it is absent."""
    path = root / SETTINGS
    if not path.is_file():
        return Settings()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise PublishError(f"{SETTINGS}: không đúng cú pháp YAML ({error}).") from None
    if not isinstance(data, dict):
        raise PublishError(f"{SETTINGS}: cần các dòng 'tên: giá trị', ví dụ 'keep: 5'.")
    unknown = sorted(set(data) - {"to", "keep"})
    if unknown:
        raise PublishError(f"{SETTINGS}: khóa lạ {', '.join(unknown)} (chỉ dùng to, keep).")
    keep = data.get("keep", DEFAULT_KEEP)
    if not isinstance(keep, int) or isinstance(keep, bool) or keep < 1:
        raise PublishError(f"{SETTINGS}: keep phải là số nguyên từ 1 trở lên (đang là {keep!r}).")
    to = data.get("to")
    return Settings(to=str(to) if to else None, keep=keep)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)


def source_state(root: Path, allow_dirty: bool) -> tuple[str, bool]:
    """The commit the site is built from and whether its sources have uncommitted changes."""
    if shutil.which("git") is None or _git(root, "rev-parse", "--git-dir").returncode != 0:
        if allow_dirty:
            return "khong-git", True
        raise PublishError(
            "Thư mục dự án không phải kho git, nên bản phát hành không ghi được nó dựng từ "
            "phiên bản nào. Hãy xuất bản từ bản sao git của dự án, hoặc thêm --allow-dirty."
        )
    head = _git(root, "rev-parse", "HEAD")
    if head.returncode != 0:
        if allow_dirty:
            return "chua-commit", True
        raise PublishError(
            "Kho git chưa có commit nào. Commit nội dung (git add … && git commit) rồi xuất "
            "bản lại, hoặc thêm --allow-dirty."
        )
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--", *SOURCES)
    if status.returncode != 0:
        raise PublishError(f"Không đọc được trạng thái git: {status.stderr.strip()}")
    changes = status.stdout.splitlines()
    if changes and not allow_dirty:
        shown = "\n".join(f"  {line}" for line in changes[:10])
        more = f"\n  … và {len(changes) - 10} tệp khác" if len(changes) > 10 else ""
        raise PublishError(
            f"Có {len(changes)} thay đổi chưa commit trong nội dung hoặc cấu hình:\n{shown}{more}\n"
            "Hãy commit chúng (git add … && git commit) rồi xuất bản lại, để bản phát hành ghi "
            "đúng commit nó được dựng từ. Muốn xuất bản ngay thì thêm --allow-dirty "
            "(tên bản sẽ có đuôi -dirty)."
        )
    return head.stdout.strip(), bool(changes)


def open_store(target: str, ssh: str = "ssh") -> LocalStore | SshStore:
    """The publish target named by --to: a local folder or user@host:/path."""
    remote = parse_target(target)
    if remote:
        return SshStore(*remote, ssh=ssh)
    return LocalStore(Path(target).expanduser())


def check_release(folder: Path, root: Path) -> list[str]:
    """Refuse a build that would not work behind the shipped nginx; return warnings."""
    for page in ("index.html", "404.html"):
        if not (folder / page).is_file():
            raise PublishError(f"Trang đã dựng thiếu {page}; không xuất bản.")
    conf = root / csp.HEADERS_CONF
    if not conf.is_file():
        return [
            f"Không thấy {csp.HEADERS_CONF}: không kiểm tra được mã nhúng với chính sách "
            "bảo mật (CSP) của máy chủ."
        ]
    blocked = csp.blocked(folder, conf)
    if blocked:
        pages = ", ".join(sorted(set(blocked.values()))[:5])
        raise PublishError(
            f"{len(blocked)} đoạn mã JavaScript nhúng trong trang (ví dụ ở {pages}) sẽ bị chính "
            f"sách bảo mật (CSP) trong {csp.HEADERS_CONF} chặn. Nếu đoạn mã nằm trong bài viết, "
            "hãy xóa nó. Nếu do nâng cấp Material, chạy `make csp`, cài lại cấu hình nginx "
            "(sudo sh deploy/install-nginx.sh) rồi xuất bản lại."
        )
    return []


def _run_checks(root: Path) -> None:
    """`portal check` over all content: an editor's error stops the publish before any build."""
    errors = [p for p in checks.run(root) if p.severity == "error"]
    if errors:
        for problem in errors:
            print(problem, file=sys.stderr)
        raise PublishError(
            f"Nội dung có {len(errors)} lỗi (in ở trên; `portal check` liệt kê lại). Sửa chúng "
            "rồi xuất bản lại."
        )


def _unique(name: str, existing: list[str]) -> str:
    candidate, n = name, 2
    while candidate in existing:
        candidate, n = f"{name}-{n}", n + 1
    return candidate


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB".replace(".", ",")


def publish(root: Path, target: str, keep: int, allow_dirty: bool, ssh: str = "ssh") -> str:
    """Build, check and make live one release; return its name. Raises PublishError."""
    commit, dirty = source_state(root, allow_dirty)
    store = open_store(target, ssh)
    with store.lock():
        live = store.current()
        name = _unique(release_name(commit, dirty, dt.datetime.now(dt.UTC)), store.releases())
        _run_checks(root)
        folder = store.stage(name)
        try:
            code, problems = strict_build(root, folder)
            if code:
                for line in problems:
                    print(line, file=sys.stderr)
                raise PublishError(
                    f"Dựng trang có {len(problems)} lỗi/cảnh báo (in ở trên). Sửa chúng "
                    "(`portal check` liệt kê lại) rồi xuất bản lại."
                )
            for warning in check_release(folder, root):
                print(f"Cảnh báo: {warning}", file=sys.stderr)
            manifest = write_manifest(folder, name, commit, dirty)
            store.install(name)
        except BaseException:
            store.discard(name)
            raise
        store.switch(name)
        print(
            f"Đã xuất bản {name} ({manifest['files']} tệp, {_size(manifest['bytes'])}) vào "
            f"{store.describe()}: {CURRENT} → {RELEASES}/{name}."
        )
        print(f"Bản trước: {live}." if live else "Đây là bản đầu tiên.")
        try:
            old = to_prune(store.releases(), name, keep)
            for stale in old:
                store.remove(stale)
            if old:
                print(f"Đã xóa {len(old)} bản cũ (giữ {keep} bản): {', '.join(old)}.")
        except (OSError, PublishError) as error:  # the new release is live; only tidying failed
            print(f"Cảnh báo: chưa xóa được bản cũ: {error}", file=sys.stderr)
        if live:
            print(f"Quay lại bản trước bằng: portal rollback --to {target}")
    return name


def _failed(what: str, error: Exception, store_text: str) -> int:
    message = str(error)
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
    root = project_root()
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
    root = project_root()
    conf = root / csp.HEADERS_CONF
    if not conf.is_file():
        print(f"Không thấy {csp.HEADERS_CONF} trong {root}.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="portal-csp-") as scratch:
        site = Path(args.site) if args.site else Path(scratch) / "site"
        if not args.site:
            code, problems = strict_build(root, site)
            if code:
                for line in problems:
                    print(line, file=sys.stderr)
                print("Dựng trang thất bại; sửa lỗi rồi chạy lại.", file=sys.stderr)
                return 1
        wanted = csp.policy_sources(site)
    configured = csp.configured_sources(conf)
    missing, extra = set(wanted) - configured, configured - set(wanted)
    if not missing and not extra:
        print(f"{csp.HEADERS_CONF} đã có đúng {len(wanted)} mã băm của các đoạn mã nhúng.")
        return 0
    if args.write:
        csp.write_sources(conf, wanted)
        print(
            f"Đã ghi {len(wanted)} mã băm vào {csp.HEADERS_CONF}. Cài lại cấu hình nginx trên "
            "máy chủ: sudo sh deploy/install-nginx.sh"
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
        "--site", metavar="THƯ_MỤC", help="dùng trang đã dựng ở thư mục này thay vì dựng lại"
    )
    csp_cmd.add_argument("--write", action="store_true", help="ghi mã băm mới vào tệp cấu hình")
    csp_cmd.set_defaults(run=cmd_csp)
