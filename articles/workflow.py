"""
The editorial rules, in one place: who may edit an article, and which steps of its way through the newsroom
each person may take. The admin (its permissions, read-only fields, form validation and buttons), its bulk
actions and the tests all ask these functions, so a crafted request can do no more than the form offers.

An article goes draft → in review → published (scheduled while its publish time is ahead) → unpublished, and
back to draft with an editor's note. Writers (the `Writers` group) edit their own drafts and submit them;
editors (`Editors`, with the permissions below) edit anything, publish, schedule, unpublish and send back.
Editors also take an article down for legal reasons, with the reason as the note: its address then answers 410
Gone and it leaves every list at once; lifting the takedown leaves it unpublished.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import revisions
from articles.models import Article, StatusChange
from caching import events

Action = StatusChange.Action
PUBLISH = "articles.publish_article"
EDIT_ANY = "articles.edit_any_article"
TAKE_DOWN = "articles.take_down_article"
# Fields only those who decide what is published may set: when, and whether on the front page's top.
PUBLISHING_FIELDS = ["published_at", "featured"]


class State(models.TextChoices):
    """An article's status as the newsroom speaks of it: a published article whose time is ahead is scheduled."""

    DRAFT = Article.Status.DRAFT.value, Article.Status.DRAFT.label
    IN_REVIEW = Article.Status.IN_REVIEW.value, Article.Status.IN_REVIEW.label
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = Article.Status.PUBLISHED.value, Article.Status.PUBLISHED.label
    UNPUBLISHED = Article.Status.UNPUBLISHED.value, Article.Status.UNPUBLISHED.label
    TAKEN_DOWN = Article.Status.TAKEN_DOWN.value, Article.Status.TAKEN_DOWN.label


def state(article, now=None):
    if article.status == Article.Status.PUBLISHED and article.published_at > (now or timezone.now()):
        return State.SCHEDULED
    return State(article.status)


def may_publish(user):
    return user.has_perm(PUBLISH)


def is_own(user, article):
    """The user created the article or has a byline on it (free when the bylines were prefetched)."""
    if user.pk is None:
        return False
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return True
    if article.pk is None:
        return False
    if "byline_links" in getattr(article, "_prefetched_objects_cache", {}):
        return any(link.author.user_id == user.pk for link in article.byline_links.all())
    return article.byline_links.filter(author__user=user).exists()


def can_edit(user, article):
    """Editors edit every article; writers a new one, and their own while it is a draft."""
    if article._state.adding:
        return user.has_perm("articles.add_article")
    if not user.has_perm("articles.change_article"):
        return False
    if user.has_perm(EDIT_ANY):
        return True
    return article.status == Article.Status.DRAFT and is_own(user, article)


def can_revoke(user, link):
    """A share link is revoked by whoever made it, or by an editor."""
    return user.has_perm("articles.change_article") and (
        user.has_perm(EDIT_ANY) or link.created_by_id == user.pk
    )


def publishing_step(article, now=None):
    """Publishing as the bulk action does it: at the article's publish time when that is ahead, else now."""
    if article.published_at and article.published_at > (now or timezone.now()):
        return Action.SCHEDULE
    return Action.PUBLISH


def publish_now(article, now):
    # A publish time already passed is kept (an article published again keeps its first time); one ahead is
    # brought forward to now.
    due = article.published_at if article.published_at and article.published_at <= now else now
    article.publish(at=due)


def schedule(article, now):
    article.publish(at=article.published_at)


def submit(article, now):
    article.status = Article.Status.IN_REVIEW


def send_back(article, now):
    article.status = Article.Status.DRAFT


def unpublish(article, now):
    article.unpublish()


def take_down(article, now):
    article.take_down()
    # Nobody outside the newsroom may read it any more, share links included.
    article.share_links.active().update(revoked_at=now)


def lift_takedown(article, now):
    article.unpublish()


