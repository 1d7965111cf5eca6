"""A reader's comment text as HTML: the only markup in it is what this module adds."""

import re
from urllib.parse import urlsplit

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

BARE_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
# Punctuation that usually ends the sentence around a link rather than the link itself.
TRAILING_PUNCTUATION = ".,:;!?'\")]}"
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _links(text):
    """(position, address) of each bare http(s) address in `text` that is shown as a link."""
    for match in BARE_URL.finditer(text):
        url = match.group()
        while url and url[-1] in TRAILING_PUNCTUATION:
            # A closing bracket belongs to the address when the address opened one (Wikipedia's do).
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        if urlsplit(url).netloc:
            yield match.start(), url


def links_in(text):
    """The web addresses in a comment's text that its page shows as links."""
    return [url for _position, url in _links(text)]


def _link_urls(text):
    """Escape `text`, turning each bare http(s) address into a link readers' search engines won't follow."""
    pieces = []
    position = 0
    for start, url in _links(text):
        pieces.append(escape(text[position:start]))
        pieces.append(format_html('<a href="{0}" rel="nofollow ugc">{0}</a>', url))
        position = start + len(url)
    pieces.append(escape(text[position:]))
    return "".join(pieces)


def render_body(text):
    """A comment's text as HTML: escaped, paragraphs from blank lines, line breaks kept, addresses linked."""
    paragraphs = (part.strip("\n") for part in PARAGRAPH_BREAK.split(text.replace("\r\n", "\n")))
    return mark_safe(  # noqa: S308 - every piece of reader text went through escape() in _link_urls.
        "\n".join(
            f"<p>{_with_line_breaks(_link_urls(paragraph))}</p>"
            for paragraph in paragraphs
            if paragraph.strip()
        )
    )


def _with_line_breaks(html):
    return html.replace("\n", "<br>\n")
