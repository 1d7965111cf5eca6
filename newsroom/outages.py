"""
What a reader gets while the database is unreachable: a short 503 page asking to try again in a few seconds
(temporary, for readers, the load balancer and crawlers alike) instead of the 500 page of a fault. Any other
failure is still Django's 500.

It is the site's `handler500`, so it answers database failures wherever they happen: in a view, a template or a
middleware. The servers need no restart when the database returns: each request checks its connection first
(CONN_HEALTH_CHECKS) and opens a new one.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

# Connection refused, dropped or closed: the database is away, not the request at fault.
DATABASE_AWAY = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


@requires_csrf_token
def server_error(request):
    if not isinstance(sys.exception(), DATABASE_AWAY):
        return defaults.server_error(request)
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
