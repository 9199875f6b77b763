"""Decap CMS's proxy protocol (`POST /api/v1`), answered from git with the portal's checks.

The actions and the shape of their answers are those of Decap's own `decap-server` in git
mode (`packages/decap-server/src/middlewares/localGit`), so Decap's interface works unchanged;
what differs is how they are carried out:

- a save commits the entry's files only (`gitstore`), on the branch `cms/<collection>/<slug>`
  with the editorial workflow, and `portal check` reads the result in the service's own work
  tree: its Vietnamese messages come back with the answer and in `last_checks`;
- publishing applies the branch's files onto the main branch as one new commit, checked first:
  an entry with errors is refused with the messages, and so is one whose file was changed on
  the main branch meanwhile;
- a new entry's file name must be the portal's slug of its title (đ → d), whatever the
  browser computed;
- photos are made fit for the web as they come in (`photos.shrink`).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import posixpath
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

from portal import checks, settings
from portal.content import articles
from portal.editor import config as editor_config
from portal.editor import datafiles, photos
from portal.editor.gitstore import Author, Repo
from portal.problems import PortalError, Problem
from portal.text import nfc, slugify

log = logging.getLogger("portal")

PREFIX = "cms/"
LABEL_PREFIX = "decap-cms/"
CHECKED_SUFFIXES = (".md", ".yml")


class Refused(PortalError):
    """A request the service will not carry out; the message is shown to the editor."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.status = status


# The checks read the files as committed. In a clone made with core.autocrlf=true (Git for
# Windows' default) a checkout writes CRLF, and every entry would be warned about "CRLF" that
# is not in the commit. The marker beside the tree says it was made this way.
AS_IS = ("-c", "core.autocrlf=false", "-c", "core.eol=lf")
AS_COMMITTED = ".lf"


@dataclass
class Checker:
    """`portal check` on a commit, in the service's own detached work tree."""

    repo: Repo
    tree: Path
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _ours(self) -> bool:
        """Whether the work tree there is one of this repository's."""
        if not (self.tree / ".git").exists():
            return False
        try:
            mine = self.repo.git("rev-parse", "--path-format=absolute", "--git-common-dir")
            theirs = Repo(self.tree).git("rev-parse", "--path-format=absolute", "--git-common-dir")
        except PortalError:
            return False
        return mine.strip() == theirs.strip()

    def _marker(self) -> Path:
        return self.tree.parent / f"{self.tree.name}{AS_COMMITTED}"

    def prepare(self, commit: str) -> None:
        if not self._ours() or not self._marker().exists():
            if self.tree.exists():
                shutil.rmtree(self.tree)
            self.repo.git("worktree", "prune")
            self.tree.parent.mkdir(parents=True, exist_ok=True)
            self.repo.git(*AS_IS, "worktree", "add", "-q", "--detach", str(self.tree), commit)
            self._marker().write_text("LF\n", encoding="utf-8")
        tree_repo = Repo(self.tree)
        tree_repo.git(*AS_IS, "checkout", "-q", "-f", "--detach", commit)
        tree_repo.git("clean", "-q", "-f", "-d")

    def check(
        self, commit: str, paths: list[str], extra: dict[str, bytes] | None = None
    ) -> list[Problem]:
        """The problems of `paths` (from the repository root) at `commit`, with `extra` files
        written over it first (an entry not saved yet)."""
        with self.lock:
            self.prepare(commit)
            for path, data in (extra or {}).items():
                target = self.tree / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            docs = f"{settings.DOCS}/"
            chosen = [p[len(docs) :] for p in paths if p.startswith(docs) and p.endswith(".md")]
            data = [
                p for p in paths
                if p.endswith(".yml") and p.startswith((f"{settings.DATA}/", "infographics/"))
            ]  # fmt: skip
            if not chosen and not data:
                return []
            return checks.run(self.tree, chosen, data)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _media(path: str, data: bytes) -> dict:
    return {
        "id": _sha(data), "content": base64.b64encode(data).decode("ascii"),
        "encoding": "base64", "path": path, "name": posixpath.basename(path),
    }  # fmt: skip


def as_written(path: str, raw: str) -> bytes:
    """The bytes the service writes for an entry's text from the form: NFC, and for articles
    and data files no BOM and LF line ends. Decap rewrites the front matter but keeps the body
    as it was read, so an article saved by Windows Notepad would keep its CRLF (and the warning
    of `portal check`) through every save."""
    text = nfc(raw)
    if path.endswith(CHECKED_SUFFIXES):
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.encode("utf-8")


def problem_lines(problems: list[Problem]) -> list[str]:
    return [str(p) for p in problems]


