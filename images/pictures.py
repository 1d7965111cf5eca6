"""What a page needs to show a library image: <picture> sources, sizes and the fallback <img>."""

from dataclasses import dataclass, field

from django.core.files.storage import default_storage

from images import renditions

# Where each kind of picture appears decides its crop and the `sizes` the browser picks a width by.
# The sizes follow the site's layout: a reading column of at most 48rem, cards in a grid.
USES = {
    "lead": ("full", "(min-width: 48rem) 48rem, 100vw"),
    "inline": ("full", "(min-width: 48rem) 48rem, 100vw"),
    "feature": ("wide", "(min-width: 64rem) 46rem, 100vw"),
    "card": ("wide", "(min-width: 48rem) 22rem, 100vw"),
    "square": ("square", "8rem"),
}
# Above the fold: loading these lazily would delay the page's largest paint.
EAGER_USES = {"lead", "feature"}
FALLBACK_SRC_WIDTH = 960


@dataclass
class Picture:
    src: str
    width: int
    height: int
    alt: str
    lazy: bool
    sizes: str = ""
    srcset: str = ""
    sources: list = field(default_factory=list)


def picture_for(image, use="inline", alt=None):
    """
    The picture of an image for one use (a key of USES); the original, whole, while its renditions are not
    ready. `alt` replaces the library's alt text for this use.
    """
    crop, sizes = USES[use]
    lazy = use not in EAGER_USES
    alt = image.alt if alt is None else alt
    if not image.renditions_key:
        return Picture(src=image.file.url, width=image.width, height=image.height, alt=alt, lazy=lazy)
    by_format = {}
    for variant in renditions.variants(image, image.renditions_key, crops=[crop]):
        by_format.setdefault(variant.format, []).append(variant)
    srcsets = {
        format_name: ", ".join(f"{default_storage.url(v.name)} {v.width}w" for v in found)
        for format_name, found in by_format.items()
    }
    jpegs = by_format["jpeg"]
    fallback = next((v for v in reversed(jpegs) if v.width <= FALLBACK_SRC_WIDTH), jpegs[0])
    largest = jpegs[-1]
    return Picture(
        src=default_storage.url(fallback.name),
        width=largest.width,
        height=largest.height,
        alt=alt,
        lazy=lazy,
        sizes=sizes,
        srcset=srcsets["jpeg"],
        sources=[
            {"type": renditions.FORMATS[name][1], "srcset": srcsets[name]}
            for name in by_format
            if name != "jpeg"
        ],
    )


def figure_context(image, use, caption=None, alt=None):
    """Context of images/figure.html: the picture with its caption (the library's unless given) and credit."""
    return {
        "picture": picture_for(image, use, alt=alt),
        "use": use,
        "caption": image.caption if caption is None else caption,
        "credit": image.credit,
    }


def thumbnail_url(image):
    """A small square for admin lists, or the original while renditions are not ready."""
    if not image.renditions_key:
        return image.file.url
    smallest = renditions.variants(image, image.renditions_key, crops=["square"], formats=["jpeg"])[0]
    return default_storage.url(smallest.name)
