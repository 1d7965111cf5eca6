"""
The page cache as a reader meets it: anonymous pages stored once and served from the cache, with no query;
sessions, personal responses, search and previews kept out; conditional requests; headers fit for a CDN,
never reaching past the next scheduled publish time; pages still served when the cache is down or off.
"""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.http import http_date

from caching import generations, release
from caching.checks import MIDDLEWARE, page_cache_middleware_placed
from caching.redis import RedisCache
from comments import moderation
from comments.models import Comment
from tests.factories import make_article, make_author, make_comment, make_section, make_topic

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
DOWN = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


@pytest.fixture(autouse=True)
def cache_reachable():
    """A test that made the cache fail leaves no pause behind for the next one."""
    yield
    generations._Health.retry_at, generations._Health.outage = 0.0, False


@pytest.fixture
def story():
    author, topic = make_author(), make_topic()
    article = make_article(authors=[author], topics=[topic], published_at=NOW - timedelta(days=3))
    make_comment(article, body="First!")
    return article


def answered(response):
    return response.headers.get("X-Page-Cache")


def public_pages(story):
    author, topic = story.authors[0], story.topics.get()
    year = story.published_at.year
    return {
        "home": "/",
        "section": story.section.get_absolute_url(),
        "author": author.get_absolute_url(),
        "topic": topic.get_absolute_url(),
        "article": story.get_absolute_url(),
        "archive": reverse("articles:archive"),
        "archive year": reverse("articles:archive-year", kwargs={"year": year}),
        "archive month": reverse(
            "articles:archive-month", kwargs={"year": year, "month": f"{story.published_at.month:02}"}
        ),
        "feed": reverse("articles:feed-rss"),
        "atom feed": reverse("articles:feed-atom"),
        "section feed": reverse("articles:section-feed-rss", kwargs={"slug": story.section.slug}),
        "sitemap index": reverse("sitemap-index"),
        "sitemap": reverse("sitemap", kwargs={"section": "articles"}),
        "news sitemap": reverse("news-sitemap"),
        "static page": "/pages/privacy/",
        "corrections": reverse("articles:corrections"),
    }


