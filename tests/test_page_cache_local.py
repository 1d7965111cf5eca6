"""
Stored pages kept in each process's memory (caching/local.py): a hit then brings only the generations from the
shared cache, and a kept page is never answered once a change made anywhere renewed them, once the bound pushed
it out, or once the shared cache's own copy has expired.
"""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.http import HttpResponse

from caching import generations, local
from caching.events import comments_changed
from caching.pages import SITE_KEY
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def answered(response):
    return response.headers.get("X-Page-Cache")


def keys_asked(client, path):
    """The response to a GET, and every key it asked the shared cache for."""
    get_many, get = generations.cache.get_many, generations.cache.get
    asked = []

    def recording_get_many(keys, *args, **kwargs):
        asked.extend(keys)
        return get_many(keys, *args, **kwargs)

    def recording_get(key, *args, **kwargs):
        asked.append(key)
        return get(key, *args, **kwargs)

    with (
        mock.patch.object(generations.cache, "get_many", recording_get_many),
        mock.patch.object(generations.cache, "get", recording_get),
    ):
        return client.get(path), asked


def as_another_server(client, path):
    """A GET answered by a process with no page in its memory, which keeps none either."""
    with mock.patch.object(local, "get", return_value=None), mock.patch.object(local, "keep"):
        return client.get(path)


def test_a_hit_on_a_page_kept_in_memory_brings_only_the_generations(client):
    article = make_article()
    assert answered(client.get(article.get_absolute_url())) == "miss"
    hit, asked = keys_asked(client, article.get_absolute_url())
    assert answered(hit) == "hit"
    assert article.headline in hit.text
    assert SITE_KEY in asked
    assert all(key == SITE_KEY or key.startswith("pages:scope:") for key in asked), asked


def test_a_page_found_in_the_shared_cache_is_kept_for_the_next_hit(client):
    section = make_section()
    make_article(section=section)
    assert answered(as_another_server(client, section.get_absolute_url())) == "miss"
    first, asked_first = keys_asked(client, section.get_absolute_url())
    second, asked_second = keys_asked(client, section.get_absolute_url())
    assert (answered(first), answered(second)) == ("hit", "hit")
    assert any(key.startswith("pages:") and ":scope:" not in key for key in set(asked_first) - {SITE_KEY})
    assert set(asked_second) == {SITE_KEY}
    assert second.content == first.content


def test_a_change_announced_by_another_server_leaves_the_kept_page_unused(client):
    section = make_section()
    article = make_article(section=section, headline="Before the change")
    client.get(section.get_absolute_url())
    assert answered(client.get(section.get_absolute_url())) == "hit"
    # Another server changes the headline and renews the site generation in the shared cache; it then
    # renders the section page and stores it there.
    type(article).objects.filter(pk=article.pk).update(headline="After the change")
    generations.renew(site=True)
    assert "After the change" in as_another_server(client, section.get_absolute_url()).text
    answer = client.get(section.get_absolute_url())
    assert answered(answer) == "hit"
    assert "After the change" in answer.text
    assert "Before the change" not in answer.text


def test_comments_changed_elsewhere_leave_the_kept_article_page_unused(
    client, django_capture_on_commit_callbacks
):
    article, other = make_article(), make_article()
    for kept in [article, other]:
        client.get(kept.get_absolute_url())
        assert answered(client.get(kept.get_absolute_url())) == "hit"
    # Only the article's scope generation moves: the other article's kept page is still current.
    with django_capture_on_commit_callbacks(execute=True):
        comments_changed([article.pk])
    assert answered(client.get(article.get_absolute_url())) == "miss"
    assert answered(client.get(other.get_absolute_url())) == "hit"


def test_a_kept_page_never_outlives_the_shared_cache_s_copy(client, settings):
    settings.PAGE_CACHE_TIMEOUT = 60
    section = make_section()
    make_article(section=section, published_at=NOW - timedelta(days=1))
    with time_machine.travel(NOW, tick=False):
        assert answered(client.get(section.get_absolute_url())) == "miss"
        assert answered(client.get(section.get_absolute_url())) == "hit"
    with time_machine.travel(NOW + timedelta(seconds=59), tick=False):
        assert answered(client.get(section.get_absolute_url())) == "hit"
    with time_machine.travel(NOW + timedelta(seconds=60), tick=False):
        assert answered(client.get(section.get_absolute_url())) == "miss"


def test_a_kept_page_is_not_answered_past_a_scheduled_publish_time(client):
    section = make_section()
    with time_machine.travel(NOW, tick=False):
        make_article(section=section, headline="Already out", published_at=NOW - timedelta(days=1))
        make_article(section=section, headline="Out at half past", published_at=NOW + timedelta(minutes=30))
        client.get(section.get_absolute_url())
        assert "Out at half past" not in client.get(section.get_absolute_url()).text
    with time_machine.travel(NOW + timedelta(minutes=30), tick=False):
        assert "Out at half past" in client.get(section.get_absolute_url()).text


def entry(size):
    return {"page": HttpResponse(b"x" * size), "site": ("token", 0), "scope": None}


def test_the_least_recently_served_pages_go_when_the_bound_is_passed(settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 5000
    for key in ["first", "second", "third"]:
        local.forget(key)
    local.keep("first", entry(1500))
    local.keep("second", entry(1500))
    assert local.get("first") is not None  # served again: now the most recent
    local.keep("third", entry(1500))
    assert local.get("second") is None
    assert local.get("first") is not None and local.get("third") is not None
    assert local.size() <= 5000


def test_a_page_larger_than_the_bound_is_not_kept_and_zero_keeps_none(settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 1000
    local.keep("large", entry(2000))
    assert local.get("large") is None
    settings.PAGE_CACHE_LOCAL_BYTES = 0
    local.keep("small", entry(10))
    assert local.get("small") is None
    assert local.size() == 0


def test_each_hit_answers_with_a_response_of_its_own():
    local.keep("page", entry(100))
    first, second = local.unpack(local.get("page")), local.unpack(local.get("page"))
    first["page"]["ETag"] = '"changed"'
    assert first["page"] is not second["page"]
    assert "ETag" not in second["page"]
    assert "ETag" not in local.unpack(local.get("page"))["page"]
