"""
Turning any accepted picture into plain sRGB pixels: the right way up, no metadata, RGB or RGBA.
"""

import io
import logging

from PIL import Image, ImageCms, ImageOps

logger = logging.getLogger(__name__)

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
JPEG_BACKGROUND = (255, 255, 255)


def normalise(image):
    """
    A new image with the EXIF orientation applied, colours converted to sRGB and an RGB or RGBA mode,
    carrying no metadata at all (EXIF, GPS, XMP, ICC profile, comments).
    """
    image = _upright(image)
    icc_profile = image.info.get("icc_profile")
    image = _to_rgb_family(image)
    if icc_profile:
        image = _to_srgb(image, icc_profile)
    if image.mode == "RGBA" and image.getextrema()[3] == (255, 255):
        image = image.convert("RGB")
    # A copy made from the bare pixels: nothing of the upload's metadata can follow it into a file.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def flatten(image, background=JPEG_BACKGROUND):
    """RGB pixels for formats without transparency, composited onto a white page."""
    if image.mode != "RGBA":
        return image.convert("RGB")
    page = Image.new("RGB", image.size, background)
    page.paste(image, mask=image.getchannel("A"))
    return page


def _upright(image):
    try:
        return ImageOps.exif_transpose(image)
    except (SyntaxError, ValueError, TypeError, KeyError, OSError) as exc:
        # Broken EXIF is common from cheap cameras; the pixels are still good.
        logger.info("Ignored unreadable EXIF orientation: %s", exc)
        return image


def _to_rgb_family(image):
    mode = image.mode
    if mode in {"RGB", "RGBA"}:
        return image
    if mode.startswith("I;16") or mode == "I":
        return image.point(lambda value: value / 256, "L").convert("RGB")
    if mode in {"LA", "La", "PA", "RGBa"} or (mode == "P" and "transparency" in image.info):
        return image.convert("RGBA")
    if mode == "CMYK" and image.info.get("icc_profile"):
        return image  # the profile converts CMYK to sRGB far better than a formula
    return image.convert("RGB")


def _to_srgb(image, icc_profile):
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        alpha = image.getchannel("A") if image.mode == "RGBA" else None
        pixels = image.convert("RGB") if alpha is not None else image
        converted = ImageCms.profileToProfile(pixels, source, SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
        logger.info("Ignored unusable ICC profile: %s", exc)
        return image.convert("RGBA" if image.mode == "RGBA" else "RGB")
    if alpha is not None:
        converted.putalpha(alpha)
    return converted
