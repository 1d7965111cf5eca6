"""What a reader meets when sending a comment under the discussion settings: the time taken, duplicates,
closing by age, and the settings read once per request."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.discussion import comments_open, discussion_settings, with_comment_closing
from comments.models import Comment, comments_close_at
from comments.protection import STARTED_SALT, started_token
from tests.comment_forms import send_comment
from tests.comment_policy import set_discussion
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article()


def token_from(seconds_ago):
    with time_machine.travel(timezone.now() - timedelta(seconds=seconds_ago)):
        return started_token()


def settings_queries(queries):
    return [query for query in queries if "comments_discussionsettings" in query["sql"]]


# Too fast.


def test_the_start_time_comes_signed_and_never_cached(client):
    response = client.get(reverse("comments:started"))
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["X-Robots-Tag"] == "noindex"
    token = response.json()["started"]
    assert abs(signing.loads(token, salt=STARTED_SALT) - timezone.now().timestamp()) < 5


def test_the_article_page_carries_an_empty_start_field_the_same_for_everyone(article):
    first, second = Client().get(article.get_absolute_url()), Client().get(article.get_absolute_url())
    assert '<input type="hidden" name="started" value="">' in first.text
    assert f'data-started-url="{reverse("comments:started")}"' in first.text
    assert first.content == second.content


def test_a_comment_sent_a_second_after_starting_is_spam_and_looks_like_any_other(client, article):
    response = send_comment(client, article, started=token_from(1))
    assert response.status_code == 302
    assert "awaiting moderation" in client.get(response.url).text
    comment = Comment.objects.get()
    assert (comment.status, comment.rule) == ("spam", "too-fast")
    assert comment.rule_explanation.startswith("Spam: sent 1.")


@pytest.mark.parametrize(
    "started", ["", "forged:token", signing.dumps(0, salt="another.salt")], ids=["none", "forged", "other"]
)
def test_an_unknown_start_time_is_not_held_against_the_comment(client, article, started):
    send_comment(client, article, started=started)
    assert Comment.objects.get().rule == "held-for-moderation"


def test_a_comment_written_in_reasonable_time_waits_as_usual(client, article):
    send_comment(client, article, started=token_from(45))
    assert Comment.objects.get().rule == "held-for-moderation"


def test_a_start_time_older_than_a_form_lives_is_unknown(client, article, settings):
    settings.COMMENTS_FORM_MAX_AGE = 3600
    send_comment(client, article, started=token_from(2 * 3600))
    assert Comment.objects.get().rule == "held-for-moderation"


def test_after_an_error_the_start_time_is_kept_in_the_form(client, article):
    token = token_from(60)
    response = send_comment(client, article, started=token, body="")
    assert response.status_code == 400
    assert f'name="started" value="{token}"' in response.text


# Duplicates.


def test_the_same_comment_sent_again_is_refused_with_a_message(client, article):
    assert send_comment(client, article, body="Exactly this.").status_code == 302
    again = send_comment(client, article, body="Exactly this.", email="ADA@example.org")
    assert again.status_code == 400
    assert "You have already sent this comment on this article." in again.text
    assert Comment.objects.count() == 1


def test_the_same_text_from_someone_else_or_on_another_article_is_welcome(client, article):
    send_comment(client, article, body="Me too.")
    assert send_comment(client, article, body="Me too.", email="ben@example.org").status_code == 302
    assert send_comment(client, make_article(), body="Me too.").status_code == 302
    set_discussion(refuse_duplicates=False)
    assert send_comment(client, article, body="Me too.").status_code == 302
    assert Comment.objects.count() == 4


def test_a_duplicate_of_spam_is_refused_too(client, article):
    make_comment(article, status="spam", email="ada@example.org", body="Once more.")
    assert send_comment(client, article, body="Once more.").status_code == 400


# Closing by age.


def aged(days, **fields):
    return make_article(published_at=timezone.now() - timedelta(days=days), **fields)


def test_comments_stay_open_on_old_articles_by_default(client):
    old = aged(400)
    assert send_comment(client, old).status_code == 302


def test_comments_close_the_set_number_of_days_after_publication(client):
    set_discussion(close_comments=True, close_after_days=14)
    young, old = aged(13), aged(15)
    parent = make_comment(old)
    assert 'id="comment-form"' in client.get(young.get_absolute_url()).text
    page = client.get(old.get_absolute_url()).text
    assert 'id="comment-form"' not in page
    assert "Comments are closed." in page
    assert "comment__reply" not in page
    response = send_comment(client, old)
    assert response.status_code == 403
    assert "Comments are closed on this article." in response.text
    assert client.get(reverse("comments:reply", kwargs={"comment_id": parent.pk})).status_code == 404
    assert send_comment(client, young).status_code == 302


def test_an_article_can_keep_its_comments_open_or_close_them_sooner(client):
    set_discussion(close_comments=True, close_after_days=14)
    kept_open, closed_sooner = aged(100, comments_close_after_days=0), aged(5, comments_close_after_days=3)
    assert send_comment(client, kept_open).status_code == 302
    assert send_comment(client, closed_sooner).status_code == 403
    set_discussion(close_comments=False)
    assert send_comment(client, closed_sooner, body="Still closed.").status_code == 403


def test_an_article_closed_by_hand_stays_closed_whatever_its_age(client):
    set_discussion(close_comments=True, close_after_days=14)
    assert send_comment(client, aged(1, comments_open=False, comments_close_after_days=0)).status_code == 403


def test_the_closing_time_follows_publication(article):
    set_discussion(close_comments=True, close_after_days=10)
    assert comments_close_at(
        article, discussion_settings().site_comment_days
    ) == article.published_at + timedelta(days=10)
    assert comments_open(article, at=article.published_at + timedelta(days=9, hours=23))
    assert not comments_open(article, at=article.published_at + timedelta(days=10, seconds=1))
    annotated = with_comment_closing(Article.objects.filter(pk=article.pk)).get()
    assert annotated.site_comment_days == 10
    assert not comments_open(annotated, at=article.published_at + timedelta(days=10, seconds=1))


# The settings: read once per request, at most, and changed for every server at once.


def test_a_post_reads_the_settings_once_with_caching_off(client, article, no_cache):
    with CaptureQueriesContext(connection) as queries:
        assert send_comment(client, article).status_code == 302
    assert len(settings_queries(queries.captured_queries)) == 1


def test_the_article_page_brings_its_closing_with_the_article_and_reads_no_settings(
    client, article, no_cache
):
    make_comment(article)
    with CaptureQueriesContext(connection) as queries:
        client.get(article.get_absolute_url())
    queries = settings_queries(queries.captured_queries)
    assert len(queries) == 1
    assert queries[0]["sql"].startswith('SELECT "articles_article"')


def test_a_comment_page_reads_the_settings_once_with_caching_off(client, article, no_cache, settings):
    settings.COMMENTS_PER_PAGE = 1
    make_comment(article)
    make_comment(article)
    with CaptureQueriesContext(connection) as queries:
        assert (
            client.get(reverse("comments:page", kwargs={"article_id": article.pk, "number": 2})).status_code
            == 200
        )
    assert len(settings_queries(queries.captured_queries)) == 1


def test_with_the_cache_the_settings_cost_no_query_and_a_change_shows_at_once(client, article):
    discussion_settings()  # the first read keeps them in the cache
    with CaptureQueriesContext(connection) as queries:
        send_comment(client, article)
    assert settings_queries(queries.captured_queries) == []
    set_discussion(hold_new_comments=False)
    send_comment(client, article, body="Published at once now.")
    assert Comment.objects.get(body="Published at once now.").status == "approved"


def test_with_the_cache_down_the_settings_come_from_the_database(client, article, settings):
    set_discussion(moderation_words="refund")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    assert send_comment(client, article, body="A refund, please.").status_code == 302
    assert Comment.objects.get().rule == "moderation-word"
