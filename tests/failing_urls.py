"""The site's URLs and one more whose view crashes, for the 500 page."""

from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns


def explode(request):
    raise RuntimeError("a deliberate failure")


urlpatterns = [path("explode/", explode, name="explode"), *site_urlpatterns]
