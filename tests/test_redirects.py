import pytest
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.redirects import MAX_PATH_LENGTH, UnrecordableMove, normalise_path, record_move
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def redirects():
    return dict(Redirect.objects.values_list("old_path", "new_path"))


def test_a_moved_address_answers_301_with_the_new_one(client):
    article = make_article()
    record_move("/old/address/", article.get_absolute_url())
    response = client.get("/old/address/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    # Kept an hour at most: a browser keeping it for good would loop should the article move back.
    assert response["Cache-Control"] == "public, max-age=3600"
    assert "max-age" not in client.get("/no/such/page/").get("Cache-Control", "")


def test_a_moved_address_with_a_query_string_takes_it_along(client):
    article = make_article()
    new = article.get_absolute_url()
    record_move("/old/address/", new)
    response = client.get("/old/address/", {"utm_source": "social", "page": "2"})
    assert (response.status_code, response["Location"]) == (301, f"{new}?utm_source=social&page=2")
    record_move("/with/query/?p=7", new)  # an address recorded with its query string is answered as recorded
    assert client.get("/with/query/", {"p": "7"})["Location"] == new
    Redirect.objects.create(site_id=1, old_path="/removed/", new_path="")
    gone = client.get("/removed/", {"utm_source": "social"})
    assert gone.status_code == 410 and gone["Cache-Control"] == "public, max-age=3600"
    assert client.get("/never/moved/", {"utm_source": "social"}).status_code == 404


def test_an_address_moved_twice_answers_in_one_hop():
    record_move("/first/", "/second/")
    record_move("/second/", "/third/")
    assert redirects() == {"/first/": "/third/", "/second/": "/third/"}


def test_moving_back_to_an_earlier_address_drops_its_redirect_and_leaves_no_loop():
    record_move("/a/", "/b/")
    record_move("/b/", "/a/")
    assert redirects() == {"/b/": "/a/"}


def test_moving_the_same_way_again_changes_nothing():
    first = record_move("/a/", "/b/")
    again = record_move("/a/", "/b/")
    assert first.pk == again.pk and redirects() == {"/a/": "/b/"}


def test_a_move_to_the_same_address_records_nothing():
    assert record_move("/a/", "/a/") is None
    assert redirects() == {}


def test_addresses_are_stored_as_requests_name_them(client):
    """Percent-encoding in either case, or none, finds the same redirect."""
    article = make_article()
    record_move("/2024/04/02/%e6%b8%af%e5%8f%a3/", article.get_absolute_url())
    assert redirects() == {"/2024/04/02/%E6%B8%AF%E5%8F%A3/": article.get_absolute_url()}
    assert client.get("/2024/04/02/港口/").status_code == 301
    assert normalise_path("https://old.example/a b/?p=1") == "/a%20b/?p=1"


def test_an_address_too_long_for_the_table_is_refused():
    with pytest.raises(UnrecordableMove):
        record_move("/" + "x" * MAX_PATH_LENGTH, "/b/")
    assert redirects() == {}


def test_a_live_page_wins_over_a_redirect_from_its_address(client):
    article = make_article()
    Redirect.objects.create(site_id=1, old_path=article.get_absolute_url(), new_path="/elsewhere/")
    assert client.get(article.get_absolute_url()).status_code == 200


def test_the_redirect_table_is_read_only_for_pages_that_are_not_found(client, no_cache):
    article = make_article()
    Site.objects.get_current()  # the site is cached per process after its first look-up
    with CaptureQueriesContext(connection) as found:
        client.get(article.get_absolute_url())
    assert not [query for query in found.captured_queries if "django_redirect" in query["sql"]]
    with CaptureQueriesContext(connection) as missing:
        assert client.get("/no/such/page/").status_code == 404
    assert len([query for query in missing.captured_queries if "django_redirect" in query["sql"]]) == 1
