"""
The spam bin: spam is never destroyed on sight. It is kept for the discussion settings' `spam_days` after it
was marked, where a moderator can restore it (and trust its sender), and then purged by the daily
`purge_comments` command.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from comments import moderation
from comments.discussion import discussion_settings
from comments.models import BlockedCommenter, Comment, TrustedCommenter, normalise_email

# Comments deleted per statement: a large bin is purged without loading it into memory at once.
PURGE_BATCH = 1000


def restore(comments, *, by, trust_sender=False):
    """
    Publish comments from the spam bin that a moderator judged to be fine (one comment or a queryset; those
    not in the spam bin are left alone). With `trust_sender`, their senders become trusted commenters.
    Returns (comments restored, senders newly trusted).
    """
    if isinstance(comments, Comment):
        if comments.status != Comment.Status.SPAM:
            return 0, 0
        senders, spam = {comments.email}, comments
    else:
        spam = comments.spam()
        senders = set(spam.values_list("email", flat=True)) if trust_sender else set()
    restored = moderation.approve(spam, by=by)
    return restored, trust(senders, by=by) if trust_sender else 0


def trust(emails, *, by):
    """Make these addresses trusted commenters, taking them off the blocked list; returns how many are new."""
    emails = {normalise_email(email) for email in emails if email}
    already = set(TrustedCommenter.objects.filter(email__in=emails).values_list("email", flat=True))
    new = sorted(emails - already)
    TrustedCommenter.objects.bulk_create(
        [TrustedCommenter(email=email, added_by=by, note="") for email in new], ignore_conflicts=True
    )
    BlockedCommenter.objects.filter(kind=BlockedCommenter.Kind.EMAIL, value__in=emails).delete()
    return len(new)


def purgeable(now=None):
    """Spam kept longer than the spam bin keeps it, except a comment that still has replies (never lost)."""
    cutoff = (now or timezone.now()) - timedelta(days=discussion_settings().spam_days)
    has_replies = Exists(Comment.objects.filter(parent=OuterRef("pk")))
    return Comment.objects.spam_marked_before(cutoff).exclude(has_replies)


def purge(now=None):
    """Delete the spam kept long enough; returns how many comments were deleted. Running it again deletes none."""
    deleted = 0
    while batch := list(purgeable(now).order_by("pk").values_list("pk", flat=True)[:PURGE_BATCH]):
        deleted += Comment.objects.filter(pk__in=batch).delete()[0]
    return deleted
