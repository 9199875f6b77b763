"""The image cache: files kept by the hash of every input, listed in a manifest.

An entry is fresh when the manifest holds its key and every file it lists is on disk; only
stale entries are drawn again. Files are written to a scratch name and renamed, and the
manifest is replaced in one step, so an interrupted run never leaves a half-written image.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import (
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
)
from dataclasses import dataclass, field
from pathlib import Path

from portal.infographics.spec import SpecError

log = logging.getLogger("portal")
MANIFEST = "manifest.json"
FORMAT = 1  # of the manifest file itself


def default_folder(root: Path) -> Path:
    """The project's cache (git-ignored); PORTAL_CACHE_DIR overrides it, e.g. for tests."""
    return Path(os.environ.get("PORTAL_CACHE_DIR") or Path(root) / ".cache" / "portal")


@dataclass(frozen=True)
class Job:
    """One entry to make: `render` returns its files (name -> bytes) when it is stale."""

    id: str  # e.g. "infographic/luong-toi-thieu-vung-2026" or "card/chinh-sach-tien-luong"
    key: str
    render: Callable[[], dict[str, bytes]]


@dataclass
class Report:
    """What a run did: entries drawn, entries reused, and the ones that failed (with why)."""

    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    failed: dict[str, Exception] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


Progress = Callable[[int, int, str], None]


class Cache:
    """A folder of rendered files plus manifest.json describing them."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.manifest = self._read()

    def _read(self) -> dict:
        try:
            data = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # no manifest yet, or a damaged one: everything is simply redrawn
        if data.get("format") != FORMAT:
            return {}
        return data.get("entries", {})

    def _write(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        body = json.dumps(
            {"format": FORMAT, "entries": self.manifest}, ensure_ascii=False, indent=1
        )
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=self.folder, delete=False, suffix=".tmp"
        ) as scratch:
            scratch.write(body)
        os.replace(scratch.name, self.folder / MANIFEST)

    def _dir(self, job_id: str, key: str) -> Path:
        # The key is part of the folder name: a build that reads an older version while this
        # one writes a new version never sees a mix of the two.
        return self.folder / job_id / key[:16]

    def files(self, job_id: str) -> dict[str, Path]:
        """The files of a fresh entry, by name (empty if the entry is missing)."""
        entry = self.manifest.get(job_id)
        if not entry:
            return {}
        folder = self._dir(job_id, entry["key"])
        return {name: folder / name for name in entry["files"]}

    def entry(self, job_id: str) -> dict | None:
        """The manifest's record of an entry: key, files with their sizes, when it was drawn."""
        return self.manifest.get(job_id)

    def is_fresh(self, job: Job) -> bool:
        entry = self.manifest.get(job.id)
        if not entry or entry.get("key") != job.key:
            return False
        folder = self._dir(job.id, job.key)
        return all((folder / name).is_file() for name in entry["files"])

    def ensure(
        self,
        jobs: Iterable[Job],
        *,
        force: bool = False,
        progress: Progress | None = None,
        workers: int | None = None,
        processes: bool = False,
        started: Background | None = None,
    ) -> Report:
        """Draw the stale jobs (all of them with force); report what happened.

        With `processes` (jobs whose `render` can be pickled, such as link cards), the jobs
        are drawn in child processes, one per core: drawing text holds Python's lock, so
        threads drew 1200 cards one at a time. Jobs `started` in the background with the same
        key are waited for rather than drawn again. The files are written here, in one process.
        """
        report = Report()
        todo = []
        stored = started.stored if started else {}
        for job in jobs:
            if force or not self.is_fresh(job):
                todo.append(job)
            elif stored.get(job.id, ("",))[0] == job.key:  # drawn in the background
                report.rendered.append(job.id)
                report.seconds[job.id] = stored[job.id][1]
            else:
                report.reused.append(job.id)
        if not todo:
            if started:
                started.close()
            if stored:
                self._write()
            return report
        done = 0

        def collect(job: Job, future: Future) -> None:
            nonlocal done
            try:
                files, seconds = future.result()
                self._store(job, files, seconds)
                report.seconds[job.id] = seconds
                report.rendered.append(job.id)
            except (SpecError, OSError) as error:
                report.failed[job.id] = error
            done += 1
            if progress:
                progress(done, len(todo), job.id)

        # What the background drew or is drawing is collected first; what it has not begun
        # goes to a pool of every core with the rest (after the background's child is gone,
        # so that the pool can fork).
        waiting = started.take(todo) if started else {}
        if started:
            log.debug("%d of %d drawn or begun in the background", len(waiting), len(todo))
        for job, future in waiting.values():
            collect(job, future)
        if started:
            started.close()
        rest = [job for job in todo if job.id not in waiting]
        if rest:
            workers = workers or min(len(rest), os.cpu_count() or 1)
            with _pool(workers, processes and len(rest) > 1) as pool:
                futures = {pool.submit(_draw, job.render): job for job in rest}
                for future in as_completed(futures):
                    collect(futures[future], future)
        self._write()
        return report

    def _store(self, job: Job, files: dict[str, bytes], seconds: float) -> None:
        folder = self._dir(job.id, job.key)
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            scratch = folder / f".{name}.tmp"
            scratch.write_bytes(data)
            os.replace(scratch, folder / name)
        for old in folder.parent.iterdir():
            if old.is_dir() and old != folder:
                shutil.rmtree(old, ignore_errors=True)  # earlier versions of this entry
        self.manifest[job.id] = {
            "key": job.key,
            "files": {name: len(data) for name, data in sorted(files.items())},
            "rendered": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "ms": round(seconds * 1000),
        }


