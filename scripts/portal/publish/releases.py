"""Release folders of the published site: names, manifests with checksums, the atomic switch.

A publish target is a folder laid out as

    releases/<time>-<commit>/   one complete built site per publish, never changed afterwards
    current -> releases/<name>  the symlink the web server serves

A release becomes live by creating a new symlink beside `current` and renaming it over
`current`: rename(2) is atomic, so every request sees either the old release or the new one.
This module is the local implementation; `remote` does the same with shell commands over SSH.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from portal.problems import PortalError

RELEASES = "releases"
CURRENT = "current"
# Both files start with a dot, so the nginx configuration never serves them.
MANIFEST = ".release.json"
# coreutils' format ("<sha256>  <path>"), so a server without Python can check a release
# with `sha256sum -c`.
CHECKSUMS = ".sha256sums"
META_FILES = (MANIFEST, CHECKSUMS)
# A release being built or uploaded; hidden from listings until it is complete.
STAGING = ".tmp-"
# Held while publishing or rolling back, on this machine and (by remote.SshStore) on a server.
LOCK_FILE = ".publish.lock"


class PublishError(PortalError):
    """A publishing step failed; the message is Vietnamese and says what to do."""


def release_name(commit: str, dirty: bool, when: dt.datetime) -> str:
    """Name a release by its UTC build time and commit, so names sort by age."""
    stamp = when.astimezone(dt.UTC).strftime("%Y%m%d-%H%M%S")
    return f"{stamp}-{commit[:10]}" + ("-dirty" if dirty else "")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checksums(folder: Path) -> dict[str, str]:
    """SHA-256 of every file of a built site, by path relative to it (manifest files excluded)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and rel not in META_FILES:
            found[rel] = _sha256(path)
    return found


def format_checksums(sums: dict[str, str]) -> str:
    """The checksums as `sha256sum` writes them."""
    return "".join(f"{digest}  {rel}\n" for rel, digest in sorted(sums.items()))


def parse_checksums(text: str) -> dict[str, str]:
    """Read `sha256sum` output ("<digest>  <path>" or "<digest>  ./<path>")."""
    sums = {}
    for line in text.splitlines():
        digest, sep, rel = line.partition("  ")
        if sep and len(digest) == 64:
            sums[rel.removeprefix("./")] = digest
    return sums


def unsafe_links(folder: Path) -> list[tuple[str, str]]:
    """Entries under `folder` that are symbolic links or resolve outside it: (path, target).

    A link is never published, wherever it points: one to /etc/passwd or to the publishing
    account's ssh key would put that file on the web. Folders that are links are not entered.
    """
    base = folder.resolve()
    found = []
    for parent, folders, files in os.walk(folder):
        for entry in sorted(folders + files):
            path = Path(parent) / entry
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found.append((rel, os.readlink(path)))
            elif not path.resolve().is_relative_to(base):
                found.append((rel, str(path.resolve())))
    return sorted(found)


def links_message(links: list[tuple[str, str]], where: str, fix: str) -> str:
    """The Vietnamese refusal for symbolic links found in `where`."""
    shown = "\n".join(f"  {rel} → {target}" for rel, target in links[:10])
    more = f"\n  … và {len(links) - 10} liên kết khác" if len(links) > 10 else ""
    return (
        f"{where} có {len(links)} liên kết tượng trưng (symlink) hoặc tệp nằm ngoài thư mục; "
        f"không xuất bản:\n{shown}{more}\nLiên kết có thể đưa tệp của máy (mật khẩu, khóa ssh) "
        f"lên mạng. {fix}"
    )


def refuse_links(folder: Path) -> None:
    """Raise PublishError when a built site holds a symbolic link or a file outside it."""
    links = unsafe_links(folder)
    if links:
        raise PublishError(
            links_message(
                links,
                "Trang đã dựng",
                "Tìm tệp cùng tên trong docs/ (hoặc overrides/, infographics/), xóa liên kết "
                "(git rm TỆP), nếu cần thì chép chính tệp thật vào đó, commit rồi xuất bản lại.",
            )
        )


