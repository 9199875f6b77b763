"""`portal export`: articles as bundles for the province's CMS.

Each article becomes a folder in a zip: `article.html`, a clean HTML fragment cut from the
built page (no site chrome, no script, no style, no title or date line, which the CMS shows
from the metadata); `images/`, every image the article shows plus its link-preview image when
the page declares one (og:image); `metadata.json` (title, description, date, sources, canonical
URL). Links to other pages become absolute URLs of the portal, so they work from the CMS.

The fragment is written as polyglot markup (`<br />`, quoted attributes): valid HTML that an
XML parser also reads, so a CMS import script can use either.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import os
import posixpath
import re
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from portal import settings
from portal.content import articles as content
from portal.content.sections import NEWS
from portal.problems import ContentError, PortalError
from portal.site.build import BuildError, build_into

# Elements dropped with everything inside: interactive or decorative parts of the site.
_DROP = {
    "script", "style", "noscript", "template", "button", "form", "input", "select",
    "textarea", "iframe", "object", "embed", "svg", "nav", "link", "meta",
}  # fmt: skip
# Site chrome that Material or our templates put inside the article.
_DROP_CLASSES = {
    "headerlink", "md-tags", "portal-actions", "portal-print", "portal-share",
    "portal-print-source", "portal-date", "md-source-file", "md-content__button",
}  # fmt: skip
# Kept elements and the attributes each may keep; any other element is unwrapped.
_H = {"id"}
_ALLOWED: dict[str, set[str]] = {
    "a": {"href", "title"}, "abbr": {"title"}, "b": set(), "blockquote": set(), "br": set(),
    "caption": set(), "code": set(), "dd": set(), "del": set(), "details": set(),
    "div": {"class"}, "dl": set(), "dt": set(), "em": set(), "figcaption": set(),
    "figure": set(), "h1": _H, "h2": _H, "h3": _H, "h4": _H, "h5": _H, "h6": _H, "hr": set(),
    "i": set(), "img": {"src", "alt", "width", "height", "title"}, "ins": set(), "kbd": set(),
    "li": set(), "mark": set(), "ol": {"start", "type"}, "p": {"class"}, "picture": set(),
    "pre": set(), "q": set(), "s": set(), "small": set(), "source": {"srcset", "type", "media"},
    "strong": set(), "sub": set(), "summary": set(), "sup": set(), "table": set(),
    "tbody": set(), "td": {"colspan", "rowspan"}, "tfoot": set(), "th": {"colspan", "rowspan"},
    "thead": set(), "time": {"datetime"}, "tr": set(), "u": set(), "ul": set(),
}  # fmt: skip
_VOID = {"br", "hr", "img", "source", "wbr", "link", "meta", "input", "col", "area", "base"}
# Classes worth keeping: a CMS can style admonitions ("Lưu ý", "Cảnh báo") with them.
_CLASSES = {
    "admonition", "admonition-title", "note", "abstract", "info", "tip", "success",
    "question", "warning", "failure", "danger", "bug", "example", "quote",
}  # fmt: skip
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
# Links to these files of the site (an infographic's download sizes) are bundled too.
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".svg", ".avif")


# Progress for the publisher; the CLI prints it (engine code never prints).
log = logging.getLogger("portal")


class ExportError(PortalError):
    """Something the publisher asked for cannot be exported; the message says what to do."""


@dataclass
class Bundle:
    """One article ready for the zip: its folder name, files and remarks for the publisher."""

    folder: str
    files: dict[str, bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class _Page(HTMLParser):
    """Reads a built page: head metadata, and the article body as a cleaned fragment."""

    def __init__(self, resolve_link, add_image, has_title: bool):
        super().__init__(convert_charrefs=True)
        self.resolve_link = resolve_link
        self.add_image = add_image
        self.meta: dict[str, str] = {}
        self.canonical = ""
        self.out: list[str] = []
        # Open elements inside the article, each with what happens to it: "keep", "unwrap"
        # (children kept) or "drop" (children too). Empty outside the article.
        self.stack: list[tuple[str, str]] = []
        self.dropping = 0
        # Our templates put the page's tools (tags, print, share) above the title: with a
        # title in the page, everything before it is chrome.
        self.before_title = has_title

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if not self.stack:
            self._head(tag, attrs)
            if tag == "article" and "md-content__inner" in (attrs.get("class") or ""):
                self.stack.append((tag, "unwrap"))
            return
        void = tag in _VOID
        if self.dropping or self._dropped(tag, attrs):
            mode = "drop"
        elif tag in _ALLOWED:
            mode = "keep"
            kept = self._attributes(tag, attrs)
            if tag == "source" and not any(name == "srcset" for name, _ in kept):
                return  # a <source> with no image left says nothing (and is invalid HTML)
            rendered = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in kept)
            self.out.append(f"<{tag}{rendered}{' /' if void else ''}>")
        else:
            mode = "unwrap"
        if not void:
            self.stack.append((tag, mode))
            self.dropping += mode == "drop"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        # Close up to the matching element, so one unclosed tag cannot unbalance the rest.
        if tag in _VOID or tag not in (t for t, _ in self.stack):
            return
        while self.stack:
            open_tag, mode = self.stack.pop()
            self.dropping -= mode == "drop"
            if mode == "keep" and not self.dropping:
                self.out.append(f"</{open_tag}>")
            if open_tag == tag:
                return

    def handle_data(self, data):
        if self.stack and not self.dropping and not self.before_title:
            self.out.append(html.escape(data, quote=False))

    def _head(self, tag, attrs):
        if tag == "meta" and attrs.get("content"):
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs["content"]
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href") or ""

    def _dropped(self, tag, attrs) -> bool:
        classes = set((attrs.get("class") or "").split())
        if tag == "h1" and self.before_title:  # the title: the CMS shows it from metadata
            self.before_title = False
            return True
        return self.before_title or tag in _DROP or bool(classes & _DROP_CLASSES)

    def _attributes(self, tag, attrs) -> list[tuple[str, str]]:
        kept = []
        for name, value in attrs.items():
            if name not in _ALLOWED[tag] or value is None:
                continue
            if name == "class":
                value = " ".join(c for c in value.split() if c in _CLASSES)
                if not value:
                    continue
            elif name == "href":
                value = self.resolve_link(value)
            elif name == "src":
                value = self.add_image(value)
            elif name == "srcset":
                value = self._srcset(value)
            if value is not None:
                kept.append((name, value))
        return kept

    def _srcset(self, value: str) -> str | None:
        """The candidates of a srcset whose image is bundled ("images/a.png 2x, …"), or None."""
        candidates = []
        for part in value.split(","):
            url, *descriptors = part.split() or [""]
            image = self.add_image(url) if url else None
            if image is not None:  # an image missing from the site is left out, with a note
                candidates.append(" ".join([image, *descriptors]))
        return ", ".join(candidates) or None

    def fragment(self) -> str:
        text = "".join(self.out)
        text = re.sub(r"\n{3,}", "\n\n", text)  # Material's templates leave runs of blank lines
        return text.strip() + "\n"


def _exportable(article: content.Article) -> bool:
    """Articles the CMS takes: news posts and section articles, not index or listing pages."""
    if article.is_index or article.draft:
        return False
    return article.is_news or not article.folder.startswith(NEWS)


def select(
    root: Path, articles: list[content.Article], slugs: list[str], since: dt.date | None
) -> list[content.Article]:
    """The articles named by `slugs` plus those changed since `since`, in site order."""
    chosen: dict[str, content.Article] = {}
    for slug in slugs:
        article = _find(articles, slug)
        chosen[article.src_path] = article
    if since is not None:
        changed = _changed_in_git(root, since)
        for article in filter(_exportable, articles):
            dates = [article.date, _as_date(article.meta.get("updated"))]
            if f"{settings.DOCS}/{article.src_path}" in changed or any(
                d and d >= since for d in dates
            ):
                chosen[article.src_path] = article
    return [a for a in articles if a.src_path in chosen]


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _find(articles: list[content.Article], slug: str) -> content.Article:
    wanted = slug.strip().removeprefix("docs/").removesuffix(".md").strip("/")
    exact = [a for a in articles if wanted in (a.url.strip("/"), a.src_path.removesuffix(".md"))]
    by_name = [a for a in articles if a.url.strip("/").rsplit("/", 1)[-1] == wanted]
    found = exact or by_name
    if len(found) == 1:
        return found[0]
    if found:
        options = ", ".join(a.url.strip("/") for a in found)
        raise ExportError(
            f"'{slug}' khớp với nhiều bài: {options}. Ghi rõ cả mục, "
            f"ví dụ {options.split(', ')[0]}."
        )
    raise ExportError(
        f"Không có bài '{slug}'. Ghi tên bài như trong địa chỉ của nó, ví dụ "
        "luong-toi-thieu-vung-2026 hoặc phap-luat/hop-dong-lao-dong."
    )


def _changed_in_git(root: Path, since: dt.date) -> set[str]:
    """Files under docs/ touched by a commit since the date (empty outside a git repository)."""
    try:
        done = subprocess.run(
            ["git", "log", f"--since={since.isoformat()}", "--name-only", "--relative",
             "--format=", "--", "docs"],
            cwd=root, capture_output=True, text=True,
        )  # fmt: skip
    except FileNotFoundError:
        return set()
    return set(done.stdout.split()) if done.returncode == 0 else set()


def _commit(root: Path) -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True
        )
    except FileNotFoundError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _plain(value):
    """Front matter values as JSON: dates become YYYY-MM-DD."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _page(site: Path, article: content.Article) -> Path:
    """The built HTML file of an article."""
    return site / article.url.strip("/") / "index.html"


