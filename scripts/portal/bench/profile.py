"""One MkDocs build with its time split by phase: `python -m portal.bench.profile OUT.json`.

Run in a project folder (its mkdocs.yml), it builds into `site/` as `mkdocs build` does and
writes {phase: seconds} to OUT.json. Each phase is a few functions wrapped with a timer; a
phase running inside another (a Markdown conversion inside the blog's template, the drawing
of infographics inside the portal's file step) is counted in the inner phase only, so the
phases add up to the build. Wrapping costs a few microseconds per call: a few thousand calls.
"""

from __future__ import annotations

import importlib
import json
import runpy
import sys
import time
from pathlib import Path

# (phase, module, attribute): a function, or a method as "Class.method".
PHASES = (
    ("reading and checking", "portal.mkdocs_plugin", "PortalPlugin.on_config"),
    ("reading and checking", "portal.mkdocs_plugin", "PortalPlugin.on_pre_build"),
    ("reading and checking", "portal.mkdocs_plugin", "PortalPlugin.on_files"),
    ("infographics", "portal.infographics.library", "Library.render"),
    ("Markdown", "markdown.core", "Markdown.convert"),
    ("page parts", "portal.mkdocs_plugin", "PortalPlugin.on_page_markdown"),
    ("page parts", "portal.mkdocs_plugin", "PortalPlugin._link_preview"),
    ("templates", "jinja2.environment", "Template.render"),
    ("link cards", "portal.infographics.share", "Previews.publish"),
    ("search index", "portal.site.search_index", "build"),
    ("stylesheet purge", "portal.site.css_purge", "purge_site"),
    ("writing", "mkdocs.utils", "write_file"),
    ("writing", "mkdocs.utils", "clean_directory"),
    ("writing", "mkdocs.structure.files", "File.copy_file"),
)
NAMES = ("reading and checking", "infographics", "Markdown", "page parts", "templates",
         "link cards", "search index", "stylesheet purge", "writing")  # fmt: skip


class _Timer:
    """Exclusive time per phase: a nested phase pauses the one it runs in."""

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(NAMES, 0.0)
        self._stack: list[list] = []  # [phase, started at]

    def wrap(self, phase: str, function):
        def timed(*args, **kwargs):
            now = time.perf_counter()
            if self._stack:
                outer = self._stack[-1]
                self.seconds[outer[0]] += now - outer[1]
            self._stack.append([phase, now])
            try:
                return function(*args, **kwargs)
            finally:
                end = time.perf_counter()
                self.seconds[phase] += end - self._stack.pop()[1]
                if self._stack:
                    self._stack[-1][1] = end

        timed.__wrapped__ = function
        return timed


def install(timer: _Timer) -> None:
    for phase, module_name, attribute in PHASES:
        owner = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, name, timer.wrap(phase, getattr(owner, name)))


def main(argv: list[str] | None = None) -> int:
    out = Path((argv or sys.argv[1:])[0])
    timer = _Timer()
    install(timer)
    start = time.perf_counter()
    # MkDocs' own command, as `python -m mkdocs build` runs it, in this process.
    sys.argv = ["mkdocs", "build", "-f", "mkdocs.yml", "-d", "site"]
    try:
        runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    total = time.perf_counter() - start
    result = {"total": total, **timer.seconds}
    result["other (MkDocs, plugins)"] = total - sum(timer.seconds.values())
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
