"""While the database is away readers get a short 503 page to try again shortly; any other fault is a 500."""

from unittest import mock

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse

from soak.load import judge
from tests.factories import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.failing_urls")]


@pytest.fixture
def server():
    """A client that turns a crash into the error page instead of raising, as a server would."""
    return Client(raise_request_exception=False)


def assert_outage_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Back in a moment" in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_a_database_failure_in_a_view_answers_the_short_503_page(server):
    assert_outage_page(server.get(reverse("database-away")))


def test_every_page_answers_503_while_the_database_refuses_connections(server, no_cache):
    article = make_article()
    refused = OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")
    with mock.patch.object(connection, "ensure_connection", side_effect=refused):
        for url in [reverse("articles:home"), article.get_absolute_url(), reverse("articles:archive")]:
            assert_outage_page(server.get(url))


def test_any_other_failure_is_still_the_500_page(server):
    response = server.get(reverse("explode"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "Retry-After" not in response


def test_the_soak_tells_the_outage_page_from_a_fault(server):
    """The soak (soak/load.py) counts only this page as the expected answer while its database is away."""
    assert judge(503, server.get(reverse("database-away")).content.decode()) is None
    assert judge(500, server.get(reverse("explode")).content.decode()) is not None