def bundle(site: Path, article: content.Article, folder: str) -> Bundle:
    """Cut one article out of the built site into a bundle."""
    page_dir = article.url.strip("/")
    page = _page(site, article)
    if not page.is_file():
        raise ExportError(
            f"Trang đã dựng không có bài docs/{article.src_path} ({article.url}): bài là bản "
            "nháp, hẹn ngày đăng sau hôm nay, hay trang đã dựng cũ? Chạy lại không kèm --site "
            "để dựng mới."
        )
    result = Bundle(folder)
    images: dict[str, str] = {}  # site path -> name in the bundle
    base = "/" + page_dir + "/" if page_dir else "/"

    def site_path(url: str) -> str | None:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return None
        path = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
        return path.lstrip("/")

    def add_image(url: str) -> str | None:
        if url.startswith("data:"):
            return url
        local = site_path(url)
        if local is None:
            result.notes.append(f"ảnh ở máy khác, không đóng gói: {url}")
            return url
        if local in images:
            return images[local]
        source = site / local
        if not source.is_file():
            result.notes.append(f"không thấy ảnh {local} trong trang đã dựng; bỏ qua")
            return None
        data = source.read_bytes()
        stem, ext = posixpath.splitext(posixpath.basename(local))
        name, n = f"images/{stem}{ext}", 2
        while name in result.files and result.files[name] != data:
            name, n = f"images/{stem}-{n}{ext}", n + 1
        result.files[name] = data
        images[local] = name
        return name

    def resolve_link(url: str) -> str | None:
        parts = urlsplit(url)
        if url.startswith("#"):
            return url
        if parts.scheme:
            return url if parts.scheme in _SAFE_SCHEMES else None
        local = site_path(url)
        if local and local.lower().endswith(_IMAGE_SUFFIXES) and (site / local).is_file():
            return add_image(url)
        return urljoin(reader.canonical or base, url)

    text = page.read_text(encoding="utf-8")
    body = text[text.find("md-content__inner") :]
    reader = _Page(resolve_link, add_image, has_title="<h1" in body[: body.find("</article>")])
    # Read the head first, so links resolve against the page's canonical URL.
    head_end = text.find("</head>")
    reader.feed(text[: head_end if head_end > 0 else 0])
    reader.feed(text[head_end if head_end > 0 else 0 :])
    reader.close()
    result.files["article.html"] = reader.fragment().encode("utf-8")

    preview = reader.meta.get("og:image") or reader.meta.get("twitter:image")
    preview_name = None
    if preview:
        # og:image is an absolute URL on the portal; find the file it names in the built site.
        site_root = reader.canonical[: len(reader.canonical) - len(article.url)]
        if site_root and preview.startswith(site_root):
            preview = "/" + preview[len(site_root) :]
        preview_name = add_image(preview)
    else:
        result.notes.append("trang chưa có ảnh xem trước (og:image); bỏ qua")

    meta = article.meta
    metadata = {
        "title": article.title,
        "description": article.description,
        "date": _plain(article.date),
        "updated": _plain(_as_date(meta.get("updated"))),
        "checked": _plain(_as_date(meta.get("checked"))),
        "summary": _plain(meta.get("summary") or []),
        "categories": _plain(meta.get("categories") or []),
        "tags": list(article.tags),
        "sources": _plain(meta.get("sources") or []),
        "canonical_url": reader.canonical,
        "source_file": f"{settings.DOCS}/{article.src_path}",
        "content": "article.html",
        "images": sorted(n for n in result.files if n.startswith("images/")),
        "preview_image": preview_name,
    }
    result.files["metadata.json"] = (
        json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"
    ).encode("utf-8")
    return result


