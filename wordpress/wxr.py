"""
Reading WordPress's export format (WXR, "WordPress eXtended RSS", versions 1.1 and 1.2 and their 1.x kin).

The file is streamed: each author, term and item is handed over as a plain record as soon as its element
closes, and the element is then dropped, so memory stays bounded whatever the file's size. A file that is not
well-formed XML stops the reading with its line and column.

Expat, which parses here, resolves no external entity and caps entity expansion, so an export cannot make the
reader fetch anything or balloon.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote

WP_NAMESPACE = re.compile(r"http://wordpress\.org/export/(1\.\d+)/")
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"
ZERO_DATE = "0000-00-00 00:00:00"


class WXRError(Exception):
    """The file cannot be read as a WordPress export; the message says where and why."""


@dataclass(frozen=True)
class Author:
    wp_id: int | None
    login: str
    email: str
    display_name: str
    first_name: str
    last_name: str


@dataclass(frozen=True)
class Term:
    """A category, a tag or another taxonomy's term, as the channel lists them."""

    taxonomy: str
    wp_id: int | None
    slug: str  # decoded: WordPress percent-encodes non-ASCII slugs
    name: str
    parent_slug: str = ""
    description: str = ""


@dataclass(frozen=True)
class Comment:
    wp_id: int
    author: str
    email: str
    url: str
    ip: str
    date: str
    date_gmt: str
    content: str
    approved: str
    type: str
    parent: int


@dataclass(frozen=True)
class Item:
    """A post, a page, an attachment, a menu item or any other post type."""

    wp_id: int
    post_type: str
    title: str
    link: str
    creator: str
    content: str
    excerpt: str
    post_date: str
    post_date_gmt: str
    comment_status: str
    slug: str  # decoded
    raw_slug: str  # as exported, percent-encoded
    status: str
    parent: int
    password: str
    sticky: bool
    attachment_url: str
    terms: list = field(default_factory=list)  # (taxonomy, slug, name); slug decoded
    meta: dict = field(default_factory=dict)  # the last value of each key
    old_slugs: list = field(default_factory=list)  # decoded: the slugs a published post had before
    old_dates: list = field(default_factory=list)  # "2024-05-17": the days a published post had before
    comments: list = field(default_factory=list)


def parse_date(value):
    """A GMT date from the export as an aware datetime; None for WordPress's zero date or an unreadable one."""
    try:
        return None if value in ("", ZERO_DATE) else datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        return None


def local_date(value):
    """A date in the site's own time as a naive datetime; None for the zero date or an unreadable one."""
    try:
        return None if value in ("", ZERO_DATE) else datetime.fromisoformat(value)
    except ValueError:
        return None


