"""The typeface the images are drawn with: Be Vietnam Pro, installed from npm by `make site`."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from PIL import ImageFont, features

from portal.problems import PortalError

# scripts/portal/infographics/fonts.py -> the project folder, where `make site` puts fonts/.
ROOT = Path(__file__).resolve().parents[3]
PACKAGE = "@expo-google-fonts/be-vietnam-pro"
FAMILY = "Be Vietnam Pro"
WEIGHTS = {
    "regular": "400Regular/BeVietnamPro_400Regular.ttf",
    "semibold": "600SemiBold/BeVietnamPro_600SemiBold.ttf",
    "bold": "700Bold/BeVietnamPro_700Bold.ttf",
    "extrabold": "800ExtraBold/BeVietnamPro_800ExtraBold.ttf",
}
INSTALL_HINT = "--> Cài bằng: make site (hoặc: npm ci --prefix fonts)"


class FontError(PortalError):
    """The font or the text layout library is missing: a set-up problem, not a content one."""


def font_dir() -> Path:
    """Folder of the font package; PORTAL_FONT_DIR overrides it (e.g. a shared install)."""
    override = os.environ.get("PORTAL_FONT_DIR")
    return Path(override) if override else ROOT / "fonts" / "node_modules" / PACKAGE


def path(weight: str) -> Path:
    """The TTF file of one weight; FontError with the install command if it is missing."""
    file = font_dir() / WEIGHTS[weight]
    if not file.is_file():
        raise FontError(f"Không tìm thấy phông {FAMILY} ({file}).\n{INSTALL_HINT}")
    return file


def check_raqm() -> None:
    """Fail unless Pillow can shape text with raqm (BASIC layout misplaces Vietnamese marks)."""
    if not features.check("raqm"):
        raise FontError(
            "Pillow không dùng được bộ dàn chữ raqm nên dấu tiếng Việt sẽ bị đặt sai chỗ.\n"
            "--> Cài thư viện hệ thống: apt-get install libfribidi0 (make site tự cài)"
        )


@cache
def get(weight: str, size: int) -> ImageFont.FreeTypeFont:
    """A font at a pixel size, always with raqm layout and never Pillow's default font."""
    check_raqm()
    return ImageFont.truetype(str(path(weight)), size, layout_engine=ImageFont.Layout.RAQM)


@cache
def fingerprint() -> str:
    """Hash of every font file, part of each cache key: a new font version redraws all."""
    digest = hashlib.sha256()
    for weight in sorted(WEIGHTS):
        digest.update(path(weight).read_bytes())
    return digest.hexdigest()


@cache
def _cmap(weight: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont  # only needed for this check; slow to import

    with TTFont(path(weight), lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing(text: str) -> list[str]:
    """Characters of `text` that some weight of the font cannot draw (drawn blank otherwise)."""
    wanted = {ch for ch in text if not ch.isspace() or ch == "\u00a0"}
    gaps = {ch for weight in WEIGHTS for ch in wanted if ord(ch) not in _cmap(weight)}
    return sorted(gaps)
