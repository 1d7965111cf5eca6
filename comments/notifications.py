"""
E-mail about comments: the moderators' digest of newly held comments, and the authors' note of newly approved
comments on their articles. The moderation functions call `comment_held()` and `comments_approved()` inside
the transaction; the e-mail goes out once it commits, through the tasks framework (Django's default backend
runs the task at once, a worker backend later). Sending never fails the request: a failure is logged.

The digest goes out at most once per COMMENTS_DIGEST_MINUTES and lists the comments held since the previous
one that still wait for a decision, so a wave of held comments is one e-mail, and comments a moderator has
already decided on are not announced again. A comment held within that time of a digest is announced by a
digest sent when the time is up: by a deferred task where the backend can defer one (a worker), otherwise by
the next comment held after it.
"""

import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Max, Q
from django.tasks import default_task_backend, task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from comments.models import Comment, ModeratorDigest

logger = logging.getLogger(__name__)

# Comments listed in one e-mail; the rest are counted.
LISTED = 20


def comment_held(comment):
    """A comment was held for moderation (inside the transaction storing it)."""
    if settings.COMMENTS_DIGEST_MINUTES:
        transaction.on_commit(queue_digest, robust=True)


def comments_approved(comments):
    """
    These comments (a queryset, or a list of ids) are being approved, inside the transaction approving them:
    their articles' authors are told once it commits, when COMMENTS_NOTIFY_AUTHORS is on.
    """
    if not settings.COMMENTS_NOTIFY_AUTHORS:
        return
    ids = sorted(comments if isinstance(comments, list) else comments.values_list("pk", flat=True))
    if ids:
        transaction.on_commit(functools.partial(_enqueue, tell_authors, ids), robust=True)


def _enqueue(task_, *args, run_after=None):
    try:
        (task_.using(run_after=run_after) if run_after else task_).enqueue(*args)
    except Exception:
        logger.exception("Could not queue the task %s.", task_.name)


def digest_due(digest, now):
    """When the next digest may go out."""
    if digest is None or digest.sent_at is None:
        return now
    return max(now, digest.sent_at + timedelta(minutes=settings.COMMENTS_DIGEST_MINUTES))


def queue_digest():
    """Queue the digest task: now when one may go out, deferred to when it may where the backend can defer."""
    now = timezone.now()
    digest = ModeratorDigest.objects.filter(pk=ModeratorDigest.SOLO_PK).first()
    if digest is not None and digest.scheduled_for is not None and digest.scheduled_for >= now:
        return  # A deferred digest will announce this comment.
    due = digest_due(digest, now)
    if due <= now:
        _enqueue(send_moderator_digest)
    elif default_task_backend.supports_defer:
        unscheduled = Q(scheduled_for__isnull=True) | Q(scheduled_for__lt=now)
        if ModeratorDigest.objects.filter(unscheduled, pk=digest.pk).update(scheduled_for=due):
            _enqueue(send_moderator_digest, run_after=due)


@task()
def send_moderator_digest():
    """
    E-mail the moderators the comments held since the last digest that still wait, unless a digest went out
    less than COMMENTS_DIGEST_MINUTES ago. Returns how many comments it announced.
    """
    now = timezone.now()
    with transaction.atomic():
        digest, _created = ModeratorDigest.objects.select_for_update().get_or_create(
            pk=ModeratorDigest.SOLO_PK
        )
        if digest_due(digest, now) > now:
            return 0
        held = Comment.objects.pending().filter(pk__gt=digest.reported_up_to)
        held_ids = held.aggregate(count=Count("pk"), last=Max("pk"))
        count = held_ids["count"]
        if count:
            listed = list(held.select_related("article").order_by("created_at", "pk")[:LISTED])
            digest.reported_up_to = held_ids["last"]
            digest.sent_at = now
        digest.scheduled_for = None
        digest.save()
    if not count:
        return 0
    subject = ngettext(
        "%(count)d new comment waits for moderation", "%(count)d new comments wait for moderation", count
    ) % {"count": count}
    body = render_to_string(
        "comments/email/moderator_digest.txt",
        {
            "count": count,
            "comments": listed,
            "more": count - len(listed),
            "waiting": Comment.objects.pending().count(),
            "queue_url": settings.SITE_URL + reverse("admin:comments_comment_changelist"),
            "minutes": settings.COMMENTS_DIGEST_MINUTES,
        },
    )
    return count if _send(subject, body, moderator_addresses()) else 0


def moderator_addresses():
    """The e-mail addresses of active staff who may decide on comments."""
    moderators = get_user_model().objects.with_perm("comments.change_comment").filter(is_staff=True)
    return sorted(set(moderators.exclude(email="").values_list("email", flat=True)))


@task()
def tell_authors(comment_ids):
    """
    E-mail each article's authors (those with a user account and an e-mail address) the comments among these
    that are approved on it, one e-mail per article; an author's own comment is left out. Returns how many
    e-mails went out.
    """
    comments = (
        Comment.objects.approved()
        .filter(pk__in=comment_ids)
        .select_related("article__section")
        .prefetch_related("article__byline_links__author__user")
        .order_by("article", "created_at", "pk")
    )
    by_article = {}
    for comment in comments:
        by_article.setdefault(comment.article, []).append(comment)
    sent = 0
    for article, new in by_article.items():
        authors = {link.author.user.email for link in article.byline_links.all() if link.author.user}
        for address in sorted(authors - {""}):
            theirs = [comment for comment in new if comment.email.lower() != address.lower()]
            if not theirs:
                continue
            subject = gettext("New comments on “%(headline)s”") % {"headline": article.headline}
            body = render_to_string(
                "comments/email/new_comments.txt",
                {"article": article, "comments": theirs, "site_url": settings.SITE_URL},
            )
            sent += _send(subject, body, [address])
    return sent


def _send(subject, body, recipients):
    if not recipients:
        return False
    try:
        send_mail(f"[{settings.SITE_NAME}] {subject}", body, None, recipients)
    except Exception:
        logger.exception("Could not send “%s” to %s.", subject, ", ".join(recipients))
        return False
    return True
