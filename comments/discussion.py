"""
The discussion settings as the rules and pages read them: from the shared cache (so every app server sees a
change at once), read at most once per request, from the database when the cache is down.

`discussion_settings()` is the one way to read them; `save_discussion_settings()` is the one way to change
them: it records who, forgets the cached copy (at once and once the change commits), and renews every cached
page, since they may all show the comment form.
"""

import logging
import zlib
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from caching import events
from comments.models import DiscussionSettings, comments_close_at

logger = logging.getLogger(__name__)

# How long the cached copy lives if a change could not remove it (the cache was down at that moment).
CACHE_SECONDS = 300
# The settings read during the current request, when RequestMemoMiddleware is on the way: [] before the
# first read, [settings] after it. None outside a request: every call reads the cache again.
_request_memo = ContextVar("discussion_settings_memo", default=None)


def _field_names():
    return [field.attname for field in DiscussionSettings._meta.concrete_fields]


def cache_key():
    # Named after the fields, so a release that adds one never reads a copy cached by the one before.
    fields = ",".join(_field_names())
    return f"comments:discussion-settings:{zlib.crc32(fields.encode()):08x}"


def discussion_settings():
    """The discussion settings: the saved record, or the defaults while none was saved."""
    memo = _request_memo.get()
    if memo:
        return memo[0]
    solo = _from_cache()
    if solo is None:
        solo = DiscussionSettings.objects.filter(pk=DiscussionSettings.SOLO_PK).first()
        solo = solo or DiscussionSettings(pk=DiscussionSettings.SOLO_PK)
        _store_in_cache(solo)
    if memo is not None:
        memo.append(solo)
    return solo


def with_comment_closing(articles):
    """
    Articles annotated with the site's closing days (`site_comment_days`), so that comments_open() needs no
    read of the settings for them: the article page's query brings what it needs.
    """
    return articles.annotate(site_comment_days=DiscussionSettings.site_comment_days_subquery())


def comments_open(article, at=None):
    """
    Whether `article` takes comments now: not closed by hand, and not closed by its age. Reads the settings
    (once per request) unless the article came through with_comment_closing().
    """
    return comment_window(article, at)[0]


def comment_window(article, at=None):
    """
    Whether `article` takes comments now, and the moment they close by its age while they are open (None when
    closed, or when they never close by age): a page showing the comment form lasts no longer than that.
    """
    closes_at = comments_closing_time(article)
    open_now = article.comments_open and (closes_at is None or (at or timezone.now()) < closes_at)
    return open_now, closes_at if open_now else None


def comments_closing_time(article):
    """When comments on `article` close by its age, or None when they never do (settings read as above)."""
    if hasattr(article, "site_comment_days"):
        site_days = article.site_comment_days
    else:
        site_days = discussion_settings().site_comment_days
    return comments_close_at(article, site_days)


def save_discussion_settings(solo, *, by=None):
    """Save the settings (a user `by`, or None for the system); rules and pages follow once it commits."""
    solo.modified_by = by if by is not None and by.is_authenticated else None
    solo.save()
    memo = _request_memo.get()
    if memo:
        memo.clear()
    # Now for this transaction's own reads, and after the commit in case another request cached the old
    # record meanwhile.
    forget()
    transaction.on_commit(forget, robust=True)
    # Every article page shows the comment form, or says comments are closed, as the settings decide.
    events.content_changed("discussion settings saved")


def forget():
    """Drop the cached copy: the next read takes the record from the database."""
    try:
        cache.delete(cache_key())
    except Exception as error:
        logger.warning(
            "Discussion settings: the cache did not answer; its copy expires by itself. (%s)", error
        )


def _from_cache():
    try:
        values = cache.get(cache_key())
    except Exception as error:
        logger.warning("Discussion settings: the cache did not answer; reading the database. (%s)", error)
        return None
    if values is None:
        return None
    return DiscussionSettings.from_db(None, list(values), list(values.values()))


def _store_in_cache(solo):
    values = {name: getattr(solo, name) for name in _field_names()}
    try:
        cache.set(cache_key(), values, CACHE_SECONDS)
    except Exception as error:
        logger.warning("Discussion settings: the cache did not answer; not cached. (%s)", error)


class RequestMemoMiddleware:
    """Keeps the settings read during a request for the rest of it: one read per request at most."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set([])
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)
