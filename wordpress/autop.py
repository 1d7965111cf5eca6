"""
WordPress's `wpautop`, in Python: how WordPress turns a classic post's text into paragraphs when it shows it.

Posts written in WordPress's classic editor are stored with bare line breaks: WordPress makes a paragraph of each
block of text between blank lines and a <br> of each single line break, but leaves block elements (lists,
tables, quotations, figures, headings) unwrapped. This follows its steps in order, so an imported post is split
into the paragraphs its readers saw.
"""

import re

BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
    r"blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|"
    r"nav|figure|figcaption|details|menu|summary)"
)
# An HTML tag or comment, with what is between them: newlines inside tags must not become line breaks.
TAG_OR_COMMENT = re.compile(r"(<(?:!--.*?(?:-->|$)|!\[CDATA\[.*?(?:\]\]>|$)|[^>]*>?))", re.DOTALL)
NEWLINE_IN_TAG = " <!-- wpnl --> "
KEPT_NEWLINE = "<WPPreserveNewline />"


def autop(text, br=True):
    """Paragraphs from the blank lines of `text`, and (with `br`) <br> from its other line breaks."""
    if not text.strip():
        return ""
    text, preformatted = _set_aside_pre(text + "\n")
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{BLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{BLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _newlines_in_tags(text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    text = re.sub(r"\n\n+", "\n\n", text)

    paragraphs = [paragraph for paragraph in re.split(r"\n\s*\n", text) if paragraph]
    text = "".join(f"<p>{paragraph.strip(chr(10))}</p>\n" for paragraph in paragraphs)

    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    # Block tags that ended up alone in a paragraph, or at its edges, are taken out of it.
    text = re.sub(rf"<p>\s*(</?{BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.IGNORECASE)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{BLOCKS}[^>]*>)", r"\1", text)
    text = re.sub(rf"(</?{BLOCKS}[^>]*>)\s*</p>", r"\1", text)

    if br:
        text = re.sub(
            r"<(script|style|svg).*?</\1>",
            lambda match: match[0].replace("\n", KEPT_NEWLINE),
            text,
            flags=re.DOTALL,
        )
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
        text = text.replace(KEPT_NEWLINE, "\n")

    text = re.sub(rf"(</?{BLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)

    for placeholder, block in preformatted.items():
        text = text.replace(placeholder, block)
    return text.replace(NEWLINE_IN_TAG, "\n").replace(NEWLINE_IN_TAG.strip(), "\n")


def _set_aside_pre(text):
    """<pre> blocks swapped for placeholders, so their line breaks stay as they are."""
    if "<pre" not in text:
        return text, {}
    *parts, last = text.split("</pre>")
    preformatted = {}
    kept = []
    for part in parts:
        start = part.find("<pre")
        if start == -1:
            kept.append(part)
            continue
        placeholder = f"<pre wp-pre-tag-{len(preformatted)}></pre>"
        preformatted[placeholder] = part[start:] + "</pre>"
        kept.append(part[:start] + placeholder)
    return "".join(kept) + last, preformatted


def _newlines_in_tags(text):
    pieces = TAG_OR_COMMENT.split(text)
    # Odd positions hold the tags and comments.
    for index in range(1, len(pieces), 2):
        pieces[index] = pieces[index].replace("\n", NEWLINE_IN_TAG)
    return "".join(pieces)
