"""
Importing a WordPress export (`manage.py import_wordpress`), in two readings of the file.

The first reads it whole, writing nothing: a file that is not well-formed or is cut short stops the import
there, with its line. It keeps the small records items refer to (authors, terms, attachments, page parents).
The second writes, in one transaction: authors, sections and topics, the image library's new images, then each
post with its comments and each page as it streams past. Anything going wrong rolls all of it back (and removes
the image files it stored); a dry run rolls back at the end on purpose.

Every record keeps its WordPress id (WordPressId), so importing the same export again changes nothing, and a
newer export updates what changed in WordPress since.
"""

import os

from django.db import transaction

from articles.models import Article
from articles.search_index import rebuild_search_index
from caching import events
from comments import threads
from comments.models import StoredThread
from wordpress import wxr
from wordpress.addresses import OldAddresses
from wordpress.attachments import Attachments
from wordpress.comments import Comments
from wordpress.directory import Directory
from wordpress.posts import Posts
from wordpress.report import Report
from wordpress.survey import survey

KNOWN_SKIPPED_TYPES = {"nav_menu_item": "menu items (nav_menu_item)", "revision": "revisions"}


class DryRun(Exception):
    """Raised at the end of a dry run, to roll everything back."""


def import_export(path, *, uploads=None, dry_run=False, create_users=False, progress=None):
    """
    Import the WordPress export at `path`; returns a Report. Raises wxr.WXRError, with nothing written, for a
    file that is not a readable WordPress export. `progress(label, total_bytes)` may return a callable told the
    bytes read so far.
    """
    size = os.path.getsize(path)
    found = survey(path, progress=progress("Checking", size) if progress else None)
    report = Report(dry_run=dry_run)
    attachments = Attachments(report, uploads=uploads, dry_run=dry_run)
    try:
        with transaction.atomic():
            _write(
                path,
                found,
                report,
                attachments,
                create_users,
                progress("Importing", size) if progress else None,
            )
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    except BaseException:
        attachments.discard_stored_files()
        raise
    return report


def _write(path, found, report, attachments, create_users, progress):
    addresses = OldAddresses(report, found.blog_url or found.site_url)
    addresses.site_feed()
    directory = Directory(report, addresses, create_users=create_users)
    directory.add_authors(found.authors)
    directory.add_terms(found.terms.values())
    attachments.import_all(found.attachments.values())
    comments = Comments(report)
    posts = Posts(report, directory, attachments, addresses, comments, found)
    for record in wxr.WXRReader(path, progress=progress):
        if not isinstance(record, wxr.Item) or record.post_type == "attachment":
            continue
        if record.post_type == "post":
            posts.add_post(record)
        elif record.post_type == "page":
            posts.add_page(record)
        else:
            report.skip(
                KNOWN_SKIPPED_TYPES.get(record.post_type, f"items of the unknown type “{record.post_type}”")
            )
    posts.note_time_zone()
    # Topics are set after each article's row, so the search index is brought up to date once, at the end.
    rebuild_search_index(Article.objects.all())
    # Threads stored before this import are rendered again; the others are rendered when first read.
    threads.changed(
        StoredThread.objects.filter(article_id__in=comments.touched_articles).values_list(
            "article_id", flat=True
        )
    )
    events.content_changed("WordPress import")
