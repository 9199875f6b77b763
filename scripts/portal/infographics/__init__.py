"""Infographics and link-preview cards drawn from data files with Pillow.

Data files are read and checked (`spec`), laid out (`layout`, `charts`), drawn and encoded
(`render`, `cards`), kept by the hash of their inputs (`cache`), and offered to pages
(`library`, `embed`, `share`). Nothing here imports MkDocs.
"""

from portal.infographics.cache import Cache, Report, default_folder
from portal.infographics.embed import SYNTAX
from portal.infographics.fonts import FontError
from portal.infographics.library import Library
from portal.infographics.share import PageInfo, Previews
from portal.infographics.spec import SpecError
from portal.problems import Problem

__all__ = [
    "SYNTAX",
    "Cache",
    "FontError",
    "Library",
    "PageInfo",
    "Previews",
    "Problem",
    "Report",
    "SpecError",
    "default_folder",
]
