"""
Two app servers, one database, one Redis: whatever changes through one server (or through the domain functions,
run here on the same database and cache) is served fresh by the other at once, with no worker and no wait.
"""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from comments import moderation
from comments.discussion import discussion_settings
from comments.models import Comment
from tests import servers
from tests.factories import make_article, make_comment, make_section

app_server_pair, app_servers = servers.app_server_pair, servers.app_servers

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "correct horse battery staple"


@pytest.fixture
def chief():
    user = User.objects.create_superuser("chief", "chief@example.com")
    # Hashed as the servers hash (the tests' own fast hasher is not among theirs).
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.save()
    return user


def cached_on(client, path):
    """Ask twice: the second answer must come from the page cache."""
    client.get(path)
    answer = client.get(path)
    assert answer.header("X-Page-Cache") == "hit", (path, answer.status, answer.header("X-Page-Cache"))
    return answer


def test_a_page_rendered_by_one_server_is_served_from_the_cache_by_the_other(app_servers):
    article = make_article(headline="Shared once rendered")
    first = app_servers.client(0).get(article.get_absolute_url())
    second = app_servers.client(1).get(article.get_absolute_url())
    assert (first.status, first.header("X-Page-Cache")) == (200, "miss")
    assert (second.status, second.header("X-Page-Cache")) == (200, "hit")
    assert second.text == first.text
    assert second.header("ETag") == first.header("ETag")


def test_an_article_published_through_one_server_is_served_at_once_by_the_other(app_servers, chief):
    section = make_section()
    older = make_article(section=section, headline="Yesterday's story")
    draft = make_article(section=section, headline="Fresh off the desk", published=False)
    reader = app_servers.client(1)
    # What each page shows of the new article: its headline, or in the sitemap its address.
    pages = {
        "/": draft.headline,
        section.get_absolute_url(): draft.headline,
        older.get_absolute_url(): draft.headline,
        "/feeds/rss/": draft.headline,
        "/sitemap-articles.xml": draft.get_absolute_url(),
    }
    for path, shown in pages.items():
        assert shown not in cached_on(reader, path).text
    desk = app_servers.client(0)
    desk.log_in("chief", PASSWORD)
    published = desk.post_in_admin(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
    )
    assert published.status == 302
    for path, shown in pages.items():
        assert shown in reader.get(path).text, path
    assert reader.get(draft.get_absolute_url()).status == 200


def test_an_article_unpublished_here_disappears_from_both_servers_at_once(app_servers, chief):
    article = make_article(headline="Not for long")
    for number in range(2):
        cached_on(app_servers.client(number), article.get_absolute_url())
    workflow.transition(article, workflow.Action.UNPUBLISH, by=chief)
    for number in range(2):
        client = app_servers.client(number)
        assert client.get(article.get_absolute_url()).status == 404
        assert "Not for long" not in client.get("/").text


def test_a_comment_sent_to_one_server_and_approved_through_the_other_shows_on_both(app_servers, chief):
    article = make_article()
    reader = app_servers.client(1, forwarded_for="203.0.113.7")
    page = cached_on(reader, article.get_absolute_url())
    sent = reader.post(
        reverse("comments:post", kwargs={"article_id": article.pk}),
        {
            **page.form_fields("comment-form"),
            "name": "Ada Reader",
            "email": "ada@example.org",
            "website": "",
            "body": "Seen from both servers.",
            "subject": "",
        },
    )
    assert sent.status == 302, sent.text[:500]
    comment = Comment.objects.get(body="Seen from both servers.")
    assert comment.ip_address == "203.0.113.7"
    # The commenter's own view, signed by one server, opens on the other.
    assert "Seen from both servers." in app_servers.client(0).get(sent.header("Location")).text

    desk = app_servers.client(0)
    desk.log_in("chief", PASSWORD)
    decided = desk.post_in_admin(reverse("admin:comments_comment_decide", args=[comment.pk, "approve"]), {})
    assert decided.status == 302
    for number in range(2):
        assert "Seen from both servers." in app_servers.client(number).get(article.get_absolute_url()).text


def test_a_comment_approved_or_removed_here_changes_both_servers_at_once(app_servers):
    article = make_article()
    comment = make_comment(article, status=Comment.Status.PENDING, body="Waiting for a moderator.")
    for number in range(2):
        assert (
            "Waiting for a moderator."
            not in cached_on(app_servers.client(number), article.get_absolute_url()).text
        )
    moderation.approve(comment, by=None)
    for number in range(2):
        assert "Waiting for a moderator." in app_servers.client(number).get(article.get_absolute_url()).text
    moderation.remove(comment, by=None)
    for number in range(2):
        assert (
            "Waiting for a moderator." not in app_servers.client(number).get(article.get_absolute_url()).text
        )


def test_a_scheduled_article_appears_on_both_servers_at_its_time_with_no_worker(app_servers):
    make_article(headline="Already out")
    due = timezone.now() + timedelta(seconds=3)
    make_article(headline="Out at its time", published_at=due)
    for number in range(2):
        answer = cached_on(app_servers.client(number), "/")
        assert "Out at its time" not in answer.text
        # Nor may a CDN keep the page past that time.
        s_maxage = int(answer.header("Cache-Control").split("s-maxage=")[1].split(",")[0])
        assert s_maxage <= 3
    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.1)
    for number in range(2):
        assert "Out at its time" in app_servers.client(number).get("/").text


def test_pages_are_served_uncached_while_redis_is_down_and_cached_again_after(app_servers):
    article = make_article(headline="Through an outage")
    cached_on(app_servers.client(0), article.get_absolute_url())
    app_servers.redis.stop()
    try:
        for number in range(2):
            answer = app_servers.client(number).get(article.get_absolute_url())
            assert answer.status == 200
            assert answer.header("X-Page-Cache") == "off"
            assert "Through an outage" in answer.text
            health = app_servers.client(number).get("/healthz")
            assert (health.status, '"cache": "degraded"' in health.text) == (200, True)
    finally:
        app_servers.redis.start()
    # Each server tries the cache again a few seconds after its last failure.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if app_servers.client(0).get(article.get_absolute_url()).header("X-Page-Cache") == "hit":
            break
        time.sleep(0.5)
    else:
        pytest.fail("the page cache did not come back after Redis did")


def test_the_comment_rate_limit_is_counted_across_both_servers(app_servers):
    article = make_article()
    limit = discussion_settings().rate_limit
    accepted = 0
    for attempt in range(limit + 2):
        reader = app_servers.client(attempt % 2, forwarded_for="198.51.100.9")
        page = reader.get(article.get_absolute_url())
        sent = reader.post(
            reverse("comments:post", kwargs={"article_id": article.pk}),
            {
                **page.form_fields("comment-form"),
                "name": "Hasty Reader",
                "email": "hasty@example.org",
                "body": f"Comment number {attempt}.",
            },
        )
        accepted += sent.status == 302
    assert accepted == limit
    # Another reader is not held back by the first one.
    other = app_servers.client(0, forwarded_for="198.51.100.10")
    page = other.get(article.get_absolute_url())
    sent = other.post(
        reverse("comments:post", kwargs={"article_id": article.pk}),
        {
            **page.form_fields("comment-form"),
            "name": "Calm Reader",
            "email": "calm@example.org",
            "body": "Hello.",
        },
    )
    assert sent.status == 302
