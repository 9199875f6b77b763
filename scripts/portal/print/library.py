"""The posters of the site: one A4 PDF per article, cached by a hash of what it shows, listed on
the article ("Tải áp phích A4") and on the "Tài liệu in" page.

A poster is made again only when its inputs change: the article's text and dates, the figures
it shows as they stand on the build day (a change entering the announce window counts), its
infographic, the templates, the font or the renderers. Stale posters are made in worker
processes (WeasyPrint's layout is Python, so threads would share one core).
"""

from __future__ import annotations

import html
import json
import multiprocessing
import os
import posixpath
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial

from portal.content import articles as content
from portal.content.sections import find
from portal.infographics.cache import Cache, Job, Report
from portal.infographics.embed import kilobytes, relative
from portal.print import pdf
from portal.print.sheet import Sheet, Sources, printable
from portal.problems import Problem
from portal.text import sort_key

SITE_FOLDER = "tai-lieu-in"
PAGE = f"{SITE_FOLDER}.md"  # the "Tài liệu in" page, at /tai-lieu-in/
PAGE_TITLE = "Tài liệu in"
WARNINGS = "canh-bao.json"  # kept with a poster so a cached poster still reports them
# Fewer stale posters than this are made in this process: starting workers costs a second.
POOL_FROM = 4


def poster_file(article: content.Article, size: str = "a4") -> str:
    """The poster's path in the built site, e.g. tai-lieu-in/ap-phich/phap-luat/x-a4.pdf."""
    return f"{SITE_FOLDER}/ap-phich/{article.url.strip('/') or 'trang-chu'}-{size}.pdf"


def render_poster(sheet: Sheet, size: str = "a4") -> dict[str, bytes]:
    """The files of one poster entry: the PDF, and its warnings when it has any."""
    made = pdf.poster(sheet, size)
    files = {f"ap-phich-{size}.pdf": made.data}
    if made.warnings:
        files[WARNINGS] = json.dumps(made.warnings, ensure_ascii=False).encode()
    return files


