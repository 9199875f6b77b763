"""The preview pane's figures and infographics, as the built pages show them.

The form holds `[[so-lieu:KEY]]`, `[[so-lieu:KEY|so]]` and `![[infographic:NAME]]` lines; the
preview pane asks the service (`POST /api/xem-truoc`) for the Markdown with each reference
replaced by what the site would print today (`facts.render_markdown`, the build's own code)
and each embed line by the infographic's picture, served from the build's image cache
(`/admin/infographic/NAME.png`, drawn there when the cache lacks it).
"""

from __future__ import annotations

import html
import posixpath
import threading
from pathlib import Path

from portal import settings
from portal.content import facts, plan
from portal.infographics import embed as infographic_embed
from portal.infographics.cache import default_folder
from portal.infographics.library import Library
from portal.problems import PortalError

PICTURES = "/admin/infographic/"


def page_src(path: str) -> str | None:
    """The page an entry's file becomes, relative to docs/ (None for data files)."""
    prefix = f"{settings.DOCS}/"
    path = posixpath.normpath(path.replace("\\", "/")) if path else ""
    if not path.startswith(prefix) or not path.endswith(".md"):
        return None
    return path[len(prefix) :]


class Figures:
    """The register and the infographics of the project at `root`, re-read when they change."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._lock = threading.Lock()
        self._register: facts.Register | None = None
        self._register_stamp: tuple | None = None
        self._library: Library | None = None
        self._library_stamp: tuple | None = None

    # -- what is read, kept while its files do not change -----------------------------------

    def _stamp(self, *paths: Path) -> tuple:
        stamp = []
        for path in paths:
            try:
                info = path.stat()
            except OSError:
                stamp.append(None)
            else:
                stamp.append((path.name, info.st_mtime_ns, info.st_size))
        return tuple(stamp)

    def register(self) -> facts.Register:
        """data/so-lieu.yml as the build reads it."""
        with self._lock:
            stamp = self._stamp(self.root / facts.FILE)
            if self._register is None or stamp != self._register_stamp:
                self._register = facts.read(self.root)
                self._register_stamp = stamp
            return self._register

    def library(self) -> Library:
        """The infographics' data files, read (not drawn) once per change of the folder."""
        folder = self.root / settings.INFOGRAPHICS
        files = [*sorted(folder.glob("*.yml")), self.root / settings.DATA / "ke-hoach.yml"]
        with self._lock:
            stamp = self._stamp(folder, *files)
            if self._library is None or stamp != self._library_stamp:
                library = Library(
                    folder, default_folder(self.root), self.root,
                    plan.overview_infographic(self.root),
                )  # fmt: skip
                library.load()
                self._library, self._library_stamp = library, stamp
            return self._library

    # -- what the preview pane asks for ---------------------------------------------------

    def markdown(self, text: str, path: str) -> str:
        """`text` (Markdown of the entry at `path`) with figures and infographics as on the site."""
        src = page_src(path) or "index.md"
        register = self.register()
        rendered = facts.render_markdown(text, register, settings.today(), src)
        if "infographic" not in rendered:
            return rendered
        library = self.library()

        def figure(name: str) -> str:
            if name not in library.specs:
                why = html.escape(library.unknown(name))
                return f'<p class="pe-check pe-error">{why}</p>'
            spec = library.specs[name]
            return (
                f'<figure class="portal-infographic" id="infographic-{html.escape(name)}">'
                f'<img src="{PICTURES}{html.escape(name)}.png" alt="{html.escape(spec.alt)}">'
                f"<figcaption>Nguồn: {html.escape(spec.source)}.</figcaption></figure>"
            )

        return infographic_embed.replace(rendered, figure)

    def texts(self, path: str, texts: dict[str, object]) -> dict[str, object]:
        """Each text (or list of texts) of the form, rendered by `markdown`."""
        done: dict[str, object] = {}
        for name, value in texts.items():
            if isinstance(value, str):
                done[name] = self.markdown(value, path)
            elif isinstance(value, list):
                done[name] = [self.markdown(v, path) if isinstance(v, str) else v for v in value]
        return done

    def picture(self, name: str) -> Path | None:
        """The portrait PNG of an infographic, drawn into the build's cache if missing."""
        library = self.library()
        if name not in library.specs:
            return None
        with self._lock:
            try:
                library.render([name])
            except PortalError:
                return None
            if name not in library.specs:  # its data file could not be drawn
                return None
            return library.picture(name)
