"""
The page cache: anonymous GET and HEAD requests for public pages are answered from the shared cache, and a
page is served only while the generations it was rendered under are current (caching/generations.py).

`@cached_page` marks a view whose pages are the same for every anonymous reader. `PageCacheMiddleware`, just
below SecurityMiddleware, answers a request for such a page from the cache before any other middleware or the
view runs (a hit costs one cache round trip and no query), and stores what the view produced once every
middleware below has had its say: never a response that sets a cookie, varies on cookies or is private.
Requests with a session (logged-in staff) bypass the cache; when the cache is down or disabled, pages are
rendered for every request and still answer conditional requests.
"""

import functools
import hashlib
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

from caching import generations, local
from caching.generations import SITE_KEY, CacheUnavailable, cache_call, scope_key
from caching.release import release

# How a response was answered, for operators and tests: hit, miss, pass (public, not stored), off (no
# cache reachable), bypass (a session: never shared).
STATUS_HEADER = "X-Page-Cache"
# Headers a cached page keeps: everything the view and the middleware below set (the Content Security Policy
# among them), except these, which are worked out again for each answer (or must never be shared).
UNSTORED_HEADERS = {
    "cache-control",
    "content-length",
    "date",
    "etag",
    "expires",
    "last-modified",
    "set-cookie",
    STATUS_HEADER.lower(),
}


def article_scope(section, slug):
    """The scope of an article page's comments (its URL's own parts: no query is needed to name it)."""
    return f"article:{section}/{slug}"


def thread_scope(article_id):
    """The scope of an article's comment pages, page 2 onwards."""
    return f"thread:{article_id}"


@dataclass(frozen=True)
class Policy:
    scope: object = None
    query: tuple = ()


def cached_page(view=None, *, scope=None, query=()):
    """
    Mark a view (a function, a class-based view's class, a callable's class) as serving the same page to every
    anonymous reader, for PageCacheMiddleware. `scope(**kwargs)`, given the URL's keyword arguments, names the
    scope generation its pages depend on besides the site's; `query` lists the query-string parameters the view
    reads (a request with any other parameter is rendered, not stored). The view itself is left as it is.
    """

    def decorator(view):
        view.page_cache = Policy(scope, tuple(query))
        return view

    return decorator if view is None else decorator(view)


def policy_of(view):
    """The Policy a resolved view was marked with, or None."""
    return getattr(view, "page_cache", None) or getattr(getattr(view, "view_class", None), "page_cache", None)


def valid_until(response, moment):
    """
    Mark a page as changing by itself at `moment` (an aware datetime, or None for never), as the site's pages
    do at each scheduled publish time: it is then kept no longer, by the page cache or a CDN.
    """
    if moment is not None:
        until = moment.timestamp()
        response.page_cache_until = min(until, getattr(response, "page_cache_until", until))
    return response


