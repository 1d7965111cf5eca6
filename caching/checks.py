from django.conf import settings
from django.core import checks

MIDDLEWARE = "caching.pages.PageCacheMiddleware"
# Its HTTPS redirect must come before any page is answered from the cache.
ABOVE = ["django.middleware.security.SecurityMiddleware"]
# Middleware that may set cookies or Vary: Cookie on a response: the page cache must see their work.
BELOW = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]


@checks.register()
def page_cache_middleware_placed(app_configs, **kwargs):
    if MIDDLEWARE not in settings.MIDDLEWARE:
        return [
            checks.Error(
                f"{MIDDLEWARE} is missing from MIDDLEWARE: pages marked @cached_page would never be cached.",
                id="caching.E001",
            )
        ]
    position = settings.MIDDLEWARE.index(MIDDLEWARE)
    misplaced = [name for name in BELOW if name in settings.MIDDLEWARE[:position]]
    misplaced += [name for name in ABOVE if name in settings.MIDDLEWARE[position:]]
    if misplaced:
        return [
            checks.Error(
                f"{MIDDLEWARE} must come after {', '.join(ABOVE)} and before {', '.join(BELOW)} in MIDDLEWARE.",
                hint=f"Misplaced against: {', '.join(misplaced)}.",
                id="caching.E002",
            )
        ]
    return []
