"""The load balancer's question: may this app server take traffic?"""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        logger.exception("health check: database unreachable")
        return False


def cache_ok():
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:
        logger.warning("health check: cache unreachable", exc_info=True)
        return False


@never_cache
def healthz(request):
    """
    503 only when the database is down. A cache outage is reported as degraded but answers 200:
    pages are still served uncached, and dropping every server at once would be worse.
    """
    database = database_ok()
    status = {"database": "ok" if database else "down", "cache": "ok" if cache_ok() else "degraded"}
    return JsonResponse(status, status=200 if database else 503)
