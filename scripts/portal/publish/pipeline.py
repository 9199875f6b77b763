"""`portal publish`, `rollback`, `releases` and `csp`: put a checked build live, atomically.

Publishing builds strictly into a new release folder of the target, records every file's
checksum, and only then switches `current` to it. Anything that fails before the switch
leaves `current`, and so the live site, exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import subprocess
from pathlib import Path

from pydantic import Field

from portal import checks
from portal.content import datafile, fields
from portal.content.datafile import Schema
from portal.publish import csp
from portal.publish.releases import (
    CURRENT,
    RELEASES,
    LocalStore,
    PublishError,
    links_message,
    release_name,
    to_prune,
    unsafe_links,
    write_manifest,
)
from portal.publish.remote import SshStore, parse_target
from portal.site.build import BuildError, build_into

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
# Progress for the publisher; the CLI prints it (engine code never prints).
log = logging.getLogger("portal")
DEFAULT_KEEP = 5


def _keep(value: object) -> int:
    number = fields.parse_integer(value)
    if number < 1:
        raise fields.Wrong("gia-tri-sai", f"phải là số nguyên từ 1 trở lên (đang là {number})")
    return number


class Settings(Schema):
    """The `publish` settings of deploy/publish.yml."""

    to: fields.OptionalLine = Field(
        None, title="nơi xuất bản", examples=["/srv/portal"],
        description="Thư mục, hoặc người_dùng@máy_chủ:/srv/portal, khi lệnh không ghi --to.",
    )  # fmt: skip
    keep: fields.field_type(_keep, int) = Field(
        DEFAULT_KEEP, title="số bản phát hành giữ lại", examples=["5"]
    )


def load_settings(root: Path) -> Settings:
    """Read deploy/publish.yml; defaults when it is absent."""
    path = root / SETTINGS
    if not path.is_file():
        return Settings()
    result = datafile.read(path, Settings, SETTINGS.as_posix())
    if result.value is None:
        raise PublishError("", result.problems)
    return result.value


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
        raise PublishError(
            f"Nội dung có {len(errors)} lỗi (in ở trên; `portal check` liệt kê lại). Sửa chúng "
            "rồi xuất bản lại.",
            errors,
        )


# The folders whose files reach the built site. MkDocs copies a linked file's content, so a
# link in docs/ becomes an ordinary file of the site: it must be caught here, in the sources.
LINKED_SOURCES = ("docs", "overrides", "data", "infographics")


def _refuse_source_links(root: Path) -> None:
    """Refuse to publish when a source folder holds a symbolic link (whatever it points to)."""
    links = [
        (f"{folder}/{rel}", target)
        for folder in LINKED_SOURCES
        if (root / folder).is_dir()
        for rel, target in unsafe_links(root / folder)
    ]
    if links:
        raise PublishError(
            links_message(
                links,
                "Nội dung",
                f"Xóa liên kết (git rm {links[0][0]}), nếu cần thì chép chính tệp thật vào chỗ "
                "đó, commit rồi xuất bản lại.",
            )
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
        stale = store.clean_staging()  # left by a publish that was killed: nobody else is here
        if stale:
            log.info(f"Đã dọn {len(stale)} bản dựng dở còn sót: {', '.join(stale)}.")
        live = store.current()
        name = _unique(release_name(commit, dirty, dt.datetime.now(dt.UTC)), store.releases())
        _refuse_source_links(root)
        _run_checks(root)
        folder = store.stage(name)
        try:
            try:
                build_into(root, folder)
            except BuildError as error:
                raise PublishError(
                    "\n".join(error.lines) + f"\nDựng trang có {len(error.lines)} lỗi/cảnh báo "
                    "(in ở trên). Sửa chúng (`portal check` liệt kê lại) rồi xuất bản lại."
                ) from None
            for warning in check_release(folder, root):
                log.warning(f"Cảnh báo: {warning}")
            manifest = write_manifest(folder, name, commit, dirty)
            store.install(name)
        except BaseException:
            store.discard(name)
            raise
        store.switch(name)
        log.info(
            f"Đã xuất bản {name} ({manifest['files']} tệp, {_size(manifest['bytes'])}) vào "
            f"{store.describe()}: {CURRENT} → {RELEASES}/{name}."
        )
        log.info(f"Bản trước: {live}." if live else "Đây là bản đầu tiên.")
        try:
            # Read `current` again: prune around what is live now, and never the new release.
            old = to_prune(store.releases(), store.current(), keep, also=(name,))
            for stale in old:
                store.remove(stale)
            if old:
                log.info(f"Đã xóa {len(old)} bản cũ (giữ {keep} bản): {', '.join(old)}.")
        except (OSError, PublishError) as error:  # the new release is live; only tidying failed
            log.warning(f"Cảnh báo: chưa xóa được bản cũ: {error}")
        if live:
            log.info(f"Quay lại bản trước bằng: portal rollback --to {target}")
    return name