class PageCacheMiddleware:
    """Answers and stores the pages of views marked @cached_page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        marked = self.marked_view(request)
        if marked is None:
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return keep_private(self.get_response(request), status="bypass")
        policy, kwargs = marked
        lookup = Lookup.start(request, policy.scope(**kwargs) if policy.scope else None, policy.query)
        if lookup.hit is not None:
            return lookup.hit
        return lookup.finish(request, self.get_response(request))

    @staticmethod
    def marked_view(request):
        """(Policy, URL keyword arguments) of the view a GET or HEAD request is for, if marked @cached_page."""
        if request.method not in ("GET", "HEAD"):
            return None
        try:
            request.get_host()  # a host not allowed is answered 400 below, never from the cache
        except DisallowedHost:
            return None
        return marked_address(settings.ROOT_URLCONF, settings.STATIC_URL, request.path_info)


@functools.lru_cache(maxsize=2048)
def marked_address(urlconf, static_url, path):
    """
    marked_view()'s answer for an address, remembered: the URLs never change while the process runs, and
    resolving them is a good part of a hit's work. Keyed by the URL configuration and static files' address
    too, as the tests change them.
    """
    if path.startswith("/" + static_url.lstrip("/")):
        return None
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    policy = policy_of(match.func)
    return None if policy is None else (policy, match.kwargs)


def entry_key(request, query):
    """The cache key of the page a request asks for; None when it carries parameters the view does not read."""
    address = f"{request.path}?"
    if request.META.get("QUERY_STRING"):
        names = set(request.GET)
        if not names.issubset(query) or any(len(request.GET.getlist(name)) > 1 for name in names):
            return None
        address += urlencode(sorted(request.GET.items()))
    return f"pages:{release()}:{hashlib.sha256(address.encode()).hexdigest()[:32]}"


class Lookup:
    """One request's look-up: what was found, and what to store the response under."""

    def __init__(self, now, key=None, state=None, scope_token=None):
        self.now = now
        self.key = key
        self.state = state  # None: the cache is off or unreachable, nothing is known about generations
        self.scope_token = scope_token
        self.hit = None

    @classmethod
    def start(cls, request, scope, query):
        now = time.time()
        if not generations.cache_enabled():
            return cls(now)
        key = entry_key(request, query)
        kept = local.get(key) if key else None
        keys = [SITE_KEY, *([scope_key(scope)] if scope else []), *([key] if key and kept is None else [])]
        try:
            found = cache_call("get_many", keys)
            state = generations.site_state(found.get(SITE_KEY), now)
            token = generations.scope_token(scope, found.get(scope_key(scope))) if scope else None
            lookup = cls(now, key if request.method == "GET" else None, state, token)
            entry = lookup.current_entry(key, kept, found)
        except CacheUnavailable:
            return cls(now)
        if entry is not None:
            lookup.hit = lookup.answer(request, entry["page"], entry["etag"], entry["stored_at"], "hit")
        return lookup

    def current_entry(self, key, kept, found):
        """The current stored page under `key`: the copy kept in memory, else the shared cache's; or None."""
        if kept is not None:
            if self.current(kept):
                return local.unpack(kept)
            # Out of date here; the shared cache may hold a current page, stored by another server.
            local.forget(key)
            found[key] = cache_call("get", key)
        entry = found.get(key) if key else None
        if entry is None or not self.current(entry):
            return None
        local.keep(key, entry)
        return entry

    def current(self, entry):
        """Whether a stored page was stored under the current generations and has not reached its end."""
        return (
            entry["site"] == self.state.marker
            and entry["scope"] == self.scope_token
            and (entry["until"] is None or self.now < entry["until"])
            and self.now < entry["expires"]
        )

    def seconds_left(self, response):
        """Seconds until the page changes by itself (a scheduled publish time, or its own), or None."""
        left = [self.state.seconds_left(self.now)]
        if getattr(response, "page_cache_until", None) is not None:
            left.append(max(0.0, response.page_cache_until - self.now))
        return min((seconds for seconds in left if seconds is not None), default=None)

    def finish(self, request, response):
        if not shareable(response):
            return keep_private(response, status="pass") if response.status_code == 200 else response
        if response.status_code != 200 or response.streaming:
            return response
        content = response.content
        etag = quote_etag(hashlib.sha256(content).hexdigest()[:32])
        if self.state is None:
            return self.answer(request, response, etag, None, "off")
        if self.key is None or not self.store(response, content, etag):
            return self.answer(request, response, etag, None, "pass")
        return self.answer(request, response, etag, self.now, "miss")

    def store(self, response, content, etag):
        seconds_left = self.seconds_left(response)
        timeout = (
            settings.PAGE_CACHE_TIMEOUT
            if seconds_left is None
            else min(settings.PAGE_CACHE_TIMEOUT, seconds_left)
        )
        if timeout < 1:
            return False
        # The response a hit answers with, made once: a hit only unpickles it (as Django's own cache middleware
        # does), with no header to check and convert again.
        page = HttpResponse(
            content,
            status=response.status_code,
            headers={name: value for name, value in response.items() if name.lower() not in UNSTORED_HEADERS},
        )
        page["Content-Length"] = str(len(content))
        until = page.page_cache_until = getattr(response, "page_cache_until", None)
        entry = {
            "site": self.state.marker,
            "scope": self.scope_token,
            "stored_at": self.now,
            "until": until,
            # When the shared cache lets it go: a copy kept in a process's memory goes then too.
            "expires": self.now + int(timeout),
            "etag": etag,
            "page": page,
        }
        try:
            cache_call("set", self.key, entry, timeout=int(timeout))
        except CacheUnavailable:
            return False
        local.keep(self.key, entry)
        return True

    def answer(self, request, response, etag, stored_at, status):
        """The response with its validators and Cache-Control, or a 304 when the client's copy is current."""
        response["ETag"] = etag
        if stored_at is not None:
            response["Last-Modified"] = http_date(stored_at)
        if self.state is None:
            # Nothing tells how long the page stays current: shared caches must ask again every time.
            response["Cache-Control"] = "public, no-cache"
        else:
            response["Cache-Control"] = public_cache_control(self.seconds_left(response))
        response[STATUS_HEADER] = status
        return get_conditional_response(
            request, etag=etag, last_modified=int(stored_at) if stored_at else None, response=response
        )


def public_cache_control(seconds_left):
    """
    Cache-Control for a shared page: short for browsers, longer for a CDN, never past the next scheduled
    publish time (`seconds_left`), stale-while-revalidate included.
    """
    max_age, s_maxage = settings.PAGE_CACHE_MAX_AGE, settings.PAGE_CACHE_S_MAXAGE
    stale = settings.PAGE_CACHE_STALE_WHILE_REVALIDATE
    if seconds_left is not None:
        left = int(seconds_left)
        max_age, s_maxage = min(max_age, left), min(s_maxage, left)
        stale = max(0, min(stale, left - max(max_age, s_maxage)))
    directives = f"public, max-age={max_age}, s-maxage={s_maxage}"
    return f"{directives}, stale-while-revalidate={stale}" if stale else directives


def shareable(response):
    """Whether a response is the same for every reader: no cookie set, none read, nothing private."""
    vary = {field.strip().lower() for field in response.get("Vary", "").split(",")}
    cache_control = response.get("Cache-Control", "").lower()
    return (
        not response.cookies
        and not vary & {"cookie", "*"}
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def keep_private(response, status):
    """Out of every shared cache: a page for someone with a session, or one that turned out personal."""
    if not response.has_header("Cache-Control"):
        response["Cache-Control"] = "private, no-cache"
    else:
        patch_cache_control(response, private=True)
    response[STATUS_HEADER] = status
    return response
