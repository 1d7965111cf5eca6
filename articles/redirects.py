"""
The redirect table: every address that moved answers 301 with the current one, in one hop.

The table is Django's own (`django.contrib.redirects`), read by its middleware (extended below), last in
MIDDLEWARE: it looks an address up only when the site answered 404 for it, so pages that exist never pay for it
and an address a page took back is served by that page. `record_move()` is the one way code adds to it:
whatever moves an article, a section or an imported page calls it, and chains never form.
"""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.redirects import middleware
from django.contrib.redirects.models import Redirect
from django.contrib.sites.shortcuts import get_current_site
from django.utils.cache import patch_cache_control
from django.utils.encoding import escape_uri_path, iri_to_uri

# What the table's columns hold; longer addresses cannot be recorded.
MAX_PATH_LENGTH = Redirect._meta.get_field("old_path").max_length


class UnrecordableMove(ValueError):
    """An address the redirect table cannot hold (too long, or not a path of this site)."""


def normalise_path(address):
    """
    An address as the redirect middleware looks it up (`request.get_full_path()`): the path percent-encoded the
    way Django encodes it, then the query string. Takes a path or a full URL, encoded or not.
    """
    parts = urlsplit(address)
    path = escape_uri_path(unquote(parts.path) or "/")
    return f"{path}?{iri_to_uri(parts.query)}" if parts.query else path


def record_move(old_path, new_path):
    """
    Make `old_path` answer 301 with `new_path`, and keep every earlier address one hop away: redirects that led to
    `old_path` now lead to `new_path`, and a redirect away from `new_path` is dropped (the address is live
    again). Raises UnrecordableMove for an address the table cannot hold. Returns the Redirect, or None when
    nothing moved.
    """
    old_path, new_path = normalise_path(old_path), normalise_path(new_path)
    for path in (old_path, new_path):
        if not path.startswith("/") or len(path) > MAX_PATH_LENGTH:
            raise UnrecordableMove(path)
    if old_path == new_path:
        return None
    site_redirects = Redirect.objects.filter(site_id=settings.SITE_ID)
    site_redirects.filter(old_path=new_path).delete()
    site_redirects.filter(new_path=old_path).update(new_path=new_path)
    redirect, _created = Redirect.objects.update_or_create(
        site_id=settings.SITE_ID, old_path=old_path, defaults={"new_path": new_path}
    )
    return redirect


# How long browsers and a CDN may keep an answer from the table. A 301 with no Cache-Control is kept by browsers
# for good, and an address an article moves back to would then loop for whoever kept the redirect away from it.
REDIRECT_MAX_AGE = 60 * 60


class RedirectFallbackMiddleware(middleware.RedirectFallbackMiddleware):
    """
    Django's, which answers an address the table holds; and for one with a query string that it does not hold,
    the table's answer for the path alone, the query string carried along: a shared link's tracking parameters
    or a list's page number do not turn a moved address into a 404. Its answers are kept an hour at most.
    """

    def process_response(self, request, response):
        answer = super().process_response(request, response)
        query = request.META.get("QUERY_STRING", "")
        if answer.status_code == 404 and query:
            answer = self.by_path_alone(request, query) or answer
        if answer is not response:
            patch_cache_control(answer, public=True, max_age=REDIRECT_MAX_AGE)
        return answer

    def by_path_alone(self, request, query):
        path = request.get_full_path().partition("?")[0]
        moved = Redirect.objects.filter(site=get_current_site(request), old_path=path).first()
        if moved is None:
            return None
        if not moved.new_path:
            return self.response_gone_class()
        separator = "&" if "?" in moved.new_path else "?"
        return self.response_redirect_class(f"{moved.new_path}{separator}{iri_to_uri(query)}")


# Rows read and written per query when many addresses move at once.
BATCH_SIZE = 500


def record_moves(moves):
    """
    record_move() for many addresses at once, in a few queries per BATCH_SIZE moves rather than several per move
    (a renamed section moves every article in it). `moves` is an iterable of (old_path, new_path) pairs that do
    not lead into each other; one that does is recorded move by move.
    """
    pairs = {}
    for old_path, new_path in moves:
        old_path, new_path = normalise_path(old_path), normalise_path(new_path)
        for path in (old_path, new_path):
            if not path.startswith("/") or len(path) > MAX_PATH_LENGTH:
                raise UnrecordableMove(path)
        if old_path != new_path:
            pairs[old_path] = new_path
    if set(pairs) & set(pairs.values()):
        for old_path, new_path in pairs.items():
            record_move(old_path, new_path)
        return
    site_redirects = Redirect.objects.filter(site_id=settings.SITE_ID)
    items = list(pairs.items())
    for start in range(0, len(items), BATCH_SIZE):
        batch = dict(items[start : start + BATCH_SIZE])
        site_redirects.filter(old_path__in=batch.values()).delete()
        # Addresses that led to a moved one now lead where it went; a moved address already in the table is
        # pointed at its new place.
        existing = {redirect.old_path: redirect for redirect in site_redirects.filter(old_path__in=batch)}
        changed = [
            redirect
            for redirect in site_redirects.filter(new_path__in=batch)
            if redirect.old_path not in batch
        ]
        for redirect in changed:
            redirect.new_path = batch[redirect.new_path]
        for old_path, redirect in existing.items():
            redirect.new_path = batch[old_path]
        Redirect.objects.bulk_update([*changed, *existing.values()], ["new_path"])
        Redirect.objects.bulk_create(
            Redirect(site_id=settings.SITE_ID, old_path=old_path, new_path=new_path)
            for old_path, new_path in batch.items()
            if old_path not in existing
        )
