"""
Library images in article bodies.

The rich-text editor inserts `<img src="…" alt="…" data-file="ID">`, in a `<figure>` with an optional
`<figcaption>`. After the body sanitiser has run, `keep_library_images` keeps an image only when its
data-file names an image of the library, rewritten from the library (src, size); everything else is dropped.
When the article is shown, `render_inline_images` turns each into a responsive <picture>, one query for
all of them.
"""

import html
import re

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from images.models import Image, InlineImage
from images.pictures import figure_context

# The sanitiser's serialiser always double-quotes attribute values and escapes quotes inside them.
IMG = re.compile(r'<img((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*/?>')
ATTRIBUTE = re.compile(r'([\w:-]+)(?:="([^"]*)")?')
FIGURE = re.compile(
    r'<figure\b[^>]*>\s*(?P<img><img\b[^>]*\bdata-file="\d+"[^>]*>)\s*'
    r"(?:<figcaption>(?P<caption>.*?)</figcaption>\s*)?</figure>"
    r'|(?P<bare><img\b[^>]*\bdata-file="\d+"[^>]*>)',
    re.DOTALL,
)
EMPTY_FIGURE = re.compile(r"<figure\b[^>]*>\s*(?:<figcaption>.*?</figcaption>\s*)?</figure>", re.DOTALL)


def _attributes(tag_attributes):
    return {name: html.unescape(value or "") for name, value in ATTRIBUTE.findall(tag_attributes)}


def _image_id(attributes):
    value = attributes.get("data-file", "")
    return int(value) if value.isdigit() else None


def _alt(image, attributes):
    """The editor's alt text for this use of the image, else the library's; never any for a decorative one."""
    return "" if image.decorative else attributes.get("alt", "").strip() or image.alt


def inline_image_ids(body):
    """Ids of the library images a body shows, in order, each once."""
    ids = (_image_id(_attributes(match.group(1))) for match in IMG.finditer(body))
    return list(dict.fromkeys(image_id for image_id in ids if image_id is not None))


def keep_library_images(body):
    """
    Sanitised body HTML with every <img> that is not a library image removed (with the figure around it),
    and each library image rewritten from the library: its file's URL, size and, unless the editor wrote
    one, its alt text.
    """
    ids = inline_image_ids(body)
    images = Image.objects.in_bulk(ids) if ids else {}

    def rewrite(match):
        attributes = _attributes(match.group(1))
        image = images.get(_image_id(attributes))
        if image is None:
            return ""
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}" data-file="{}">',
            image.file.url,
            _alt(image, attributes),
            image.width,
            image.height,
            image.pk,
        )

    return EMPTY_FIGURE.sub("", IMG.sub(rewrite, body))


def record_inline_images(article):
    """Records which library images the saved article's body shows, for usage counts and deletion refusal."""
    ids = set(Image.objects.filter(pk__in=inline_image_ids(article.body)).values_list("pk", flat=True))
    InlineImage.objects.filter(article=article).exclude(image_id__in=ids).delete()
    InlineImage.objects.bulk_create(
        [InlineImage(article=article, image_id=image_id) for image_id in sorted(ids)], ignore_conflicts=True
    )


def render_inline_images(body):
    """Body HTML for readers: each library image as a responsive figure, in one query for all of them."""
    ids = inline_image_ids(body)
    if not ids:
        return mark_safe(body)  # noqa: S308 - stored bodies are sanitised on the way in
    images = Image.objects.in_bulk(ids)

    def render(match):
        attributes = _attributes(IMG.match(match.group("img") or match.group("bare")).group(1))
        image = images.get(_image_id(attributes))
        if image is None:
            return ""  # deleted from the library since: no broken image
        caption = mark_safe(match.group("caption")) if match.group("caption") else image.caption  # noqa: S308
        return render_to_string(
            "images/figure.html",
            figure_context(image, "inline", caption=caption, alt=_alt(image, attributes)),
        )

    return mark_safe(FIGURE.sub(render, body))  # noqa: S308 - sanitised body, escaped templates
