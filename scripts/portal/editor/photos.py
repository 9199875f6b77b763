"""Photos made fit for the site as they are added: the web editor and `portal gui` share it.

A phone photo is 3–5 MB and 4000 px wide. The build would resize it anyway
(`site/photos.py`), but the original would still go into the repository, past the commit
check's size limit. So a photo is shrunk to the build's width when it is added, with the
camera's rotation applied, and its name made ASCII without spaces (`Ảnh hội nghị.JPG` →
`anh-hoi-nghi.jpg`), as every path in the site must be.
"""

from __future__ import annotations

import io
import posixpath

from PIL import Image, ImageOps, UnidentifiedImageError

from portal.site import photos as site_photos
from portal.text import slugify

SUFFIXES = site_photos.PHOTO_SUFFIXES
# The largest photo kept as it is; above it a photo is recompressed even when narrow enough.
KEEP_BYTES = 1_000_000


def safe_name(name: str) -> str:
    """An ASCII file name without spaces, the suffix in lower case: 'Ảnh 1.JPG' → 'anh-1.jpg'."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    base = slugify(stem) or "anh"
    return f"{base}.{suffix.lower()}" if suffix else base


def shrink(path: str, data: bytes, max_width: int = site_photos.MAX_WIDTH) -> bytes:
    """The photo at most `max_width` wide and recompressed if heavy; other files unchanged."""
    suffix = posixpath.splitext(path)[1].lower()
    if suffix not in SUFFIXES:
        return data
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width <= max_width and len(data) <= KEEP_BYTES:
                return data
            picture = ImageOps.exif_transpose(image)
            if picture.width > max_width:
                height = round(picture.height * max_width / picture.width)
                picture = picture.resize((max_width, height), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            if suffix in (".jpg", ".jpeg"):
                picture.convert("RGB").save(
                    out, "JPEG", quality=site_photos.JPEG_QUALITY, optimize=True, progressive=True
                )
            elif suffix == ".webp":
                picture.save(out, "WEBP", quality=site_photos.JPEG_QUALITY, method=5)
            else:
                picture.save(out, "PNG", optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        return data  # not a readable picture: `portal check` says so where it is used
    smaller = out.getvalue()
    return smaller if len(smaller) < len(data) else data