PAGES = [
    "home",
    "section",
    "author",
    "topic",
    "article",
    "archive",
    "archive year",
    "archive month",
    "feed",
    "atom feed",
    "section feed",
    "sitemap index",
    "sitemap",
    "news sitemap",
    "static page",
    "corrections",
]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("page", PAGES)
def test_each_public_page_is_stored_once_then_served_from_the_cache(client, story, page):
    url = public_pages(story)[page]
    first, second = client.get(url), client.get(url)
    assert (first.status_code, answered(first)) == (200, "miss")
    assert (second.status_code, answered(second)) == (200, "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]


def test_a_cached_article_is_served_with_no_database_query(client, story, django_assert_num_queries):
    client.get(story.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(story.get_absolute_url())
    assert answered(response) == "hit"
    assert "First!" in response.text


def test_a_cached_page_keeps_the_headers_of_the_middleware_it_skips(client, story):
    first, second = client.get(story.get_absolute_url()), client.get(story.get_absolute_url())
    assert answered(second) == "hit"
    for header in ["Content-Security-Policy", "X-Frame-Options", "Referrer-Policy", "X-Content-Type-Options"]:
        assert second[header] == first[header], header
    assert int(second["Content-Length"]) == len(second.content)


def test_a_host_not_allowed_is_refused_even_for_a_cached_page(client, story):
    client.get(story.get_absolute_url())
    assert client.get(story.get_absolute_url(), headers={"Host": "evil.example"}).status_code == 400


def test_comment_pages_after_the_first_are_cached_too(client, settings):
    settings.COMMENTS_PER_PAGE = 1
    article = make_article()
    make_comment(article), make_comment(article, body="On page two.")
    url = reverse("comments:page", kwargs={"article_id": article.pk, "number": 2})
    assert answered(client.get(url)) == "miss"
    response = client.get(url)
    assert answered(response) == "hit"
    assert "On page two." in response.text


def test_search_previews_and_the_admin_are_never_cached(client, story, admin_client):
    search = client.get(reverse("articles:search"), {"q": story.headline})
    assert "X-Page-Cache" not in search.headers
    assert "no-store" in search["Cache-Control"]
    admin_page = admin_client.get(reverse("admin:articles_article_changelist"))
    assert "X-Page-Cache" not in admin_page.headers


def test_a_reader_with_a_session_bypasses_the_cache_and_stores_nothing(client, story):
    staff = User.objects.create_user("desk", is_staff=True)
    client.force_login(staff)
    for _ in range(2):
        response = client.get(story.get_absolute_url())
        assert answered(response) == "bypass"
        assert "private" in response["Cache-Control"]
    client.logout()
    assert answered(client.get(story.get_absolute_url())) == "miss"


def test_a_page_with_parameters_its_view_does_not_read_is_rendered_not_stored(client, story):
    section = story.section.get_absolute_url()
    for _ in range(2):
        response = client.get(section, {"utm_source": "newsletter"})
        assert (response.status_code, answered(response)) == (200, "pass")
        assert "public" in response["Cache-Control"]
    # The page parameter is the view's own: each page is stored under its number.
    assert answered(client.get(section, {"page": "1"})) == "miss"
    assert answered(client.get(section, {"page": "1"})) == "hit"
    assert answered(client.get(section)) == "miss"


@pytest.mark.urls("tests.page_cache_urls")
@pytest.mark.parametrize(
    "view",
    [
        "sets_a_cookie",
        "varies_on_cookies",
        "reads_the_session",
        "greets_the_user",
        "carries_a_csrf_token",
        "says_it_is_private",
        "leaves_a_message",
    ],
)
def test_a_response_that_depends_on_cookies_is_never_stored(client, view):
    for _ in range(2):
        response = client.get(reverse(view))
        assert answered(response) == "pass"
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        client.cookies.clear()


def test_the_article_page_sets_no_cookie_and_varies_on_none(client, story):
    response = client.get(story.get_absolute_url())
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.parametrize("cached", [True, False], ids=["from the cache", "freshly rendered"])
def test_a_current_copy_is_answered_304(client, story, cached):
    url = story.get_absolute_url()
    first = client.get(url)
    if not cached:
        generations.renew(site=True)
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert "s-maxage" in again["Cache-Control"]


def test_a_copy_not_modified_since_is_answered_304_and_a_changed_page_in_full(
    client, story, django_capture_on_commit_callbacks
):
    url = story.get_absolute_url()
    first = client.get(url)
    assert client.get(url, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    waiting = make_comment(story, status=Comment.Status.PENDING, body="A second thought.")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(waiting, by=None)
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert "A second thought." in changed.text


@time_machine.travel(NOW, tick=False)
def test_cache_control_lets_browsers_keep_a_page_briefly_and_a_cdn_longer(client, story, settings):
    settings.PAGE_CACHE_MAX_AGE, settings.PAGE_CACHE_S_MAXAGE = 30, 600
    settings.PAGE_CACHE_STALE_WHILE_REVALIDATE = 60
    response = client.get(story.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=30, s-maxage=600, stale-while-revalidate=60"
    assert response["Last-Modified"] == http_date(NOW.timestamp())


def test_no_page_is_kept_past_the_next_scheduled_publish_time(client, story, settings):
    settings.PAGE_CACHE_MAX_AGE, settings.PAGE_CACHE_S_MAXAGE = 60, 600
    with time_machine.travel(NOW, tick=False):
        make_article(headline="Embargoed until ten past", published_at=NOW + timedelta(seconds=100))
        response = client.get("/")
        # Browsers a minute, a CDN until the scheduled time and not a second longer, stale copies included.
        assert response["Cache-Control"] == "public, max-age=60, s-maxage=100"
        assert "Embargoed until ten past" not in response.text
        assert answered(client.get("/")) == "hit"
    with time_machine.travel(NOW + timedelta(seconds=100), tick=False):
        response = client.get("/")
        assert answered(response) == "miss"
        assert "Embargoed until ten past" in response.text
        assert response["Cache-Control"] == "public, max-age=60, s-maxage=600, stale-while-revalidate=30"


def test_a_scheduled_article_appears_on_every_page_at_its_time(client, story):
    with time_machine.travel(NOW, tick=False):
        later = make_article(
            section=story.section, headline="Out at noon", published_at=NOW + timedelta(hours=2)
        )
        pages = [
            "/",
            story.section.get_absolute_url(),
            story.get_absolute_url(),
            reverse("articles:feed-rss"),
        ]
        for url in pages:
            client.get(url)
            assert answered(client.get(url)) == "hit"
        assert client.get(later.get_absolute_url()).status_code == 404
    with time_machine.travel(NOW + timedelta(hours=2, seconds=1), tick=False):
        for url in pages:
            assert "Out at noon" in client.get(url).text, url
        assert client.get(later.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("page", ["article", "comment page two"])
def test_a_page_taking_comments_is_kept_no_longer_than_they_stay_open(client, settings, page):
    settings.PAGE_CACHE_S_MAXAGE, settings.COMMENTS_PER_PAGE = 600, 1
    article = make_article(published_at=NOW - timedelta(days=2), comments_close_after_days=3)
    make_comment(article), make_comment(article)
    url = {
        "article": article.get_absolute_url(),
        "comment page two": reverse("comments:page", kwargs={"article_id": article.pk, "number": 2}),
    }[page]
    closing = NOW + timedelta(days=1)
    with time_machine.travel(closing - timedelta(seconds=90), tick=False):
        first = client.get(url)
        assert first["Cache-Control"] == "public, max-age=60, s-maxage=90"
        assert 'class="comment__reply"' in first.text
        assert answered(client.get(url)) == "hit"
    with time_machine.travel(closing, tick=False):
        closed = client.get(url)
        assert answered(closed) == "miss"
        assert 'class="comment__reply"' not in closed.text
        assert closed["Cache-Control"] == "public, max-age=60, s-maxage=600, stale-while-revalidate=30"


def test_more_scheduled_articles_than_the_generation_carries_each_appear_at_its_time(client, monkeypatch):
    monkeypatch.setattr(generations, "SCHEDULE_LENGTH", 2)
    with time_machine.travel(NOW, tick=False):
        for minutes in [10, 20, 30, 40]:
            make_article(headline=f"Due in {minutes} minutes", published_at=NOW + timedelta(minutes=minutes))
        assert "Due in" not in client.get("/").text
    for minutes in [10, 20, 30, 40]:
        with time_machine.travel(NOW + timedelta(minutes=minutes), tick=False):
            assert f"Due in {minutes} minutes" in client.get("/").text


def test_pages_are_served_uncached_while_the_cache_is_down(client, story, settings):
    settings.CACHES = DOWN
    response = client.get(story.get_absolute_url())
    assert (response.status_code, answered(response)) == (200, "off")
    assert "First!" in response.text
    # Shared caches may keep it, but must ask again each time: nothing here tells how long it stays current.
    assert response["Cache-Control"] == "public, no-cache"
    assert (
        client.get(story.get_absolute_url(), headers={"If-None-Match": response["ETag"]}).status_code == 304
    )


def test_with_no_cache_at_all_pages_are_rendered_each_time_and_answer_conditional_requests(
    client, story, no_cache
):
    first = client.get(story.get_absolute_url())
    assert answered(first) == "off"
    assert client.get(story.get_absolute_url(), headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_a_change_made_while_the_cache_was_down_renews_every_page_when_it_returns(client, story):
    client.get(story.get_absolute_url())
    story.headline = "Corrected while the cache was down"
    story.save()
    with mock.patch.object(generations.cache, "add", side_effect=ConnectionError("cache down")):
        # The renewal fails with the cache; the change itself stands.
        generations.renew(site=True)
    generations._Health.retry_at = 0.0
    response = client.get(story.get_absolute_url())
    assert answered(response) == "miss"
    assert "Corrected while the cache was down" in response.text


def test_a_new_release_never_serves_the_previous_releases_pages(client, story, monkeypatch):
    client.get("/")
    assert answered(client.get("/")) == "hit"
    monkeypatch.setattr(release, "files_digest", lambda: "another release")
    release.release.cache_clear()  # as a new process would
    try:
        assert answered(client.get("/")) == "miss"
    finally:
        monkeypatch.undo()
        release.release.cache_clear()


def test_a_setting_pages_show_changed_makes_another_release(settings):
    first = release.release()
    settings.SITE_NAME = "The Harbour Times"
    assert release.release() != first


def test_lists_share_no_entry_across_sections(client):
    one, two = make_section(), make_section()
    make_article(section=one, headline="In the first"), make_article(section=two, headline="In the second")
    client.get(one.get_absolute_url())
    assert "In the second" in client.get(two.get_absolute_url()).text


def test_the_page_cache_middleware_must_sit_below_security_and_above_the_session(settings):
    assert page_cache_middleware_placed(None) == []
    others = [name for name in settings.MIDDLEWARE if name != MIDDLEWARE]
    # Above SecurityMiddleware, a cached page would skip its HTTPS redirect; below the session middleware, the
    # page cache would store pages before their cookies are set.
    for misplaced in [[MIDDLEWARE, *others], [*others, MIDDLEWARE]]:
        settings.MIDDLEWARE = misplaced
        assert [error.id for error in page_cache_middleware_placed(None)] == ["caching.E002"]
    settings.MIDDLEWARE = others
    assert [error.id for error in page_cache_middleware_placed(None)] == ["caching.E001"]


def test_the_redis_backend_keeps_its_client_rather_than_making_one_per_call():
    backend = RedisCache("redis://127.0.0.1:1/0", {})._cache
    assert backend.get_client("a", write=True) is backend.get_client("b", write=False)
