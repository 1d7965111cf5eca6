"""
Body HTML as stored: every editor's HTML passes through `prepare_body()` on its way to the database, and what
pages need from it (heading ids, the table of contents, reading time) is derived here once, not on each request.
"""

from dataclasses import dataclass

from articles.html_tree import parse, serialize
from articles.outline import outline
from articles.reading_time import measure
from articles.sanitize import apply_allow_list, sanitize


@dataclass(frozen=True)
class PreparedBody:
    html: str
    toc: list
    word_count: int
    reading_minutes: int


def prepare_body(html):
    """Sanitise `html`, give its headings ids, and measure it. Preparing the result again changes nothing."""
    tree = parse(sanitize(html))
    toc = outline(tree)
    word_count, minutes = measure(tree.text(between_blocks=" "))
    # The allow-list has the last word, so nothing the outline step did can widen what a body may contain.
    return PreparedBody(
        html=apply_allow_list(serialize(tree), heading_ids=True),
        toc=toc,
        word_count=word_count,
        reading_minutes=minutes,
    )
