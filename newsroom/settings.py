"""
newsroom's one settings module. Every value comes from the environment (or an optional `.env` file);
defaults are safe for production, and local development opts in to comfort with DEBUG=true.
"""

import re
import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def refuse_to_start(variable, problem):
    """Stop start-up with one line that names the variable, instead of a traceback."""
    print(f"newsroom: configuration error: {variable} {problem}", file=sys.stderr)
    # 3 is gunicorn's "worker failed to boot": the server stops instead of respawning workers forever.
    raise SystemExit(3)


TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off", ""}


def strict_bool(variable, default):
    """Like env.bool, but "perhaps" is an error instead of a silent False."""
    value = env.str(variable, default=str(default)).strip().lower()
    if value not in TRUE_WORDS | FALSE_WORDS:
        raise ValueError(f"expected true or false, got {value!r}")
    return value in TRUE_WORDS


def read(variable, cast, **kwargs):
    try:
        return cast(variable, **kwargs)
    except (ImproperlyConfigured, ValueError, TypeError) as exc:
        refuse_to_start(variable, f"is malformed ({exc}).")


DEBUG = read("DEBUG", strict_bool, default=False)


def required_in_production(variable, cast, local_default):
    if variable in env.ENVIRON:
        return read(variable, cast)
    if DEBUG:
        return local_default
    refuse_to_start(variable, "is required when DEBUG is off; see .env.example.")


SECRET_KEY = required_in_production("SECRET_KEY", env.str, "insecure-local-development-key")
if not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    refuse_to_start("SECRET_KEY", "is too weak: use at least 50 random characters.")

ALLOWED_HOSTS = required_in_production("ALLOWED_HOSTS", env.list, ["127.0.0.1", "localhost"])
if not DEBUG and not ALLOWED_HOSTS:
    refuse_to_start("ALLOWED_HOSTS", "is empty: list the host names the site answers to.")

