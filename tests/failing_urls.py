"""The site's URLs and two more whose views crash, for the 500 page and the database-outage 503 page."""

from django.db import OperationalError
from django.urls import path

from newsroom.urls import handler500  # noqa: F401 - the site's error pages
from newsroom.urls import urlpatterns as site_urlpatterns


def explode(request):
    raise RuntimeError("a deliberate failure")


def database_away(request):
    raise OperationalError("connection refused: is the server running on that host?")


urlpatterns = [
    path("explode/", explode, name="explode"),
    path("database-away/", database_away, name="database-away"),
    *site_urlpatterns,
]
