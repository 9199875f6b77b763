"""The editor's preview: the one-article project, the port, the output, the errors in the page.

At a thousand articles a full rebuild takes many seconds, too long to wait after each save.
The one-article preview project holds the article being written, every section's
introduction page and every non-article file (styles, images), linked, not copied, so saving
the article is seen at once; the links are brought up to date before each rebuild, so a photo
added while the preview runs is served at the next save. Links from the article to other
articles are not followed in this preview.

A preview never leaves the editor waiting: a port already taken is replaced by the next free
one; a save with an error shows the Vietnamese messages in the browser (the build's own
checks, warnings included, since the published build refuses those too) and the page comes
back at the next save that fixes it; MkDocs' English progress lines are left out of the
terminal.
"""

from __future__ import annotations

import contextlib
import errno
import html
import json
import logging
import os
import posixpath
import re
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import jinja2
import jinja2.bccache

from portal import settings

# What a preview needs from the project besides mkdocs.yml and docs/.
_SKIP = {settings.DOCS, "site", settings.CONFIG, ".git", ".venv"}
# Beside the preview project's mkdocs.yml: which project and article it previews.
MARKER = ".portal-preview.json"
PORTS_TRIED = 20
# A folder: each preview rebuild's wall and CPU seconds are added to its times.txt, and with
# PORTAL_PREVIEW_CPROFILE=1 its cProfile statistics written there too
# (`python -m portal.bench.preview --profile DIR`).
PROFILE_ENV = "PORTAL_PREVIEW_PROFILE"
CPROFILE_ENV = "PORTAL_PREVIEW_CPROFILE"
NOT_BUILT = "Chưa dựng được vì các lỗi trên: trình duyệt hiện danh sách lỗi; sửa rồi lưu tệp."


def make_project(root: Path, article: str, target: Path) -> Path:
    """Lay out the preview project in `target` for docs/`article`; return its mkdocs.yml."""
    root, target = Path(root), Path(target)
    (target / "docs").mkdir(parents=True)
    for entry in root.iterdir():
        if entry.name not in _SKIP and not entry.name.startswith("site."):
            (target / entry.name).symlink_to(entry)
    # The project's mkdocs.yml, read again at each build (a change to it is seen at the next
    # one), with this docs_dir; MkDocs merges the two with the same YAML loader, so the
    # !!python/name tags of mkdocs.yml are read as in the project.
    parent = json.dumps(os.fspath(root / settings.CONFIG), ensure_ascii=False)
    config = f"INHERIT: {parent}\ndocs_dir: {json.dumps(os.fspath(target / 'docs'))}\n"
    # The articles left out are expected to be missing: say nothing about links to them.
    config += "validation:\n  links:\n    not_found: info\n    anchors: info\n"
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    marker = {"root": os.fspath(root), "article": article}
    (target / MARKER).write_text(json.dumps(marker, ensure_ascii=False), encoding="utf-8")
    sync_project(target)
    return target / "mkdocs.yml"


