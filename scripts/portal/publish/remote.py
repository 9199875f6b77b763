"""A publish target on another machine, reached with ssh and rsync.

The server needs only a POSIX shell, coreutils (sha256sum, ln, mv) and rsync: no Python. The
release is built here, uploaded into a hidden folder, checked on the server with `sha256sum -c`,
renamed, and made live with the same symlink-and-rename switch as a local target.
"""

from __future__ import annotations

import contextlib
import json
import re
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from portal.publish.releases import (
    CHECKSUMS,
    CURRENT,
    LOCK_FILE,
    MANIFEST,
    RELEASES,
    STAGING,
    PublishError,
    compare,
    parse_checksums,
    refuse_links,
)

# rsync's own rule: "host:path" or "user@host:path" with the colon before any slash is remote.
_REMOTE = re.compile(r"^(?P<host>(?:[^@/:\s]+@)?[^@/:\s]+):(?P<path>.+)$")
# Never wait for a password or a host key question: cron has nobody to answer them.
_SSH_OPTIONS = ["-o", "BatchMode=yes"]
_SEPARATOR = "@@portal@@"
# What the lock's ssh session prints once it holds the lock, and flock's exit code when
# another process holds it.
_LOCKED = "@@portal-locked@@"
_BUSY = 75


def parse_target(target: str) -> tuple[str, str] | None:
    """(host, path) when `target` names a remote folder such as "user@host:/srv/portal"."""
    match = _REMOTE.match(target)
    return (match["host"], match["path"]) if match else None


