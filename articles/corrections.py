"""
Corrections and updates: dated notes editors append to a published article. Readers see them at the end of the
article, oldest first ("Correction, 28 November 2026: ..."), and all of them, newest first, on the corrections
page. Adding one moves the article's updated time.

The article keeps a copy of its notes (Article.correction_notes) so that its page shows them without a query;
these functions are the one way corrections change, and they keep that copy in step.
"""

from django.db import transaction

from articles.models import Article, Correction
from caching import events


@transaction.atomic
def save_correction(correction, *, by):
    """Add a correction (its date is now, its author `by`) or save a change to one's kind or text."""
    adding = correction._state.adding
    if adding:
        correction.created_by = by
    lock_articles([correction.article_id])
    correction.save()
    refresh_notes(correction.article_id, updated_at=correction.created_at if adding else None)
    return correction


@transaction.atomic
def delete_corrections(corrections):
    """Withdraw corrections added by mistake. The articles' updated times stay as they are."""
    article_ids = lock_articles(corrections.values_list("article_id", flat=True))
    corrections.delete()
    for article_id in article_ids:
        refresh_notes(article_id)


def lock_articles(article_ids):
    """
    Lock the articles' rows until the transaction ends, before anything else touches them: notes added to an
    article at the same moment are then copied one after the other, each copy with every note before it, and
    an editor's save waits for them (or they for it) rather than writing back a copy without them. Readers'
    comments, which only point at an article, are not held up (FOR NO KEY UPDATE).
    """
    return list(
        Article.objects.select_for_update(no_key=True)
        .filter(pk__in=article_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def refresh_notes(article_id, *, updated_at=None):
    """Copy the article's corrections onto it, and move its updated time to `updated_at` when given."""
    notes = [
        {"id": correction.pk, "kind": correction.kind, "text": correction.text, "at": correction.created_at}
        for correction in Correction.objects.filter(article_id=article_id).order_by("created_at", "pk")
    ]
    changes = {"correction_notes": notes}
    if updated_at is not None:
        changes["updated_at"] = updated_at
    # A note is not an edit of the article: its version stays, so nobody's open form is refused for it.
    Article.objects.filter(pk=article_id).update(**changes)
    events.content_changed("article corrections changed")
