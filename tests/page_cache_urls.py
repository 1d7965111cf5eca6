"""The site's URLs and a few cached views whose responses turn out personal, for the page cache's tests."""

from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path
from django.utils.cache import patch_cache_control, patch_vary_headers

from caching.pages import cached_page
from newsroom.urls import urlpatterns as site_urlpatterns


@cached_page
def sets_a_cookie(request):
    response = HttpResponse("Hello.")
    response.set_cookie("seen", "yes")
    return response


@cached_page
def varies_on_cookies(request):
    response = HttpResponse("Hello.")
    patch_vary_headers(response, ["Cookie"])
    return response


@cached_page
def reads_the_session(request):
    return HttpResponse(f"Hello, visitor number {request.session.get('number', 1)}.")


@cached_page
def greets_the_user(request):
    return HttpResponse(f"Hello, {request.user}.")


@cached_page
def carries_a_csrf_token(request):
    return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')


@cached_page
def says_it_is_private(request):
    response = HttpResponse("Only yours.")
    patch_cache_control(response, private=True)
    return response


@cached_page
def leaves_a_message(request):
    messages.info(request, "Welcome back.")
    return HttpResponse("Hello.")


PERSONAL = [sets_a_cookie, varies_on_cookies, reads_the_session, greets_the_user, carries_a_csrf_token]
PERSONAL += [says_it_is_private, leaves_a_message]

urlpatterns = [
    *(path(f"personal/{view.__name__}/", view, name=view.__name__) for view in PERSONAL),
    *site_urlpatterns,
]
