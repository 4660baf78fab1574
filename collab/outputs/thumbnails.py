"""Small previews of uploaded images, made once and kept beside the files.

A thumbnail is a new JPEG drawn from the pixels only: the photo's EXIF (camera, time, often
the place where it was taken) stays behind, and a photo taken sideways is turned upright
first. PDFs get no preview: rendering a page needs a PDF renderer we do not install.
"""

import os
import tempfile
import warnings
from pathlib import Path

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError

from collab.outputs.models import StoredFile
from collab.outputs.storage import path_of

MAX_SIDE = 320


def thumbnails_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "thumbnails"


def thumbnail_path(stored: StoredFile) -> Path:
    return thumbnails_dir() / f"{stored.sha256}.jpg"


def has_thumbnail(stored: StoredFile | None) -> bool:
    return stored is not None and stored.content_type in ("image/png", "image/jpeg", "image/webp")


def _draw(source: Path, target: Path) -> None:
    with warnings.catch_warnings():
        # A huge image is refused below, not merely warned about.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(source) as image:
            # A JPEG can be decoded at a fraction of its size: far faster for camera photos.
            image.draft("RGB", (MAX_SIDE * 2, MAX_SIDE * 2))
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((MAX_SIDE, MAX_SIDE))
            if upright.mode in ("RGBA", "LA", "P"):
                rgba = upright.convert("RGBA")
                flat = Image.new("RGB", rgba.size, "white")
                flat.paste(rgba, mask=rgba.getchannel("A"))
                upright = flat
            elif upright.mode != "RGB":
                upright = upright.convert("RGB")
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".thumb-")
            with os.fdopen(handle, "wb") as out:
                # No exif= and no icc_profile=: nothing but the pixels is written.
                upright.save(out, "JPEG", quality=82, optimize=True)
            os.replace(temporary, target)


def thumbnail_of(stored: StoredFile) -> Path | None:
    """The thumbnail's file, made now if it is not there yet; None when there cannot be one."""
    if not has_thumbnail(stored):
        return None
    target = thumbnail_path(stored)
    if target.exists():
        return target
    source = path_of(stored)
    try:
        _draw(source, target)
    except (
        OSError,
        ValueError,
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        # A damaged or gigantic image still downloads; it only has no preview.
        current_app.logger.warning("No thumbnail for %s: %s", stored.sha256, error)
        return None
    return target


def forget_thumbnail(sha256: str) -> None:
    (thumbnails_dir() / f"{sha256}.jpg").unlink(missing_ok=True)
