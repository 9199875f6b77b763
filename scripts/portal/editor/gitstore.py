"""Commits made with git's plumbing: the files given, on the branch given, nothing else.

Decap's own git server runs `git add .` and `git commit --no-verify` in the work tree it is
given and checks branches out there, so whatever lies in that tree (a half-written article, a
build, a cache) goes into the commit. Here a commit is built in a private index from the
branch's tree plus the entry's files (`hash-object`, `update-index`, `write-tree`,
`commit-tree`) and the branch moves with `update-ref` only if nobody moved it meanwhile. No
work tree is read or switched. The one exception is the branch an editor has checked out
(usually `main`): it moves with `git merge --ff-only` in that work tree, which updates the
files there and refuses, leaving everything as it was, when local changes are in the way.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from portal.problems import PortalError

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


class GitError(PortalError):
    """A git command failed; the message says which and why, in Vietnamese."""


@dataclass(frozen=True)
class Author:
    name: str
    email: str


@dataclass(frozen=True)
class Change:
    """One file of a diff between two commits."""

    path: str
    status: str  # "added", "modified", "deleted"


class Repo:
    """A git repository, read and written through plumbing commands."""

    def __init__(self, root: Path):
        self.root = root

    def git(self, *args: str, data: bytes | None = None, env: dict | None = None, cwd=None) -> str:
        """Run git; return its output as text, or raise GitError with git's own words."""
        return self.git_bytes(*args, data=data, env=env, cwd=cwd).decode("utf-8", "replace")

    def git_bytes(self, *args: str, data: bytes | None = None, env=None, cwd=None) -> bytes:
        full_env = {**os.environ, "LC_ALL": "C", **(env or {})}
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args], cwd=cwd or self.root, input=data,
            capture_output=True, env=full_env, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip()
            command = next((a for a in args if not a.startswith("-") and "=" not in a), "")
            raise GitError(f"Lệnh git {command} thất bại: {message}")
        return done.stdout

    def commit_of(self, ref: str) -> str | None:
        """The commit a branch or ref names, or None when there is none."""
        try:
            return self.git("rev-parse", "--verify", "-q", f"{ref}^{{commit}}").strip()
        except GitError:
            return None

    def branches(self, prefix: str = "") -> list[str]:
        """Local branch names starting with `prefix`."""
        out = self.git("for-each-ref", "--format=%(refname:short)", f"refs/heads/{prefix}")
        return [line for line in out.splitlines() if line]

    def read(self, ref: str, path: str) -> bytes | None:
        """The bytes of `path` at `ref`, or None when it has no such file."""
        try:
            return self.git_bytes("cat-file", "blob", f"{ref}:{path}")
        except GitError:
            return None

    def blob_id(self, ref: str, path: str) -> str | None:
        try:
            return self.git("rev-parse", "--verify", "-q", f"{ref}:{path}").strip() or None
        except GitError:
            return None

    def list_files(self, ref: str, folder: str) -> list[str]:
        """Every file under `folder` at `ref`, as paths from the repository's root."""
        folder = folder.strip("/")
        spec = [f"{folder}/"] if folder else []
        out = self.git("ls-tree", "-r", "--name-only", "-z", ref, "--", *spec)
        return [name for name in out.split("\0") if name]

    def config(self, key: str) -> str:
        try:
            return self.git("config", "--get", key).strip()
        except GitError:
            return ""

    def set_config(self, key: str, value: str) -> None:
        self.git("config", key, value)

    def unset_config(self, key: str) -> None:
        with contextlib.suppress(GitError):  # already unset
            self.git("config", "--unset", key)

    def changes(self, base: str, head: str) -> list[Change]:
        """The files `head` changed since it left `base` (from their merge base)."""
        out = self.git("diff", "--name-status", "-z", "--no-renames", f"{base}...{head}")
        parts = [p for p in out.split("\0") if p]
        names = {"A": "added", "M": "modified", "D": "deleted"}
        return [
            Change(parts[i + 1], names.get(parts[i][0], "modified"))
            for i in range(0, len(parts) - 1, 2)
        ]

    def merge_base(self, one: str, other: str) -> str:
        return self.git("merge-base", one, other).strip()

    def commit_files(
        self,
        branch: str,
        parent: str,
        files: dict[str, bytes | None],
        message: str,
        author: Author,
        *,
        expected: str | None = None,
    ) -> str:
        """Commit `files` (None deletes) on top of `parent` and move `branch` to it.

        `expected` is where the branch must still be (None: it must not exist yet), so two
        saves at once never lose one of them.
        """
        commit = self.make_commit(parent, files, message, author)
        self.git("update-ref", f"refs/heads/{branch}", commit, expected or "0" * 40)
        return commit

    def make_commit(
        self, parent: str, files: dict[str, bytes | None], message: str, author: Author
    ) -> str:
        """A commit object: `parent`'s tree with `files` written or removed (None)."""
        with tempfile.TemporaryDirectory(prefix="portal-index-") as scratch:
            env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
            self.git("read-tree", parent, env=env)
            for path, data in sorted(files.items()):
                if data is None:
                    self.git("update-index", "--force-remove", "--", path, env=env)
                    continue
                blob = self.git("hash-object", "-w", "--stdin", data=data).strip()
                self.git("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=env)
            tree = self.git("write-tree", env=env).strip()
        people = {
            "GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
            "GIT_COMMITTER_NAME": author.name, "GIT_COMMITTER_EMAIL": author.email,
        }  # fmt: skip
        return self.git(
            "commit-tree", tree, "-p", parent, "-F", "-", data=message.encode(), env=people
        ).strip()

    def checked_out_at(self, branch: str) -> Path | None:
        """The work tree that has `branch` checked out, if any."""
        out = self.git("worktree", "list", "--porcelain")
        tree = None
        for line in out.splitlines():
            if line.startswith("worktree "):
                tree = Path(line[len("worktree ") :])
            elif line == f"branch refs/heads/{branch}" and tree is not None:
                return tree
        return None

    def advance(self, branch: str, old: str, new: str) -> None:
        """Move `branch` from `old` to its descendant `new`, updating a work tree that has it."""
        tree = self.checked_out_at(branch)
        if tree is None:
            self.git("update-ref", f"refs/heads/{branch}", new, old)
            return
        try:
            self.git("merge", "--ff-only", "-q", new, cwd=tree)
        except GitError as error:
            raise GitError(
                f"Không cập nhật được nhánh {branch} trong thư mục {tree}: ở đó có thay đổi chưa "
                f"commit đè lên tệp của bài. Commit hoặc bỏ các thay đổi đó rồi đăng lại. "
                f"({error.message})"
            ) from None
