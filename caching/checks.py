from django.conf import settings
from django.core import checks

MIDDLEWARE = "caching.pages.PageCacheMiddleware"
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
                f"{MIDDLEWARE} is missing from MIDDLEWARE: pages marked @cached_page would never be stored.",
                id="caching.E001",
            )
        ]
    position = settings.MIDDLEWARE.index(MIDDLEWARE)
    above = [name for name in BELOW if name in settings.MIDDLEWARE[:position]]
    if above:
        return [
            checks.Error(
                f"{MIDDLEWARE} must come before {', '.join(above)} in MIDDLEWARE, to see the cookies they set.",
                id="caching.E002",
            )
        ]
    return []
