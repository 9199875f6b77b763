"""`portal doc`, `portal am-thanh`, `portal video`: read-out scripts, audio drafts, clips."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from portal import checks, settings
from portal.broadcast import media, pages
from portal.broadcast.script import reading_time
from portal.infographics.cache import default_folder


def add_commands(commands) -> None:
    """Register the three sub-commands on the `portal` parser."""
    doc = commands.add_parser(
        "doc", help="bản đọc trên loa truyền thanh của bài (số, ngày, chữ viết tắt viết thành chữ)"
    )
    doc.add_argument(
        "articles", nargs="*", metavar="BÀI", help="bài hoặc thư mục (mặc định: mọi bài)"
    )
    doc.add_argument("--out", metavar="THƯ_MỤC", help="ghi mỗi bản đọc thành tệp .txt vào đây")
    doc.set_defaults(run=cmd_doc)
    for name, kind, what in (
        ("am-thanh", "mp3", "bản thu máy đọc MP3 (bản nháp để tập đọc, cần espeak-ng, ffmpeg)"),
        ("video", "mp4", "video dọc 1080×1920 cho Zalo của bài có infographic (cần ffmpeg)"),
    ):
        command = commands.add_parser(name, help=f"làm {what}")
        command.add_argument(
            "articles", nargs="*", metavar="BÀI", help="bài hoặc thư mục (mặc định: mọi bài)"
        )
        command.add_argument("--force", action="store_true", help="làm lại cả tệp không đổi")
        if kind == "mp4":
            command.add_argument(
                "--khong-tieng", action="store_true", help="video không có giọng đọc (im lặng)"
            )
        command.set_defaults(run=cmd_media, kind=kind)


def _progress(done: int, total: int, job_id: str) -> None:
    """One line per file made: audio and clips take seconds each."""
    print(f"Đã làm {done}/{total}: {job_id}", file=sys.stderr, flush=True)


def _broadcast(root: Path) -> media.Broadcast:
    config = (root / settings.CONFIG).read_text(encoding="utf-8")
    site_url = next(
        (
            line.split(":", 1)[1].strip()
            for line in config.splitlines()
            if line.startswith("site_url:")
        ),
        "",
    )
    return media.from_project(root, default_folder(root), site_url)


def _chosen(root: Path, broadcast: media.Broadcast, given: list[str]):
    scripts = broadcast.scripts()
    if not given:
        return scripts
    wanted = set(checks.targets(root, given))
    chosen = [s for s in scripts if s.src_path in wanted]
    if not chosen:
        print(
            "Không có bài nào có bản đọc ở đường dẫn đã cho (bài nháp, bài hẹn ngày và trang "
            "danh sách không có bản đọc).",
            file=sys.stderr,
        )
    return chosen


def cmd_doc(args: argparse.Namespace) -> int:
    root = settings.project_root()
    broadcast = _broadcast(root)
    chosen = _chosen(root, broadcast, args.articles)
    if not chosen:
        return 1
    for item in chosen:
        for problem in item.unknown:
            print(problem, file=sys.stderr)
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for item in chosen:
            target = out / pages.file_path(item, "txt").removeprefix(f"{pages.FOLDER}/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(item.text(), encoding="utf-8")
        print(f"Đã ghi {len(chosen)} bản đọc vào {out}/.")
    elif len(chosen) == 1:
        print(chosen[0].text(), end="")
    else:
        for item in chosen:
            print(f"docs/{item.src_path}: {reading_time(item.minutes)} ({item.words} chữ)")
        print(f"{len(chosen)} bản đọc. Xem một bài: portal doc docs/…/bai.md")
    return 0


def cmd_media(args: argparse.Namespace) -> int:
    root = settings.project_root()
    broadcast = _broadcast(root)
    chosen = _chosen(root, broadcast, args.articles)
    if not chosen:
        return 1
    if args.kind == "mp3":
        media.voice_for(broadcast.station).fingerprint()  # names the package when missing
        jobs = broadcast.audio_jobs(chosen)
        what = "bản thu"
    else:
        jobs = broadcast.clip_jobs(chosen, with_voice=not args.khong_tieng)
        what = "video"
        if not jobs:
            print("Các bài đã chọn không có infographic nên không có video.", file=sys.stderr)
            return 1
    report = broadcast.make(jobs, _progress, force=args.force)
    for job_id, error in report.failed.items():
        print(f"{job_id}: {error}", file=sys.stderr)
    made, kept = len(report.rendered), len(report.reused)
    print(f"Đã làm {made} {what}; {kept} {what} không đổi nên giữ nguyên.")
    for job in jobs:
        for path in broadcast.cache.files(job.id).values():
            print(f"  {path}")
    print("`portal build` đưa chúng vào trang (mục Phát thanh và video của từng bài).")
    return 1 if report.failed else 0
