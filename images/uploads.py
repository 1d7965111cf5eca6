"""
Judging an uploaded file by its content, and re-encoding it for storage.

The file name and the browser's content type are never believed. Pillow opens the bytes with only the
accepted formats' decoders, the size is checked before any pixel is decoded, the whole picture is then
decoded (which catches truncated files), and what is stored is a fresh encoding of the pixels.
"""

import io
import re
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from images import containers, pixels

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "AVIF")
LOSSLESS_SOURCES = {"PNG", "GIF"}
STORED_JPEG_QUALITY = 90

# Markup that has no business in a picture. Long, specific tokens only, so that random compressed bytes
# cannot match by chance.
MARKUP = re.compile(
    rb"<script|<iframe|<!doctype|<\?php\s|<html[\s>]|<body[\s>]|<object[\s>]|<embed[\s>]|javascript:",
    re.IGNORECASE,
)
# After the image data, shorter tags count too (the tail of a phone's "motion photo" is a video, so still
# not so short that video bytes would match).
TAIL_MARKUP = re.compile(rb"<(svg|img|meta|form|style|link|div|head|title|\?xml)[\s>/]", re.IGNORECASE)

# Formats Pillow is never allowed to parse here, recognised only to name them in the refusal.
KNOWN_REFUSALS = [
    (
        re.compile(rb"^\s*%PDF-"),
        _("This is a PDF document, not an image. Export the page you need as JPEG or PNG."),
    ),
    (
        re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype svg|<svg)", re.IGNORECASE | re.DOTALL),
        _("SVG drawings are not accepted, because they can carry scripts. Export the drawing as PNG."),
    ),
    (
        re.compile(rb"^.{4}ftyp(heic|heix|hevc|heim|heis|mif1|msf1)", re.DOTALL),
        _(
            "HEIC photos (the iPhone's default format) are not accepted. Export the photo as JPEG, or set "
            "the camera to “Most Compatible”."
        ),
    ),
    (
        re.compile(rb"^(II\*\x00|MM\x00\*)"),
        _("TIFF images are not accepted. Export the image as JPEG or PNG."),
    ),
    (re.compile(rb"^8BPS"), _("Photoshop files are not accepted. Export the image as JPEG or PNG.")),
    (re.compile(rb"^BM"), _("BMP images are not accepted. Export the image as JPEG or PNG.")),
]
NOT_AN_IMAGE = _("This file is not an image the site accepts. Upload a JPEG, PNG, WebP, GIF or AVIF image.")
TEXT = _("This file is a web page, script or other text, not an image.")
HIDDEN_MARKUP = _(
    "This file has a web page or script hidden in it alongside the picture, so it is refused. "
    "Open the image in a photo editor and export it again."
)
TRUNCATED = _(
    "The image is incomplete: the file was cut short, perhaps during a download. Download or export it again."
)
DAMAGED = _("The image data is damaged and cannot be read. Export the image again.")


@dataclass(frozen=True)
class PreparedImage:
    """An accepted upload, re-encoded: what is stored, never the uploaded bytes."""

    content: ContentFile
    width: int
    height: int


def prepare_upload(upload):
    """
    The stored version of an uploaded file: judged by its content, within the size limits, decoded in full
    and re-encoded without metadata. Raises ValidationError with a reason an editor understands.
    """
    data = _read_within_limit(upload)
    image = _open(data)
    _check_hidden_markup(data, image.format)
    clean = pixels.normalise(image)
    return _encode_original(clean, image.format)


def _read_within_limit(upload):
    limit = settings.IMAGE_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(_too_large(upload.size, limit), code="too_large")
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_too_large(len(data), limit), code="too_large")
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    return data


def _too_large(size, limit):
    return _("The file is %(size)s; the limit is %(limit)s. Export the image smaller or more compressed.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(limit),
    }


def _open(data):
    """The fully decoded image, or a ValidationError saying why not."""
    # Pillow warns about (and above twice its limit refuses) huge images; our own limit decides instead.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        except UnidentifiedImageError:
            raise ValidationError(_unaccepted_reason(data), code="format") from None
        except Image.DecompressionBombError:
            raise _too_many_pixels() from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise _unreadable(exc) from None
        _check_pixels(*image.size)
        try:
            image.load()
        except Image.DecompressionBombError:
            raise _too_many_pixels() from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise _unreadable(exc) from None
    return image


def _unreadable(exc):
    if "truncated" in str(exc).lower():
        return ValidationError(TRUNCATED, code="truncated")
    return ValidationError(DAMAGED, code="damaged")


def _too_many_pixels():
    return ValidationError(
        _("The image has far too many pixels to be processed; the limit is %(limit).1f megapixels.")
        % {"limit": settings.IMAGE_UPLOAD_MAX_PIXELS / 1e6},
        code="pixels",
    )


def _check_pixels(width, height):
    limit = settings.IMAGE_UPLOAD_MAX_PIXELS
    if width * height > limit:
        raise ValidationError(
            _(
                "The image is %(width)s × %(height)s pixels (%(megapixels).1f megapixels); the limit is "
                "%(limit).1f megapixels. Resize it before uploading."
            )
            % {"width": width, "height": height, "megapixels": width * height / 1e6, "limit": limit / 1e6},
            code="pixels",
        )


def _unaccepted_reason(data):
    head = data[:1024]
    for pattern, reason in KNOWN_REFUSALS:
        if pattern.match(head):
            return reason
    if _looks_like_text(head):
        return TEXT
    return NOT_AN_IMAGE


def _looks_like_text(head):
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:
            return False
        text = head[: exc.start].decode("utf-8")  # a character cut at the end of the sample
    return all(character.isprintable() or character.isspace() for character in text)


def _check_hidden_markup(data, image_format):
    tail = containers.trailing_data(data, image_format)
    text_tail = b"<" in tail and _looks_like_text(tail[:4096])
    if MARKUP.search(data) or TAIL_MARKUP.search(tail) or text_tail:
        raise ValidationError(HIDDEN_MARKUP, code="hidden_markup")


def _encode_original(image, source_format):
    """PNG for transparency and lossless sources, JPEG otherwise: formats every browser shows."""
    buffer = io.BytesIO()
    if image.mode == "RGBA" or source_format in LOSSLESS_SOURCES:
        image.save(buffer, "PNG", optimize=True)
        extension = "png"
    else:
        image.save(buffer, "JPEG", quality=STORED_JPEG_QUALITY, optimize=True, progressive=True)
        extension = "jpg"
    return PreparedImage(
        content=ContentFile(buffer.getvalue(), name=f"upload.{extension}"),
        width=image.width,
        height=image.height,
    )