def write_zip(out: Path, bundles: list[Bundle], commit: str | None) -> None:
    """Write the bundles into one zip, replacing `out` only once the zip is complete."""
    index = {
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "articles": [b.folder for b in bundles],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, scratch = tempfile.mkstemp(prefix=".export-", suffix=".zip", dir=out.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(scratch, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("index.json", json.dumps(index, ensure_ascii=False, indent=2) + "\n")
            for item in bundles:
                for name, data in sorted(item.files.items()):
                    archive.writestr(f"{item.folder}/{name}", data)
        os.replace(scratch, out)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise


def _folders(articles: list[content.Article]) -> list[str]:
    """A folder name per article: the last part of its URL, or the whole URL if two clash."""
    names = [a.url.strip("/").rsplit("/", 1)[-1] or "trang-chu" for a in articles]
    return [
        name if names.count(name) == 1 else a.url.strip("/").replace("/", "-")
        for name, a in zip(names, articles, strict=True)
    ]


def export(
    root: Path, slugs: list[str], since: dt.date | None, out: Path, site: Path | None
) -> list[Bundle]:
    """Export the chosen articles into `out`; return the bundles written."""
    try:
        articles = content.load(root / settings.DOCS)
    except ContentError as error:
        raise ExportError(f"{error}\nSửa các lỗi trên rồi xuất lại.") from None
    chosen = select(root, articles, slugs, since)
    if not chosen:
        raise ExportError(
            f"Không có bài nào thay đổi từ {since:%d/%m/%Y}." if since else "Chưa chọn bài nào."
        )
    with tempfile.TemporaryDirectory(prefix="portal-export-") as scratch:
        if site is None:
            site = Path(scratch) / "site"
            try:
                build_into(root, site)
            except BuildError as error:
                raise ExportError(
                    "\n".join(error.lines)
                    + f"\nDựng trang có {len(error.lines)} lỗi/cảnh báo (in ở trên)."
                ) from None
        named = {_find(articles, slug).src_path for slug in slugs}
        bundles = []
        for article, folder in zip(chosen, _folders(chosen), strict=True):
            if article.src_path not in named and not _page(site, article).is_file():
                # Chosen by --since but not on the site (scheduled for a later day): skip it.
                log.info(f"  bỏ qua docs/{article.src_path}: chưa có trên trang (hẹn ngày đăng?)")
                continue
            bundles.append(bundle(site, article, folder))
    if not bundles:
        raise ExportError("Không có bài nào đã đăng trong số bài được chọn.")
    write_zip(out, bundles, _commit(root))
    return bundles
