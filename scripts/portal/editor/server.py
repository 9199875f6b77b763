"""The editing service: Decap's files, its configuration, the git backend, on 127.0.0.1 only.

| Address | What |
|---|---|
| `/` | redirects to `/admin/` |
| `/admin/` | the page that starts Decap (`static/index.html`) |
| `/admin/config.json` | the configuration, made from the schemas at start (`config.py`) |
| `/admin/decap/…` | the files of npm `decap-cms` (`editor/node_modules/decap-cms/dist/`) |
| `/admin/portal-editor.js`, `.css` | the portal's additions: preview pane, checks (`static/`) |
| `/admin/site/…` | the site's styles for the preview: Material's CSS and `docs/assets/portal.css` |
| `/admin/names.json` | the infographics and the facts register's keys, for the pickers |
| `/admin/infographic/NAME.png` | an infographic's portrait picture, from the build's cache |
| `POST /api/v1` | Decap's proxy protocol (`backend.py`) |
| `POST /api/kiem-tra` | `portal check` on the entry in the form, not saved yet |
| `POST /api/xem-truoc` | the form's Markdown with figures and infographics as on the site |

The socket is bound to 127.0.0.1 alone; requests naming another host (a page on the Internet
pointing a browser at the service, "DNS rebinding") and cross-site POSTs are refused.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import mimetypes
import posixpath
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from portal import settings
from portal.content import facts
from portal.editor import config as editor_config
from portal.editor.backend import Backend, Refused
from portal.editor.gitstore import Author, Repo
from portal.editor.preview import PICTURES, Figures
from portal.problems import PortalError
from portal.text import slugify

log = logging.getLogger("portal")

STATIC = Path(__file__).parent / "static"
NPM_FOLDER = "editor"
DIST = f"{NPM_FOLDER}/node_modules/decap-cms/dist"
LOOPBACK = "127.0.0.1"
MAX_BODY = 60_000_000  # Decap sends photos in base64; a 40 MB photo is still accepted


def dist_folder(root: Path) -> Path:
    """Where Decap's files are once `make editor` has installed them."""
    return root / DIST


def material_css() -> Path | None:
    """Material's main stylesheet, from the installed theme (for the preview pane)."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "templates/assets/stylesheets"
    return next(iter(sorted(folder.glob("main.*.min.css"))), None)


class EditorServer(ThreadingHTTPServer):
    """One service: its backend, its configuration and where its files are."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, backend: Backend, port: int = 0):
        self.backend = backend
        self.root = backend.root
        super().__init__((LOOPBACK, port), _Handler)
        self.port = self.server_address[1]
        self.config = editor_config.build(self.root, backend.branch)
        self.names = _names(self.root)
        self.figures = Figures(self.root)

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/admin/"


def _names(root: Path) -> dict:
    """Infographic names and fact keys with what each shows, for the pickers."""
    register = facts.read(root)
    day = settings.today()
    keys = []
    for key in sorted(register.facts):
        fact = register.facts[key]
        try:
            shown = facts.render_text(f"[[so-lieu:{key}]]", register, day)
        except PortalError:
            shown = ""
        keys.append({"key": key, "label": fact.label, "value": shown})
    graphics = sorted(p.stem for p in (root / settings.INFOGRAPHICS).glob("*.yml"))
    return {"facts": keys, "infographics": graphics}


