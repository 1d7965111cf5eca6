"""
A WordPress post's content turned into body HTML the way WordPress would have shown it, ready for
`Article.set_body()`, which sanitises it like any body.

- Block editor posts lose their block comments (`<!-- wp:paragraph -->`); classic posts get WordPress's
  paragraphs (`autop`). WordPress does the same: it runs autop only on content without blocks.
- `[caption]` becomes <figure> with <figcaption>, `[embed]` and embed blocks a link; the other media shortcodes
  (`[gallery]`, `[audio]`, `[video]`, `[playlist]`) are left out and counted. Other bracketed text stays text.
- Images are looked up in the library by `find_image(img_attributes)`: those found become library images in
  figures of their own (never inside a paragraph, where a figure may not stand); the others are left to the
  sanitiser, which drops them, and are counted.
"""

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from articles.html_tree import Element, parse, serialize
from wordpress.autop import autop

BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
CAPTION = re.compile(r"\[(?:wp_)?caption([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.DOTALL)
CAPTION_IMAGE = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL)
SHORTCODE_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.DOTALL)
LEFT_OUT = ("gallery", "audio", "video", "playlist")
LEFT_OUT_SHORTCODE = re.compile(
    rf"\[({'|'.join(LEFT_OUT)})\b[^\]]*\](?:(?:(?!\[\1\b).)*?\[/\1\])?", re.DOTALL
)
WEB_ADDRESS = re.compile(r"^https?://\S+$")
# Where a figure may not stand: it is moved out to stand before the block.
TEXT_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6"}
TAG = re.compile(r"<[^>]*>")


@dataclass
class Conversion:
    html: str
    images_found: int = 0
    images_missing: int = 0
    left_out: Counter = field(default_factory=Counter)  # shortcode name → count


def plain_text(value):
    """Text from WordPress that may hold markup or entities (titles, term names, excerpts), as plain text."""
    return " ".join(html.unescape(TAG.sub(" ", value)).split())


def convert(content, find_image=lambda attributes: None):
    """WordPress post content (as exported) as body HTML, with what was left out counted."""
    text = content.replace("\r\n", "\n")
    result = Conversion(html="")
    has_blocks = BLOCK_COMMENT.search(text) is not None
    text = BLOCK_COMMENT.sub("", text)
    text = CAPTION.sub(_caption_figure, text)
    text = EMBED.sub(lambda match: _link(match[1].strip()), text)

    def leave_out(match):
        result.left_out[match[1]] += 1
        return ""

    text = LEFT_OUT_SHORTCODE.sub(leave_out, text)
    # WordPress runs autop only on content without blocks, whose HTML already has its paragraphs.
    text = re.sub(r"\n\s*\n", "\n", text) if has_blocks else autop(text)
    tree = parse(text)
    _link_embeds(tree)
    _place_images(tree, find_image, result)
    result.html = serialize(tree)
    return result


def _caption_figure(match):
    """[caption id="attachment_7" caption="…"]<img …> Text[/caption] → <figure><img …><figcaption>Text</figcaption>."""
    attributes = {name.lower(): a or b or c for name, a, b, c in SHORTCODE_ATTRIBUTE.findall(match[1])}
    inner = CAPTION_IMAGE.match(match[2])
    if inner is None:
        return match[2]
    image, caption = inner[1], inner[2].strip() or attributes.get("caption", "")
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{image}{figcaption}</figure>"


def _link(address):
    escaped = html.escape(address)
    return f'<p><a href="{escaped}">{escaped}</a></p>' if WEB_ADDRESS.match(address) else ""


def _link_embeds(tree):
    """An embed (a block, or a web address alone in its paragraph, which WordPress embeds) becomes a link."""
    for element in tree.elements():
        classes = element.attrs.get("class", "").split()
        if element.tag == "figure" and "wp-block-embed" in classes:
            address = element.text().strip()
            element.replace_with(*parse(_link(address)).children)
        elif element.tag == "p" and not any(isinstance(child, Element) for child in element.children):
            address = element.text().strip()
            if WEB_ADDRESS.match(address):
                element.replace_with(*parse(_link(address)).children)


def _place_images(tree, find_image, result):
    for image in list(tree.elements()):
        if image.tag != "img":
            continue
        library_image = find_image(image.attrs)
        if library_image is None:
            result.images_missing += 1
            continue
        result.images_found += 1
        image.attrs = {
            "src": library_image.file.name,  # keep_library_images() writes the URL from the library
            "alt": image.attrs.get("alt", ""),
            "data-file": str(library_image.pk),
        }
        _unwrap_link(image)
        _stand_in_figure(image)


def _unwrap_link(image):
    """A link around an image led to the file on the old site (or its attachment page): it goes."""
    link = image.parent
    if link.tag == "a" and all(
        child is image or (isinstance(child, str) and not child.strip()) for child in link.children
    ):
        link.unwrap()


def _stand_in_figure(image):
    figure = image.parent
    if figure.tag != "figure":
        figure = Element("figure")
        image.replace_with(figure)
        figure.append(image)
    if figure.parent.tag == "figure":  # a gallery block: figures in a figure
        figure.parent.unwrap()
    block = figure.parent
    while block.tag != "#root" and block.tag not in TEXT_BLOCKS:
        block = block.parent
    if block.tag == "#root":
        return
    figure.remove()
    siblings = block.parent.children
    index = next(position for position, sibling in enumerate(siblings) if sibling is block)
    figure.parent = block.parent
    siblings.insert(index, figure)
    if not block.text().strip() and all(element.tag == "br" for element in block.elements()):
        block.remove()


def comment_text(value):
    """
    A WordPress comment (text with the little markup WordPress lets readers use) as the plain text comments here
    are: paragraphs and line breaks kept, a link's address written after its words, other markup dropped.
    """
    return re.sub(r"\n{3,}", "\n\n", _text_of(parse(value.replace("\r\n", "\n")))).strip()


def _text_of(node):
    if isinstance(node, str):
        return node
    inner = "".join(_text_of(child) for child in node.children)
    if node.tag == "br":
        return "\n"
    if node.tag in {"p", "blockquote", "li", "pre", "div"}:
        return f"\n\n{inner.strip()}\n\n"
    href = node.attrs.get("href", "")
    if node.tag == "a" and href and href not in inner:
        return f"{inner} ({href})"
    return inner
