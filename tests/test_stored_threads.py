"""
An article's comment thread is rendered when its comments change and stored with it, so the article page
needs no comment query and no per-comment template work, even with no cache at all; a stored thread is never
older than it says.
"""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from comments import moderation, threads
from comments.models import Comment, StoredThread
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussed(django_capture_on_commit_callbacks):
    """An article whose fifty comments came through moderation: its thread is stored."""
    article = make_article()
    comments = [make_comment(article, status=Comment.Status.PENDING, body=f"Point {n}.") for n in range(50)]
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(Comment.objects.filter(pk__in=[c.pk for c in comments]), by=None)
    return article


def comment_queries(client, article):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response, [query["sql"] for query in captured if "comments_comment" in query["sql"]]


def test_the_article_page_reads_its_stored_thread_with_no_comment_query_and_no_rendering(
    client, discussed, no_cache, django_assert_max_num_queries
):
    with mock.patch("comments.threads.render_thread") as render, django_assert_max_num_queries(8):
        response, queries = comment_queries(client, discussed)
    render.assert_not_called()
    assert queries == []
    assert response.text.count('class="comment"') == 50


def test_a_moderation_decision_renders_the_thread_once_after_it_commits(
    discussed, django_capture_on_commit_callbacks
):
    comment = discussed.comments.first()
    with mock.patch("comments.threads.render_thread", return_value="<h2>Rendered</h2>") as render:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            moderation.remove(comment, by=None)
        render.assert_not_called()  # not before the change commits
        for callback in callbacks:
            callback()
    render.assert_called_once()
    stored = StoredThread.objects.get(article=discussed)
    assert (stored.html, stored.rendered_version) == ("<h2>Rendered</h2>", stored.version)


def test_a_thread_changed_since_it_was_stored_is_rendered_again_and_stored(client, discussed, no_cache):
    make_comment(discussed, parent=discussed.comments.first(), body="Added by an import.")
    threads.changed([discussed.pk])  # as an import says so; its transaction never commits in a test
    response, queries = comment_queries(client, discussed)
    assert "Added by an import." in response.text
    assert queries, "the stale thread is read again"
    assert "Added by an import." in StoredThread.objects.get(article=discussed).html
    assert comment_queries(client, discussed)[1] == []


def test_a_thread_rendered_while_its_comments_changed_is_not_stored(discussed, no_cache):
    threads.changed([discussed.pk])
    article = Article.objects.select_related("section", "stored_thread").get(pk=discussed.pk)

    def render_during_a_change(article):
        # Another moderator's decision counts a change while this rendering runs.
        StoredThread.objects.filter(article=article).update(version=article.stored_thread.version + 1)
        return "<h2>Already out of date</h2>"

    with mock.patch("comments.threads.render_thread", side_effect=render_during_a_change):
        assert threads.thread_html(article) == "<h2>Already out of date</h2>"
    stored = StoredThread.objects.get(article=discussed)
    assert stored.html != "<h2>Already out of date</h2>"
    assert stored.rendered_version != stored.version


def test_a_renamed_article_or_closed_comments_render_the_thread_again(client, discussed, no_cache):
    discussed.slug = "renamed-story"
    discussed.comments_open = False
    discussed.save()
    response, queries = comment_queries(client, discussed)
    assert queries
    assert "Reply" not in response.text.split('id="comments"')[1]
    assert comment_queries(client, discussed)[1] == []


def test_an_article_never_commented_through_moderation_renders_its_thread_and_stores_nothing(
    client, no_cache
):
    article = make_article()
    make_comment(article, body="Made by a fixture.")
    response, queries = comment_queries(client, article)
    assert "Made by a fixture." in response.text
    assert len(queries) == 1
    assert not StoredThread.objects.filter(article=article).exists()