def write_manifest(folder: Path, name: str, commit: str, dirty: bool) -> dict:
    """Write the release's checksums and description into it; return the description."""
    refuse_links(folder)
    sums = checksums(folder)
    unsafe = [rel for rel in sums if "\n" in rel or "\\" in rel]
    if unsafe:  # sha256sum escapes such names, and no page of ours should have them
        raise PublishError(f"Tên tệp không hợp lệ trong trang đã dựng: {unsafe[0]!r}.")
    (folder / CHECKSUMS).write_text(format_checksums(sums), encoding="utf-8")
    manifest = {
        "name": name,
        "commit": commit,
        "dirty": dirty,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "files": len(sums),
        "bytes": sum((folder / rel).stat().st_size for rel in sums),
    }
    (folder / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest


def compare(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """What differs between a release's recorded checksums and its files, in Vietnamese."""
    problems = [f"thiếu tệp {rel}" for rel in sorted(expected.keys() - actual.keys())]
    problems += [
        f"tệp bị thay đổi: {rel}"
        for rel in sorted(expected.keys() & actual.keys())
        if expected[rel] != actual[rel]
    ]
    problems += [
        f"tệp lạ không có trong danh sách: {rel}" for rel in sorted(actual.keys() - expected.keys())
    ]
    return problems


def make_read_only(folder: Path) -> None:
    """Take write permission off every file of a release (folders stay writable, to prune).

    Releases share unchanged files through hard links: an edit to one file in place would
    change it in every release, so no file of a release may be opened for writing.
    """
    for parent, _, files in os.walk(folder):
        for entry in files:
            path = Path(parent) / entry
            mode = path.lstat().st_mode
            path.chmod(mode & ~0o222)


def link_unchanged(new: Path, previous: Path) -> int:
    """Hard-link files of `new` that are identical in `previous`; return how many.

    Unchanged files then keep their old modification time, so nginx's ETag and Last-Modified
    stay the same and readers revalidating a page get "304 Not Modified" instead of the page
    again; the releases kept on disk share their unchanged files.
    """
    linked = 0
    for rel, digest in checksums(new).items():
        old = previous / rel
        if not old.is_file() or old.stat().st_size != (new / rel).stat().st_size:
            continue
        if _sha256(old) != digest:  # hash the old file itself: never spread a damaged one
            continue
        spare = new / (rel + ".link")
        os.link(old, spare)
        os.replace(spare, new / rel)
        linked += 1
    return linked


class LocalStore:
    """A publish target on this machine."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.releases_dir = self.root / RELEASES

    def describe(self) -> str:
        return str(self.root)

    def releases(self) -> list[str]:
        """Complete releases, oldest first."""
        if not self.releases_dir.is_dir():
            return []
        return sorted(
            p.name for p in self.releases_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
        )

    def current(self) -> str | None:
        """The release `current` points to, or None before the first publish."""
        link = self.root / CURRENT
        if not link.is_symlink():
            if link.exists():
                raise PublishError(
                    f"{link} là một thư mục thật chứ không phải liên kết tới một bản phát hành. "
                    f"Hãy đổi tên nó (ví dụ: mv {link} {link}.cu) rồi xuất bản lại."
                )
            return None
        return Path(os.readlink(link)).name

    def stage(self, name: str) -> Path:
        """Where to build a new release: inside the target, so making it complete is a rename."""
        self.releases_dir.mkdir(parents=True, exist_ok=True)
        folder = self.releases_dir / (STAGING + name)
        shutil.rmtree(folder, ignore_errors=True)
        return folder

    def install(self, name: str) -> None:
        """Turn the staged release into a complete one (not live yet)."""
        staged = self.releases_dir / (STAGING + name)
        refuse_links(staged)
        current = self.current()
        if current and (self.releases_dir / current).is_dir():
            link_unchanged(staged, self.releases_dir / current)
        make_read_only(staged)
        staged.rename(self.releases_dir / name)

    def discard(self, name: str) -> None:
        shutil.rmtree(self.releases_dir / (STAGING + name), ignore_errors=True)

    def clean_staging(self) -> list[str]:
        """Delete the folders of builds that never finished (call under the lock)."""
        if not self.releases_dir.is_dir():
            return []
        stale = sorted(p for p in self.releases_dir.iterdir() if p.name.startswith(STAGING))
        for folder in stale:
            if folder.is_dir() and not folder.is_symlink():
                shutil.rmtree(folder)
            else:
                folder.unlink()
        return [p.name[len(STAGING) :] for p in stale]

    def switch(self, name: str) -> None:
        """Point `current` at a release atomically: a new symlink renamed over the old one."""
        if not (self.releases_dir / name).is_dir():
            raise PublishError(f"Không có bản phát hành {name} trong {self.releases_dir}.")
        spare = self.root / f".{CURRENT}.tmp"
        with contextlib.suppress(FileNotFoundError):
            spare.unlink()
        # Relative target: the folder can be moved or copied to a server as it is.
        os.symlink(f"{RELEASES}/{name}", spare)
        os.replace(spare, self.root / CURRENT)

    def remove(self, name: str) -> None:
        """Delete a release, unless `current` points at it (read again just before)."""
        if self.current() == name:
            raise PublishError(f"Bản {name} đang chạy; không xóa.")
        shutil.rmtree(self.releases_dir / name)

    def read_manifest(self, name: str) -> dict:
        try:
            return json.loads((self.releases_dir / name / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def verify(self, name: str) -> list[str]:
        """Problems found by checking a release's files against its recorded checksums."""
        folder = self.releases_dir / name
        try:
            expected = parse_checksums((folder / CHECKSUMS).read_text(encoding="utf-8"))
        except OSError:
            return [f"không có tệp {CHECKSUMS} (không phải bản do portal publish tạo ra?)"]
        return compare(expected, checksums(folder))

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the target's lock, so two publishes to one folder never interleave."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / LOCK_FILE).open("w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise PublishError(
                    f"Đang có một lần xuất bản khác vào {self.root}. Chờ nó xong rồi chạy lại."
                ) from None
            yield


def to_prune(
    releases: list[str], current: str | None, keep: int, also: tuple[str, ...] = ()
) -> list[str]:
    """Releases to delete: all but the `keep` newest, never the live one nor those in `also`."""
    kept = set(releases[-keep:]) | {current, *also}
    return [name for name in releases if name not in kept]


def previous_release(releases: list[str], current: str | None) -> str | None:
    """The newest release older than the live one (what a plain rollback goes back to)."""
    older = [name for name in releases if current is None or name < current]
    return older[-1] if older else None
