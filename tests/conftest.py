"""Shared fixtures: real builds of the project's site and of copies of it, and a local server."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Material prints a long notice about its end of life on every build.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Every test build of a project copy shares one image cache: entries are keyed by the hash of
# their inputs, so a copy reuses what another drew and only changed infographics are redrawn.
os.environ.setdefault("PORTAL_CACHE_DIR", str(ROOT / ".cache" / "portal"))


# `make test-fast`: the inner loop skips what needs a browser, a server or a full build.
FAST = os.environ.get("PORTAL_FAST") == "1"
_HEAVY_MODULES = {
    "test_browser", "test_nginx", "test_publish", "test_publishing_rules", "test_export",
    "test_escaping", "test_content_security", "test_draft_media", "test_locks",
    "test_editor_browser",
}  # fmt: skip
_HEAVY_FIXTURES = {"built_site", "site_server", "nginx", "project_site"}
_HEAVY_COMMANDS = {"build", "serve", "publish", "export", "csp", "rollback", "releases"}


def pytest_collection_modifyitems(config, items):
    if not FAST:
        return
    skip = pytest.mark.skip(reason="make test-fast: no browser, server or full build")
    for item in items:
        module = item.module.__name__ if item.module else ""
        if module in _HEAVY_MODULES or _HEAVY_FIXTURES & set(item.fixturenames):
            item.add_marker(skip)


def copy_project(target: Path) -> Path:
    """Copy what a build needs (config, theme overrides, content) into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", target / "overrides")
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copytree(ROOT / "data", target / "data")
    shutil.copytree(ROOT / "infographics", target / "infographics")
    return target


def run_portal(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the `portal` command as an editor would, capturing its output."""
    if FAST and args and args[0] in _HEAVY_COMMANDS:
        pytest.skip(f"make test-fast: no `portal {args[0]}`")
    return subprocess.run(
        [sys.executable, "-m", "portal.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium for one test module (Playwright's own browser download does not work
    offline, and its sync API runs one instance at a time, hence one per module)."""
    from playwright.sync_api import sync_playwright

    from portal.bench.browser import CHROMIUM, FLAGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once with `portal build` from a copy of the project."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = run_portal("build", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def site_server(built_site):
    """Serve the built site on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def nginx(tmp_path_factory):
    """Debian's nginx on 127.0.0.1 with deploy/nginx/, serving <tmp>/srv/current."""
    from servers import Nginx

    work = tmp_path_factory.mktemp("nginx")
    server = Nginx(work, work / "srv").start()
    yield server
    server.stop()