class WXRReader:
    """
    Iterating gives Author, Term and Item records in file order. `wxr_version`, `site_url` and `blog_url` are
    known once the channel's header has been read. `progress(bytes_read)`, if given, is called as it goes.
    """

    def __init__(self, path, progress=None):
        self.path = path
        self.progress = progress
        self.wxr_version = ""
        self.site_url = ""
        self.blog_url = ""
        self._wp = self._excerpt = None

    def __iter__(self):
        with open(self.path, "rb") as source:
            try:
                yield from self._records(source)
            except ET.ParseError as exc:
                line, column = exc.position
                raise WXRError(
                    f"line {line}, column {column + 1}: the file is not well-formed XML ({_reason(exc)})"
                ) from None

    def _records(self, source):
        path = []  # the open elements, outermost first
        events = ET.iterparse(source, events=("start-ns", "start", "end"))  # noqa: S314 - see the module docstring
        for event, payload in events:
            if event == "start-ns":
                self._note_namespace(payload[1])
            elif event == "start":
                if not path:
                    self._check_root(payload)
                path.append(payload)
            else:
                element = path.pop()
                if len(path) == 2:  # a child of <channel>: read it, then let it go
                    record = self._record(element)
                    path[1].remove(element)
                    if self.progress:
                        self.progress(source.tell())
                    if record is not None:
                        yield record
        if self._wp is None:
            raise WXRError("the file is empty")
        if self.progress:
            self.progress(source.tell())

    def _note_namespace(self, uri):
        match = WP_NAMESPACE.fullmatch(uri)
        if match and self._wp is None:
            self._wp, self.wxr_version = uri, match[1]
            self._excerpt = f"{uri}excerpt/"

    def _check_root(self, element):
        if element.tag != "rss" or self._wp is None:
            raise WXRError(
                "this is not a WordPress export: it should be an <rss> document declaring the "
                "http://wordpress.org/export/1.2/ namespace (Tools → Export in WordPress)"
            )

    def _wp_text(self, element, name):
        return (element.findtext(f"{{{self._wp}}}{name}") or "").strip()

    def _wp_int(self, element, name):
        value = self._wp_text(element, name)
        return int(value) if value.isdigit() else None

    def _record(self, element):
        tag = element.tag
        if tag == f"{{{self._wp}}}author":
            return self._author(element)
        if tag in {f"{{{self._wp}}}category", f"{{{self._wp}}}tag", f"{{{self._wp}}}term"}:
            return self._term(element)
        if tag == "item":
            return self._item(element)
        if tag == f"{{{self._wp}}}base_site_url":
            self.site_url = (element.text or "").strip()
        elif tag == f"{{{self._wp}}}base_blog_url":
            self.blog_url = (element.text or "").strip()
        return None

    def _author(self, element):
        return Author(
            wp_id=self._wp_int(element, "author_id"),
            login=self._wp_text(element, "author_login"),
            email=self._wp_text(element, "author_email"),
            display_name=self._wp_text(element, "author_display_name"),
            first_name=self._wp_text(element, "author_first_name"),
            last_name=self._wp_text(element, "author_last_name"),
        )

    def _term(self, element):
        kind = element.tag.rsplit("}", 1)[1]
        if kind == "category":
            taxonomy, slug, name, parent = "category", "category_nicename", "cat_name", "category_parent"
            description = "category_description"
        elif kind == "tag":
            taxonomy, slug, name, parent, description = (
                "post_tag",
                "tag_slug",
                "tag_name",
                "",
                "tag_description",
            )
        else:
            taxonomy = self._wp_text(element, "term_taxonomy")
            slug, name, parent, description = "term_slug", "term_name", "term_parent", "term_description"
        return Term(
            taxonomy=taxonomy,
            wp_id=self._wp_int(element, "term_id"),
            slug=unquote(self._wp_text(element, slug)),
            name=self._wp_text(element, name),
            parent_slug=unquote(self._wp_text(element, parent)) if parent else "",
            description=self._wp_text(element, description),
        )

    def _item(self, element):
        raw_slug = self._wp_text(element, "post_name")
        meta = [  # a key may come more than once
            (self._wp_text(pair, "meta_key"), self._wp_text(pair, "meta_value"))
            for pair in element.findall(f"{{{self._wp}}}postmeta")
        ]
        return Item(
            wp_id=self._wp_int(element, "post_id") or 0,
            post_type=self._wp_text(element, "post_type"),
            title=element.findtext("title") or "",
            link=(element.findtext("link") or "").strip(),
            creator=(element.findtext(f"{{{DC_NAMESPACE}}}creator") or "").strip(),
            content=element.findtext(f"{{{CONTENT_NAMESPACE}}}encoded") or "",
            excerpt=element.findtext(f"{{{self._excerpt}}}encoded") or "",
            post_date=self._wp_text(element, "post_date"),
            post_date_gmt=self._wp_text(element, "post_date_gmt"),
            comment_status=self._wp_text(element, "comment_status"),
            slug=unquote(raw_slug),
            raw_slug=raw_slug,
            status=self._wp_text(element, "status"),
            parent=self._wp_int(element, "post_parent") or 0,
            password=self._wp_text(element, "post_password"),
            sticky=self._wp_text(element, "is_sticky") == "1",
            attachment_url=self._wp_text(element, "attachment_url"),
            terms=[
                (
                    category.get("domain", ""),
                    unquote(category.get("nicename", "")),
                    (category.text or "").strip(),
                )
                for category in element.findall("category")
            ],
            meta=dict(meta),
            old_slugs=[unquote(value) for key, value in meta if key == "_wp_old_slug"],
            old_dates=[value for key, value in meta if key == "_wp_old_date"],
            comments=[self._comment(comment) for comment in element.findall(f"{{{self._wp}}}comment")],
        )

    def _comment(self, element):
        return Comment(
            wp_id=self._wp_int(element, "comment_id") or 0,
            author=self._wp_text(element, "comment_author"),
            email=self._wp_text(element, "comment_author_email"),
            url=self._wp_text(element, "comment_author_url"),
            ip=self._wp_text(element, "comment_author_IP"),
            date=self._wp_text(element, "comment_date"),
            date_gmt=self._wp_text(element, "comment_date_gmt"),
            content=element.findtext(f"{{{self._wp}}}comment_content") or "",
            approved=self._wp_text(element, "comment_approved"),
            type=self._wp_text(element, "comment_type"),
            parent=self._wp_int(element, "comment_parent") or 0,
        )


def _reason(error):
    """Expat's message without the position, which the caller states its own way."""
    return re.sub(r":\s*line \d+, column \d+$", "", str(error))
