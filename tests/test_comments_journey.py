"""The whole trip of one comment, and the promise that the shared article page never changes for it."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.comment_forms import send_comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def anonymous_page(article):
    """The article page as a first-time reader gets it: no cookies of any kind."""
    return Client().get(article.get_absolute_url())


@time_machine.travel("2026-05-04 10:15:00+00:00", tick=False)
def test_a_comment_goes_from_reader_to_moderator_to_everyone(moderator, django_capture_on_commit_callbacks):
    article = make_article(headline="Rivers rise")
    make_comment(article, body="An earlier comment.")
    before = anonymous_page(article)
    assert "csrfmiddlewaretoken" not in before.text
    assert not before.cookies
    assert "Comments (1)" in before.text

    # The reader posts and, after the redirect, sees their comment waiting.
    reader = Client()
    reader.get(article.get_absolute_url())
    sent = send_comment(reader, article, name="Ada Reader", body="The bridge held, for once.")
    own_view = reader.get(sent.url)
    assert "awaiting moderation" in own_view.text
    assert "The bridge held, for once." in own_view.text

    # Nobody else sees it, and the shared page is byte for byte what it was.
    assert anonymous_page(article).content == before.content
    assert reader.get(article.get_absolute_url()).content == before.content

    # The moderator sees it in the queue, with the pending count, and approves it in one click.
    desk = Client()
    desk.force_login(moderator)
    queue = desk.get(reverse("admin:comments_comment_changelist"))
    assert "The bridge held, for once." in queue.text
    assert "1 comment pending" in queue.text
    comment = Comment.objects.get(name="Ada Reader")
    # The decision commits (a test's transaction never does): the article's cached pages are renewed then.
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(reverse("admin:comments_comment_decide", args=[comment.pk, "approve"]))
    assert "0 comments pending" in desk.get(reverse("admin:index")).text

    # Everyone sees it at once.
    after = anonymous_page(article)
    assert "The bridge held, for once." in after.text
    assert "Comments (2)" in after.text
    assert "awaiting moderation" not in after.text


def test_a_removed_comment_disappears_at_once(moderator, django_capture_on_commit_callbacks):
    article = make_article()
    comment = make_comment(article, body="Soon gone.")
    assert "Soon gone." in anonymous_page(article).text
    desk = Client()
    desk.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(reverse("admin:comments_comment_decide", args=[comment.pk, "remove"]))
    assert "Soon gone." not in anonymous_page(article).text