@dataclass(frozen=True)
class Transition:
    action: StatusChange.Action
    label: str  # the button's
    sources: frozenset
    apply: object  # apply(article, now) changes the article's status (and publish time), not saving it
    permission: str | None = None  # besides being allowed to edit the article
    note_required: bool = False
    missing_note: str = _("Tell the writer what to change.")


TRANSITIONS = {
    step.action: step
    for step in [
        Transition(Action.SUBMIT, _("Submit for review"), frozenset({State.DRAFT}), submit),
        Transition(
            Action.PUBLISH,
            _("Publish now"),
            frozenset({State.DRAFT, State.IN_REVIEW, State.SCHEDULED, State.UNPUBLISHED}),
            publish_now,
            PUBLISH,
        ),
        Transition(
            Action.SCHEDULE,
            _("Schedule"),
            frozenset({State.DRAFT, State.IN_REVIEW, State.UNPUBLISHED}),
            schedule,
            PUBLISH,
        ),
        Transition(
            Action.UNPUBLISH,
            _("Unpublish"),
            frozenset({State.SCHEDULED, State.PUBLISHED}),
            unpublish,
            PUBLISH,
        ),
        Transition(
            Action.SEND_BACK,
            _("Send back to the writer"),
            frozenset({State.IN_REVIEW, State.UNPUBLISHED}),
            send_back,
            EDIT_ANY,
            note_required=True,
        ),
        Transition(
            Action.TAKE_DOWN,
            _("Take down (legal)"),
            frozenset({State.SCHEDULED, State.PUBLISHED, State.UNPUBLISHED}),
            take_down,
            TAKE_DOWN,
            note_required=True,
            missing_note=_("Give the reason for the takedown."),
        ),
        Transition(
            Action.LIFT_TAKEDOWN,
            _("Lift the takedown"),
            frozenset({State.TAKEN_DOWN}),
            lift_takedown,
            TAKE_DOWN,
            note_required=True,
            missing_note=_("Say why the takedown is lifted."),
        ),
    ]
}


def allowed_transitions(user, article):
    """The steps `user` may take with `article` now, in the order the admin shows them as buttons."""
    if not can_edit(user, article):
        return []
    current = state(article)
    return [
        step
        for step in TRANSITIONS.values()
        if current in step.sources and (step.permission is None or user.has_perm(step.permission))
    ]


def check_transition(user, article, action, *, note="", now=None):
    """
    Raise PermissionDenied when `user` may not take the step `action` with `article`, and ValidationError
    (keyed by the field to correct) when the article, as it stands in memory, is not ready for it.
    """
    step = TRANSITIONS.get(action)
    if step is None or step not in allowed_transitions(user, article):
        raise PermissionDenied(_("You may not do that with this article."))
    now = now or timezone.now()
    errors = {}
    if action == Action.SCHEDULE and not (article.published_at and article.published_at > now):
        errors["published_at"] = _("To schedule the article, set a publish time in the future.")
    if step.note_required and not note.strip():
        errors["note"] = step.missing_note
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def transition(article, action, *, by, note="", record_revision=True):
    """
    Take the step `action` with `article` on behalf of `by`: check it is allowed, change the status, save the
    article (with whatever else was changed on it) and record who did it, when, and their note, and the
    article as saved as a revision (unless the caller records it, once it has saved bylines and topics too).
    """
    now = timezone.now()
    check_transition(by, article, action, note=note, now=now)
    from_status = article.status
    TRANSITIONS[action].apply(article, now)
    article.save()
    if record_revision:
        revisions.record(article, by=by, note=str(Action(action).label))
    # Whoever takes the step, the pages that show (or showed) the article are renewed once it commits.
    events.content_changed(f"article {action}")
    return StatusChange.objects.create(
        article=article,
        action=action,
        from_status=from_status,
        to_status=article.status,
        note=note.strip(),
        changed_by=by,
        changed_at=now,
    )


def latest_note(article):
    """The most recent status change that came with a note, or None."""
    if article.pk is None:
        return None
    return article.status_changes.exclude(note="").select_related("changed_by").first()
