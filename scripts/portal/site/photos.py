"""Phone photos made fit for the web: resized and recompressed at build, originals untouched.

A photo from a phone is 3–5 MB and 4000 px wide; a worker on a slow connection needs a tenth
of that. The build serves a resized copy kept in a cache keyed by the photo's bytes, so an
unchanged photo is processed once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_WIDTH = 1600
JPEG_QUALITY = 82
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
# Bumped when the processing changes, so cached copies are made again.
VERSION = "1"


def web_copy(original: Path, cache: Path, max_width: int = MAX_WIDTH) -> Path | None:
    """A resized copy of `original` for the site, or None when the original is fine as it is."""
    data = original.read_bytes()
    key = hashlib.sha256(data + f"{VERSION}:{max_width}".encode()).hexdigest()[:20]
    target = cache / f"{key}{original.suffix.lower()}"
    if target.is_file():
        return target
    try:
        with Image.open(original) as image:
            if image.width <= max_width:
                return None
            # Phones store the camera's rotation in EXIF; apply it before the EXIF is dropped.
            picture = ImageOps.exif_transpose(image)
            height = round(picture.height * max_width / picture.width)
            picture = picture.resize((max_width, height), Image.Resampling.LANCZOS)
            cache.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(target.suffix + ".tmp")
            _save(picture, partial, original.suffix.lower())
            partial.replace(target)  # never leave a half-written copy under the final name
    except (UnidentifiedImageError, OSError):
        return None  # not a readable picture: copy it unchanged; `portal check` points at it
    return target


def _save(picture: Image.Image, path: Path, suffix: str) -> None:
    if suffix in (".jpg", ".jpeg"):
        picture.convert("RGB").save(
            path, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True
        )
    elif suffix == ".webp":
        picture.save(path, "WEBP", quality=JPEG_QUALITY, method=5)
    else:
        picture.save(path, "PNG", optimize=True)
