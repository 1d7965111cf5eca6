"""
What happens to a comment: the rules decide when it arrives, moderators decide afterwards.

Views, the admin, management commands and tests all go through these functions, so every status
change records who made it (or which rule) and when.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.text import Truncator

from caching import events
from comments import notifications, threads
from comments.discussion import discussion_settings
from comments.models import Comment, CommentEdit
from comments.rules import Submission, decide_on_arrival, first_refusal


def refuse(comment, *, discussion=None):
    """
    Whether a comment about to be sent is refused outright (too many from its address this minute, or sent
    before): a Refusal with the message for the reader, or None. Counts it against its address's limit.
    """
    return first_refusal(Submission(comment=comment, discussion=discussion or discussion_settings()))


def submit(comment, *, user=None, trap_filled=False, seconds_taken=None, discussion=None):
    """
    Store a new comment with the status the rules give it (comments/rules.py), recording the deciding rule
    and its explanation; returns the Decision.
    """
    decision = decide_on_arrival(
        Submission(
            comment=comment,
            discussion=discussion or discussion_settings(),
            user=user or AnonymousUser(),
            trap_filled=trap_filled,
            seconds_taken=seconds_taken,
        )
    )
    comment.status = decision.status
    comment.rule = decision.rule
    comment.rule_explanation = Truncator(decision.explanation).chars(300)
    if decision.status != Comment.Status.PENDING:
        comment.decided_at = timezone.now()
        comment.decided_by = user if user is not None and user.is_authenticated else None
    comment.save()
    if comment.status == Comment.Status.APPROVED:
        threads_changed([comment.article_id])
        notifications.comments_approved([comment.pk])
    elif comment.status == Comment.Status.PENDING:
        notifications.comment_held(comment)
    return decision


def decide(comments, status, *, by):
    """
    Give one comment, or every comment of a queryset, the status `status`, recording `by` (a user, or
    None for the system) and the time. Comments already in that status are left as they were. Returns
    how many changed.
    """
    now = timezone.now()
    one = isinstance(comments, Comment)
    queryset = Comment.objects.filter(pk=comments.pk) if one else comments
    changing = queryset.exclude(status=status)
    # Threads change where a comment comes into view or leaves it.
    shown_or_hidden = changing if status == Comment.Status.APPROVED else changing.approved()
    article_ids = set(shown_or_hidden.order_by().values_list("article_id", flat=True).distinct())
    if status == Comment.Status.APPROVED:
        notifications.comments_approved(changing)
    changed = changing.update(status=status, decided_by=by, decided_at=now)
    if one and changed:
        comments.status, comments.decided_by, comments.decided_at = status, by, now
    if changed:
        threads_changed(article_ids)
    return changed


def approve(comments, *, by):
    """Publish: the comment shows on the site at once."""
    return decide(comments, Comment.Status.APPROVED, by=by)


def mark_spam(comments, *, by):
    return decide(comments, Comment.Status.SPAM, by=by)


def remove(comments, *, by):
    """Take off the site (the row stays, for the record)."""
    return decide(comments, Comment.Status.REMOVED, by=by)


def edit_text(comment, body, *, by):
    """
    Change a comment's text, recording who (`by`), when, and the text before and after; an approved comment
    shows the new text at once. Returns the CommentEdit, or None when the text is the same.
    """
    before = Comment.objects.filter(pk=comment.pk).values_list("body", flat=True).get()
    comment.body = body
    if body == before:
        return None
    Comment.objects.filter(pk=comment.pk).update(body=body)
    edit = CommentEdit.objects.create(comment=comment, edited_by=by, body_before=before, body_after=body)
    if comment.status == Comment.Status.APPROVED:
        threads_changed([comment.article_id])
    return edit


def threads_changed(article_ids):
    """
    The public comments of these articles changed (inside the transaction changing them): their stored threads
    are rendered again and their pages renewed in the page cache once it commits.
    """
    if article_ids:
        threads.changed(article_ids)
        events.comments_changed(article_ids)
