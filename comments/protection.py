"""
How the comment form is protected without a per-reader CSRF token (docs/comments.md explains why).

The article page is the same for every anonymous reader, so it cannot carry Django's CSRF token.
Instead a post must bring a form token signed for its article (the same for everyone for an hour, valid
for COMMENTS_FORM_MAX_AGE), come from a page of this site (Sec-Fetch-Site, or else Origin or Referer),
and leave the trap field empty.
"""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing

FORM_SIGNING_SALT = "comments.form-token"
POSTED_LINK_SALT = "comments.posted-link"
STARTED_SALT = "comments.form-started"
# Form tokens issued within the same hour are identical, so a page rendered twice says the same thing.
FORM_TOKEN_PERIOD = 3600
# How long the link to a commenter's own view of their comment keeps working.
POSTED_LINK_MAX_AGE = 2 * 24 * 3600


class FormTokenExpired(Exception):
    pass


class FormTokenInvalid(Exception):
    pass


class PeriodSigner(signing.TimestampSigner):
    """A timestamp signer whose timestamp is the start of the current period, not the current second."""

    def timestamp(self):
        now = int(time.time())
        return signing.b62_encode(now - now % FORM_TOKEN_PERIOD)


def form_token(article_id):
    return PeriodSigner(salt=FORM_SIGNING_SALT).sign(str(article_id))


def check_form_token(token, article_id):
    """Raise FormTokenInvalid for a forged token or one for another article, FormTokenExpired for an old one."""
    try:
        value = PeriodSigner(salt=FORM_SIGNING_SALT).unsign(token, max_age=settings.COMMENTS_FORM_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise FormTokenExpired from exc
    except signing.BadSignature as exc:
        raise FormTokenInvalid from exc
    if value != str(article_id):
        raise FormTokenInvalid


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else None


def comes_from_this_site(request):
    """
    Whether the browser says the post was sent by one of this site's pages. Sec-Fetch-Site is the
    browser's own verdict; browsers without it send Origin (or at least Referer). A request carrying
    none of them is refused: every browser that can be tricked into posting sends one.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin") or _origin(request.headers.get("Referer", ""))
    if not origin or origin == "null":
        return False
    return origin.lower() in _own_origins(request)


def _own_origins(request):
    # get_host() has been checked against ALLOWED_HOSTS by CommonMiddleware before any view runs.
    return {
        f"{request.scheme}://{request.get_host()}".lower(),
        _origin(settings.SITE_URL),
        *(_origin(url) for url in settings.CSRF_TRUSTED_ORIGINS),
    }


def posted_link_token(comment):
    return signing.dumps(comment.pk, salt=POSTED_LINK_SALT)


def comment_id_from_posted_link(token):
    """The comment id a posted-link token names, or None when it is forged or too old."""
    try:
        return signing.loads(token, salt=POSTED_LINK_SALT, max_age=POSTED_LINK_MAX_AGE)
    except signing.BadSignature:
        return None


def started_token():
    """
    The time now, signed: comments.js fetches it (never cached) when a reader starts on the form and sends
    it with the comment, so the server can tell how long writing took by its own clock.
    """
    return signing.dumps(time.time(), salt=STARTED_SALT)


def seconds_since_started(token):
    """Seconds since a started token was issued; None when missing, forged or older than a form lives (unknown)."""
    if not token:
        return None
    try:
        started = signing.loads(token, salt=STARTED_SALT, max_age=settings.COMMENTS_FORM_MAX_AGE)
    except signing.BadSignature:
        return None
    return time.time() - started
