"""Protections that belong to no single view: the admin's own Content Security Policy, and request limits."""

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

# Browsers need no other: the site has no API, and nothing is served cross-origin.
ALLOWED_METHODS = ["GET", "HEAD", "POST"]


def is_admin_request(request):
    return request.path_info.startswith(f"/{settings.ADMIN_URL}")


class AdminPolicyMiddleware:
    """
    Admin responses get ADMIN_CSP (scripts and styles allowed by a per-response nonce) instead of the public
    policy, and are never cached: a nonce in a cached page could be replayed by whoever sees it next.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_admin_request(request):
            # Read by django.middleware.csp.ContentSecurityPolicyMiddleware, which runs after this.
            response._csp_config = settings.ADMIN_CSP
            add_never_cache_headers(response)
        return response


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        # Django reads a malformed length as an empty body; so do we.
        return 0


class RequestLimitsMiddleware:
    """
    Refuse cheaply, before any view runs, what no page of the site accepts:
    - a method other than GET, HEAD and POST (405);
    - a body declared larger than REQUEST_MAX_BYTES, or ADMIN_REQUEST_MAX_BYTES in the admin, which takes
      uploads (413), before any of it is read: Django caps the form fields it holds in memory, but streams
      uploaded files to disk whatever their size, and readers have nothing to upload;
    - a query string longer than REQUEST_MAX_QUERY_STRING (414), whichever server is in front.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        limit = settings.ADMIN_REQUEST_MAX_BYTES if is_admin_request(request) else settings.REQUEST_MAX_BYTES
        if declared_length(request) > limit:
            return render(request, "413.html", status=413)
        if len(request.META.get("QUERY_STRING", "")) > settings.REQUEST_MAX_QUERY_STRING:
            return render(request, "414.html", status=414)
        return self.get_response(request)
