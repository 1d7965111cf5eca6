"""
Markup pasted from word processors, reshaped into the structure the editor itself produces.

Word and Google Docs carry meaning in places an allow-list would throw away: bold and italics in inline styles,
lists as paragraphs with a bullet glyph, a bold wrapper around a whole Google document, the title as `<h1>`.
These rewrites keep that meaning; the allow-list then removes everything else.
"""

import re

from articles.html_tree import Element

RENAMED_TAGS = {"b": "strong", "i": "em", "h1": "h2", "h5": "h4", "h6": "h4"}
ORDERED_MARKER = re.compile(r"^\(?(\d+|[a-z]{1,4})[.)]", re.IGNORECASE)
WORD_LIST_STYLE = re.compile(r"mso-list:\s*l\d", re.IGNORECASE)


def tidy_pasted_markup(root):
    """Rewrite office markup under `root` in place, keeping its bold, italics, lists and headings."""
    for element in root.elements():
        styles = inline_styles(element)
        if element.tag in {"b", "strong"} and not is_bold(styles.get("font-weight", "bold")):
            # Google Docs wraps the whole document in <b style="font-weight:normal">.
            element.unwrap()
        elif element.tag == "span":
            restyle_span(element, styles)
        else:
            element.tag = RENAMED_TAGS.get(element.tag, element.tag)
    gather_word_lists(root)


def inline_styles(element):
    declarations = (part.split(":", 1) for part in element.attrs.get("style", "").split(";") if ":" in part)
    return {name.strip().lower(): value.strip().lower() for name, value in declarations}


def is_bold(weight):
    return weight in {"bold", "bolder"} or (weight.isdigit() and int(weight) >= 600)


def restyle_span(span, styles):
    """A styled span becomes the elements its styles stand for; any other span goes."""
    if styles.get("mso-list") == "ignore":
        return  # a Word list's bullet glyph: gather_word_lists reads it, then removes it
    tags = []
    if is_bold(styles.get("font-weight", "")):
        tags.append("strong")
    if styles.get("font-style") in {"italic", "oblique"}:
        tags.append("em")
    if styles.get("vertical-align") in {"super", "sub"}:
        tags.append(styles["vertical-align"][:3])
    if not tags:
        span.unwrap()
        return
    span.tag, span.attrs = tags[0], {}
    for tag in tags[1:]:
        innermost = span
        while len(innermost.children) == 1 and isinstance(innermost.children[0], Element):
            innermost = innermost.children[0]
        innermost.wrap_children(tag)


def gather_word_lists(root):
    """Word writes a list as paragraphs styled `mso-list`, each starting with its bullet or number."""
    for paragraph in list(root.elements()):
        if paragraph.tag != "p" or not WORD_LIST_STYLE.search(paragraph.attrs.get("style", "")):
            continue
        tag = "ol" if ORDERED_MARKER.match(take_list_marker(paragraph)) else "ul"
        paragraph.tag, paragraph.attrs = "li", {}
        previous = previous_sibling(paragraph)
        if previous is not None and previous.tag == tag and previous.attrs.get("data-word-list"):
            paragraph.remove()
            previous.append(paragraph)
        else:
            word_list = Element(tag, {"data-word-list": "1"})  # the allow-list drops the marker attribute
            paragraph.replace_with(word_list)
            word_list.append(paragraph)


def take_list_marker(paragraph):
    marker = ""
    for element in list(paragraph.elements()):
        if inline_styles(element).get("mso-list") == "ignore":
            marker += element.text()
            element.remove()
    return marker.replace("\xa0", " ").strip()


def previous_sibling(element):
    """The element before this one, looking past whitespace."""
    siblings = element.parent.children
    index = next(i for i, sibling in enumerate(siblings) if sibling is element)
    for sibling in reversed(siblings[:index]):
        if isinstance(sibling, Element):
            return sibling
        if sibling.strip():
            return None
    return None
