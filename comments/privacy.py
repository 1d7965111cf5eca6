"""
What the privacy page promises commenters: network addresses kept only for a while, and a copy or the
erasure of everything stored about one e-mail address on request. The management commands
`purge_comments`, `export_commenter` and `erase_commenter` call these functions.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from comments import moderation
from comments.models import BlockedCommenter, Comment, CommentEdit, TrustedCommenter, normalise_email

# What a comment keeps of where it came from.
NO_ADDRESS = {"ip_address": None, "user_agent": ""}
APPROVED = Comment.Status.APPROVED


def erase_old_addresses(now=None):
    """
    Forget the IP address and browser of comments sent more than COMMENTS_IP_ADDRESS_DAYS days ago; returns
    how many comments had one. Running it again erases none.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.COMMENTS_IP_ADDRESS_DAYS)
    old = Comment.objects.filter(created_at__lt=cutoff).filter(
        Q(ip_address__isnull=False) | ~Q(user_agent="")
    )
    return old.update(**NO_ADDRESS)


def checked_address(email):
    """The e-mail address normalised; ValueError when it is not one (an empty one would match erased comments)."""
    address = normalise_email(email)
    try:
        validate_email(address)
    except ValidationError as exc:
        raise ValueError(f"“{email}” is not an e-mail address.") from exc
    return address


def personal_data(email):
    """Everything stored about the person using this e-mail address, as JSON-ready data."""
    address = checked_address(email)
    comments = Comment.objects.from_email(address).select_related("article").order_by("created_at", "pk")
    edits = CommentEdit.objects.filter(comment__in=comments.values("pk")).order_by("edited_at", "pk")
    edits_by_comment = {}
    for edit in edits:
        edits_by_comment.setdefault(edit.comment_id, []).append(
            {
                "edited_at": edit.edited_at.isoformat(),
                "text_before": edit.body_before,
                "text_after": edit.body_after,
            }
        )
    return {
        "email": address,
        "exported_at": timezone.now().isoformat(),
        "comments": [
            {
                "id": comment.pk,
                "article": comment.article.headline,
                "article_url": f"{settings.SITE_URL}{comment.article.get_absolute_url()}",
                "reply_to": comment.parent_id,
                "name": comment.name,
                "email": comment.email,
                "website": comment.website,
                "text": comment.body,
                "status": comment.status,
                "sent_at": comment.created_at.isoformat(),
                "decided_at": comment.decided_at.isoformat() if comment.decided_at else None,
                "ip_address": comment.ip_address,
                "browser": comment.user_agent,
                "edits": edits_by_comment.get(comment.pk, []),
            }
            for comment in comments
        ],
        "trusted_commenter": TrustedCommenter.objects.for_email(address).exists(),
        "blocked_commenter": BlockedCommenter.objects.filter(
            kind=BlockedCommenter.Kind.EMAIL, value=address
        ).exists(),
    }


@transaction.atomic
def erase_personal_data(email, *, delete_approved=False):
    """
    Erase what is stored about the person using this e-mail address. Comments not on the site are deleted.
    Approved comments keep their text and lose their author (name, e-mail, website, IP address, browser), or
    are deleted too with `delete_approved`. A comment with a reply that stays is never deleted (the reply
    would go with it): it loses its author, and its text unless it is an approved one kept. The address
    leaves the trusted and blocked lists. Returns how many comments were deleted, anonymised with their text
    kept, and anonymised with their text erased, and how many list entries were removed.
    """
    address = checked_address(email)
    own = {
        pk: (parent_id, status)
        for pk, parent_id, status in Comment.objects.from_email(address).values_list(
            "pk", "parent_id", "status"
        )
    }
    replied_by_others = set(
        Comment.objects.filter(parent__in=own).exclude(pk__in=own).values_list("parent_id", flat=True)
    )
    keeps_text = (
        set() if delete_approved else {pk for pk, (_parent, status) in own.items() if status == APPROVED}
    )
    # Deepest first, so that a comment whose own reply stays is kept too.
    stays = replied_by_others | keeps_text
    for pk in sorted(own, key=lambda pk: -_depth(pk, own)):
        if pk in stays and (parent := own[pk][0]) in own:
            stays.add(parent)
    deleted, emptied = set(own) - stays, stays - keeps_text
    changed_articles = set(
        Comment.objects.filter(pk__in=own, status=APPROVED).values_list("article_id", flat=True).distinct()
    )
    anonymous = {"name": gettext("Anonymous"), "email": "", "website": "", **NO_ADDRESS}
    Comment.objects.filter(pk__in=emptied).update(
        body=gettext("(Deleted at its author’s request.)"), **anonymous
    )
    CommentEdit.objects.filter(comment__in=emptied).delete()
    Comment.objects.filter(pk__in=keeps_text).update(**anonymous)
    Comment.objects.filter(pk__in=deleted).delete()
    listed = (
        TrustedCommenter.objects.for_email(address).delete()[0]
        + BlockedCommenter.objects.filter(kind=BlockedCommenter.Kind.EMAIL, value=address).delete()[0]
    )
    moderation.threads_changed(changed_articles)
    return {
        "deleted": len(deleted),
        "anonymised": len(keeps_text),
        "emptied": len(emptied),
        "list_entries": listed,
    }


def _depth(pk, own):
    """How deep a comment sits among the person's own comments (0 when its parent is someone else's)."""
    depth = 0
    while (pk := own[pk][0]) in own:
        depth += 1
    return depth
