"""E-mail about comments: one moderators' digest per wave of held comments, authors told of approved ones."""

import logging
from datetime import datetime, timedelta
from smtplib import SMTPException

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.tasks import default_task_backend
from django.urls import reverse

from comments import moderation, notifications
from comments.models import Comment, ModeratorDigest
from tests.comment_forms import send_comment
from tests.factories import make_article, make_author, make_comment, make_staff

pytestmark = pytest.mark.django_db

START = datetime.fromisoformat("2026-05-04 10:00:00+00:00")


@pytest.fixture
def moderator():
    return make_staff("moderator", "Moderators", email="mod@example.org")


@pytest.fixture
def hold(django_capture_on_commit_callbacks):
    """Send comments that the rules hold, each in its own committed transaction, as requests do."""
    article = make_article()

    def hold(count=1, **fields):
        for n in range(count):
            with django_capture_on_commit_callbacks(execute=True):
                moderation.submit(
                    Comment(article=article, name="Spammer", email=f"s{n}@example.org", body=f"Buy {n}")
                )

    return hold


def digests():
    return [message for message in mail.outbox if "for moderation" in message.subject]


def at(minutes):
    return time_machine.travel(START + timedelta(minutes=minutes), tick=False)


def test_a_wave_of_held_comments_is_one_digest_and_the_rest_wait_for_the_window(moderator, hold):
    with at(0):
        hold()
        hold(29)
    assert len(digests()) == 1
    assert digests()[0].to == ["mod@example.org"]
    assert digests()[0].subject == "[Newsroom] 1 new comment waits for moderation"
    with at(10):
        hold()
    assert len(digests()) == 1
    with at(15):
        hold()
    assert len(digests()) == 2
    assert digests()[1].subject == "[Newsroom] 31 new comments wait for moderation"
    assert "32 comments are waiting in all." in digests()[1].body
    assert reverse("admin:comments_comment_changelist") in digests()[1].body


def test_comments_decided_before_the_next_digest_are_not_announced_again(moderator, hold):
    with at(0):
        hold(500)
        moderation.mark_spam(Comment.objects.pending(), by=moderator)
    assert len(digests()) == 1
    with at(20):
        hold()
    assert len(digests()) == 2
    assert digests()[1].subject == "[Newsroom] 1 new comment waits for moderation"
    assert ModeratorDigest.objects.get().reported_up_to == Comment.objects.latest("pk").pk


def test_a_digest_lists_twenty_comments_and_counts_the_rest(moderator, hold):
    with at(0):
        hold()
        hold(25)
    with at(30):
        hold()
    body = digests()[1].body
    assert body.count("- Spammer on") == 20
    assert "…and 6 more." in body


def test_a_backend_that_defers_sends_the_rest_of_the_wave_when_the_time_is_up(moderator, hold, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with at(0):
        hold()
        assert len(default_task_backend.results) == 1
        notifications.send_moderator_digest.call()  # the worker runs the task
        hold(10)
    deferred = default_task_backend.results[1:]
    assert [result.task.run_after for result in deferred] == [START + timedelta(minutes=15)]
    with at(15):
        assert notifications.send_moderator_digest.call() == 10
    assert [message.subject for message in digests()] == [
        "[Newsroom] 1 new comment waits for moderation",
        "[Newsroom] 10 new comments wait for moderation",
    ]


def test_no_digest_when_switched_off_or_nobody_moderates(hold, settings):
    make_staff("editor", "Editors", email="editor@example.org")
    with at(0):
        hold()
    assert digests() == []
    make_staff("moderator", "Moderators", email="mod@example.org")
    settings.COMMENTS_DIGEST_MINUTES = 0
    with at(60):
        hold()
    assert digests() == []


def test_a_failing_mail_server_fails_no_post_and_is_logged(
    client, moderator, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise SMTPException("mail server down")

    monkeypatch.setattr(notifications, "send_mail", refuse)
    article = make_article()
    with (
        caplog.at_level(logging.ERROR, logger="comments.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = send_comment(client, article, body="Held for a moderator.")
    assert response.status_code == 302
    assert Comment.objects.pending().get().body == "Held for a moderator."
    assert "Could not send" in caplog.text and "mail server down" in caplog.text


def test_a_failing_task_backend_fails_no_decision(
    moderator, monkeypatch, caplog, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_NOTIFY_AUTHORS = True

    def refuse(*args, **kwargs):
        raise RuntimeError("queue down")

    monkeypatch.setattr(type(notifications.tell_authors), "enqueue", refuse)
    comment = make_comment(make_article(), status="pending")
    with (
        caplog.at_level(logging.ERROR, logger="comments.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert moderation.approve(comment, by=moderator) == 1
    assert "Could not queue the task" in caplog.text


@pytest.fixture
def article_by_two_authors(django_user_model):
    ada = make_author(name="Ada", user=django_user_model.objects.create_user("ada", email="ada@news.example"))
    ben = make_author(name="Ben", user=django_user_model.objects.create_user("ben", email="ben@news.example"))
    no_account = make_author(name="Cy")
    return make_article(headline="Rivers rise", authors=[ada, ben, no_account])


def test_authors_are_told_of_newly_approved_comments_when_switched_on(
    moderator, article_by_two_authors, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_NOTIFY_AUTHORS = True
    article = article_by_two_authors
    theirs = make_comment(article, status="pending", name="Dee", body="Good piece.")
    own = make_comment(article, status="pending", email="ADA@news.example", body="Thanks, all.")
    elsewhere = make_comment(make_article(), status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(Comment.objects.filter(pk__in=[theirs.pk, own.pk, elsewhere.pk]), by=moderator)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"ada@news.example", "ben@news.example"}
    assert by_address["ada@news.example"].subject == "[Newsroom] New comments on “Rivers rise”"
    assert "Dee: Good piece." in by_address["ada@news.example"].body
    assert "Thanks, all." not in by_address["ada@news.example"].body
    assert "Thanks, all." in by_address["ben@news.example"].body
    assert theirs.get_absolute_url() in by_address["ben@news.example"].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(Comment.objects.filter(pk=theirs.pk), by=moderator)  # already approved
    assert mail.outbox == []


def test_authors_are_not_told_by_default(
    moderator, article_by_two_authors, django_capture_on_commit_callbacks
):
    comment = make_comment(article_by_two_authors, status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(comment, by=moderator)
    assert mail.outbox == []


def test_a_500_comment_wave_is_one_digest_and_cleared_in_four_requests(client, moderator, hold):
    with at(0):
        hold(500)
    assert len(digests()) == 1
    client.force_login(moderator)
    article_id = Comment.objects.pending().first().article_id
    queue = f"{reverse('admin:comments_comment_changelist')}?article={article_id}"
    with at(5):
        on_page = [comment.pk for comment in client.get(queue).context["cl"].result_list]
        across = {
            "action": "mark_selected_spam",
            "select_across": "1",
            "index": "0",
            ACTION_CHECKBOX_NAME: on_page,
        }
        assert "500 comments matching the current filter" in client.post(queue, across).text
        assert client.post(queue, {**across, "confirmed": "yes"}).status_code == 302
    assert Comment.objects.pending().count() == 0
    with at(30):
        hold()
    assert len(digests()) == 2
    assert digests()[1].subject == "[Newsroom] 1 new comment waits for moderation"
