"""The icon and web app manifest that let a reader add the site to a phone's home screen.

The icon is the site's favicon (a house, docs/assets/favicon.svg) in white on the site's dark
red, drawn with Pillow in the sizes Android asks for, with the margin a "maskable" icon needs
(phones cut it to a circle or a rounded square). Drawn once per version into the cache.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from PIL import Image, ImageDraw

VERSION = "1"
SIZES = (192, 512)
RED = "#a31b14"
WHITE = "#ffffff"
FOLDER = "assets"
NAME = "Cổng thông tin pháp luật lao động xã Trần Phú"
SHORT_NAME = "Luật lao động"  # under the icon on the home screen: 12 letters fit
MANIFEST = "manifest.webmanifest"


def draw(size: int) -> Image.Image:
    """The icon at `size` pixels: the favicon's house, within the middle 60%."""
    image = Image.new("RGB", (size, size), RED)
    pen = ImageDraw.Draw(image)
    unit = size * 0.6 / 18  # the house spans 18 of the favicon's 24 units
    left, top = size * 0.2 - 3 * unit, size * 0.2 - 3 * unit

    def at(x: float, y: float) -> tuple[float, float]:
        return left + x * unit, top + y * unit

    pen.polygon([at(12, 3), at(21, 12), at(19, 12), at(19, 21), at(5, 21), at(5, 12), at(3, 12)],
                fill=WHITE)  # fmt: skip
    pen.rectangle([at(10, 15), at(14, 21)], fill=RED)  # the door
    return image


def icon_name(size: int) -> str:
    return f"icon-{size}.png"


def publish(site_dir: Path, cache: Path) -> list[str]:
    """Write the icons (from the cache when drawn before) and the manifest into the site."""
    folder = cache / f"app-icon-{VERSION}"
    written = []
    for size in SIZES:
        cached = folder / icon_name(size)
        if not cached.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            scratch = cached.with_suffix(".tmp")
            draw(size).save(scratch, "PNG", optimize=True)
            scratch.replace(cached)
        target = site_dir / FOLDER / icon_name(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
        written.append(f"{FOLDER}/{icon_name(size)}")
    (site_dir / MANIFEST).write_text(manifest(), encoding="utf-8")
    return [*written, MANIFEST]


def manifest() -> str:
    """The web app manifest, in Vietnamese, relative to the site root."""
    icons = [
        {"src": f"{FOLDER}/{icon_name(s)}", "sizes": f"{s}x{s}", "type": "image/png",
         "purpose": "any maskable"}
        for s in SIZES
    ]  # fmt: skip
    data = {
        "name": NAME,
        "short_name": SHORT_NAME,
        "description": "Tiền lương, bảo hiểm, hợp đồng, công đoàn, an toàn lao động cho công "
        "nhân xã Trần Phú.",
        "lang": "vi",
        "dir": "ltr",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": WHITE,
        "theme_color": RED,
        "icons": icons,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
