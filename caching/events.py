"""
The changes that make public pages out of date, announced by the code that makes them (domain functions and
the admin; never signals). Each is applied once the transaction commits, however many were announced in it:
the page cache's generations are renewed, on every app server at once, and the purge hook is fired.

- content_changed(reason): anything pages list or frame: an article saved, published, scheduled, unpublished
  or taken down; a section, author, topic, image or static page; a discussion setting. Every page is renewed:
  an article shows in lists, feeds, sitemaps and other articles' related stories, and sections and static
  pages in every page's navigation, so narrower keys would save little and could miss a page.
- comments_changed(article_ids): comments approved, removed or deleted. Comments change most, and show on
  their own article's pages only: just those are renewed.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.urls import reverse

from caching import generations
from caching.pages import article_scope, thread_scope
from caching.purge import Purge, request_purge


def content_changed(reason):
    """Every public page may have changed (once the transaction commits)."""
    _record(reason, everything=True)


def comments_changed(article_ids, reason="comments"):
    """The public comments of these articles changed (once the transaction commits)."""
    _record(reason, article_ids=article_ids)


class PendingChanges:
    """The changes announced in one transaction, applied once after it commits."""

    def __init__(self):
        self.reasons = []
        self.everything = False
        self.article_ids = set()
        self.applied = False

    def __call__(self):
        self.applied = True
        urls, prefixes, scopes = [], [], []
        if not self.everything:
            from articles.models import Article

            for article in Article.objects.filter(pk__in=self.article_ids).select_related("section"):
                scopes += [article_scope(article.section.slug, article.slug), thread_scope(article.pk)]
                urls.append(settings.SITE_URL + article.get_absolute_url())
                # Its comment pages 2 onwards: /comments/article/<id>/page/<n>/.
                page_two = reverse("comments:page", kwargs={"article_id": article.pk, "number": 2})
                prefixes.append(settings.SITE_URL + page_two.removesuffix("2/"))
        generations.renew(site=self.everything, scopes=scopes)
        if self.everything or urls:
            request_purge(
                Purge(reasons=self.reasons, everything=self.everything, urls=urls, prefixes=prefixes)
            )


def _record(reason, *, everything=False, article_ids=()):
    connection = connections[DEFAULT_DB_ALIAS]
    # One PendingChanges per transaction: found among the callbacks waiting for this one's commit (those of a
    # savepoint rolled back are dropped with it, so a change is never recorded where it will not run). One
    # already applied is not waiting: a commit empties the list before running it, but a test's
    # captureOnCommitCallbacks(execute=True) runs the callbacks and leaves them there.
    pending = next(
        (
            callback
            for _sids, callback, _robust in connection.run_on_commit
            if isinstance(callback, PendingChanges) and not callback.applied
        ),
        None,
    )
    fresh = pending is None
    if fresh:
        pending = PendingChanges()
    if reason not in pending.reasons:
        pending.reasons.append(reason)
    pending.everything |= everything
    pending.article_ids.update(article_ids)
    if fresh:
        # Outside a transaction this runs at once, which is why the change is recorded first.
        transaction.on_commit(pending, robust=True)
