"""
Generations: how cached pages are invalidated exactly, on every app server at once, without scanning keys.

A generation is a random token kept in the shared cache. Each cached page is stored with the tokens of the
generations it was rendered under, and is served only while they are still the current ones: the page and
its generations are read together, in one round trip. An event writes a new token, and from that moment
every page stored under the old one is a miss on every server.

- The site generation covers every page. It is renewed by any change to what pages list or frame (articles,
  sections, authors, topics, images, static pages, settings), and it also moves on by itself at each scheduled
  publish time: it carries the upcoming publish times, and how many of them have passed is part of it.
- Scope generations cover one article's comments: its page and its comment pages.

docs/caching.md has the keys, lifetimes and events.
"""

import logging
import secrets
import time
from bisect import bisect_right
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache

logger = logging.getLogger(__name__)

SITE_KEY = "pages:site"
# Scheduled publish times carried by the site generation; past the last of them, a successor is made.
SCHEDULE_LENGTH = 50
# After a failed cache call, a process serves pages uncached for this long before trying the cache again,
# so a Redis outage costs one failed call per process and interval rather than one per request.
RETRY_SECONDS = 5.0


class CacheUnavailable(Exception):
    """The shared cache did not answer: serve uncached."""


class _Health:
    retry_at = 0.0
    # Set by a failure: an event may have been missed while the cache was away, so the first process to
    # reach it again renews the site generation before trusting any page stored earlier.
    outage = False


def cache_call(method, *args, **kwargs):
    """Call a method of the shared cache; any failure becomes CacheUnavailable (logged)."""
    if time.monotonic() < _Health.retry_at:
        raise CacheUnavailable
    try:
        if _Health.outage:
            _write_site_generation()
            _Health.outage = False
            logger.warning("Page cache reachable again: the site generation is renewed.")
        result = getattr(cache, method)(*args, **kwargs)
    except Exception as exc:
        _Health.retry_at = time.monotonic() + RETRY_SECONDS
        _Health.outage = True
        logger.warning("Page cache unreachable (%s); serving pages uncached for %ss.", exc, RETRY_SECONDS)
        raise CacheUnavailable from exc
    return result


def cache_enabled():
    """False with CACHE_URL=dummycache://, where nothing can be stored and no generation kept."""
    return not isinstance(caches["default"], DummyCache)


def new_token():
    return secrets.token_hex(8)


def scope_key(scope):
    return f"pages:scope:{scope}"


def upcoming_publish_times():
    """The next scheduled publish times (timestamps, soonest first), and whether that is all of them."""
    from articles.models import Article

    times = list(
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)[: SCHEDULE_LENGTH + 1]
    )
    return [moment.timestamp() for moment in times[:SCHEDULE_LENGTH]], len(times) <= SCHEDULE_LENGTH


def new_site_generation():
    schedule, complete = upcoming_publish_times()
    return {"token": new_token(), "schedule": schedule, "complete": complete}


@dataclass(frozen=True)
class SiteState:
    """The site generation as it stands at `now`: its marker, and when it next moves by itself."""

    marker: tuple
    next_change: float | None

    @classmethod
    def of(cls, generation, now):
        schedule = generation["schedule"]
        passed = bisect_right(schedule, now)
        next_change = schedule[passed] if passed < len(schedule) else None
        return cls(marker=(generation["token"], passed), next_change=next_change)

    def seconds_left(self, now):
        """Seconds until the generation moves by itself (a scheduled article appears), or None."""
        return None if self.next_change is None else max(0.0, self.next_change - now)


def site_state(generation, now):
    """
    The state of the site generation read from the cache (None when it is missing: a new one is made).
    Past the last scheduled time it carries (when it carries only the first SCHEDULE_LENGTH), its successor
    is looked up, made once by whichever server gets there first.
    """
    for _step in range(10):
        if generation is None:
            cache_call("add", SITE_KEY, new_site_generation(), timeout=None)
            generation = cache_call("get", SITE_KEY)
            if generation is None:
                raise CacheUnavailable  # the cache stores nothing
        exhausted = not generation["complete"] and bisect_right(generation["schedule"], now) == len(
            generation["schedule"]
        )
        if not exhausted:
            return SiteState.of(generation, now)
        successor = f"{SITE_KEY}:after:{generation['token']}"
        if not cache_call("get", successor):
            cache_call("add", successor, new_site_generation(), timeout=settings.PAGE_CACHE_TIMEOUT)
        generation = cache_call("get", successor)
    raise CacheUnavailable


def scope_token(scope, token):
    """The current token of a scope generation, made when missing (never a default: see docs/caching.md)."""
    if token is not None:
        return token
    cache_call("add", scope_key(scope), new_token(), timeout=SCOPE_TIMEOUT)
    token = cache_call("get", scope_key(scope))
    if token is None:
        raise CacheUnavailable
    return token


# A scope generation may be forgotten (its pages are then misses); kept a day, it outlives its pages.
SCOPE_TIMEOUT = 24 * 3600
# The lock that orders renewals of the site generation, in seconds.
RENEWAL_LOCK_SECONDS = 5


def _write_site_generation():
    """
    Renewals are serialised by a short lock, so the one written last read the schedule last: an article
    scheduled by a concurrent edit is never left out of it.
    """
    lock = f"{SITE_KEY}:renewing"
    deadline = time.monotonic() + RENEWAL_LOCK_SECONDS
    while not cache.add(lock, 1, timeout=RENEWAL_LOCK_SECONDS) and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        cache.set(SITE_KEY, new_site_generation(), timeout=None)
    finally:
        cache.delete(lock)


def renew(*, site=False, scopes=()):
    """
    New generations: with `site`, every page stored so far becomes a miss; otherwise the pages of `scopes`.
    A failure is logged, not raised (the change itself is committed): the process then renews the site
    generation as soon as the cache answers again.
    """
    if not cache_enabled() or not (site or scopes):
        return
    try:
        if site:
            _write_site_generation()
        else:
            cache.set_many({scope_key(scope): new_token() for scope in scopes}, timeout=SCOPE_TIMEOUT)
    except Exception:
        _Health.outage = True
        logger.exception("Page cache unreachable: pages will be renewed when it answers again.")
