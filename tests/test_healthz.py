from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthy(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_database_down_answers_503(client):
    with mock.patch("newsroom.health.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_cache_down_is_degraded_but_still_200(client, settings):
    # A Redis server that is not there: connection refused on every call.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "degraded"}
