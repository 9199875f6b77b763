"""The MkDocs adapter: hands MkDocs' events to the plain modules of this package.

Everything this plugin decides (section order and names, which pages are listed, feeds,
descriptions) lives in those modules; this file only translates to and from MkDocs' objects,
so moving to ProperDocs or another engine touches this file alone.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.nav import Section as NavSection
from mkdocs.structure.pages import Page

from portal import calculators, checks, infographics, settings, text
from portal.broadcast import media as broadcast_media
from portal.broadcast import pages as broadcast_pages
from portal.broadcast import script as broadcast_script
from portal.broadcast import settings as broadcast_settings
from portal.content import articles as content
from portal.content import facts, local_facts, markers, plan, safepaths, sections, synonyms
from portal.content import frontmatter as schema
from portal.infographics import embed as infographic_embed
from portal.infographics import share as link_preview
from portal.print import library as print_library
from portal.print import sheet as print_sheet
from portal.problems import ContentError, PortalError
from portal.site import (
    app_icon,
    article_parts,
    calculator_page,
    css_purge,
    draft_media,
    excerpts,
    facts_page,
    feed,
    home,
    html_fixes,
    listing,
    photos,
    publishing,
    question_links,
    search_index,
    summary,
)
from portal.site import preview as editor_preview

# Warnings go through MkDocs' logger, so strict builds (`portal build`, `portal check`) fail.
log = logging.getLogger("mkdocs.plugins.portal")


class PortalConfig(Config):
    feed_path = config_options.Type(str, default=f"{sections.NEWS}/rss.xml")
    feed_title = config_options.Type(str, default="Tin tức")
    infographics_dir = config_options.Type(str, default="infographics")


class PortalPlugin(BasePlugin[PortalConfig]):
    """MkDocs' events mapped to the portal's modules: checks, publishing rules, menu, lists,
    article parts, infographics, link previews, the news feed and the search index."""

    def on_pre_build(self, *, config):
        # Built file -> section label of every page the search indexes; refilled on each build
        # (`portal serve` rebuilds with the same plugin object, and keeps what it indexed).
        if not getattr(self, "previewing", False) or not hasattr(self, "searchable"):
            self.searchable: dict[str, str] = {}
        if getattr(self, "previewing", False):  # a photo added since the last save is linked
            root = Path(config.config_file_path).parent
            editor_preview.sync_project(root)
            # A changed mkdocs.yml, data file, infographic or template: every page again.
            state = editor_preview.project_state(root, Path(config.config_file_path))
            self.project_changed = state != getattr(self, "project_seen", state)
            self.project_seen = state
            self._list_theme_once(config.theme)
        self._read_facts(Path(config.config_file_path).parent)
        self._read_synonyms(Path(config.config_file_path).parent)

    def on_startup(self, *, command, dirty):
        _blog_reads_yaml_like_mkdocs()
        # Drafts and scheduled articles are shown in the editor's preview, never published.
        self.previewing = command == "serve"
        if self.previewing:  # shown in the browser instead of the page (site/preview.py)
            self.preview_problems = editor_preview.ProblemLog().attach()
            # Kept between saves: the articles read, the read-out scripts, generated pages.
            self.kept_articles = content.Kept()
            self.kept = editor_preview.Kept()
            self.generated = editor_preview.GeneratedSources()

    def on_shutdown(self):
        if getattr(self, "generated", None) is not None:
            self.generated.close()

    # Before Material's blog plugin collects posts, so unpublished news never reaches it.
    @event_priority(50)
    def on_files(self, files, *, config):
        self._refuse_unread_files(files, config)
        try:
            tags = schema.allowed_tags(Path(config.config_file_path).parent)
            kept = getattr(self, "kept_articles", None) if self._previewing else None
            self.articles = content.load(Path(config.docs_dir), tags, kept)
        except ContentError as error:
            raise PluginError(str(error)) from None
        self.by_path = {a.src_path: a for a in self.articles}
        today = settings.today()
        hidden = {a.src_path for a in self.articles if not a.is_published(today)}
        if getattr(self, "previewing", False):
            self.hidden = hidden  # built, with a banner saying why readers cannot see them yet
            self._refresh_lists(files, config)
        else:
            self.articles = [a for a in self.articles if a.src_path not in hidden]
            self.hidden = set()
            pages = {f.src_uri: f.content_string for f in files.documentation_pages()}
            config_text = Path(config.config_file_path).read_text(encoding="utf-8")
            private = draft_media.only_in_hidden(
                pages, hidden, [f.src_uri for f in files.media_files()], config_text
            )
            for file in [f for f in files.documentation_pages() if f.src_uri in hidden]:
                files.remove(file)
            for file in [f for f in files.media_files() if f.src_uri in private]:
                files.remove(file)  # a draft's photo is as private as the draft
        self._serve_web_photos(files, Path(config.config_file_path).parent)
        # After the photos: the A4 infographic is 2480 px wide on purpose (300 dpi print).
        self._add_infographics(files, config)
        self._add_posters(files, config)
        self._add_broadcast(files, config)
        return files

    @property
    def _previewing(self) -> bool:
        return getattr(self, "previewing", False)

    def _list_theme_once(self, theme) -> None:
        """Preview: the theme's files are listed at the first build and after a change, and
        its templates compiled once."""
        make_env = theme.get_env
        inputs = (tuple(theme.dirs), tuple(theme.static_templates), self.project_seen)

        def get_env():
            env = make_env()
            editor_preview.list_theme_once(env, self.kept, inputs)
            # Every environment of the theme (Material's blog makes one for its words too).
            self.templates = getattr(self, "templates", None) or editor_preview.TemplateCache()
            env.bytecode_cache = self.templates
            return env

        theme.get_env = get_env

    def _generated(self, config, uri: str, content: str | bytes, **options) -> File:
        """A page or file made here; in the preview, from a file that changes with its text,
        so the --dirty rebuild leaves it alone while it is the same."""
        if self._previewing:
            source = self.generated.source(uri, content)
            return File.generated(config, uri, abs_src_path=source, **options)
        return File.generated(config, uri, content=content, **options)

    def _refresh_lists(self, files, config) -> None:
        """Preview: when what lists show of an article changed (a title), rebuild the lists."""

        def read(src: str) -> str:
            file = files.get_file_from_path(src)
            return file.content_string if file else ""

        data = Path(config.config_file_path).parent / "data"
        shown = editor_preview.listed(self.articles, read, data)
        self.lists_changed = getattr(self, "listed", shown) != shown
        if self.lists_changed:
            for file in files.documentation_pages():
                if editor_preview.is_list_page(file.src_uri, lambda f=file: f.content_string):
                    editor_preview.mark_stale(file.abs_dest_path)
        self.listed = shown

    def on_config(self, config):
        """Refuse symbolic links in docs/, infographics/ and data/ before MkDocs walks docs/
        (it follows links: one to `/` would publish the machine's files, the deploy key too)."""
        # The one-article preview is made of links to the project's files, and is served only
        # to the editor's own machine; every build that can be published refuses links.
        if getattr(self, "previewing", False):
            return config
        root = Path(config.config_file_path).parent
        docs = os.path.relpath(Path(config.docs_dir).resolve(), root.resolve())
        problems = safepaths.linked_files(root, (docs, self.config.infographics_dir, "data"))
        if problems:
            raise PluginError("\n".join(str(p) for p in problems))
        return config

    def _refuse_unread_files(self, files, config) -> None:
        """Stop on what MkDocs would publish but the portal never reads: Markdown pages outside
        its rules (other suffixes, `_` folders), where a draft would go out unnoticed."""
        docs = Path(config.docs_dir).resolve()
        problems = []
        for file in files.documentation_pages():  # MkDocs' own list of pages decides
            if not safepaths.is_article_path(file.src_uri):
                problems.append(safepaths.not_an_article(file.src_uri))
        for file in files.media_files():  # copied as they are: raw Markdown, `_` folders
            in_docs = file.abs_src_path and Path(file.abs_src_path).is_relative_to(docs)
            if in_docs and not file.generated_by:
                problems.append(safepaths.not_an_article(file.src_uri))
        problems = [p for p in problems if p is not None]
        if problems:
            raise PluginError("\n".join(str(p) for p in sorted(set(problems), key=str)))

    def _serve_web_photos(self, files, root: Path) -> None:
        """Point large photos at resized copies; the originals in docs/ stay as they are."""
        cache = infographics.default_folder(root) / "photos"
        for file in files.media_files():
            is_photo = file.src_uri.lower().endswith(photos.PHOTO_SUFFIXES)
            if is_photo and not file.src_uri.startswith("assets/") and file.abs_src_path:
                copy = photos.web_copy(Path(file.abs_src_path), cache)
                if copy:
                    file.abs_src_path = str(copy)

    def on_nav(self, nav, *, config, files):
        _blog_finds_posts_by_file(config)
        nav.items = _arrange(nav.items, {a.src_path for a in self.articles})
        if self._previewing and self.project_changed:
            for file in files.documentation_pages():
                editor_preview.mark_stale(file.abs_dest_path)
        elif self._previewing and not self.lists_changed:
            for file in files:  # the blog's lists, made afresh each build
                if file.generated_by == "material/blog" and file.is_documentation_page():
                    editor_preview.keep_built(file)
        return nav

    def on_page_markdown(self, markdown, *, page, config, files):
        if not page.file.generated_by:  # before Python-Markdown spends minutes on it
            too_much = checks.limits(
                f"{settings.DOCS}/{page.file.src_uri}", page.file.content_string
            )
            if too_much:
                raise PluginError("\n".join(str(p) for p in too_much))
        markdown = self._embed_infographics(markdown, page)
        markdown = self._fill_facts(markdown, page)
        markdown = self._fill_calculators(markdown, page)
        markdown = self._fill_home(markdown, page, config)
        try:  # marker lines filled from data/ke-hoach.yml and data/dia-phuong.yml
            root = Path(config.config_file_path).parent
            markdown = markers.fill(markdown, root, f"{settings.DOCS}/{page.file.src_uri}")
        except ContentError as error:
            raise PluginError(str(error)) from None
        if "[[" in (page.meta.get("description") or ""):
            page.meta["description"] = facts.render_text(
                page.meta["description"], self.facts, self.facts_day
            )
        if not page.meta.get("description"):
            page.meta["description"] = summary.describe(markdown) or config.site_description
        src = page.file.src_uri
        article = self.by_path.get(src)
        if article and article.is_news and not _has_title(markdown):
            # Material's blog writes "# {title}" into the news list's excerpt of a post with
            # no heading, where Markdown would keep any HTML in the title: give it one, escaped.
            markdown = f"# {_markdown_text(article.title)}\n\n{markdown}"
        if article:
            # A news post's date goes under its title too: Material shows it only in a
            # sidebar that phones hide.
            markdown = article_parts.decorate(
                markdown, article.meta, article.is_news, self._fact_sources(article, page)
            )
        if article and src in self.hidden:
            markdown = article_parts.after_title(markdown, publishing.banner(article))
        markdown += self._broadcast_section(src)
        folder = posixpath.dirname(src)
        if (
            posixpath.basename(src) == "index.md"
            and sections.find(folder)
            and folder != sections.NEWS
        ):
            items = listing.children(self.articles, folder)
            if items:
                markdown += "\n\n## Bài viết trong mục\n\n" + listing.render(items, page.url) + "\n"
        markdown = self._link_poster(markdown, article, page)
        # Again: the summary box and other parts from the front matter may hold references.
        return facts.render_markdown(markdown, self.facts, self.facts_day, src)

    def on_page_content(self, html, *, page, config, files):
        html = self._link_questions(html, page, config)
        article = self.by_path.get(page.file.src_uri)
        if article and article.is_news and page.markdown:  # its page is rendered: lists next
            page.markdown = excerpts.for_lists(page.markdown)
        return html

    def on_page_context(self, context, *, page, config, nav):
        # The tags plugin adds one table-of-contents entry per tag to the tags page, titled
        # with the raw tag name, where Material prints entry titles as HTML (heading entries
        # are HTML already); escape those entries only.
        _escape_tag_entries(page.toc)
        return context

    def on_post_template(self, output_content, *, template_name, config):
        return html_fixes.correct(output_content)  # 404.html

    def on_post_page(self, output, *, page, config):
        output = html_fixes.correct(output)
        self._write_question_previews(output, page, config)
        if _searchable(page):
            self.searchable[page.file.dest_uri] = search_index.section_label(page.file.src_uri)
        return output

    def on_post_build(self, *, config):
        self._publish_link_previews(config)
        self._publish_app_icon(config)
        register_json = facts_page.as_json(self.facts, self.facts_day, config.site_url or "")
        Path(config.site_dir, facts.JSON_FILE).write_text(register_json, encoding="utf-8")
        self._write_calculator_figures(config)
        # A preview indexes at its first build only: a save then waits for no index (seconds at
        # a thousand pages); its search finds the pages as they were when it started.
        first, self.search_indexed = not getattr(self, "search_indexed", False), True
        try:
            if first or not getattr(self, "previewing", False):
                search_index.build(Path(config.site_dir), self.searchable, self.synonyms)
        except search_index.SearchIndexError as error:
            raise PluginError(str(error)) from None
        if not getattr(self, "previewing", False):  # a preview rebuilds a page at a time
            css_purge.purge_site(Path(config.site_dir))
        if not config.site_url:
            return
        news = [a for a in self.articles if a.is_news]
        site_name = config.site_name
        xml = feed.rss(
            news,
            config.site_url,
            self.config.feed_path,
            title=f"{self.config.feed_title} – {site_name}",
            description=config.site_description or site_name,
        )
        target = Path(config.site_dir, self.config.feed_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(xml, encoding="utf-8")

    # -- the search: content/synonyms.py, site/search_index.py ------------------------------

    def _read_synonyms(self, root: Path) -> None:
        """data/tu-dong-nghia.yml; an error in it stops the build, as `portal check` says."""
        try:
            self.synonyms = synonyms.load(root)
        except ContentError as error:
            raise PluginError(str(error)) from None

    # -- the home screen and offline reading: site/app_icon.py, docs/sw.js ------------------

    def _publish_app_icon(self, config) -> None:
        """The home-screen icon and the web app manifest."""
        root = Path(config.config_file_path).parent
        app_icon.publish(Path(config.site_dir), infographics.default_folder(root))

    # -- the home page: site/home.py --------------------------------------------------------

    def _fill_home(self, markdown: str, page, config) -> str:
        """The home page's latest news, infographic strip and "Cần giúp?" (its marker lines)."""
        if page.file.src_uri != "index.md":
            return markdown
        try:
            return home.fill(
                markdown,
                articles=self.articles,
                library=self.library,
                root=Path(config.config_file_path).parent,
                page_url=page.url,
            )
        except ContentError as error:
            raise PluginError(str(error)) from None

    # -- a link to one answer of the Q&A: site/question_links.py -----------------------------

    def _link_questions(self, html: str, page, config) -> str:
        """A "Chép liên kết" button under each question of a Q&A page."""
        if not question_links.is_question_page(page.file.src_uri) or not config.site_url:
            return html
        return question_links.add_buttons(html, page.url, config.site_url)

    def _write_question_previews(self, output: str, page, config) -> None:
        """The small page of each question whose link preview shows the question."""
        if not question_links.is_question_page(page.file.src_uri) or not config.site_url:
            return
        pages = question_links.preview_pages(output, page.url, config.site_url, config.site_name)
        for path, preview in pages.items():
            target = Path(config.site_dir, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(preview, encoding="utf-8")

    # -- the register of legal figures: content/facts.py and site/facts_page.py -----------

    def _read_facts(self, root: Path) -> None:
        """data/so-lieu.yml, read once per build; a mistake in it stops the build."""
        self.facts = facts.read(root)
        self.facts_day = settings.today()
        if self.facts.errors:
            raise PluginError("\n".join(str(p) for p in self.facts.errors))

    def _fill_facts(self, markdown: str, page) -> str:
        """The register's marker lines and the page's references, filled for the build day."""
        src = page.file.src_uri
        for reference in facts.references(page.file.content_string):
            if why := reference.problem(self.facts):
                log.warning(f"{settings.DOCS}/{src}:{reference.line}: {why}")
        markdown = facts_page.fill(markdown, self.facts, self.facts_day, src)
        return facts.render_markdown(markdown, self.facts, self.facts_day, src)

    def _fact_sources(self, article, page) -> list[dict]:
        """Bases of the figures an article shows, for its "Căn cứ pháp lý"; index pages (the
        home page, section introductions) write their own."""
        if article.is_index and not article.meta.get("sources"):
            return []
        keys = facts.used_keys(page.file.content_string, self.facts)
        return facts_page.fact_sources(self.facts, keys, self.facts_day)

    # -- Tính quyền lợi: scripts/portal/calculators and site/calculator_page.py -------------

    def _fill_calculators(self, markdown: str, page) -> str:
        """Each `<!-- portal:tinh NAME -->` line becomes that calculator's form."""
        for line, name in calculator_page.find(page.file.content_string):
            if name not in calculators.CALCULATORS:
                log.warning(f"docs/{page.file.src_uri}:{line}: {calculators.unknown(name)}")
        return calculator_page.fill(markdown, page.url)

    def _write_calculator_figures(self, config) -> None:
        """The figures every calculator uses, on the build day, for the pages' script."""
        root = Path(config.config_file_path).parent
        try:
            local = local_facts.read(root)
        except ContentError:
            region, confirmed = None, False  # reported by `portal check` and the local pages
        else:
            region = local.region or local.expected_region
            confirmed = local.region is not None
        keys = sorted({k for c in calculators.CALCULATORS.values() for k in c.keys})
        figures = calculators.build_figures(self.facts, self.facts_day, keys, region, confirmed)
        target = Path(config.site_dir, calculators.figures.JSON_FILE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(calculators.figures.as_json(figures), encoding="utf-8")

    # -- infographics and link previews: scripts/portal/infographics does the work ---------

    def on_env(self, env, *, config, files):
        # overrides/partials/link-preview.html calls this for the page it renders.
        env.globals["portal_link_preview"] = lambda page=None: self._link_preview(page, config)
        if getattr(self, "previewing", False):
            self.templates = getattr(self, "templates", None) or editor_preview.TemplateCache()
            env.bytecode_cache = self.templates
        return env

    def on_serve(self, server, *, config, builder):
        root = Path(config.config_file_path).parent
        editor_preview.watch_at_once(server)  # before the watches below and --watch
        server.watch(str(root / self.config.infographics_dir))
        server.watch(str(root / "data"))  # the plan, local facts and tags feed pages too
        editor_preview.show_problems_in_page(server, self.preview_problems)
        return server

    def _add_infographics(self, files, config) -> None:
        """Draw missing or stale infographics; publish their images and the gallery page."""
        root = Path(config.config_file_path).parent
        folder = root / self.config.infographics_dir
        self.library = infographics.Library(
            folder, infographics.default_folder(root), root, plan.overview_infographic(root)
        )
        try:
            self.library.load()
            self.library.render()
        except infographics.FontError as error:
            raise PluginError(str(error)) from None
        for problem in self.library.problems:
            log.warning(str(problem))
        for site_path, cached in self.library.site_files().items():
            files.append(File.generated(config, site_path, abs_src_path=str(cached)))
        gallery = self.library.gallery()
        uri = f"{infographic_embed.GALLERY}.md"
        files.append(self._generated(config, uri, gallery, inclusion=InclusionLevel.NOT_IN_NAV))
        self.previews = infographics.Previews(
            self.library.cache, config.site_url or "", config.site_name, self.library
        )
        self.embedded: dict[str, str] = {}  # page -> first infographic it embeds

    def _embed_infographics(self, markdown: str, page) -> str:
        """Swap embed lines for figures; an unknown name is reported with file and line."""
        src = page.file.src_uri
        for found in infographic_embed.find(page.file.content_string):
            if (
                found.name == plan.OVERVIEW
                and not found.problem
                and not self.library.specs.get(found.name)
            ):
                continue  # drawn from data/ke-hoach.yml, whose mistakes stop the build there
            if found.problem or found.name not in self.library.specs:
                why = found.problem or self.library.unknown(found.name)
                log.warning(f"{settings.DOCS}/{src}:{found.line}: {why}")
            else:
                self.embedded.setdefault(src, found.name)

        def figure(name: str) -> str:
            known = name in self.library.specs
            return self.library.figure(name, page.url) if known else ""  # reported above

        return infographic_embed.replace(markdown, figure)

    # -- on air and on Zalo: scripts/portal/broadcast does the work ------------------------

    def _add_broadcast(self, files, config) -> None:
        """Every article's read-out script page and text; the audio drafts and clips that are
        fresh in the cache (made here only when data/phat-thanh.yml turns them on)."""
        root = Path(config.config_file_path).parent
        self.scripts = {}
        if not (root / broadcast_settings.SETTINGS_FILE).exists():
            return  # a project without the station's settings (the theme's CSP fixture)
        try:
            station = broadcast_settings.read_station(root)
        except ContentError as error:
            raise PluginError(str(error)) from None
        texts = {}
        for article in self.articles:
            found = files.get_file_from_path(article.src_path)
            if found is not None:
                texts[article.src_path] = found.content_string
        pictures = {}
        for name in self.library.specs:
            try:
                pictures[name] = self.library.picture(name)
            except KeyError:
                continue  # could not be drawn: reported with the infographics
        self.broadcast = broadcast_media.Broadcast(
            root, self.articles, texts, station, self.facts, self.facts_day,
            infographics.default_folder(root), config.site_url or "", pictures,
            make_script=self._kept_script if self._previewing else broadcast_script.build,
        )  # fmt: skip
        report = self.broadcast.at_build()
        for job_id, error in report.failed.items():
            raise PluginError(f"{job_id}: {error}")
        generated, cached, self.broadcast_media = self.broadcast.site_files()
        for path, body in generated.items():
            files.append(self._generated(config, path, body))
        for path, source in cached.items():
            files.append(File.generated(config, path, abs_src_path=str(source)))
        scripts = self.broadcast.scripts()
        self.scripts = {s.src_path: s for s in scripts}
        for item in scripts:
            page = self._script_page(item, self.broadcast_media[item.src_path])
            files.append(
                self._generated(
                    config, broadcast_pages.page_path(item), page,
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )  # fmt: skip
        listing = self._keep(
            "script-listing",
            (self._listed_scripts(scripts), tuple(self.broadcast_media.items())),
            lambda: broadcast_pages.listing_page(scripts, self.broadcast_media),
        )
        files.append(
            self._generated(
                config, broadcast_pages.LISTING, listing, inclusion=InclusionLevel.NOT_IN_NAV
            )
        )

    def _keep(self, name: str, inputs, make):
        """`make()`, or in the preview the value kept from a build with the same inputs."""
        return self.kept.get(name, inputs, make) if self._previewing else make()

    def _listed_scripts(self, scripts) -> tuple:
        """What the listing of scripts shows of each: a save that changes a script's words
        but not its reading time leaves the listing as it is."""
        if not self._previewing:
            return ()
        shown = []
        for item in scripts:
            time = self.kept.get(
                f"reading-time:{item.src_path}",
                item,
                lambda item=item: broadcast_script.reading_time(item.minutes),
            )
            shown.append((item.src_path, item.section, item.title, item.url, time))
        return tuple(shown)

    def _script_page(self, item, media) -> str:
        make = lambda: broadcast_pages.script_page(item, media)  # noqa: E731
        return self._keep(f"script-page:{item.src_path}", (item, media), make)

    def _kept_script(self, article, text, root, station, register, day):
        """The preview's read-out script of an article, made again only when its text, the
        day or the project's data changed (`script.build` is deterministic in those)."""
        inputs = (text, day, self.project_seen)
        make = lambda: broadcast_script.build(article, text, root, station, register, day)  # noqa: E731
        return self.kept.get(f"script:{article.src_path}", inputs, make)

    def _broadcast_section(self, src: str) -> str:
        """The "Phát thanh và video" section of an article that has a script."""
        item = getattr(self, "scripts", {}).get(src)
        if item is None:
            return ""
        return broadcast_pages.article_section(item, self.broadcast_media[src], src)

    # -- posters: scripts/portal/print does the work ----------------------------------------

    def _add_posters(self, files, config) -> None:
        """Make the stale posters of the published articles; publish them and their page.

        Not in the editor's preview (a save would wait for its poster), not without a site
        address (the QR code needs it), and not with PORTAL_POSTERS=0 (benchmarks)."""
        self.posters = None
        off = os.environ.get("PORTAL_POSTERS", "").strip() == "0"
        if getattr(self, "previewing", False) or not config.site_url or off:
            return
        root = Path(config.config_file_path).parent
        try:
            sources = print_sheet.Sources(
                root, self.articles, self.facts, self.facts_day, config.site_url, self.library
            )
            self.posters = print_library.Posters(sources, self.library.cache)
            self.posters.make()
        except PortalError as error:
            raise PluginError(str(error)) from None
        for problem in self.posters.problems:
            log.warning(str(problem))
        for site_path, cached in self.posters.site_files().items():
            files.append(File.generated(config, site_path, abs_src_path=str(cached)))
        files.append(
            File.generated(
                config,
                print_library.PAGE,
                content=self.posters.page(),
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
        )

    def _link_poster(self, markdown: str, article, page) -> str:
        """The article's "Tải áp phích A4" line, at the end of its page."""
        if not article or not getattr(self, "posters", None):
            return markdown
        line = self.posters.link(article, page.url)
        return markdown.rstrip() + "\n\n" + line + "\n" if line else markdown

    def _link_preview(self, page, config) -> list[tuple[str, str, str]]:
        """Open Graph tags of a page; the 404 page (no Page object) gets the home page's."""
        if not config.site_url:
            return []  # link previews need absolute addresses
        if not isinstance(page, Page):
            home = infographics.PageInfo("", config.site_name, config.site_description, "", False)
            return self.previews.tags(home)
        src = page.file.src_uri
        article = self.by_path.get(src)
        info = infographics.PageInfo(
            url=page.url,
            title=config.site_name if page.is_homepage else page.title or config.site_name,
            description=page.meta.get("description") or config.site_description or "",
            section="" if page.is_homepage else link_preview.section_of(src),
            article=bool(article and not article.is_index),
            published=article.date if article and article.is_news else None,
            infographic=self.embedded.get(src),
            source=f"{settings.DOCS}/{src}",
        )
        return self.previews.tags(info)

    def _publish_link_previews(self, config) -> None:
        report = self.previews.publish(Path(config.site_dir))
        for message in self.previews.problems:
            log.warning(message)
        for job_id, error in report.failed.items():
            log.warning(f"{job_id}: {error}")


class _Posts(list):
    """Material's blog asks `page in posts` of every page, twice (its on_page_markdown and
    on_page_content): a search of the whole list, so pages × posts comparisons, 2 million at
    1000 articles and 100 times that at 10,000. A page equals a post only when it has the same
    File object (mkdocs Page.__eq__: same class, title and file), so the posts with the page's
    file are the only ones to compare: the same answer, found at once."""

    def __contains__(self, page) -> bool:
        if getattr(self, "_indexed", -1) != len(self):  # built again if the list grew
            self._by_file: dict[int, list] = {}
            for post in self:
                self._by_file.setdefault(id(getattr(post, "file", None)), []).append(post)
            self._indexed = len(self)
        candidates = self._by_file.get(id(getattr(page, "file", None)), ())
        return any(post == page for post in candidates)


def _blog_finds_posts_by_file(config) -> None:
    """Give each blog instance's post list the quick `in` of _Posts (after the blog's on_files
    made the list, before the pages are rendered)."""
    for plugin in config.plugins.values():
        blog = getattr(plugin, "blog", None)
        posts = getattr(blog, "posts", None)
        if type(posts) is list:
            blog.posts = _Posts(posts)


def _blog_reads_yaml_like_mkdocs() -> None:
    """Material's blog parses every post's front matter with PyYAML's pure-Python loader at
    each build (a second a save in the preview at 500 news posts); MkDocs parses the same
    text with the C loader whenever PyYAML has it (mkdocs/utils/meta.py). Same resolvers,
    same values: the blog gets the loader MkDocs uses."""
    try:
        from material.plugins.blog import structure
        from yaml import CSafeLoader
    except ImportError:  # PyYAML without libyaml, or another blog: left as it is
        return
    if getattr(structure, "SafeLoader", None) is not None:
        structure.SafeLoader = CSafeLoader


def _escape_tag_entries(entries) -> None:
    for entry in entries:
        if entry.id.startswith("tag:"):
            entry.title = html.escape(entry.title)
        _escape_tag_entries(entry.children)


def _has_title(markdown: str) -> bool:
    """True when the Markdown has a "# " heading line (outside fenced code)."""
    fenced = False
    for line in markdown.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and line.startswith("# "):
            return True
    return False


def _markdown_text(text: str) -> str:
    """Plain text as Markdown that renders it as typed: HTML escaped, Markdown marks too."""
    escaped = html.escape(text, quote=False)
    return "".join(f"\\{c}" if c in "\\`*_[]#!" else c for c in escaped)


def _searchable(page) -> bool:
    """Pages editors wrote, minus lists: the blog's archive, category and pagination pages
    (generated) and the tags page (`<!-- material/tags -->`) only repeat other articles.
    Front matter `search: {exclude: true}` (Material's convention) leaves a page out too."""
    if page.file.generated_by or "<!-- material/tags" in page.file.content_string:
        return False
    setting = page.meta.get("search")
    return not (isinstance(setting, dict) and setting.get("exclude"))


def _folder(item) -> str | None:
    """The docs folder a nav section stands for, read from the pages inside it."""
    for child in item.children:
        if isinstance(child, Page):
            return posixpath.dirname(child.file.src_uri)
        if isinstance(child, NavSection):
            inner = _folder(child)
            if inner is not None:
                return posixpath.dirname(inner)
    return None


def _position(item, folder: str) -> int:
    """Sort key within `folder`: its own introduction page first, then the plan's order."""
    if isinstance(item, Page):
        own = posixpath.dirname(item.file.src_uri)
        return -1 if own == folder else sections.order(own)
    return sections.order(_folder(item) or "")


def _arrange(items: list, articles: set[str], folder: str = "") -> list:
    """Sections in the plan's order with their Vietnamese names, without individual articles.

    Articles are reached from their section's list instead: Material writes the whole visible
    menu into every page, so listing articles in the menu would make every page grow with the
    number of articles.
    """
    kept = []
    for item in items:
        if isinstance(item, NavSection):
            inner = _folder(item)
            section = sections.find(inner) if inner else None
            if section:
                item.title = section.title
            item.children = _arrange(item.children, articles, inner or "")
            if len(item.children) == 1 and isinstance(item.children[0], Page):
                # A section left with only its introduction page becomes that page: Material
                # would otherwise draw an empty sub-menu whose label it never renders.
                page = item.children[0]
                page.parent = item.parent
                kept.append(page)
                continue
            for child in item.children:
                child.parent = item
            kept.append(item)
        elif (
            isinstance(item, Page)
            and item.parent is not None
            and not item.is_index
            and item.file.src_uri in articles  # pages a plugin generates (news archive) stay
        ):
            continue
        else:
            kept.append(item)
    kept.sort(key=lambda item: _position(item, folder))
    return kept


def tag_order(tag, *_):
    """Material tags plugin sort key: tags in Vietnamese dictionary order."""
    return text.sort_key(tag.name)


def listing_order(mapping):
    """Material tags plugin sort key: pages under a tag in Vietnamese order of their titles."""
    return text.sort_key(str(mapping.item.title))
