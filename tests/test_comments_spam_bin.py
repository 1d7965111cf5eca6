"""The spam bin: spam kept and restorable, trusting its sender on request, purged daily once old enough."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from comments import moderation, rules, spam_bin
from comments.models import BlockedCommenter, Comment, TrustedCommenter
from tests.comment_policy import sample, set_discussion
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def spam_marked(article, days_ago, **fields):
    comment = make_comment(article, status="spam", **fields)
    Comment.objects.filter(pk=comment.pk).update(decided_at=timezone.now() - timedelta(days=days_ago))
    return comment


def purge_output():
    out = StringIO()
    call_command("purge_comments", stdout=out)
    return out.getvalue()


def test_restoring_publishes_a_comment_from_the_spam_bin_and_records_who(moderator):
    comment = make_comment(make_article(), status="spam", body="Not spam after all.")
    assert spam_bin.restore(comment, by=moderator) == (1, 0)
    comment.refresh_from_db()
    assert (comment.status, comment.decided_by) == ("approved", moderator)
    assert not TrustedCommenter.objects.exists()


def test_restoring_leaves_comments_outside_the_spam_bin_alone(moderator):
    article = make_article()
    spam = make_comment(article, status="spam")
    removed = make_comment(article, status="removed")
    pending = make_comment(article, status="pending")
    assert spam_bin.restore(Comment.objects.on_article(article), by=moderator) == (1, 0)
    assert spam_bin.restore(removed, by=moderator) == (0, 0)
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses == {spam.pk: "approved", removed.pk: "removed", pending.pk: "pending"}


def test_restoring_and_trusting_makes_the_senders_trusted_and_unblocks_them(moderator):
    article = make_article()
    make_comment(article, status="spam", email="Ada@Example.org")
    make_comment(article, status="spam", email="ada@example.org")
    make_comment(article, status="spam", email="ben@example.org")
    TrustedCommenter.objects.create(email="ben@example.org")
    BlockedCommenter.objects.create(value="ada@example.org")
    restored, trusted = spam_bin.restore(Comment.objects.all(), by=moderator, trust_sender=True)
    assert (restored, trusted) == (3, 1)
    assert set(TrustedCommenter.objects.values_list("email", flat=True)) == {
        "ada@example.org",
        "ben@example.org",
    }
    assert TrustedCommenter.objects.get(email="ada@example.org").added_by == moderator
    assert not BlockedCommenter.objects.exists()


def test_a_restored_and_trusted_sender_is_published_next_time(moderator):
    article = make_article()
    caught = sample(article=article, seconds_taken=0.5).comment
    caught.place_under(None)
    moderation.submit(caught, seconds_taken=0.5)
    assert caught.status == "spam"
    spam_bin.restore(caught, by=moderator, trust_sender=True)
    assert rules.decide_on_arrival(sample(article=article)).rule == "trusted-commenter"


def test_the_purge_deletes_spam_older_than_the_bin_keeps_it_and_nothing_else():
    set_discussion(spam_days=30)
    article = make_article()
    old = spam_marked(article, 31)
    young = spam_marked(article, 29)
    approved_long_ago = make_comment(article)
    Comment.objects.filter(pk=approved_long_ago.pk).update(created_at=timezone.now() - timedelta(days=400))
    removed_long_ago = make_comment(article, status="removed")
    Comment.objects.filter(pk=removed_long_ago.pk).update(decided_at=timezone.now() - timedelta(days=400))
    assert "1 comment marked as spam more than 30 days ago deleted" in purge_output()
    assert set(Comment.objects.values_list("pk", flat=True)) == {
        young.pk,
        approved_long_ago.pk,
        removed_long_ago.pk,
    }
    assert not Comment.objects.filter(pk=old.pk).exists()


def test_the_bin_counts_from_when_a_comment_became_spam_not_when_it_was_sent():
    article = make_article()
    sent_long_ago = make_comment(article, status="spam")
    Comment.objects.filter(pk=sent_long_ago.pk).update(
        created_at=timezone.now() - timedelta(days=90), decided_at=timezone.now() - timedelta(days=2)
    )
    assert spam_bin.purge() == 0


def test_spam_never_decided_counts_from_when_it_was_sent():
    old = make_comment(make_article(), status="spam")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40), decided_at=None)
    assert spam_bin.purge() == 1


def test_the_purge_twice_deletes_nothing_the_second_time():
    article = make_article()
    for _ in range(3):
        spam_marked(article, 45)
    spam_marked(article, 3)
    assert "3 comments" in purge_output()
    assert "0 comments" in purge_output()
    assert Comment.objects.count() == 1


def test_the_purge_follows_the_days_in_the_discussion_settings():
    spam_marked(make_article(), 10)
    assert spam_bin.purge() == 0
    set_discussion(spam_days=7)
    assert spam_bin.purge() == 1


def test_the_purge_never_takes_an_approved_reply_with_it():
    article = make_article()
    parent = make_comment(article)
    reply = make_comment(article, parent=parent, body="A reply worth keeping.")
    Comment.objects.filter(pk=parent.pk).update(status="spam", decided_at=timezone.now() - timedelta(days=60))
    assert spam_bin.purge() == 0
    assert Comment.objects.filter(pk__in=[parent.pk, reply.pk]).count() == 2


def test_spam_replying_to_spam_goes_in_one_purge():
    article = make_article()
    parent = make_comment(article)
    reply = make_comment(article, parent=parent)
    Comment.objects.update(status="spam", decided_at=timezone.now() - timedelta(days=60))
    assert spam_bin.purge() == 2
    assert not Comment.objects.filter(pk__in=[parent.pk, reply.pk]).exists()


def test_the_purge_works_through_a_large_bin_in_batches(monkeypatch):
    monkeypatch.setattr(spam_bin, "PURGE_BATCH", 3)
    article = make_article()
    for _ in range(8):
        spam_marked(article, 50)
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        assert spam_bin.purge() == 8