def sync_project(target: Path) -> bool:
    """Bring the preview project's links in line with docs/: new files linked, removed ones
    unlinked. Does nothing (False) outside a one-article preview project."""
    try:
        marker = json.loads((Path(target) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    docs = Path(marker["root"]) / "docs"
    preview_docs = Path(target) / "docs"
    wanted = {}
    for path in docs.rglob("*"):
        rel = path.relative_to(docs).as_posix()
        if not path.is_dir() and _wanted(rel, marker["article"]):
            wanted[rel] = path
    for link in list(preview_docs.rglob("*")):
        rel = link.relative_to(preview_docs).as_posix()
        if link.is_symlink() and rel not in wanted:
            link.unlink()
    for rel, path in wanted.items():
        link = preview_docs / rel
        if not link.is_symlink():
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(path)
    return True


def _wanted(rel: str, article: str) -> bool:
    """The article itself, every non-article file, and the pages the menu links to."""
    if rel == article or not rel.endswith(".md"):
        return True
    return posixpath.basename(rel) == "index.md" or "/" not in rel


# -- the port -------------------------------------------------------------------------------


def split_address(address: str) -> tuple[str, int]:
    """("127.0.0.1", 8000) from "127.0.0.1:8000"; ValueError in Vietnamese otherwise."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(
            f"địa chỉ '{address}' không hợp lệ: cần dạng máy:cổng, ví dụ 127.0.0.1:8000."
        )
    return host, int(port)


def free_port(host: str, wanted: int, tries: int = PORTS_TRIED) -> int:
    """`wanted` if nothing listens there, else the next free port after it (or any free one)."""
    for port in range(wanted, min(wanted + tries, 65536)):
        if _is_free(host, port):
            return port
    with socket.socket(_family(host)) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _is_free(host: str, port: int) -> bool:
    with socket.socket(_family(host)) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


# -- what the terminal shows ----------------------------------------------------------------

# MkDocs' log lines: "INFO    -  [10:01:02] Serving on …", "WARNING -  message".
_LOG_LINE = re.compile(r"^(DEBUG|INFO|WARNING|ERROR)\s+-\s+(?:\[\d\d:\d\d:\d\d\]\s+)?(.*)$")
# MkDocs' own English warnings that say nothing to an editor about their article.
_NOISE = ("A 'dirty' build is being performed",)
_BUILT = re.compile(r"^Documentation built in ([\d.]+) seconds$")


class Output:
    """Turns MkDocs' output into the lines an editor must read, in Vietnamese.

    Progress lines (INFO) are dropped, but the end of each build becomes one line with its
    time; warnings and errors keep their message (the portal's are Vietnamese) without the
    English level; Material's end-of-life banner is switched off where the child starts
    (NO_MKDOCS_2_WARNING) and any line left of it is dropped here.
    """

    def __init__(self) -> None:
        self.builds = 0
        self._in_problem = False

    def line(self, raw: str) -> str | None:
        """The line to print for one line of MkDocs' output, or None."""
        text = raw.rstrip("\n")
        found = _LOG_LINE.match(text)
        if found:
            level, message = found.groups()
            self._in_problem = level in ("WARNING", "ERROR") and not message.startswith(_NOISE)
            if self._in_problem:
                return plain(message) or None
            if message == NOT_BUILT:
                return message
            built = _BUILT.match(message)
            if built:
                self.builds += 1
                seconds = float(built.group(1))
                what = "Đã dựng xong" if self.builds == 1 else "Đã cập nhật sau khi lưu"
                return f"{what} ({_seconds(seconds)}) lúc {time.strftime('%H:%M:%S')}."
            return None
        if text.startswith("Aborted with"):  # MkDocs' English summary; the messages said it
            self._in_problem = False
            return None
        if "│" in text or "NO_MKDOCS_2_WARNING" in text or not text.strip():
            return None  # the end-of-life banner, should it still be printed
        return text  # a message's next lines, or a bug's traceback: printed as they are


def _seconds(seconds: float) -> str:
    return f"{seconds:.1f} giây".replace(".", ",")


def wait_for_change(paths: Iterable[Path], interval: float = 0.5) -> None:
    """Return when a file under `paths` is added, removed or saved (polling, no threads)."""
    paths = list(paths)
    before = _snapshot(paths)
    while _snapshot(paths) == before:
        time.sleep(interval)


def _snapshot(paths: list[Path]) -> dict[str, float]:
    seen = {}
    for top in paths:
        for folder, _dirs, names in os.walk(top):
            for name in names:
                path = os.path.join(folder, name)
                with contextlib.suppress(OSError):  # removed while walking
                    seen[path] = os.stat(path).st_mtime_ns
    return seen


# -- the errors in the page -----------------------------------------------------------------


class ProblemLog(logging.Handler):
    """Collects the warnings and errors logged while the preview builds (logger "mkdocs")."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(_NOISE) and not message.startswith("Aborted with"):
            self.messages.append(message)

    def attach(self, logger: str = "mkdocs") -> ProblemLog:
        logging.getLogger(logger).addHandler(self)
        return self


def show_problems_in_page(server, problems: ProblemLog) -> None:
    """Make MkDocs' preview server (`LiveReloadServer`) show the build's problems.

    A rebuild that raised left MkDocs' server waiting for a good build before answering any
    request, so the browser spun until a restart. Here a failed rebuild counts as done (the
    browser reloads), and while the last build has problems every page is a Vietnamese list
    of them that reloads itself at the next build.
    """
    build = server.builder
    serve = server.get_app()

    profiled = os.environ.get(PROFILE_ENV)
    builds = []

    def guarded_build(*args, **kwargs):
        problems.messages.clear()
        builds.append(None)
        try:
            if profiled:
                _profiled(build, Path(profiled) / f"build-{len(builds)}.prof", *args, **kwargs)
            else:
                build(*args, **kwargs)
        except Exception as error:  # every failure is shown, none stops the preview
            if not problems.messages:
                problems.messages.append(str(error) or type(error).__name__)
        if problems.messages:
            # Through MkDocs' logger, whose lines `portal serve` reads (Output keeps this one).
            logging.getLogger("mkdocs.plugins.portal").info(NOT_BUILT)

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if problems.messages and (path.endswith(("/", ".html")) or "." not in path):
            body = error_page(problems.messages)
            start_response(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
            )
            return [body]
        return serve(environ, start_response)

    server.builder = guarded_build
    server.set_app(app)


def _profiled(build: Callable, target: Path, *args, **kwargs) -> None:
    import cProfile  # only when measuring

    profile = cProfile.Profile() if os.environ.get(CPROFILE_ENV) == "1" else None
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        if profile is not None:
            profile.runcall(build, *args, **kwargs)
        else:
            build(*args, **kwargs)
    finally:
        spent = f"{target.name} {time.perf_counter() - wall:.3f} {time.process_time() - cpu:.3f}"
        with open(target.with_name("times.txt"), "a", encoding="utf-8") as times:
            times.write(spent + "\n")  # wall and CPU seconds (of this process: all threads)
        if profile is not None:
            profile.dump_stats(target)


# Polls MkDocs' livereload address: the first answer is the current build, the second comes
# when the next build ends (MkDocs holds the request until then).
_RELOAD = """
(function () {
  function poll(epoch) {
    fetch("/livereload/" + epoch + "/" + Date.now()).then(function (r) { return r.text(); })
      .then(function (t) { var e = parseFloat(t);
        if (epoch && e > epoch) { location.reload(); } else { poll(e || epoch); } })
      .catch(function () { setTimeout(function () { poll(epoch); }, 1000); });
  }
  poll(0);
})();
"""


def error_page(messages: list[str]) -> bytes:
    """The page shown instead of the preview while the last build has problems."""
    items = "\n".join(f"<li><pre>{html.escape(m)}</pre></li>" for m in _one_per_line(messages))
    page = f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Bản xem trước có lỗi</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 1rem; color: #1a1a1a; }}
h1 {{ color: #a31b14; font-size: 1.4rem; }}
li {{ margin: .5rem 0; }}
pre {{ white-space: pre-wrap; margin: 0; font: inherit; }}
</style></head>
<body><main>
<h1>Bản xem trước có lỗi cần sửa</h1>
<p>Trang chưa dựng được vì các lỗi dưới đây (bản dựng thật cũng từ chối chúng). Sửa rồi lưu
tệp: trang này tự tải lại khi dựng xong.</p>
<ol>
{items}
</ol>
</main><script>{_RELOAD}</script></body></html>
"""
    return page.encode("utf-8")


def _one_per_line(messages: list[str]) -> list[str]:
    """The portal's messages, one each; MkDocs prints several under one log line."""
    lines = []
    for message in messages:
        for line in message.splitlines():
            if line := plain(line):
                lines.append(line)
    return list(dict.fromkeys(lines))


# MkDocs names the page a failure happened on in English, before the message itself.
_PAGE_PREFIX = re.compile(r"^Error (?:reading|building) page '([^']*)':\s*")


def plain(message: str) -> str:
    """One line of a problem without MkDocs' English prefix ("" if nothing is left)."""
    found = _PAGE_PREFIX.match(message.strip())
    if found:
        rest = message.strip()[found.end() :]
        return f"docs/{found.group(1)}: {rest}" if rest else ""
    return message.strip()


def guard_address(address: str, announce: Callable[[str], None]) -> str:
    """The address to serve on: `address`, or the same host on the next free port."""
    host, wanted = split_address(address)
    port = free_port(host, wanted)
    if port != wanted:
        announce(f"Cổng {wanted} đang được chương trình khác dùng: xem trước ở cổng {port}.")
    return f"{host}:{port}"


# -- the whole-site preview: lists follow their articles ------------------------------------


def listed(articles: Iterable, read: Callable[[str], str], data: Path | None = None) -> frozenset:
    """What the lists show of each article: front matter (title, date, description, tags,
    categories…) and, for news, the excerpt Material's blog lists (up to `<!-- more -->`);
    with `data`, the state of that folder too (figures and places the excerpts may show)."""
    shown: set = set()
    for a in articles:
        excerpt = read(a.src_path).partition("<!-- more -->")[0] if a.is_news else ""
        shown.add(
            (a.src_path, a.title, a.description, a.date, a.draft, a.tags,
             repr(a.meta.get("categories")), repr(a.meta.get("summary")), excerpt)
        )  # fmt: skip
    if data is not None:
        shown.add(("data/", tuple(sorted(_snapshot([data]).items()))))
    return frozenset(shown)


def is_list_page(src_uri: str, read: Callable[[], str]) -> bool:
    """Pages that list articles: the home page, section introductions, news and tag lists."""
    return posixpath.basename(src_uri) == "index.md" or "<!-- material/tags" in read()


def keep_built(file) -> None:
    """Date a built page (of a list a plugin generates each build, such as Material's news
    pages) after its source, so MkDocs' --dirty rebuild leaves it as it is."""
    if not file.abs_src_path or not os.path.isfile(file.abs_dest_path):
        return
    newer = max(os.stat(file.abs_src_path).st_mtime_ns, time.time_ns()) + 1_000_000
    os.utime(file.abs_dest_path, ns=(newer, newer))


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept between a preview's builds: MkDocs makes a new template
    environment for each build, which compiled Material's templates again at every save.
    Jinja checks each template's source against its checksum, so a changed one is compiled."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


def mark_stale(built: str | Path) -> None:
    """Date a built page back so MkDocs' --dirty rebuild writes it again."""
    with contextlib.suppress(OSError):  # not built yet: it will be
        os.utime(built, (0, 0))


# -- what a preview keeps between saves -----------------------------------------------------


class Kept:
    """Values kept between a preview's builds, one per name, made again when their inputs
    change (a read-out script: its article's text, the day and the project's state)."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[object, object]] = {}

    def get(self, name: str, inputs: object, make: Callable[[], object]):
        kept = self._kept.get(name)
        if kept is not None and kept[0] == inputs:
            return kept[1]
        value = make()
        self._kept[name] = (inputs, value)
        return value


class GeneratedSources:
    """Files of the pages a plugin makes at each build, written only when their text changed.

    MkDocs' --dirty rebuild renders every page given as text again (a thousand read-out
    script pages at each save); given as a file whose time moves only when its text changes,
    a page is rendered again only then."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="portal-preview-pages-"))
        self._written: dict[str, bytes] = {}

    def source(self, uri: str, content: str | bytes) -> str:
        """The file holding `content` for the site file `uri`."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = self.folder / uri
        if self._written.get(uri) != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            scratch = path.with_name(path.name + ".tmp")
            scratch.write_bytes(data)
            os.replace(scratch, path)
            self._written[uri] = data
        return os.fspath(path)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


# Besides its own file, what any page may show: the configuration, the data files (figures,
# places, the plan), the infographics and the template overrides.
_PROJECT_INPUTS = ("data", settings.INFOGRAPHICS, "overrides")


def project_state(root: Path, config_file: Path) -> tuple:
    """A value that changes when anything every page depends on changes."""
    seen = _snapshot([Path(root) / name for name in _PROJECT_INPUTS])
    for path in (config_file, *_inherited(Path(root))):
        with contextlib.suppress(OSError):
            found = os.stat(path)
            seen[os.fspath(path)] = (found.st_mtime_ns, found.st_size)
    return tuple(sorted(seen.items()))


def _inherited(target: Path) -> list[Path]:
    """The project's mkdocs.yml, which a one-article preview project inherits."""
    try:
        marker = json.loads((target / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [Path(marker["root"]) / settings.CONFIG]


def list_theme_once(env: jinja2.Environment, kept: Kept, inputs: object) -> None:
    """Keep the list of the theme's files between builds: MkDocs lists and filters every file
    of the theme folders at each build (Material's ten thousand icons) to copy the new ones.
    `inputs` says what the list depends on: the theme folders, their settings, the project."""
    listed = env.list_templates

    def list_templates(extensions=None, filter_func=None) -> list[str]:
        key = (inputs, extensions, getattr(filter_func, "__code__", filter_func))
        return list(kept.get("theme-files", key, lambda: listed(extensions, filter_func)))

    env.list_templates = list_templates


# -- seeing a save at once ------------------------------------------------------------------

# Filesystems whose changes the kernel reports (inotify) whoever made them; elsewhere (a
# Windows drive under WSL, a network share) only polling sees a save.
_NOTIFYING = {"ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "tmpfs", "overlay", "zfs"}
BUILD_DELAY = 0.05  # seconds without a new change before building (MkDocs waits 0.1)


def filesystem(path: str | Path) -> str:
    """The type of the filesystem holding `path` ("" when /proc does not say)."""
    real = os.path.realpath(path)
    best, kind = "", ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/mountinfo").read_text(encoding="utf-8").splitlines():
            fields = line.split(" ")
            mount = fields[4].replace("\\040", " ")
            after = fields[fields.index("-") + 1] if "-" in fields else ""
            inside = real == mount or real.startswith(mount.rstrip("/") + "/")
            if inside and len(mount) >= len(best):
                best, kind = mount, after
    return kind


def watch_at_once(server) -> bool:
    """Make MkDocs' preview server (`LiveReloadServer`) see a saved file at once.

    MkDocs polls the watched folders every half second (a quarter of a second late on
    average, then 0.1 s more, at every save) and stats every file of docs/ each time. Folders
    on a filesystem that reports changes are watched with inotify instead (only changes: a
    file read by the build is not one); files (mkdocs.yml) and other filesystems keep polling.
    False when inotify is not there (another system)."""
    try:
        from watchdog.events import (
            FileCreatedEvent,
            FileDeletedEvent,
            FileModifiedEvent,
            FileMovedEvent,
        )
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:
        return False
    changes = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent]

    class Changes(InotifyObserver):
        def schedule(self, handler, path, *, recursive=False, **_):
            # Inotify does not follow a linked folder (the one-article project's data/).
            real = os.path.realpath(path)
            return super().schedule(handler, real, recursive=recursive, event_filter=changes)

    at_once, polling = Changes(), server.observer
    watch, shutdown = server.watch, server.shutdown

    def watch_folder(path, func=None, *, recursive=True):
        if not os.path.isdir(path) or filesystem(path) not in _NOTIFYING:
            return watch(path, func, recursive=recursive)
        server.observer = at_once  # MkDocs' watch() schedules on server.observer
        try:
            return watch(path, func, recursive=recursive)
        except OSError:  # no inotify watch left (fs.inotify.max_user_watches): poll
            server.observer = polling
            return watch(path, func, recursive=recursive)
        finally:
            server.observer = polling

    def stop(*args, **kwargs):
        at_once.stop()
        return shutdown(*args, **kwargs)

    at_once.start()
    for path, count in list(server._watched_paths.items()):  # docs/ and mkdocs.yml so far
        if os.path.isdir(path):
            for _ in range(count):
                server.unwatch(path)
            for _ in range(count):
                watch_folder(path)
    server.watch, server.shutdown = watch_folder, stop
    server.build_delay = BUILD_DELAY
    return True
