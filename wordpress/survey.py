"""
The first of the import's two readings of an export: it checks the whole file before anything is written, and
keeps what items refer to ahead of where it is defined (authors, terms, attachments, parent pages). It keeps
only these small records, never contents, so memory stays bounded.
"""

from collections import Counter
from dataclasses import dataclass, field

from wordpress import wxr


@dataclass(frozen=True)
class Attachment:
    wp_id: int
    title: str
    caption: str
    alt: str
    url: str
    file: str  # relative to the uploads folder, as WordPress records it


@dataclass
class Survey:
    wxr_version: str = ""
    site_url: str = ""
    blog_url: str = ""
    authors: list = field(default_factory=list)
    terms: dict = field(default_factory=dict)  # (taxonomy, wp_id or slug) → Term
    attachments: dict = field(default_factory=dict)  # wp_id → Attachment
    pages: dict = field(default_factory=dict)  # wp_id → (slug, parent wp_id)
    post_types: Counter = field(default_factory=Counter)

    def page_path(self, wp_id):
        """A page's slugs from its topmost parent down, as WordPress nests page addresses."""
        slugs, seen = [], set()
        while wp_id in self.pages and wp_id not in seen:
            seen.add(wp_id)
            slug, wp_id = self.pages[wp_id]
            slugs.insert(0, slug)
        return slugs


def survey(path, progress=None):
    """Read the whole export once; raises wxr.WXRError for a file that cannot be read to its end."""
    reader = wxr.WXRReader(path, progress=progress)
    found = Survey()
    for record in reader:
        if isinstance(record, wxr.Author):
            found.authors.append(record)
        elif isinstance(record, wxr.Term):
            # An export from a site without taxonomies of its own lists every term twice, as <wp:category> or
            # <wp:tag>, then as <wp:term> (WordPress asks for the terms of no taxonomy in particular: all of them).
            found.terms.setdefault((record.taxonomy, record.wp_id or record.slug), record)
        else:
            found.post_types[record.post_type] += 1
            if record.post_type == "attachment":
                found.attachments[record.wp_id] = Attachment(
                    wp_id=record.wp_id,
                    title=record.title.strip(),
                    caption=record.excerpt.strip(),
                    alt=record.meta.get("_wp_attachment_image_alt", ""),
                    url=record.attachment_url,
                    file=record.meta.get("_wp_attached_file", ""),
                )
            elif record.post_type == "page":
                found.pages[record.wp_id] = (record.slug, record.parent)
    found.wxr_version, found.site_url, found.blog_url = reader.wxr_version, reader.site_url, reader.blog_url
    return found
