"""
A body's outline: an id for every heading and a table of contents from its h2 and h3 headings.

Ids come from the heading's own words (`slugify`, keeping non-Latin scripts readable), so a link to a section
survives every later save that leaves its heading alone.
"""

import re

from django.utils.text import slugify

from articles.sanitize import HEADINGS

# Ids the article page's own templates use; a heading with the same words gets a suffix instead.
RESERVED_IDS = frozenset(
    {
        "main",
        "toc-heading",
        "comments",
        "comments-title",
        "comment-form",
        "respond",
        "reply-title",
        "cancel-reply",
    }
)
RESERVED_ID_PATTERN = re.compile(r"comment-\d+")  # each comment's anchor
MAX_ID_LENGTH = 60
# "2. The Money": the number is left out of the id, so inserting a section does not move every later link.
SECTION_NUMBER = re.compile(r"^\s*\d{1,2}[.)]\s+")


def outline(tree):
    """Give each heading under `tree` an id, in place; return the table of contents.

    The table of contents lists h2 headings with the h3 headings that follow each as `children`:
    `[{"id": ..., "text": ..., "children": [{"id": ..., "text": ...}]}]`. An h3 before any h2 stands alone.
    """
    taken = set(RESERVED_IDS)
    contents, section = [], None
    for number, heading in enumerate((e for e in tree.elements() if e.tag in HEADINGS), start=1):
        text = " ".join(heading.text(between_blocks=" ").split())
        heading.attrs["id"] = unique_id(slug_for(text) or f"section-{number}", taken)
        entry = {"id": heading.attrs["id"], "text": text}
        if heading.tag == "h2":
            section = entry | {"children": []}
            contents.append(section)
        elif heading.tag == "h3" and section:
            section["children"].append(entry)
        elif heading.tag == "h3":
            contents.append(entry | {"children": []})
    return contents


def slug_for(text):
    slug = slugify(SECTION_NUMBER.sub("", text), allow_unicode=True)
    if len(slug) > MAX_ID_LENGTH:
        # Cut at a word boundary when there is one in reach.
        slug = slug[:MAX_ID_LENGTH].rsplit("-", 1)[0] if "-" in slug[:MAX_ID_LENGTH] else slug[:MAX_ID_LENGTH]
    return slug.strip("-_")


def unique_id(candidate, taken):
    suffix, unique = 1, candidate
    while unique in taken or RESERVED_ID_PATTERN.fullmatch(unique):
        suffix += 1
        unique = f"{candidate}-{suffix}"
    taken.add(unique)
    return unique
