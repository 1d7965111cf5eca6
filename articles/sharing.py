"""Absolute links and the pictures that represent a page elsewhere (social cards, feeds, structured data)."""

import mimetypes
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.templatetags.static import static

from images import renditions

DEFAULT_IMAGE = ("img/social-default.png", 1200, 630, "image/png")
PUBLISHER_LOGO = ("img/publisher-logo.png", 600, 60, "image/png")
SHARING_WIDTH = 1200


@dataclass(frozen=True)
class SharingImage:
    url: str
    width: int
    height: int
    mime_type: str
    alt: str = ""


def absolute_url(path):
    """`path` (a URL path, or a URL already absolute, as storage may give) on the public site's origin."""
    if path.startswith(("http://", "https://")):
        return path
    if path.startswith("//"):
        return f"{settings.SITE_URL.split(':', 1)[0]}:{path}"
    return f"{settings.SITE_URL}{path}"


def shipped_image(spec, alt=""):
    path, width, height, mime_type = spec
    return SharingImage(absolute_url(static(path)), width, height, mime_type, alt)


def default_image():
    return shipped_image(DEFAULT_IMAGE, alt=settings.SITE_NAME)


def publisher_logo():
    return shipped_image(PUBLISHER_LOGO, alt=settings.SITE_NAME)


def sharing_image(article):
    """The article's lead image at 1200 px wide (a wide crop), or None when it has none."""
    image = article.lead_image
    if image is None:
        return None
    if not image.renditions_key:
        # Renditions are made after the upload commits; until then, the original.
        mime_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
        return SharingImage(absolute_url(image.file.url), image.width, image.height, mime_type, image.alt)
    variants = renditions.variants(image, image.renditions_key, crops=["wide"], formats=["jpeg"])
    chosen = next((v for v in reversed(variants) if v.width <= SHARING_WIDTH), variants[0])
    return SharingImage(
        absolute_url(default_storage.url(chosen.name)), chosen.width, chosen.height, "image/jpeg", image.alt
    )
