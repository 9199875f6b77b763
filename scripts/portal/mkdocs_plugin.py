"""The MkDocs adapter: hands MkDocs' events to the plain modules of this package.

Everything this plugin decides (section order and names, which pages are listed, feeds,
descriptions) lives in those modules; this file only translates to and from MkDocs' objects,
so moving to ProperDocs or another engine touches this file alone.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.nav import Section as NavSection
from mkdocs.structure.pages import Page

from . import article_parts, content, feed, listing, schema, sections, summary, text


class PortalConfig(Config):
    feed_path = config_options.Type(str, default=f"{sections.NEWS}/rss.xml")
    feed_title = config_options.Type(str, default="Tin tức")


class PortalPlugin(BasePlugin[PortalConfig]):
    """Section order and names, article lists, descriptions and the news feed."""

    def on_files(self, files, *, config):
        try:
            self.articles = content.load(Path(config.docs_dir))
            tags = schema.allowed_tags(Path(config.config_file_path).parent)
        except content.ContentError as error:
            raise PluginError(str(error)) from None
        self.by_path = {a.src_path: a for a in self.articles}
        problems = [p for a in self.articles for p in schema.validate(a, tags)]
        errors = [str(p) for p in problems if p.severity == "error"]
        if errors:
            raise PluginError("\n".join(errors))
        return files

    def on_nav(self, nav, *, config, files):
        nav.items = _arrange(nav.items, {a.src_path for a in self.articles})
        return nav

    def on_page_markdown(self, markdown, *, page, config, files):
        if not page.meta.get("description"):
            page.meta["description"] = summary.describe(markdown) or config.site_description
        src = page.file.src_uri
        article = self.by_path.get(src)
        if article:
            # A news post's date goes under its title too: Material shows it only in a
            # sidebar that phones hide.
            markdown = article_parts.decorate(markdown, article.meta, article.is_news)
        folder = posixpath.dirname(src)
        if (
            posixpath.basename(src) == "index.md"
            and sections.find(folder)
            and folder != sections.NEWS
        ):
            items = listing.children(self.articles, folder)
            if items:
                markdown += "\n\n## Bài viết trong mục\n\n" + listing.render(items, page.url) + "\n"
        return markdown

    def on_post_build(self, *, config):
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
