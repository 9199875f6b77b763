"""The site's pages of broadcasting: each article's script page, the listing for the station and
the Zalo group administrators, and the "Phát thanh và video" section under each article.

Paths follow the article's address under one folder, so nothing collides with articles:
`phat-thanh/<article address>/index.md` (the page), `…/<name>.txt`, `…/<name>.mp3`,
`…/<name>.mp4`; the listing is `phat-thanh/index.md`.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass

from portal import text
from portal.broadcast.script import Script, reading_time

FOLDER = "phat-thanh"
LISTING = f"{FOLDER}/index.md"
LISTING_TITLE = "Phát thanh và video"
DRAFT_NOTE = (
    "Bản thu này do máy đọc (giọng espeak-ng), chỉ để tập đọc và tham khảo nhịp đọc; "
    "đài xã cần thu lại bằng giọng phát thanh viên trước khi phát trên loa."
)


@dataclass(frozen=True)
class Media:
    """Files a script has in the site, by kind ("txt", "mp3", "mp4"): site paths."""

    files: dict[str, str]

    def get(self, kind: str) -> str | None:
        return self.files.get(kind)


def folder(script: Script) -> str:
    return f"{FOLDER}/{script.url}".rstrip("/")


def page_path(script: Script) -> str:
    return f"{folder(script)}/index.md"


def file_path(script: Script, kind: str) -> str:
    return f"{folder(script)}/{script.slug}.{kind}"


def _escape(value: str) -> str:
    """Plain text as Markdown that shows it as written (HTML and Markdown marks escaped)."""
    escaped = html.escape(value, quote=False)
    return "".join(f"\\{c}" if c in "\\`*_[]#!|" else c for c in escaped)


def _link(target: str, source_page: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(source_page) or ".")


def _players(media: Media, page: str, title: str) -> list[str]:
    parts = []
    if media.get("mp3"):
        src = _link(media.get("mp3"), page)
        parts += [
            '<figure class="portal-audio">',
            f'<audio controls preload="none" src="{html.escape(src)}"></audio>',
            f"<figcaption><strong>Bản thu máy đọc (bản nháp).</strong> {DRAFT_NOTE} "
            f'<a href="{html.escape(src)}" download>Tải tệp MP3</a></figcaption>',
            "</figure>",
        ]
    if media.get("mp4"):
        src = _link(media.get("mp4"), page)
        parts += [
            '<figure class="portal-clip">',
            f'<video controls preload="none" width="270" height="480" src="{html.escape(src)}"'
            f' aria-label="Video dọc: {html.escape(title)}"></video>',
            "<figcaption>Video dọc 1080×1920 cho nhóm Zalo, Facebook của xã. "
            f'<a href="{html.escape(src)}" download>Tải tệp MP4</a></figcaption>',
            "</figure>",
        ]
    return parts


def script_page(script: Script, media: Media) -> str:
    """The script's page: what to read, how long it takes, the downloads; prints on A4."""
    page = page_path(script)
    article = _link(script.src_path, page)
    lines = [
        "---",
        f"title: {_yaml_text('Bản đọc: ' + script.title)}",
        "search:",
        "  exclude: true",
        "---",
        "",
        f"# Bản đọc trên loa: {_escape(script.title)}",
        "",
        f"Bài gốc: [{_escape(script.title)}]({article}). Thời gian đọc: "
        f"{reading_time(script.minutes)} ({script.words} chữ, nhịp {script.pace} chữ một phút).",
        "{: .portal-script-info }",
        "",
    ]
    if media.get("txt"):
        lines += [f"[Tải bản đọc dạng chữ (.txt)]({_link(media.get('txt'), page)})", ""]
    lines += _players(media, page, script.title)
    lines += ["", '<div class="portal-script" markdown>', ""]
    for line in script.lines:
        if line.kind == "heading":
            lines += [f"## {_escape(line.said)}", ""]
        elif line.kind == "formula":
            lines += [f'<p class="portal-script-formula">{html.escape(line.said)}</p>', ""]
        else:
            lines += [_escape(line.said), ""]
    lines += ["</div>", ""]
    return "\n".join(lines)


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def article_section(script: Script, media: Media, article_page: str) -> str:
    """The "Phát thanh và video" section under an article."""
    page = _link(page_path(script), article_page)
    listing = _link(LISTING, article_page)
    items = [
        f"- [Bản đọc trên loa truyền thanh]({page}): {reading_time(script.minutes)}, in được khổ A4"
    ]
    if media.get("txt"):
        items.append(f"- [Bản đọc dạng chữ (.txt)]({_link(media.get('txt'), article_page)})")
    if media.get("mp3"):
        mp3 = _link(media.get("mp3"), article_page)
        items.append(f"- [Bản thu máy đọc (MP3, bản nháp để tập đọc)]({mp3})")
    if media.get("mp4"):
        items.append(f"- [Video dọc cho Zalo (MP4)]({_link(media.get('mp4'), article_page)})")
    items.append(f"- [Mọi bản đọc và video của trang]({listing})")
    return "\n\n## Phát thanh và video\n\n" + "\n".join(items) + "\n"


def listing_page(scripts: list[Script], media: dict[str, Media]) -> str:
    """Every script, audio draft and clip, by section, for the station and Zalo groups."""
    lines = [
        "---",
        f"title: {LISTING_TITLE}",
        "search:",
        "  exclude: true",
        "---",
        "",
        f"# {LISTING_TITLE}",
        "",
        "Bản đọc trên loa truyền thanh xã của từng bài: số, ngày tháng, số hiệu văn bản và chữ "
        "viết tắt đã viết thành chữ như khi đọc. Mỗi bản đọc in được khổ A4 (nút In ở đầu "
        "trang). Bản thu MP3 do máy đọc chỉ để tập đọc; video dọc dùng cho nhóm Zalo, Facebook "
        "của xã.",
        "",
    ]
    by_section: dict[str, list[Script]] = {}
    for script in scripts:
        by_section.setdefault(script.section, []).append(script)
    for section in sorted(by_section, key=text.sort_key):
        lines += [f"## {_escape(section)}", "", "| Bài | Thời gian đọc | Tệp |", "|---|---|---|"]
        for script in sorted(by_section[section], key=lambda s: text.sort_key(s.title)):
            found = media.get(script.src_path, Media({}))
            files = [
                f"[{label}]({_link(found.get(kind), LISTING)})"
                for kind, label in (("txt", "chữ"), ("mp3", "MP3"), ("mp4", "MP4"))
                if found.get(kind)
            ]
            page = _link(page_path(script), LISTING)
            lines.append(
                f"| [{_escape(script.title)}]({page}) | {reading_time(script.minutes)} | "
                f"{' · '.join(files)} |"
            )
        lines.append("")
    return "\n".join(lines)
