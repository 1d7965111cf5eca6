"""
What body HTML may contain, in one place, and the cleaning that enforces it.

Everything an editor's browser sends passes through `sanitize()`: word-processor markup is reshaped first, then
nh3 keeps only the tags and attributes allowed here, and links only with these schemes. To let bodies carry
something new (images, say), widen ALLOWED_TAGS and ALLOWED_ATTRIBUTES here and switch the matching extension on
in `articles/editor.py`; a test checks that the editor never produces what this list would strip.
"""

import nh3

from articles.html_tree import INLINE_ELEMENTS, parse, serialize
from articles.pasted import tidy_pasted_markup
from images.embed import keep_library_images

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "sub",
    "sup",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "hr",
    # Library images only: keep_library_images() drops every other <img>.
    "figure",
    "figcaption",
    "img",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height", "data-file"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer"
# Removed together with everything inside them, where other unknown tags are unwrapped and their text kept.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "template",
    "noscript",
    "title",
    "xml",
    "iframe",
    "object",
    "svg",
    "math",
    "textarea",
    "select",
}
HEADINGS = ("h2", "h3", "h4")
TEXT_BLOCKS = {"p", *HEADINGS}
PHRASING_ELEMENTS = INLINE_ELEMENTS | {"br"}
# Heading ids are derived from the heading's text, never taken from the editor (they could clash with the page's).
HEADING_ID_ATTRIBUTES = {heading: {"id"} for heading in HEADINGS}


def sanitize(html):
    """HTML from an editor's browser, reduced to the allowed structure: nothing in it can run or restyle the page."""
    tree = parse(html or "")
    tidy_pasted_markup(tree)
    tree = parse(apply_allow_list(serialize(tree)))
    for element in tree.elements():
        if element.tag == "a" and "href" not in element.attrs:
            element.unwrap()  # Word's bookmarks, and links whose unsafe address was removed
        elif element.tag in TEXT_BLOCKS:
            # Paragraphs and headings hold text; a block inside one (a heading in a heading) is unwrapped.
            for inner in element.elements():
                if inner.tag not in PHRASING_ELEMENTS:
                    inner.unwrap()
    for element in reversed(list(tree.elements())):  # innermost first, so emptied parents go too
        empty_block = element.tag in TEXT_BLOCKS and is_empty(element)
        if empty_block or (element.tag == "br" and element.parent is tree):
            element.remove()
    return keep_library_images(apply_allow_list(serialize(tree)))


def apply_allow_list(html, *, heading_ids=False):
    attributes = ALLOWED_ATTRIBUTES
    if heading_ids:
        attributes = {
            tag: ALLOWED_ATTRIBUTES.get(tag, set()) | HEADING_ID_ATTRIBUTES.get(tag, set())
            for tag in ALLOWED_ATTRIBUTES.keys() | HEADING_ID_ATTRIBUTES.keys()
        }
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=attributes,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def is_empty(element):
    """Nothing a reader would see: blank text, at most line breaks."""
    return not element.text().replace("\xa0", " ").strip() and all(
        descendant.tag == "br" for descendant in element.elements()
    )
