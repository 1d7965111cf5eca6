from datetime import timedelta
from itertools import permutations

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.utils import timezone

from comments import moderation
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

STATUSES = list(Comment.Status)
ACTIONS = {
    Comment.Status.APPROVED: moderation.approve,
    Comment.Status.SPAM: moderation.mark_spam,
    Comment.Status.REMOVED: moderation.remove,
}


@pytest.mark.parametrize(("before", "after"), list(permutations(STATUSES, 2)))
def test_every_status_change_records_who_and_when(before, after, moderator):
    comment = make_comment(make_article(), status=before)
    decided_at = timezone.now() + timedelta(minutes=5)
    with time_machine.travel(decided_at, tick=False):
        changed = moderation.decide(comment, after, by=moderator)
    assert changed == 1
    comment.refresh_from_db()
    assert (comment.status, comment.decided_by, comment.decided_at) == (after, moderator, decided_at)


@pytest.mark.parametrize("status", list(ACTIONS))
def test_each_named_decision_sets_its_status(status, moderator):
    comment = make_comment(make_article(), status=Comment.Status.PENDING)
    assert ACTIONS[status](comment, by=moderator) == 1
    assert comment.status == status
    assert Comment.objects.get(pk=comment.pk).status == status


@pytest.mark.parametrize("status", list(ACTIONS))
def test_deciding_what_is_already_decided_changes_nothing(status, moderator, django_user_model):
    other = django_user_model.objects.create_user("other")
    comment = make_comment(make_article(), status=Comment.Status.PENDING)
    ACTIONS[status](comment, by=moderator)
    assert ACTIONS[status](comment, by=other) == 0
    comment.refresh_from_db()
    assert comment.decided_by == moderator


def test_a_decision_applies_to_a_whole_queryset_in_two_queries(moderator, django_assert_num_queries):
    article = make_article()
    for _ in range(5):
        make_comment(article, status=Comment.Status.PENDING)
    already = make_comment(article, status=Comment.Status.SPAM)
    # One finds the threads the decision changes (none here: no comment leaves or comes into view), one decides.
    with django_assert_num_queries(2):
        changed = moderation.mark_spam(Comment.objects.on_article(article), by=moderator)
    assert changed == 5
    assert Comment.objects.filter(status=Comment.Status.SPAM).count() == 6
    already.refresh_from_db()
    assert already.decided_by is None


def test_a_system_decision_records_no_user():
    comment = make_comment(make_article(), status=Comment.Status.PENDING)
    moderation.approve(comment, by=None)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.decided_by is None
    assert comment.decided_at is not None


def new_comment(**fields):
    comment = Comment(article=make_article(), name="Ada", email="ada@example.org", body="Hello.", **fields)
    comment.place_under(None)
    return comment


def test_a_new_comment_waits_for_moderation():
    comment = new_comment()
    decision = moderation.submit(comment, user=AnonymousUser())
    assert (decision.status, decision.rule) == (Comment.Status.PENDING, "held-for-moderation")
    comment.refresh_from_db()
    assert (comment.status, comment.rule, comment.decided_at) == ("pending", "held-for-moderation", None)
    assert comment.rule_explanation == "Held: every new comment waits for a moderator."


def test_a_filled_trap_field_makes_spam():
    comment = new_comment()
    moderation.submit(comment, trap_filled=True)
    comment.refresh_from_db()
    assert (comment.status, comment.rule) == ("spam", "trap-field-filled")
    assert comment.decided_at is not None


def test_a_moderators_own_comment_is_published_at_once(moderator):
    comment = new_comment()
    moderation.submit(comment, user=moderator)
    comment.refresh_from_db()
    assert (comment.status, comment.rule, comment.decided_by) == ("approved", "moderator", moderator)


def test_the_trap_wins_over_trust(moderator):
    comment = new_comment()
    moderation.submit(comment, user=moderator, trap_filled=True)
    assert comment.status == Comment.Status.SPAM


def test_staff_without_the_moderation_permission_wait_like_everyone(django_user_model):
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    comment = new_comment()
    moderation.submit(comment, user=editor)
    assert comment.status == Comment.Status.PENDING


def test_the_moderators_group_holds_only_the_comment_and_commenter_list_permissions():
    group = Group.objects.get(name="Moderators")
    assert set(group.permissions.values_list("content_type__app_label", "codename")) == {
        ("comments", "view_comment"),
        ("comments", "change_comment"),
        *(
            ("comments", f"{action}_{model}")
            for action in ["view", "add", "change", "delete"]
            for model in ["trustedcommenter", "blockedcommenter"]
        ),
    }
    assert Permission.objects.filter(codename="change_comment").count() == 1


def test_approved_and_pending_querysets():
    article = make_article()
    approved = make_comment(article)
    pending = make_comment(article, status=Comment.Status.PENDING)
    make_comment(article, status=Comment.Status.SPAM)
    make_comment(article, status=Comment.Status.REMOVED)
    assert list(Comment.objects.approved()) == [approved]
    assert list(Comment.objects.pending()) == [pending]