def refusal(problems: list[Problem]) -> str:
    errors = [p for p in problems if p.severity == "error"]
    return f"Bài còn {len(errors)} lỗi, chưa đăng được. Sửa các lỗi sau rồi lưu lại:\n" + "\n".join(
        str(p) for p in errors
    )


class Backend:
    """The state of one editing service: the repository, its main branch and its checker."""

    def __init__(self, root: Path, branch: str, author: Author, check_tree: Path):
        self.root = root
        self.repo = Repo(root)
        self.branch = branch
        self.author = author
        self.checker = Checker(self.repo, check_tree)
        self.write_lock = threading.Lock()
        # The last check of each entry branch, for the preview pane.
        self.last_checks: dict[str, list[dict]] = {}

    # -- helpers ---------------------------------------------------------------------------

    def _head(self, branch: str) -> str:
        commit = self.repo.commit_of(f"refs/heads/{branch}")
        if commit is None:
            raise Refused(f"Không có nhánh '{branch}' trong kho.")
        return commit

    def _entry(self, ref: str, path: str, label: str | None = None) -> dict:
        data = self.repo.read(ref, path)
        file = {"path": path, "id": _sha(data) if data is not None else None}
        if label is not None:
            file["label"] = label
        return {"data": data.decode("utf-8", "replace") if data is not None else None, "file": file}

    @staticmethod
    def _entry_branch(collection: str, slug: str) -> str:
        return f"{PREFIX}{collection}/{slug}"

    def _status(self, branch: str) -> str:
        label = self.repo.config(f"branch.{branch}.description")
        return label[len(LABEL_PREFIX) :] if label.startswith(LABEL_PREFIX) else "draft"

    # -- actions ---------------------------------------------------------------------------

    def handle(self, action: str, params: dict) -> object:
        """Carry out one action of Decap's proxy protocol; return what Decap expects."""
        if action == "info":
            return {"repo": self.root.name, "publish_modes": ["simple", "editorial_workflow"],
                    "type": "local_git"}  # fmt: skip
        handler = getattr(self, "do_" + action, None)
        if handler is None:
            if action in ("getNotes",):
                return {"notes": []}
            raise Refused(f"Thao tác '{action}' không được hỗ trợ.")
        with self.write_lock:
            return handler(params)

    def do_entriesByFolder(self, params: dict) -> list[dict]:
        folder = params["folder"].strip("/")
        extension = params.get("extension") or ""
        depth = int(params.get("depth") or 1)
        found = []
        for path in self.repo.list_files(self.branch, folder):
            rel = path[len(folder) + 1 :]
            if rel.count("/") >= depth or not path.endswith("." + extension.lstrip(".")):
                continue
            if posixpath.basename(path) == editor_config.INDEX:
                continue  # a section's introduction page is edited in "trang-muc"
            found.append(self._entry(self.branch, path))
        return found

    def do_entriesByFiles(self, params: dict) -> list[dict]:
        return [self._entry(self.branch, f["path"], f.get("label")) for f in params["files"]]

    def do_getEntry(self, params: dict) -> dict:
        return self._entry(self.branch, params["path"])

    def do_unpublishedEntries(self, params: dict) -> list[str]:
        return [b[len(PREFIX) :] for b in self.repo.branches(PREFIX)]

    def _key(self, params: dict) -> tuple[str, str]:
        if params.get("id"):
            collection, _, slug = params["id"].partition("/")
            return collection, slug
        return params["collection"], params["slug"]

    def do_unpublishedEntry(self, params: dict) -> dict:
        collection, slug = self._key(params)
        branch = self._entry_branch(collection, slug)
        head = self.repo.commit_of(f"refs/heads/{branch}")
        if head is None:
            raise Refused("Not Found", 404)
        diffs = []
        for change in self.repo.changes(self.branch, branch):
            binary = not change.path.endswith((".md", ".yml", ".yaml", ".svg"))
            diffs.append({
                "oldPath": change.path, "newPath": change.path, "status": change.status,
                "newFile": change.status == "added", "path": change.path, "id": change.path,
                "binary": binary or change.path.endswith(".svg"),
            })  # fmt: skip
        when = self.repo.git("log", "-1", "--format=%cI", head).strip()
        return {"collection": collection, "slug": slug, "status": self._status(branch),
                "diffs": diffs, "updatedAt": when}  # fmt: skip

    def do_unpublishedEntryDataFile(self, params: dict) -> dict:
        branch = self._entry_branch(params["collection"], params["slug"])
        return {"data": self._entry(branch, params["path"])["data"]}

    def do_unpublishedEntryMediaFile(self, params: dict) -> dict:
        branch = self._entry_branch(params["collection"], params["slug"])
        data = self.repo.read(branch, params["path"])
        if data is None:
            raise Refused("Not Found", 404)
        return _media(params["path"], data)

    def do_deleteUnpublishedEntry(self, params: dict) -> dict:
        branch = self._entry_branch(params["collection"], params["slug"])
        if self.repo.commit_of(f"refs/heads/{branch}"):
            self.repo.git("branch", "-D", branch)
            self.repo.unset_config(f"branch.{branch}.description")
        self.last_checks.pop(branch, None)
        return {"message": f"Đã xóa bản nháp {branch}"}

    def _files_of(self, params: dict) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        data_files = params.get("dataFiles") or [params["entry"]]
        for item in data_files:
            path = item.get("newPath") or item["path"]
            files[path] = self._written(path, as_written(path, item["raw"]))
        for asset in params.get("assets") or ():
            raw = base64.b64decode(asset["content"])
            files[asset["path"]] = photos.shrink(asset["path"], raw)
        return files

    def _written(self, path: str, data: bytes) -> bytes:
        """What the service writes for an entry file Decap sent (data files keep comments)."""
        if path == editor_config.PLAN_FILE:
            return datafiles.merge_plan(self.repo.read(self.branch, path) or b"", data)
        if path == editor_config.LOCAL_FILE:
            return datafiles.merge_values(self.repo.read(self.branch, path) or b"", data, path)
        return data

    def _check_slug(self, path: str, data: bytes) -> None:
        """A new article's file name is the portal's slug of its title, as `portal new` makes."""
        if not path.endswith(".md") or self.repo.read(self.branch, path) is not None:
            return
        try:
            meta, _ = articles.split_front_matter(data.decode("utf-8"), path)
        except PortalError:
            return  # the check reports the front matter itself
        title = str(meta.get("title") or "")
        wanted = slugify(title)
        if wanted and posixpath.basename(path) != f"{wanted}.md":
            raise Refused(
                f"Tên tệp của bài mới phải là '{wanted}.md' (tiêu đề viết không dấu, đ thành d), "
                f"không phải '{posixpath.basename(path)}'. Tải lại trang rồi tạo lại bài."
            )

    def do_persistEntry(self, params: dict) -> dict:
        options = params.get("options") or {}
        files = self._files_of(params)
        for path, data in files.items():
            self._check_slug(path, data)
        message = options.get("commitMessage") or "Cập nhật nội dung"
        main = self._head(self.branch)
        if not options.get("useWorkflow"):
            commit = self.repo.commit_files(
                self.branch, main, files, message, self.author, expected=main
            )
            branch = self.branch
        else:
            slug = (params.get("dataFiles") or [params.get("entry")])[0]["slug"]
            branch = self._entry_branch(options["collectionName"], slug)
            head = self.repo.commit_of(f"refs/heads/{branch}")
            if head is None:
                # A new draft starts from the main branch as it is now.
                parent = main
                status = options.get("status") or "draft"
                self.repo.set_config(f"branch.{branch}.description", LABEL_PREFIX + status)
            else:
                parent = head
            commit = self.repo.commit_files(branch, parent, files, message, self.author,
                                            expected=head)  # fmt: skip
        problems = self.checker.check(commit, sorted(files))
        self.last_checks[branch] = [p.as_dict() for p in problems]
        log.info("Đã lưu %s vào nhánh %s (%s)", ", ".join(sorted(files)), branch, commit[:10])
        return {"message": "Đã lưu", "problems": problem_lines(problems), "branch": branch,
                "commit": commit}  # fmt: skip

    def do_updateUnpublishedEntryStatus(self, params: dict) -> dict:
        branch = self._entry_branch(params["collection"], params["slug"])
        self.repo.set_config(f"branch.{branch}.description", LABEL_PREFIX + params["newStatus"])
        return {"message": f"Đã chuyển {branch} sang {params['newStatus']}"}

    def publish_commit(self, branch: str) -> tuple[str, str, list[str], list[Problem]]:
        """(main now, the commit that would publish `branch`, its files, their problems)."""
        main = self._head(self.branch)
        head = self._head(branch)
        base = self.repo.merge_base(main, head)
        files: dict[str, bytes | None] = {}
        for change in self.repo.changes(self.branch, branch):
            now, before = (self.repo.blob_id(r, change.path) for r in (main, base))
            mine = self.repo.blob_id(head, change.path)
            if now != before and now != mine:
                raise Refused(
                    f"Tệp {change.path} đã được sửa ở nơi khác sau khi bản nháp này được tạo. "
                    "Mở bài, chép phần đã viết, xóa bản nháp rồi sửa lại trên bản mới nhất."
                )
            files[change.path] = self.repo.read(head, change.path)
        title = ", ".join(sorted(files))
        commit = self.repo.make_commit(main, files, f"Đăng: {title}", self.author)
        checked = sorted(p for p, data in files.items() if data is not None)
        return main, commit, checked, self.checker.check(commit, checked)

    def do_publishUnpublishedEntry(self, params: dict) -> dict:
        branch = self._entry_branch(params["collection"], params["slug"])
        main, commit, _, problems = self.publish_commit(branch)
        self.last_checks[branch] = [p.as_dict() for p in problems]
        if any(p.severity == "error" for p in problems):
            raise Refused(refusal(problems))
        self.repo.advance(self.branch, main, commit)
        self.repo.git("branch", "-D", branch)
        self.repo.unset_config(f"branch.{branch}.description")
        log.info("Đã đăng %s vào nhánh %s (%s)", branch, self.branch, commit[:10])
        return {"message": f"Đã đăng {branch} vào {self.branch}"}

    def do_getMedia(self, params: dict) -> list[dict]:
        folder = params.get("mediaFolder", "").strip("/")
        found = []
        for path in self.repo.list_files(self.branch, folder):
            if "/" in path[len(folder) + 1 :] or not path.lower().endswith(photos.SUFFIXES):
                continue
            found.append(_media(path, self.repo.read(self.branch, path) or b""))
        return found

    def do_getMediaFile(self, params: dict) -> dict:
        data = self.repo.read(self.branch, params["path"])
        if data is None:
            raise Refused("Not Found", 404)
        return _media(params["path"], data)

    def do_persistMedia(self, params: dict) -> dict:
        asset = params["asset"]
        data = photos.shrink(asset["path"], base64.b64decode(asset["content"]))
        main = self._head(self.branch)
        message = (params.get("options") or {}).get("commitMessage") or "Thêm ảnh"
        self.repo.commit_files(self.branch, main, {asset["path"]: data}, message, self.author,
                               expected=main)  # fmt: skip
        return _media(asset["path"], data)

    def _delete(self, paths: list[str], message: str) -> dict:
        main = self._head(self.branch)
        files: dict[str, bytes | None] = dict.fromkeys(paths)
        commit = self.repo.make_commit(main, files, message, self.author)
        # What still links to a deleted article or photo breaks: check the whole site.
        problems = [p for p in self.checker.check(commit, self._all_checked(commit))
                    if p.severity == "error" and p.path not in paths]  # fmt: skip
        before = {(p.path, p.code, p.message) for p in self.checker.check(
            main, self._all_checked(main)) if p.severity == "error"}  # fmt: skip
        new = [p for p in problems if (p.path, p.code, p.message) not in before]
        if new:
            raise Refused(
                "Không xóa được: các tệp khác còn dẫn tới tệp này.\n"
                + "\n".join(str(p) for p in new)
            )
        self.repo.advance(self.branch, main, commit)
        return {"message": "Đã xóa " + ", ".join(paths)}

    def _all_checked(self, commit: str) -> list[str]:
        return [p for p in self.repo.list_files(commit, settings.DOCS) if p.endswith(".md")]

    def do_deleteFile(self, params: dict) -> dict:
        message = (params.get("options") or {}).get("commitMessage") or "Xóa tệp"
        return self._delete([params["path"]], message)

    def do_deleteFiles(self, params: dict) -> dict:
        message = (params.get("options") or {}).get("commitMessage") or "Xóa tệp"
        return self._delete(list(params["paths"]), message)

    def do_getDeployPreview(self, params: dict) -> None:
        return None

    # -- the preview pane ------------------------------------------------------------------

    def check_text(self, collection: str, slug: str, path: str, data: dict) -> list[dict]:
        """`portal check` on an entry as it is in the form, not yet saved."""
        if not path:
            folder = editor_config.folders().get(collection)
            name = slugify(str(data.get("title") or "")) or "bai-moi"
            if folder is None:
                raise Refused(f"Không có mục '{collection}'.")
            path = f"{folder}/{name}.md"
        branch = self._entry_branch(collection, slug) if slug else ""
        with self.write_lock:
            has_branch = bool(branch) and self.repo.commit_of(f"refs/heads/{branch}") is not None
            commit = self._head(branch if has_branch else self.branch)
        raw = editor_config.serialize(path, data)
        written = self._written(path, as_written(path, raw))
        problems = self.checker.check(commit, [path], {path: written})
        return [p.as_dict() for p in problems]