class SshStore:
    """A publish target on a server, driven by plain shell commands over ssh."""

    def __init__(self, host: str, path: str, ssh: str = "ssh"):
        self.host = host
        self.path = path.rstrip("/") or "/"
        self.ssh = shlex.split(ssh) + _SSH_OPTIONS
        self._scratch: tempfile.TemporaryDirectory | None = None
        self._state: tuple[list[str], str | None] | None = None
        self._reads: dict[str, tuple[str, str, str]] = {}  # one ssh call per release listed

    def describe(self) -> str:
        return f"{self.host}:{self.path}"

    def _run(self, script: str, what: str) -> str:
        command = [*self.ssh, self.host, script]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        except FileNotFoundError:
            raise PublishError(
                f"Không tìm thấy lệnh {self.ssh[0]}. Cài gói openssh-client rồi chạy lại."
            ) from None
        except subprocess.TimeoutExpired:
            raise PublishError(f"{what}: máy chủ {self.host} không trả lời sau 10 phút.") from None
        if done.returncode != 0:
            detail = done.stderr.strip() or done.stdout.strip()
            if done.returncode == 255:  # ssh's own failure: connection or authentication
                raise PublishError(
                    f"Không kết nối được tới {self.host} bằng ssh ({detail}). Kiểm tra địa chỉ, "
                    "khóa ssh và thử `ssh {host} true` trước.".replace("{host}", self.host)
                )
            raise PublishError(f"{what} trên {self.host} thất bại: {detail}")
        return done.stdout

    def _state_now(self) -> tuple[list[str], str | None]:
        root = shlex.quote(self.path)
        out = self._run(
            f"cd {root} 2>/dev/null || exit 0; readlink {CURRENT} || true; echo {_SEPARATOR}; "
            f"ls -1 {RELEASES} 2>/dev/null || true",
            "Đọc danh sách bản phát hành",
        )
        head, _, tail = out.partition(_SEPARATOR)
        link = head.strip()
        names = sorted(n for n in tail.split() if not n.startswith("."))
        return names, (link.rsplit("/", 1)[-1] if link else None)

    def releases(self) -> list[str]:
        self._state = self._state or self._state_now()
        return self._state[0]

    def current(self) -> str | None:
        self._state = self._state or self._state_now()
        return self._state[1]

    def stage(self, name: str) -> Path:
        """A local scratch folder to build in; `install` uploads it."""
        self._scratch = tempfile.TemporaryDirectory(prefix="portal-release-")
        return Path(self._scratch.name) / name

    def install(self, name: str) -> None:
        """Upload the staged release, check it on the server, then give it its final name."""
        if shutil.which("rsync") is None:
            raise PublishError("Không tìm thấy lệnh rsync. Cài gói rsync rồi chạy lại.")
        local = Path(self._scratch.name) / name
        refuse_links(local)
        root = shlex.quote(self.path)
        staged = f"{self.path}/{RELEASES}/{STAGING}{name}"
        self._run(f"mkdir -p {root}/{RELEASES}", "Tạo thư mục")
        command = [
            "rsync",
            # No -t: unchanged files are hard-linked to the live release and keep its
            # modification time, so ETags stay the same and nothing unchanged is sent.
            # No -l either: a symbolic link is never sent (refuse_links found none anyway).
            "-rp",
            "--checksum",
            "--delete",
            # Readable by the web server whatever the local umask, and read-only: releases
            # share files through hard links, so one edit would change every release.
            # (--link-dest links only files whose mode matches, so the mode is set here.)
            "--chmod=D755,F444",
            "-e",
            shlex.join(self.ssh),
        ]
        live = self.current()
        if live:
            command.append(f"--link-dest=../{live}")
        command += [f"{local}/", f"{self.host}:{staged}/"]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            self.discard(name)
            raise PublishError(f"Tải bản phát hành lên {self.host} thất bại: {done.stderr.strip()}")
        quoted = shlex.quote(staged)
        final = shlex.quote(f"{self.path}/{RELEASES}/{name}")
        try:
            self._run(
                f"cd {quoted} && sha256sum --quiet --strict -c {CHECKSUMS} && "
                f"mv -T {quoted} {final}",
                "Kiểm tra checksum bản vừa tải lên",
            )
        except PublishError:
            self.discard(name)
            raise
        self._state = None

    def discard(self, name: str) -> None:
        staged = shlex.quote(f"{self.path}/{RELEASES}/{STAGING}{name}")
        with contextlib.suppress(PublishError):
            self._run(f"rm -rf -- {staged}", "Dọn bản tải dở")
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

    def switch(self, name: str) -> None:
        """Point `current` at a release: `ln -sfn` beside it, then `mv -T` over it (atomic)."""
        root = shlex.quote(self.path)
        target = shlex.quote(f"{RELEASES}/{name}")
        self._run(
            f"cd {root} && test -d {target} && ln -sfn {target} .{CURRENT}.tmp && "
            f"mv -T .{CURRENT}.tmp {CURRENT}",
            f"Chuyển {CURRENT} sang {name}",
        )
        self._state = None

    def remove(self, name: str) -> None:
        """Delete a release, unless `current` points at it (checked on the server, just before)."""
        root = shlex.quote(self.path)
        target = shlex.quote(f"{RELEASES}/{name}")
        self._run(
            f'cd {root} && if [ "$(readlink {CURRENT})" = {target} ]; then '
            f"echo 'bản này đang chạy, không xóa' >&2; exit 3; fi; rm -rf -- {target}",
            f"Xóa bản cũ {name}",
        )
        self._state = None

    def _read(self, name: str) -> tuple[str, str, str]:
        if name in self._reads:
            return self._reads[name]
        folder = shlex.quote(f"{self.path}/{RELEASES}/{name}")
        out = self._run(
            f"cd {folder} && {{ cat {MANIFEST} 2>/dev/null; echo {_SEPARATOR}; "
            f"cat {CHECKSUMS} 2>/dev/null; echo {_SEPARATOR}; "
            f"find . -type f ! -name {CHECKSUMS} ! -name {MANIFEST} -exec sha256sum {{}} +; }}",
            f"Đọc bản {name}",
        )
        manifest, sums, actual = out.split(_SEPARATOR + "\n")
        self._reads[name] = (manifest, sums, actual)
        return manifest, sums, actual

    def read_manifest(self, name: str) -> dict:
        try:
            return json.loads(self._read(name)[0])
        except (ValueError, PublishError):
            return {}

    def verify(self, name: str) -> list[str]:
        _, sums, actual = self._read(name)
        if not sums.strip():
            return [f"không có tệp {CHECKSUMS} (không phải bản do portal publish tạo ra?)"]
        return compare(parse_checksums(sums), parse_checksums(actual))

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the server's publish lock for as long as the block runs.

        One ssh session runs `flock` on the target's .publish.lock (the file a publish on the
        server itself locks too) and keeps it while its input stays open. The kernel of the
        server drops the lock when that session ends for any reason, a publisher killed
        mid-way included: there is no stale lock to clean by hand.
        """
        root = shlex.quote(self.path)
        script = (
            f"mkdir -p {root} && cd {root} && exec flock -n -E {_BUSY} {LOCK_FILE} "
            f"sh -c 'echo {_LOCKED}; exec cat >/dev/null'"
        )
        try:
            holder = subprocess.Popen(
                [*self.ssh, self.host, script],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        except FileNotFoundError:
            raise PublishError(
                f"Không tìm thấy lệnh {self.ssh[0]}. Cài gói openssh-client rồi chạy lại."
            ) from None
        try:
            first = holder.stdout.readline().strip()
            if first != _LOCKED:
                code = holder.wait(timeout=60)
                detail = holder.stderr.read().strip()
                if code == _BUSY:
                    raise PublishError(
                        f"Đang có một lần xuất bản (hoặc quay lại) khác vào {self.describe()}. "
                        "Chờ nó xong rồi chạy lại."
                    )
                if code == 255:
                    raise PublishError(
                        f"Không kết nối được tới {self.host} bằng ssh ({detail}). Kiểm tra địa "
                        f"chỉ, khóa ssh và thử `ssh {self.host} true` trước."
                    )
                raise PublishError(
                    f"Không khóa được {self.describe()} để xuất bản ({detail or code}). Máy "
                    "chủ cần lệnh flock (gói util-linux)."
                )
            self._state = None  # read again under the lock
            yield
        finally:
            with contextlib.suppress(OSError):
                holder.stdin.close()
            try:
                holder.wait(timeout=30)
            except subprocess.TimeoutExpired:
                holder.kill()
                holder.wait()

    def clean_staging(self) -> list[str]:
        """Delete the hidden folders of uploads that never finished (call under the lock)."""
        folder = shlex.quote(f"{self.path}/{RELEASES}")
        out = self._run(
            f"cd {folder} 2>/dev/null || exit 0; for d in {STAGING}*; do "
            f'[ -d "$d" ] || continue; chmod -R u+w -- "$d"; rm -rf -- "$d" && echo "$d"; done',
            "Dọn bản tải dở",
        )
        return sorted(line[len(STAGING) :] for line in out.split())
