"""
The benchmark's yardstick: a one-view Django project with no middleware, no database and no templates, served
by the same Python and the same gunicorn command as the site (`gunicorn bench.baseline:application`). Every
page's speed in docs/performance.md is given as a share of this one's, measured in the same run.
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="baseline-only-secret-key-never-used-for-signing-anything",  # noqa: S106
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)


def hello(request):
    return HttpResponse("Hello, world.", content_type="text/plain; charset=utf-8")


urlpatterns = [path("", hello)]

application = get_wsgi_application()
