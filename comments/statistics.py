"""How moderation is going: the queue's oldest comment, an article's comments by status and time to decision."""

import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q

from comments.models import Comment


def oldest_pending_sent_at():
    """When the comment waiting longest for a decision was sent, or None (one query, on the queue's index)."""
    return Comment.objects.pending().order_by("created_at", "pk").values_list("created_at", flat=True).first()


@dataclass(frozen=True)
class ArticleStats:
    pending: int
    approved: int
    spam: int
    removed: int
    median_time_to_decision: timedelta | None


def article_stats(article):
    """
    An article's comments by status, and the median time from sending to a moderator's latest decision, over
    the comments a moderator decided on (not those the rules or a moderator's own posting published). Two
    queries.
    """
    counts = Comment.objects.on_article(article).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Comment.Status.values}
    )
    decided = (
        Comment.objects.on_article(article)
        .filter(decided_by__isnull=False, decided_at__isnull=False)
        .exclude(rule="moderator")
        .values_list("created_at", "decided_at")
    )
    waits = [decided_at - created_at for created_at, decided_at in decided]
    return ArticleStats(**counts, median_time_to_decision=statistics.median(waits) if waits else None)