DATABASES = {
    "default": required_in_production(
        "DATABASE_URL", env.db_url, env.db_url_config(f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
if DATABASES["default"].get("ENGINE") not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
    refuse_to_start("DATABASE_URL", "must be a postgres:// or sqlite:// URL.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a comment is written; IMMEDIATE avoids "database is locked"
    # when two writers upgrade their transactions at once.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = read("CONN_MAX_AGE", env.int, default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

CACHES = {"default": read("CACHE_URL", env.cache_url, default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same backend, keeping its clients (caching/redis.py). A Redis that stops answering must cost a page a
    # second at most, never hang it (options in the URL win).
    CACHES["default"]["BACKEND"] = "caching.redis.RedisCache"
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": 1,
        "socket_timeout": 1,
        **CACHES["default"].get("OPTIONS", {}),
    }
# The page cache (caching/, docs/caching.md), in seconds: how long a page is kept at most (any change it shows
# renews it at once), how long browsers and a CDN may keep it, and how long a CDN may serve it stale while it
# fetches it again; and a hook told of every change, to purge a CDN.
PAGE_CACHE_TIMEOUT = read("PAGE_CACHE_TIMEOUT", env.int, default=3600)
PAGE_CACHE_MAX_AGE = read("PAGE_CACHE_MAX_AGE", env.int, default=60)
PAGE_CACHE_S_MAXAGE = read("PAGE_CACHE_S_MAXAGE", env.int, default=60)
PAGE_CACHE_STALE_WHILE_REVALIDATE = read("PAGE_CACHE_STALE_WHILE_REVALIDATE", env.int, default=30)
# Bytes of stored pages each process keeps in its memory, served while their generations are current.
PAGE_CACHE_LOCAL_BYTES = read("PAGE_CACHE_LOCAL_BYTES", env.int, default=32 * 1024 * 1024)
if PAGE_CACHE_TIMEOUT < 1:
    refuse_to_start("PAGE_CACHE_TIMEOUT", "must be 1 or more.")
for variable in [
    "PAGE_CACHE_MAX_AGE",
    "PAGE_CACHE_S_MAXAGE",
    "PAGE_CACHE_STALE_WHILE_REVALIDATE",
    "PAGE_CACHE_LOCAL_BYTES",
]:
    if globals()[variable] < 0:
        refuse_to_start(variable, "must be 0 or more.")
PAGE_CACHE_PURGE_HOOK = read("PAGE_CACHE_PURGE_HOOK", env.str, default="")
if PAGE_CACHE_PURGE_HOOK and not re.fullmatch(
    r"https?://\S+|[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+", PAGE_CACHE_PURGE_HOOK
):
    refuse_to_start("PAGE_CACHE_PURGE_HOOK", "must be an http(s):// URL or a dotted path to a function.")
# Printing mail is right on a laptop; in production it would lose mail silently, so the default there
# is the local mail transfer agent.
email = read("EMAIL_URL", env.email_url, default="consolemail://" if DEBUG else "smtp://localhost:25")
MAILERS = {
    "default": {
        "BACKEND": email["EMAIL_BACKEND"],
        "OPTIONS": {
            option: email[key]
            for option, key in [
                ("host", "EMAIL_HOST"),
                ("port", "EMAIL_PORT"),
                ("username", "EMAIL_HOST_USER"),
                ("password", "EMAIL_HOST_PASSWORD"),
                ("use_tls", "EMAIL_USE_TLS"),
                ("use_ssl", "EMAIL_USE_SSL"),
            ]
            if email.get(key) and email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
        },
    }
}
DEFAULT_FROM_EMAIL = read("DEFAULT_FROM_EMAIL", env.str, default="newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SITE_NAME = read("SITE_NAME", env.str, default="Newsroom")
SITE_URL = read("SITE_URL", env.url, default="http://127.0.0.1:8000").geturl().rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.flatpages",
    # The redirect table: moved addresses answer 301 (articles/redirects.py).
    "django.contrib.redirects",
    # Full-text search on PostgreSQL (harmless on SQLite), and the sitemap templates.
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_prose_editor",
    "accounts",
    "articles",
    "comments",
    "images",
    "pages",
    "wordpress",
    "caching",
]
# One site: the flat pages (About, Contact, Privacy) belong to it.
SITE_ID = 1

MIDDLEWARE = [
    # Outermost: each page is compressed as finally sent, from the page cache or not (newsroom/compression.py).
    "newsroom.compression.PageCompressionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Right below SecurityMiddleware (its HTTPS redirect first): a cached page is answered before anything else
    # runs, and a page is stored with what every middleware below added (its policy headers, and any cookie or
    # Vary: Cookie, which keep it out of the cache).
    "caching.pages.PageCacheMiddleware",
    # Above WhiteNoise, so that static files carry these headers too (an SVG file can hold a script).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "newsroom.security.AdminPolicyMiddleware",
    "newsroom.security.RequestLimitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The discussion settings are read once per request at most.
    "comments.discussion.RequestMemoMiddleware",
    # WordPress's query-string addresses (/?p=123) of imported content (wordpress/middleware.py).
    "wordpress.middleware.WordPressAddressMiddleware",
    # The redirect table, consulted only for responses that are 404, so it comes last.
    "articles.redirects.RedirectFallbackMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # The CSP nonce, for the admin's templates; public templates never use it.
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Only staff log in. Their sessions last SESSION_COOKIE_AGE seconds (two weeks by default), or end when
# the browser closes with SESSION_EXPIRE_AT_BROWSER_CLOSE on.
SESSION_COOKIE_AGE = read("SESSION_COOKIE_AGE", env.int, default=14 * 24 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = read("SESSION_EXPIRE_AT_BROWSER_CLOSE", strict_bool, default=False)
# Admin login throttling (accounts/throttle.py): after LOGIN_FAILURE_LIMIT failures within
# LOGIN_LOCKOUT_SECONDS for one username or from one address, logins are refused until they age out.
LOGIN_FAILURE_LIMIT = read("LOGIN_FAILURE_LIMIT", env.int, default=5)
LOGIN_LOCKOUT_SECONDS = read("LOGIN_LOCKOUT_SECONDS", env.int, default=15 * 60)
# The admin's path. Moving it away from the well-known admin/ keeps most password-guessing bots out.
ADMIN_URL = read("ADMIN_URL", env.str, default="admin/")
if not re.fullmatch(r"([A-Za-z0-9._~-]+/)+", ADMIN_URL):
    refuse_to_start("ADMIN_URL", "must be a path such as admin/ or desk/: no leading slash, one at the end.")

# One interface language per deployment, chosen here and never per reader (no LocaleMiddleware), so a
# page's HTML is the same for every reader and can be cached.
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LANGUAGE_CODE = read("LANGUAGE_CODE", env.str, default="en").lower()
if LANGUAGE_CODE not in dict(LANGUAGES):
    refuse_to_start("LANGUAGE_CODE", f"must be one of: {', '.join(dict(LANGUAGES))}.")
TIME_ZONE = read("TIME_ZONE", env.str, default="UTC")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = read("STATIC_ROOT", env.path, default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = read("MEDIA_URL", env.str, default="/media/")
MEDIA_ROOT = read("MEDIA_ROOT", env.path, default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded images on S3-compatible object storage, shared by every app server, when a bucket is named.
# MEDIA_URL is then the bucket's public address (or its CDN's), which pages link to and the CSP allows.
# Object names never repeat, so objects are cached for a year; URLs are unsigned so that a page's HTML is
# the same for every reader.
MEDIA_S3_BUCKET = read("MEDIA_S3_BUCKET", env.str, default="")
if MEDIA_S3_BUCKET:
    public_media = re.fullmatch(r"(https?:)//([^/].*?)/?", MEDIA_URL)
    if not public_media:
        refuse_to_start(
            "MEDIA_URL", "must be the bucket's public https:// address when MEDIA_S3_BUCKET is set."
        )
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": read("MEDIA_S3_ENDPOINT_URL", env.str, default="") or None,
            "region_name": read("MEDIA_S3_REGION", env.str, default="") or None,
            "access_key": read("MEDIA_S3_ACCESS_KEY_ID", env.str, default="") or None,
            "secret_key": read("MEDIA_S3_SECRET_ACCESS_KEY", env.str, default="") or None,
            "location": read("MEDIA_S3_PREFIX", env.str, default=""),
            "url_protocol": public_media[1],
            "custom_domain": public_media[2],
            "querystring_auth": False,
            "default_acl": read("MEDIA_S3_ACL", env.str, default="") or None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
# Uploaded images: the largest file in bytes and the most pixels (width × height) accepted. Pixels bound
# the memory an upload takes to decode, whatever its file size.
IMAGE_UPLOAD_MAX_BYTES = read("IMAGE_UPLOAD_MAX_BYTES", env.int, default=25 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = read("IMAGE_UPLOAD_MAX_PIXELS", env.int, default=50_000_000)
for variable in ["IMAGE_UPLOAD_MAX_BYTES", "IMAGE_UPLOAD_MAX_PIXELS"]:
    if globals()[variable] < 1:
        refuse_to_start(variable, "must be 1 or more.")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# HTTPS and the load balancer. Production values by default; each can be switched off by environment
# for a deployment whose TLS ends at a proxy that already enforces it.
SECURE_SSL_REDIRECT = read("SECURE_SSL_REDIRECT", strict_bool, default=not DEBUG)
SESSION_COOKIE_SECURE = read("SESSION_COOKIE_SECURE", strict_bool, default=not DEBUG)
CSRF_COOKIE_SECURE = read("CSRF_COOKIE_SECURE", strict_bool, default=not DEBUG)
SECURE_HSTS_SECONDS = read("SECURE_HSTS_SECONDS", env.int, default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = read("SECURE_HSTS_INCLUDE_SUBDOMAINS", strict_bool, default=not DEBUG)
SECURE_HSTS_PRELOAD = read("SECURE_HSTS_PRELOAD", strict_bool, default=not DEBUG)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content Security Policy. Public pages run no inline script and carry no nonce, so their header is the
# same for every reader and is cached with the page (JSON-LD blocks are data, never run, and need no
# allowance). Admin pages, never cached, get a nonce per response for the admin's own inline scripts and
# styles: newsroom.security.AdminPolicyMiddleware puts ADMIN_CSP on them.
media_origin = re.match(r"https?://[^/]+", MEDIA_URL)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([media_origin[0]] if media_origin else [])],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.NONCE],
    # The hash is the rich-text editor's base stylesheet, which it injects as a <style> element without a
    # nonce (tests/test_security_headers.py checks it against the installed editor).
    "style-src": [CSP.SELF, CSP.NONCE, "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
}

# Request sizes, set deliberately. Readers send small forms (a comment is a few kilobytes); only the admin
# takes uploads. A body declared larger than its cap is refused with 413 before a byte of it is read.
REQUEST_MAX_BYTES = read("REQUEST_MAX_BYTES", env.int, default=1024 * 1024)
ADMIN_REQUEST_MAX_BYTES = read("ADMIN_REQUEST_MAX_BYTES", env.int, default=64 * 1024 * 1024)
# Query strings longer than this are refused with 414 (gunicorn refuses request lines over 4 KiB already).
REQUEST_MAX_QUERY_STRING = 4096
# Form fields (files aside) read into memory per request, and how many fields and files; uploads larger
# than FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file instead of memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
for variable in [
    "SESSION_COOKIE_AGE",
    "LOGIN_FAILURE_LIMIT",
    "LOGIN_LOCKOUT_SECONDS",
    "REQUEST_MAX_BYTES",
    "ADMIN_REQUEST_MAX_BYTES",
]:
    if globals()[variable] < 1:
        refuse_to_start(variable, "must be 1 or more.")

proxy_ssl_header = read("SECURE_PROXY_SSL_HEADER", env.tuple, default=())
if proxy_ssl_header and len(proxy_ssl_header) != 2:
    refuse_to_start(
        "SECURE_PROXY_SSL_HEADER", "must be two values: HEADER,value (HTTP_X_FORWARDED_PROTO,https)."
    )
SECURE_PROXY_SSL_HEADER = proxy_ssl_header or None

TRUSTED_PROXIES = read("TRUSTED_PROXIES", env.list, default=[])
try:
    from newsroom.client_ip import parse_networks

    TRUSTED_PROXY_NETWORKS = parse_networks(TRUSTED_PROXIES)
except ValueError as exc:
    refuse_to_start("TRUSTED_PROXIES", f"is malformed ({exc}).")

# Comments: nesting levels, top-level comments per page, longest comment (characters), and how long the
# comment form in a (possibly cached) page stays valid, in seconds. See docs/comments.md.
COMMENTS_MAX_DEPTH = read("COMMENTS_MAX_DEPTH", env.int, default=3)
COMMENTS_PER_PAGE = read("COMMENTS_PER_PAGE", env.int, default=50)
COMMENTS_MAX_LENGTH = read("COMMENTS_MAX_LENGTH", env.int, default=5000)
COMMENTS_FORM_MAX_AGE = read("COMMENTS_FORM_MAX_AGE", env.int, default=7 * 24 * 3600)
# Days a comment keeps the IP address and browser it was sent from (purge_comments erases them after).
COMMENTS_IP_ADDRESS_DAYS = read("COMMENTS_IP_ADDRESS_DAYS", env.int, default=30)
for variable in [
    "COMMENTS_MAX_DEPTH",
    "COMMENTS_PER_PAGE",
    "COMMENTS_MAX_LENGTH",
    "COMMENTS_FORM_MAX_AGE",
    "COMMENTS_IP_ADDRESS_DAYS",
]:
    if globals()[variable] < 1:
        refuse_to_start(variable, "must be 1 or more.")
# Notifications: the moderators' digest of newly held comments at most once per this many minutes (0: none),
# and whether an article's authors are told of newly approved comments on it.
COMMENTS_DIGEST_MINUTES = read("COMMENTS_DIGEST_MINUTES", env.int, default=15)
if COMMENTS_DIGEST_MINUTES < 0:
    refuse_to_start("COMMENTS_DIGEST_MINUTES", "must be 0 or more.")
COMMENTS_NOTIFY_AUTHORS = read("COMMENTS_NOTIFY_AUTHORS", strict_bool, default=False)

# Editorial workflow: how long a preview share link (for people without an account) works, in hours.
SHARE_LINK_HOURS = read("SHARE_LINK_HOURS", env.int, default=48)
if SHARE_LINK_HOURS < 1:
    refuse_to_start("SHARE_LINK_HOURS", "must be 1 or more.")

# Logs go to stdout, where the process manager collects them: one JSON object a line in production
# (newsroom/logs.py), plain lines with DEBUG on. LOG_LEVEL applies to Django's own loggers too.
log_level = read("LOG_LEVEL", env.str, default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "newsroom.logs.JSONFormatter"},
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": sys.stdout,
            "formatter": "plain" if DEBUG else "json",
        }
    },
    "root": {"handlers": ["console"], "level": log_level},
    "loggers": {"django": {"level": log_level}, "django.db.backends": {"level": "INFO"}},
}