class Background:
    """Jobs drawn in one child process while this process goes on with its own work: the
    build renders its pages on one core while the link cards are drawn on the other, instead
    of drawing them all at the end. `Cache.ensure(..., started=…)` collects them.

    Only where a child can be forked safely: this process runs no other thread (the preview
    server does; it draws at the end, as before) and there is a second core to draw on.
    """

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self._pool: ProcessPoolExecutor | None = None
        self._off = (os.cpu_count() or 1) < 2
        self._futures: dict[str, tuple[Job, Future]] = {}
        self._order: deque[tuple[Job, Future]] = deque()
        # Drawn and stored as they came back (not kept in memory: 10,000 cards are 170 MB):
        # job id -> (key, seconds).
        self.stored: dict[str, tuple[str, float]] = {}

    def submit(self, job: Job) -> None:
        """Start drawing a job unless it is fresh in the cache or already started."""
        if self._off or self.cache.is_fresh(job):
            return
        started = self._futures.get(job.id)
        if started and started[0].key == job.key:
            return
        if self._pool is None:
            if threading.active_count() != 1:
                self._off = True
                return
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        self._futures[job.id] = (job, self._pool.submit(_draw, job.render))
        self._order.append(self._futures[job.id])
        self._store_finished()

    def _store_finished(self) -> None:
        """Write what the child has drawn (it draws in order); a failure is left for
        `Cache.ensure` to report."""
        while self._order and self._order[0][1].done():
            job, future = self._order.popleft()
            if self._futures.get(job.id, (None,))[0] is not job or future.cancelled():
                continue  # superseded by a newer version of the same entry
            if future.exception() is not None:
                continue
            files, seconds = future.result()
            self.cache._store(job, files, seconds)
            self.stored[job.id] = (job.key, seconds)
            del self._futures[job.id]

    def take(self, jobs: list[Job]) -> dict[str, tuple[Job, Future]]:
        """The drawings of these jobs (same id and key) that are done or under way, by job
        id; those not begun yet are cancelled, for the caller to draw on every core."""
        found = {}
        for job in jobs:
            started = self._futures.get(job.id)
            if started and started[0].key == job.key and not started[1].cancel():
                found[job.id] = (job, started[1])
        return found

    def close(self) -> None:
        """Stop the child; drawings not collected are dropped (a build that failed)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._futures = {}
        self._order.clear()


def _draw(render: Callable[[], dict[str, bytes]]) -> tuple[dict[str, bytes], float]:
    """One job's files and the seconds it took (run in a worker thread or process)."""
    start = time.perf_counter()
    files = render()
    return files, time.perf_counter() - start


def _pool(workers: int, processes: bool) -> Executor:
    """Child processes made by fork (they start at once, with the fonts already open) when
    asked and safe, that is when this process runs no other thread (the preview server
    does: it gets threads, since Pillow releases Python's lock while it encodes)."""
    if processes and workers > 1 and threading.active_count() == 1:
        context = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(max_workers=workers, mp_context=context)
    return ThreadPoolExecutor(max_workers=workers)
