"""The project's infographics: data files read, images in the cache, and what pages show."""

from __future__ import annotations

import difflib
from functools import partial
from pathlib import Path

from portal.infographics import render
from portal.infographics.cache import Cache, Job, Progress, Report
from portal.infographics.embed import GALLERY, SITE_FOLDER, Download, figure_html
from portal.infographics.layout import BY_KEY, SIZES
from portal.infographics.spec import Spec, SpecError, load, load_all
from portal.problems import Problem
from portal.text import sort_key

OTHER_TOPIC = "Chủ đề khác"


class Library:
    """Every infographic of a folder, drawn through a cache; the pages' view of them."""

    def __init__(
        self,
        folder: Path,
        cache_dir: Path,
        root: Path | None = None,
        generated: dict[str, tuple[str, str]] | None = None,
    ):
        self.folder = Path(folder)
        self.root = Path(root) if root else self.folder.parent
        self.cache = Cache(cache_dir)
        # name -> (YAML text, where it comes from): data files other data files are made into.
        self.generated = generated or {}
        self.specs: dict[str, Spec] = {}
        self.problems: list[Problem] = []

    def load(self) -> list[Problem]:
        """Read every data file; the valid ones are kept, the others' mistakes returned."""
        specs, self.problems = (
            ([], []) if not self.folder.is_dir() else load_all(self.folder, self.root)
        )
        for name, (text, shown) in self.generated.items():
            folder = self.cache.folder / "generated"
            folder.mkdir(parents=True, exist_ok=True)
            file = folder / f"{name}.yml"
            if not file.is_file() or file.read_text(encoding="utf-8") != text:
                partial_file = file.with_suffix(".tmp")
                partial_file.write_text(text, encoding="utf-8")
                partial_file.replace(file)
            try:
                specs.append(load(file, shown))
            except SpecError as error:
                self.problems.extend(error.problems)
        self.specs = {spec.name: spec for spec in specs}
        return list(self.problems)

    def jobs(self, names: list[str] | None = None) -> list[Job]:
        chosen = [self.specs[n] for n in names] if names else self.specs.values()
        return [
            Job(f"infographic/{spec.name}", render.key(spec), partial(render.outputs, spec))
            for spec in chosen
        ]

    def render(
        self, names: list[str] | None = None, *, force=False, progress: Progress | None = None
    ) -> Report:
        """Draw what is missing or stale; a file that cannot be drawn joins `problems`."""
        jobs = self.jobs(names)  # drawn in child processes: the specs travel by pickle
        report = self.cache.ensure(jobs, force=force, progress=progress, processes=True)
        for job_id, error in report.failed.items():
            name = job_id.split("/", 1)[1]
            self.specs.pop(name, None)
            if isinstance(error, SpecError):
                self.problems.extend(error.problems)
            else:
                where = f"infographics/{name}.yml"
                self.problems.append(Problem(where, 1, "infographic-du-lieu", str(error)))
        return report

    def key(self, name: str) -> str:
        return render.key(self.specs[name])

    def downloads(self, name: str) -> list[Download]:
        """The files of one infographic as the pages list them, portrait PNG first."""
        spec = self.specs[name]
        sizes = self.cache.entry(f"infographic/{name}")["files"]
        found = []
        for size in SIZES:
            for fmt in render.FORMATS[size.key]:
                file = render.file_name(spec, size, fmt)
                found.append(
                    Download(
                        size.label,
                        f"{SITE_FOLDER}/{file}",
                        size.width,
                        size.height,
                        sizes[file],
                        fmt,
                    )
                )
        return found

    def picture(self, name: str) -> Path:
        """The cached portrait PNG of an infographic (for link-preview cards)."""
        spec = self.specs[name]
        file = render.file_name(spec, BY_KEY["portrait"], "png")
        return self.cache.files(f"infographic/{name}")[file]

    def site_files(self) -> dict[str, Path]:
        """Every image to publish: its path in the built site -> its file in the cache."""
        published = {}
        for name in self.specs:
            for file, path in self.cache.files(f"infographic/{name}").items():
                published[f"{SITE_FOLDER}/{file}"] = path
        return published

    def unknown(self, name: str) -> str:
        """Why an embed names no infographic, with the closest existing names."""
        if not name:
            return "thiếu tên infographic sau 'infographic:'."
        close = difflib.get_close_matches(name, list(self.specs), n=2)
        hint = f" Có phải ý bạn là {' hoặc '.join(repr(c) for c in close)}?" if close else ""
        broken = any(p.path.endswith(f"/{name}.yml") for p in self.problems)
        if broken:
            return f"infographic '{name}' chưa vẽ được vì tệp dữ liệu của nó có lỗi (xem ở trên)."
        return f"không có infographic tên '{name}' (không thấy tệp infographics/{name}.yml).{hint}"

    def figure(self, name: str, page_url: str) -> str:
        """The HTML that replaces an embed line of a page at `page_url`."""
        return figure_html(
            self.specs[name], self.downloads(name), page_url, version=self.key(name)[:10]
        )

    def gallery(self) -> str:
        """The Markdown of the gallery page: every infographic by topic, with its downloads."""
        url = f"{GALLERY}/"
        parts = [
            "---",
            "title: Thư viện infographic",
            "description: Tải infographic về tiền lương, bảo hiểm, công đoàn và an toàn lao động"
            " để chia sẻ qua Zalo, Facebook hoặc in dán bảng tin.",
            "---",
            "",
            "# Thư viện infographic",
            "",
            "Mỗi infographic có ba cỡ: **ảnh dọc** để xem trên điện thoại và gửi qua Zalo, "
            "**ảnh vuông** để đăng Facebook, **bản in A4** (300 dpi) để dán bảng tin. "
            "Số liệu lấy từ văn bản pháp luật ghi ở dòng nguồn dưới mỗi ảnh.",
            "",
        ]
        topics: dict[str, list[Spec]] = {}
        for spec in self.specs.values():
            topics.setdefault(spec.topic or OTHER_TOPIC, []).append(spec)
        for topic in sorted(topics, key=lambda t: (t == OTHER_TOPIC, sort_key(t))):
            parts += [f"## {topic}", ""]
            for spec in sorted(topics[topic], key=lambda s: sort_key(s.title)):
                parts += [f"### {spec.title} {{#{spec.name}}}", "", self.figure(spec.name, url), ""]
        if not self.specs:
            parts.append("Chưa có infographic nào.")
        return "\n".join(parts) + "\n"