@dataclass
class Posters:
    """Every article's poster through the cache, and what pages show of them."""

    sources: Sources
    cache: Cache
    size: str = "a4"
    problems: list[Problem] = field(default_factory=list)
    made: dict[str, content.Article] = field(default_factory=dict)  # job id -> article

    def _job_id(self, article: content.Article) -> str:
        return f"ap-phich-{self.size}/{article.src_path.removesuffix('.md')}"

    def make(self, articles: list[content.Article] | None = None) -> Report:
        """Make the stale posters of `articles` (default: every printable article)."""
        chosen = [a for a in articles or self.sources.articles if printable(a)]
        jobs, stale = [], []
        for article in chosen:
            sheet = self.sources.sheet(article)
            job_id = self._job_id(article)
            key = pdf.key(f"poster-{self.size}", sheet)
            job = Job(job_id, key, partial(render_poster, sheet, self.size))
            self.made[job_id] = article
            jobs.append(job)
            if not self.cache.is_fresh(job):
                stale.append((job, sheet))
        if len(stale) >= POOL_FROM:
            made = self._in_workers(stale)
            jobs = [
                Job(j.id, j.key, partial(dict, made[j.id])) if j.id in made else j for j in jobs
            ]
        # One at a time: the work is done above (or is one short poster), and fontconfig is
        # not made for threads.
        report = self.cache.ensure(jobs, workers=1)
        for job_id, error in report.failed.items():
            article = self.made.pop(job_id)
            where = f"docs/{article.src_path}"
            self.problems.append(
                Problem(where, 1, "in-khong-duoc", f"không làm được áp phích: {error}")
            )
        for job_id, article in self.made.items():
            for message in self._warnings(job_id):
                line = article.line("title")
                self.problems.append(
                    Problem(f"docs/{article.src_path}", line, "in-qua-dai", message)
                )
        return report

    def _in_workers(self, stale: list[tuple[Job, Sheet]]) -> dict[str, dict[str, bytes]]:
        workers = min(len(stale), os.cpu_count() or 1)
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            results = pool.map(render_poster, [s for _, s in stale], [self.size] * len(stale))
            return {job.id: files for (job, _), files in zip(stale, results, strict=True)}

    def _warnings(self, job_id: str) -> list[str]:
        path = self.cache.files(job_id).get(WARNINGS)
        return json.loads(path.read_text(encoding="utf-8")) if path else []

    def site_files(self) -> dict:
        """Every poster to publish: its path in the built site -> its file in the cache."""
        published = {}
        for job_id, article in self.made.items():
            cached = self.cache.files(job_id).get(f"ap-phich-{self.size}.pdf")
            if cached:
                published[poster_file(article, self.size)] = cached
        return published

    def link(self, article: content.Article, page_url: str) -> str:
        """The download line of an article's page ("" when it has no poster)."""
        job_id = self._job_id(article)
        cached = self.cache.files(job_id).get(f"ap-phich-{self.size}.pdf")
        if job_id not in self.made or cached is None:
            return ""
        target = relative(poster_file(article, self.size), page_url)
        listing = relative(f"{SITE_FOLDER}/", page_url)
        size = kilobytes(cached.stat().st_size)
        name = posixpath.basename(poster_file(article, self.size))
        return (
            f'<p class="portal-poster"><a class="md-button portal-print" href="{target}" '
            f'download="{name}">Tải áp phích A4 (PDF, {size})</a> '
            f'<a class="portal-print" href="{listing}">Tài liệu in khác</a></p>'
        )

    def page(self) -> str:
        """The Markdown of the "Tài liệu in" page: every poster by section."""
        parts = [
            "---",
            f"title: {PAGE_TITLE}",
            "description: Áp phích A4 của từng bài để in dán bảng tin ở doanh nghiệp, khu công"
            " nghiệp và khu nhà trọ, mỗi tờ có mã QR dẫn tới bài đầy đủ.",
            "---",
            "",
            f"# {PAGE_TITLE}",
            "",
            "Mỗi bài có một **áp phích A4** (PDF) để in dán bảng tin: chữ lớn đọc được từ xa, in "
            "đen trắng hay photo vẫn rõ, có mã QR để công nhân quét bằng điện thoại và đọc bài "
            "đầy đủ. Mỗi tờ ghi ngày thông tin đúng đến, và hiệu lực của từng số liệu: khi số "
            "liệu đổi, hãy in tờ mới từ trang này.",
            "",
            "Tờ rơi hai mặt và bài trình chiếu cho hội nghị được làm bằng lệnh `portal in` "
            "(xem Hướng dẫn biên tập).",
            "",
        ]
        by_section: dict[str, list[content.Article]] = {}
        for article in self.made.values():
            by_section.setdefault(_section_title(article), []).append(article)
        for title in sorted(by_section, key=sort_key):
            parts += [f"## {title}", ""]
            for article in sorted(by_section[title], key=lambda a: sort_key(a.title)):
                cached = self.cache.files(self._job_id(article)).get(f"ap-phich-{self.size}.pdf")
                if cached is None:
                    continue
                # Links as MkDocs reads them from docs/tai-lieu-in.md, so it checks them.
                target = poster_file(article, self.size)
                page = article.src_path
                size = kilobytes(cached.stat().st_size)
                parts.append(
                    f"- [{_escape(article.title)}]({page}): [áp phích A4, PDF {size}]({target})"
                )
            parts.append("")
        if not self.made:
            parts.append("Chưa có áp phích nào.")
        return "\n".join(parts) + "\n"


def _section_title(article: content.Article) -> str:
    folder = article.folder
    if article.is_news:
        folder = folder.split("/")[0]
    found = find(folder)
    return found.title if found else "Khác"


def _escape(text: str) -> str:
    escaped = html.escape(text, quote=False)
    return "".join(f"\\{c}" if c in "\\`*_[]#!" else c for c in escaped)
