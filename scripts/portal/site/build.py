"""The strict build: MkDocs in a child process, into a fresh folder swapped in on success.

MkDocs runs as a child process so the engine stays independent of it, and a failed build can
never leave `site/` half-written. `mkdocs build --strict -q` exits 0 in MkDocs 1.6.1 even when
it printed warnings, so the warnings are read here and the exit code is never trusted alone.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

from portal import settings
from portal.problems import PortalError

# MkDocs log lines look like "WARNING -  message" or "ERROR    -  message".
_PROBLEM = re.compile(r"^(WARNING|ERROR)\s+-\s+(.*)$")


class BuildError(PortalError):
    """The build printed errors or warnings; `lines` holds them, one message a line."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


# Signals that stop a publish from outside (kill, cron's timeout, a closed terminal); Ctrl-C
# (SIGINT) already arrives as KeyboardInterrupt.
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child, before MkDocs starts: the kernel sends SIGKILL when the parent dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the signal handlers below still work
        pass


def _stopped(signum, _frame):
    raise SystemExit(128 + signum)


def _run_ended_with_parent(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run the build in its own process group, which never outlives this process.

    A publish stopped by a signal, or by an exception, ends the whole group (MkDocs and
    anything it started) before going on; one killed outright (SIGKILL) takes MkDocs with it
    through the kernel's parent-death signal. Otherwise a killed publish left MkDocs writing
    into a release folder that nobody would clean.
    """
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        handlers = {sig: signal.signal(sig, _stopped) for sig in _STOP_SIGNALS}
    try:
        child = subprocess.Popen(
            command,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        try:
            stdout, stderr = child.communicate()
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            raise
        return subprocess.CompletedProcess(command, child.returncode, stdout, stderr)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def build_into(root: Path, site_dir: Path) -> None:
    """Run a strict MkDocs build into `site_dir`; raise BuildError with what it printed."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "--config-file", str(root / settings.CONFIG),
               "--site-dir", str(site_dir)]  # fmt: skip
    process = _run_ended_with_parent(command, root)
    output = (process.stdout + process.stderr).splitlines()
    problems: list[str] = []
    continuing = False
    for line in output:
        if line.startswith("Aborted"):  # MkDocs' English summary; the messages say it all
            continuing = False
        elif _PROBLEM.match(line) or line.startswith("Error"):
            problems.append(line)
            continuing = True
        elif continuing and line.strip() and not line.startswith(("INFO", "DEBUG")):
            problems[-1] += "\n" + line  # a message that spans several lines
        else:
            continuing = False
    if process.returncode and not problems:
        problems = output[-20:]
    if problems:
        # One message per line: MkDocs prints several of ours under a single "ERROR -" prefix.
        raise BuildError("\n".join(problems).splitlines())


def build_site(root: Path, target: Path) -> int:
    """Build into `target`, replacing it only when the build succeeds; return the page count."""
    target = target.resolve()
    fresh = target.with_name(target.name + ".tmp")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        build_into(root, fresh)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return sum(1 for _ in target.rglob("*.html"))