class _Handler(BaseHTTPRequestHandler):
    server: EditorServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        log.debug("%s %s", self.address_string(), format % args)

    # -- guards ----------------------------------------------------------------------------

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").lower()
        allowed = {f"{LOOPBACK}:{self.server.port}", f"localhost:{self.server.port}"}
        return host in allowed

    def _origin_ok(self) -> bool:
        origin = self.headers.get("Origin")
        if origin is None:
            return True
        return urlsplit(origin).netloc.lower() == (self.headers.get("Host") or "").lower()

    def _send(self, status: int, body: bytes, kind: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, value: object) -> None:
        body = json.dumps(value, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8")

    def _text(self, status: int, text: str) -> None:
        self._send(status, text.encode("utf-8"), "text/plain; charset=utf-8")

    # -- GET -------------------------------------------------------------------------------

    def do_GET(self) -> None:
        if not self._host_ok():
            self._text(HTTPStatus.MISDIRECTED_REQUEST, "Dịch vụ biên tập chỉ mở ở 127.0.0.1.")
            return
        path = unquote(urlsplit(self.path).path)
        if path in ("/", "/admin"):
            self._send(HTTPStatus.FOUND, b"", "text/plain", {"Location": "/admin/"})
            return
        if path == "/admin/":
            self._file(STATIC / "index.html")
        elif path == "/admin/config.json":
            self._json(HTTPStatus.OK, self.server.config)
        elif path == "/admin/names.json":
            self._json(HTTPStatus.OK, self.server.names)
        elif path in ("/admin/portal-editor.js", "/admin/portal-editor.css"):
            self._file(STATIC / posixpath.basename(path))
        elif path == "/admin/site/material.css":
            self._file(material_css())
        elif path == "/admin/site/portal.css":
            self._file(self.server.root / settings.DOCS / "assets/portal.css")
        elif path.startswith(PICTURES) and path.endswith(".png"):
            self._file(self.server.figures.picture(path[len(PICTURES) : -len(".png")]))
        elif path.startswith("/admin/decap/"):
            self._file(_inside(dist_folder(self.server.root), path[len("/admin/decap/") :]))
        else:
            self._text(HTTPStatus.NOT_FOUND, "Không có trang này.")

    do_HEAD = do_GET

    def _file(self, path: Path | None) -> None:
        if path is None or not path.is_file():
            self._text(HTTPStatus.NOT_FOUND, "Không có tệp này.")
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "text/javascript"):
            kind += "; charset=utf-8"
        self._send(HTTPStatus.OK, path.read_bytes(), kind)

    # -- POST ------------------------------------------------------------------------------

    def do_POST(self) -> None:
        if not self._host_ok() or not self._origin_ok():
            self._json(HTTPStatus.FORBIDDEN, {"error": "Yêu cầu từ trang khác bị từ chối."})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": "Tệp gửi lên quá lớn."})
            return
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            self._json(HTTPStatus.BAD_REQUEST, {"error": "Yêu cầu không phải JSON."})
            return
        path = urlsplit(self.path).path
        try:
            if path == "/api/v1":
                params = dict(body.get("params") or {})
                result = self.server.backend.handle(str(body.get("action")), params)
            elif path == "/api/kiem-tra":
                result = self.server.backend.check_text(
                    str(body.get("collection") or ""), str(body.get("slug") or ""),
                    str(body.get("path") or ""), dict(body.get("data") or {}),
                )  # fmt: skip
            elif path == "/api/xem-truoc":
                result = self.server.figures.texts(
                    str(body.get("path") or ""), dict(body.get("texts") or {})
                )
            else:
                self._json(HTTPStatus.NOT_FOUND, {"error": "Không có địa chỉ này."})
                return
        except Refused as refused:
            self._json(refused.status, {"error": refused.message})
            return
        except PortalError as error:
            self._json(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": str(error)})
            return
        except (KeyError, TypeError, ValueError) as error:
            log.warning("Yêu cầu sai: %s %r", path, error)
            self._json(HTTPStatus.BAD_REQUEST, {"error": f"Yêu cầu thiếu hoặc sai: {error}"})
            return
        self._json(HTTPStatus.OK, result)


def _inside(folder: Path, rel: str) -> Path | None:
    """`folder`/`rel`, or None when `rel` would leave the folder."""
    target = (folder / rel).resolve()
    return target if target.is_relative_to(folder.resolve()) else None


def author_of(repo_root: Path) -> Author | None:
    """The name git records for commits in this repository, if it has one."""
    repo = Repo(repo_root)
    name, email = repo.config("user.name"), repo.config("user.email")
    return Author(name, email or "bien-tap@localhost") if name else None


def remember_author(repo_root: Path, name: str) -> Author:
    """Record the editor's name for git in this repository (asked once by the command)."""
    name = " ".join(name.split())
    if not name:
        raise PortalError("Cần một tên để ghi vào lịch sử sửa bài.")
    repo = Repo(repo_root)
    email = f"{slugify(name) or 'bien-tap'}@bien-tap.invalid"
    repo.set_config("user.name", name)
    repo.set_config("user.email", email)
    return Author(name, email)


def make_server(root: Path, author: Author, port: int = 0) -> EditorServer:
    """The editing service for the project at `root`, bound to 127.0.0.1 (port 0: any free)."""
    if not (dist_folder(root) / "decap-cms.js").is_file():
        raise PortalError(
            f"Chưa cài giao diện biên tập ({DIST}/). Chạy 'make editor' (lần đầu cần mạng để "
            "cài gói npm decap-cms)."
        )
    repo = Repo(root)
    current = repo.git("symbolic-ref", "-q", "--short", "HEAD").strip() if repo.commit_of(
        "HEAD") else ""  # fmt: skip
    branch = current if current and not current.startswith("cms/") else "main"
    if repo.commit_of(f"refs/heads/{branch}") is None:
        raise PortalError(f"Kho chưa có nhánh '{branch}' với ít nhất một commit.")
    # The repository's own, whatever PORTAL_CACHE_DIR says: a work tree belongs to one repository.
    check_tree = root / ".cache" / "bien-tap" / "kiem-tra"
    return EditorServer(Backend(root, branch, author, check_tree), port)
