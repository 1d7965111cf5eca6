"""The comment rate limit: shared by every app process through the cache, per process when the cache is down."""

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from comments import rate_limit
from comments.models import Comment
from tests.comment_forms import SAME_ORIGIN, form_data
from tests.comment_policy import set_discussion
from tests.factories import make_article

REDIS = ("127.0.0.1", 6379)
ROOT = Path(__file__).resolve().parent.parent


def redis_answers():
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


needs_redis = pytest.mark.skipif(
    not redis_answers() and not os.environ.get("CI"),
    reason="Redis is not reachable on 127.0.0.1:6379 (under CI this is a failure, not a skip).",
)


@pytest.fixture
def fresh_local_counter(monkeypatch):
    monkeypatch.setattr(rate_limit, "local_counter", rate_limit.LocalCounter())


def post_from(client, article, address, **fields):
    url = reverse("comments:post", kwargs={"article_id": article.pk})
    return client.post(url, form_data(article, **fields), headers=SAME_ORIGIN, REMOTE_ADDR=address)


def posts_from(client, article, address, count, **fields):
    return [
        post_from(client, article, address, body=f"Comment number {n}.", **fields).status_code
        for n in range(count)
    ]


@needs_redis
def test_two_app_processes_share_one_count_through_the_cache():
    prefix = f"test-rate-{uuid.uuid4().hex}"
    now, start = time.time(), time.time() + 2
    command = [
        sys.executable,
        "-m",
        "tests.rate_limit_process",
        "redis://127.0.0.1:6379/0",
        prefix,
        "203.0.113.9",
    ]
    processes = [
        subprocess.Popen([*command, "25", str(now), str(start)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    seen = []
    for process in processes:
        out, _ = process.communicate(timeout=60)
        assert process.returncode == 0
        seen.append(json.loads(out))
    # Fifty comments counted once each, whichever process took them: one count, never lost or doubled.
    assert sorted(seen[0] + seen[1]) == list(range(1, 51))
    assert all(counts == sorted(counts) for counts in seen)


@pytest.mark.django_db
def test_the_sixth_comment_in_a_minute_from_one_address_is_refused_with_the_text_kept(client):
    article = make_article()
    assert posts_from(client, article, "198.51.100.4", 5) == [302] * 5
    response = post_from(client, article, "198.51.100.4", body="Kept for later.")
    assert response.status_code == 429
    assert "At most 5 comments a minute can be sent from one address." in response.text
    assert "Kept for later." in response.text
    assert Comment.objects.count() == 5
    # Another reader is not held back.
    assert post_from(client, article, "198.51.100.5", body="Someone else.").status_code == 302


@pytest.mark.django_db
def test_the_limit_starts_again_with_the_next_minute():
    base = 60 * 1000
    for n in range(5):
        assert rate_limit.count("198.51.100.4", now=base + n) == n + 1
    assert rate_limit.count("198.51.100.4", now=base + 60) == 1


@pytest.mark.django_db
def test_the_limit_and_its_switch_come_from_the_discussion_settings(client):
    article = make_article()
    set_discussion(rate_limit=2)
    assert posts_from(client, article, "198.51.100.4", 3) == [302, 302, 429]
    set_discussion(limit_rate=False)
    assert posts_from(client, article, "198.51.100.4", 3, email="again@example.org") == [302, 302, 302]


def test_an_ipv6_client_is_counted_by_its_64_network():
    assert rate_limit.client_key("2001:db8:1:2:aaaa::1") == rate_limit.client_key("2001:db8:1:2:bbbb::9")
    assert rate_limit.client_key("2001:db8:1:2::1") != rate_limit.client_key("2001:db8:1:3::1")
    assert rate_limit.client_key("::ffff:203.0.113.9") == "203.0.113.9"
    assert rate_limit.client_key("") == "unknown"


@pytest.mark.django_db
def test_with_the_cache_down_each_process_still_limits(client, settings, fresh_local_counter):
    article = make_article()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    assert posts_from(client, article, "198.51.100.4", 6) == [302] * 5 + [429]
    assert Comment.objects.count() == 5


@pytest.mark.django_db
def test_with_the_cache_switched_off_each_process_still_limits(client, no_cache, fresh_local_counter):
    article = make_article()
    assert posts_from(client, article, "198.51.100.4", 6) == [302] * 5 + [429]


def test_the_shared_count_is_used_again_once_the_cache_is_back(settings, fresh_local_counter, monkeypatch):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    assert rate_limit.count("198.51.100.4", now=1000) == 1  # counted locally
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    monkeypatch.setattr(rate_limit.local_counter, "retry_at", 0.0)
    assert rate_limit.count("198.51.100.4", now=1000) == 1  # the shared cache had none
    assert cache.get(f"comments:rate:198.51.100.4:{1000 // 60}") == 1
