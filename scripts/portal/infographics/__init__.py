"""Infographics and link-preview cards drawn from data files with Pillow.

Data files are read and checked (`spec`), laid out (`layout`, `charts`), drawn and encoded
(`render`, `cards`), kept by the hash of their inputs (`cache`), and offered to pages
(`library`, `embed`, `share`). Nothing here imports MkDocs.
"""

from .cache import Cache, Report, default_folder
from .embed import SYNTAX
from .fonts import FontError
from .library import Library
from .share import PageInfo, Previews
from .spec import Problem, SpecError

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
