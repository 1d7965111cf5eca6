"""
WordPress's addresses with a query string (/?p=123, /?page_id=2, /?cat=3, /?tag=slug), which the redirect table,
matching paths, cannot serve: they name the home page, which exists. They answer 301 with where the imported
record is now, or show the home page as before when it is not public (or was never imported).
"""

from django.http import HttpResponsePermanentRedirect

from wordpress.models import WordPressId

HOME_PATHS = frozenset({"/", "/index.php"})
# Query parameter → the kinds of record its id names, or (for slugs) its kind.
BY_ID = {
    "p": [WordPressId.Kind.POST, WordPressId.Kind.PAGE],
    "page_id": [WordPressId.Kind.PAGE],
    "cat": [WordPressId.Kind.CATEGORY],
    "author": [WordPressId.Kind.AUTHOR],
}
BY_SLUG = {
    "name": WordPressId.Kind.POST,
    "pagename": WordPressId.Kind.PAGE,
    "category_name": WordPressId.Kind.CATEGORY,
    "tag": WordPressId.Kind.TAG,
}


def imported_address(query):
    """Where the record a WordPress query string names is now, or None."""
    for parameter, kinds in BY_ID.items():
        if query.get(parameter, "").isdigit():
            ids = WordPressId.objects.filter(kind__in=kinds, wp_id=int(query[parameter]))
            return _public_url(ids)
    for parameter, kind in BY_SLUG.items():
        if query.get(parameter):
            # A nested page or category is named by its path: its own slug is the last part.
            slug = query[parameter].strip("/").rsplit("/", 1)[-1]
            return _public_url(WordPressId.objects.filter(kind=kind, wp_slug=slug))
    return None


def _public_url(ids):
    record = ids.with_targets().order_by("kind").first()
    return record.public_url() if record else None


class WordPressAddressMiddleware:
    """Costs nothing but a comparison on any other request: only the home page with a query string is looked at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in HOME_PATHS and request.GET and request.method in ("GET", "HEAD"):
            address = imported_address(request.GET)
            if address:
                return HttpResponsePermanentRedirect(address)
        return self.get_response(request)
