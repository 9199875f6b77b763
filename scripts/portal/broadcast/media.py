"""Scripts, audio drafts and clips of a whole site, through the cache.

The build and the commands share this: `Broadcast.scripts()` makes every script (fast, always);
`audio_jobs` and `clip_jobs` are cache jobs keyed by a hash of every input (the spoken text,
the voice and its version, the pictures, the font, the recipe), so a file is made again only
when something it shows or says changed; `files()` lists what is fresh for each script.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlparse

from portal import checks
from portal.broadcast import audio, clip, pages, script
from portal.broadcast.settings import Station
from portal.broadcast.voice import Espeak, Voice
from portal.content.articles import Article
from portal.infographics.cache import Cache, Job, Progress, Report
from portal.problems import Problem

log = logging.getLogger("portal")
FOLDER = "phat-thanh"  # inside the project's cache


def voice_for(station: Station) -> Espeak:
    # espeak-ng's `vi` voice says about 1.43 syllables a minute per unit of its rate (measured:
    # rate 112 read 158 syllables a minute), so this rate gives the station's pace.
    return Espeak(rate=round(station.pace * 0.7))


@dataclass
class Broadcast:
    root: Path
    articles: list[Article]
    texts: dict[str, str]  # src_path -> the file's text
    station: Station
    register: object
    day: dt.date
    cache_dir: Path
    site_url: str = ""
    pictures: dict[str, Path] = field(default_factory=dict)  # infographic -> portrait PNG
    voice: Voice | None = None
    # How one script is made: `script.build`, or the editor's preview's copy kept between saves.
    make_script: Callable[..., script.Script] = script.build

    def __post_init__(self):
        self.cache = Cache(self.cache_dir / FOLDER)
        self.voice = self.voice or voice_for(self.station)
        self._scripts: list[script.Script] | None = None

    def scripts(self) -> list[script.Script]:
        if self._scripts is None:
            self._scripts = [
                self.make_script(a, self.texts[a.src_path], self.root, self.station,
                                 self.register, self.day)
                for a in self.articles
                if script.has_script(a, self.articles)
                and a.src_path in self.texts
                and "<!-- material/tags" not in self.texts[a.src_path]  # the tags page lists
                # Text Markdown would take minutes on: the build refuses it with its own message.
                and not checks.limits(f"docs/{a.src_path}", self.texts[a.src_path])
            ]  # fmt: skip
            self._by_url = {s.url: s.src_path for s in self._scripts}
        return self._scripts

    def problems(self) -> list[Problem]:
        """Abbreviations the glossary lacks, by article (warnings of `portal doc`)."""
        return [p for s in self.scripts() for p in s.unknown]

    def _voice_print(self) -> str | None:
        try:
            return self.voice.fingerprint()
        except OSError:
            return None  # espeak-ng not installed: no audio is made or looked up

    def audio_jobs(self, chosen: list[script.Script] | None = None) -> list[Job]:
        voice = self._voice_print()
        if voice is None:
            return []
        jobs = []
        for item in chosen or self.scripts():
            speech = item.speech()
            key = hashlib.sha256(f"{speech}|{voice}|{audio.VERSION}".encode()).hexdigest()
            jobs.append(
                Job(f"am-thanh/{item.url}", key, partial(_audio_files, self.voice, item, speech))
            )
        return jobs

    def clip_plan(self, item: script.Script) -> clip.Plan | None:
        pictures = tuple(self.pictures[n] for n in item.infographics if n in self.pictures)
        if not pictures or not item.captions:
            return None
        host = urlparse(self.site_url).netloc if self.site_url else ""
        address = f"{host}/{item.url}" if host else f"/{item.url}"
        return clip.Plan(
            item.title, item.section, self.station.commune, address, item.captions, pictures,
            self.station.pace,
        )  # fmt: skip

    def clip_jobs(self, chosen: list[script.Script] | None = None, with_voice=True) -> list[Job]:
        voice = self.voice if with_voice and self._voice_print() else None
        jobs = []
        for item in chosen or self.scripts():
            plan = self.clip_plan(item)
            if plan is not None:
                render = partial(_clip_files, plan, voice, item)
                jobs.append(Job(f"video/{item.url}", plan.key(voice), render))
        return jobs

    def make(self, jobs: list[Job], progress: Progress | None = None, force=False) -> Report:
        """Make the stale jobs one at a time: espeak-ng and ffmpeg use every core themselves."""
        return self.cache.ensure(jobs, force=force, progress=progress, workers=1)

    def files(self) -> dict[str, dict[str, Path]]:
        """src_path -> {"mp3"|"mp4": cached file} of the fresh entries."""
        self.scripts()
        found: dict[str, dict[str, Path]] = {}
        # A clip is made with the voice or silent: either is fresh if its inputs are unchanged.
        jobs = self.audio_jobs() + self.clip_jobs() + self.clip_jobs(with_voice=False)
        for job in jobs:
            if not self.cache.is_fresh(job):
                continue
            kind = "mp3" if job.id.startswith("am-thanh/") else "mp4"
            src = self._by_url[job.id.split("/", 1)[1]]
            cached = next(iter(self.cache.files(job.id).values()))
            found.setdefault(src, {}).setdefault(kind, cached)
        return found

    def at_build(self, progress: Progress | None = None) -> Report:
        """What data/phat-thanh.yml turns on for the build: audio drafts, clips, or nothing."""
        jobs = []
        if self.station.audio_at_build:
            jobs += self.audio_jobs()
        if self.station.video_at_build:
            jobs += self.clip_jobs(with_voice=self.station.audio_at_build)
        return self.make(jobs, progress) if jobs else Report()

    def site_files(self) -> tuple[dict[str, bytes], dict[str, Path], dict[str, pages.Media]]:
        """(generated text files, cached media files, media of each script) by site path."""
        texts: dict[str, bytes] = {}
        cached: dict[str, Path] = {}
        media: dict[str, pages.Media] = {}
        fresh = self.files()
        for item in self.scripts():
            paths = {"txt": pages.file_path(item, "txt")}
            texts[paths["txt"]] = item.text().encode("utf-8")
            for kind, path in fresh.get(item.src_path, {}).items():
                paths[kind] = pages.file_path(item, kind)
                cached[paths[kind]] = path
            media[item.src_path] = pages.Media(paths)
        return texts, cached, media


def _audio_files(voice: Voice, item: script.Script, speech: str) -> dict[str, bytes]:
    return {f"{item.slug}.mp3": audio.mp3(voice, speech)}


def _clip_files(plan: clip.Plan, voice: Voice | None, item: script.Script) -> dict[str, bytes]:
    return {f"{item.slug}.mp4": clip.render(plan, voice)}


def from_project(root: Path, cache_dir: Path, site_url: str = "") -> Broadcast:
    """The broadcasting of a project outside a build: its published articles as they are
    today, the register, the station's files and the drawn infographics."""
    from portal import settings
    from portal.broadcast.settings import read_station
    from portal.content import articles as content
    from portal.content import facts, frontmatter, plan
    from portal.infographics.library import Library

    station = read_station(root)
    register = facts.read(root)
    if register.errors:
        from portal.problems import ContentError

        raise ContentError(register.errors)
    day = settings.today()
    docs = root / settings.DOCS
    published = [
        a for a in content.load(docs, frontmatter.allowed_tags(root)) if a.is_published(day)
    ]
    texts = {a.src_path: (docs / a.src_path).read_text(encoding="utf-8") for a in published}
    library = Library(
        root / settings.INFOGRAPHICS, cache_dir, root, plan.overview_infographic(root)
    )
    library.load()
    library.render()
    pictures = {}
    for name in library.specs:
        try:
            pictures[name] = library.picture(name)
        except KeyError:
            continue
    return Broadcast(root, published, texts, station, register, day, cache_dir, site_url, pictures)
