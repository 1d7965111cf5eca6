"""
Resized copies of library images, named by a deterministic scheme.

A rendition's name follows from the image's file, focal point, the crop, the width and the format, so pages
compute every URL from the image row alone (no query, no storage look-up). `Image.renditions_key` says
which set is complete in storage; while it is empty, pages fall back to the original.
"""

import hashlib
import io
import math
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage

from images import pixels

# Bump when the encoders' settings or the crops change: every image then gets a new set.
SPEC_VERSION = 1
WIDTHS = (320, 640, 960, 1200, 1600, 1920)
# Crop name -> aspect ratio (width / height); None keeps the whole picture.
CROPS = {"full": None, "wide": 16 / 9, "square": 1.0}
# Squares are thumbnails: wider ones would cost time and storage and never be picked.
MAX_WIDTHS = {"square": 960}
# Format -> (extension, MIME type, Pillow save options). Sources are listed best first in <picture>.
# Encoder speeds: AVIF speed 9 and WebP method 2 take a quarter of the time of the defaults for files a
# few per cent larger (see bench/images.py).
FORMATS = {
    "avif": ("avif", "image/avif", {"format": "AVIF", "quality": 55, "speed": 9}),
    "webp": ("webp", "image/webp", {"format": "WEBP", "quality": 78, "method": 2}),
    "jpeg": ("jpg", "image/jpeg", {"format": "JPEG", "quality": 80, "optimize": True, "progressive": True}),
}


@dataclass(frozen=True)
class Variant:
    crop: str
    width: int
    height: int
    format: str
    name: str


def set_key(file_name, focal_point):
    """A short hash naming one set of renditions; a new file or focal point gives a new set."""
    text = f"{SPEC_VERSION}|{file_name}|{focal_point[0]:.2f}|{focal_point[1]:.2f}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def crop_box(width, height, ratio, focal_point):
    """The largest box of the given aspect ratio inside the picture, centred on the focal point if it can be."""
    if ratio is None:
        return (0, 0, width, height)
    if width / height > ratio:
        box_width, box_height = max(1, round(height * ratio)), height
    else:
        box_width, box_height = width, max(1, round(width / ratio))
    left = _clamp(round(focal_point[0] * width - box_width / 2), 0, width - box_width)
    top = _clamp(round(focal_point[1] * height - box_height / 2), 0, height - box_height)
    return (left, top, left + box_width, top + box_height)


def _clamp(value, lowest, highest):
    return max(lowest, min(value, highest))


def widths_for(box_width):
    """The standard widths that need no upscaling; a picture narrower than all of them keeps its own width."""
    return [width for width in WIDTHS if width <= box_width] or [box_width]


def variants(image, key, crops=None, formats=None):
    """Every rendition of one set of an image (or of some crops and formats), with its size and file name."""
    result = []
    for crop in crops or CROPS:
        left, top, right, bottom = crop_box(image.width, image.height, CROPS[crop], image.focal_point)
        box_width, box_height = right - left, bottom - top
        for width in widths_for(min(box_width, MAX_WIDTHS.get(crop, box_width))):
            height = max(1, round(box_height * width / box_width))
            for format_name in formats or FORMATS:
                extension = FORMATS[format_name][0]
                name = f"images/renditions/{key[:2]}/{key}/{crop}-{width}.{extension}"
                result.append(Variant(crop, width, height, format_name, name))
    return result


def generate(image, key, storage=None):
    """
    Writes the set of renditions `key` for an image, reusing any file already there, and returns how many
    it wrote. Reads and writes through the storage API only, so it works the same on object storage.
    """
    storage = storage or default_storage
    missing = [variant for variant in variants(image, key) if not storage.exists(variant.name)]
    if not missing:
        return 0
    by_size = {}
    for variant in missing:
        by_size.setdefault((variant.crop, variant.width, variant.height), []).append(variant)
    with storage.open(image.file.name, "rb") as source:
        original = PILImage.open(source)
        scale = _decode_no_larger_than_needed(original, image, missing)
    for crop in CROPS:
        sizes = sorted((size for size in by_size if size[0] == crop), reverse=True)
        if not sizes:
            continue
        box = crop_box(image.width, image.height, CROPS[crop], image.focal_point)
        cropped = original.crop(tuple(round(edge * scale) for edge in box))
        # One resize of the whole crop to the largest width; smaller widths come from that, which is far
        # cheaper and looks the same.
        largest = cropped.resize(sizes[0][1:], PILImage.Resampling.LANCZOS, reducing_gap=3.0)
        for size in sizes:
            picture = largest if size == sizes[0] else largest.resize(size[1:], PILImage.Resampling.LANCZOS)
            for variant in by_size[size]:
                storage.save(variant.name, ContentFile(encode(picture, variant.format)))
    return len(missing)


def _decode_no_larger_than_needed(original, image, wanted):
    """
    Decodes the original, a JPEG at a reduced scale when every rendition fits in it (libjpeg scales while
    decoding, several times faster than a full decode). Returns the decoded scale.
    """
    needed = max(variant.width / _box_width(image, variant.crop) for variant in wanted)
    original.draft("RGB", (math.ceil(image.width * needed), math.ceil(image.height * needed)))
    original.load()
    return original.width / image.width


def _box_width(image, crop):
    left, _top, right, _bottom = crop_box(image.width, image.height, CROPS[crop], image.focal_point)
    return right - left


def encode(picture, format_name):
    """The bytes of one rendition in one format: no metadata, alpha kept where the format can."""
    if format_name == "jpeg":
        picture = pixels.flatten(picture)
    buffer = io.BytesIO()
    picture.save(buffer, **FORMATS[format_name][2])
    return buffer.getvalue()


def delete_set(image, key, storage=None):
    """Removes the files of one set of renditions (ones already gone are fine)."""
    storage = storage or default_storage
    for variant in variants(image, key):
        storage.delete(variant.name)
