"""Numbered pages on section, author and topic lists: bounded, and every odd page number is a clean 404."""

import pytest

from articles.pagination import BoundedPaginator
from articles.views import PublishedArticleList
from tests.bulk import publish_many
from tests.factories import make_article, make_author, make_section, make_topic
from tests.page_html import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_section():
    section = make_section(slug="busy")
    publish_many(section, 45)
    return section


@pytest.mark.parametrize("page", ["", "1", "2", "3", "last"])
def test_existing_pages_answer(client, busy_section, page):
    assert client.get("/busy/", {"page": page} if page else {}).status_code == 200


@pytest.mark.parametrize("page", ["0", "-1", "abc", "4", "1.5", "99999999999999999999", "%00"])
def test_impossible_page_numbers_are_404_never_an_error(client, busy_section, page):
    response = client.get("/busy/", {"page": page})
    assert response.status_code == 404
    assert "Page not found" in Page(response.text).texts


def test_pages_are_numbered_with_the_current_one_marked(client, busy_section):
    page = Page(client.get("/busy/?page=2").text)
    nav = page.find_all("nav", aria_label="Pages")
    assert nav
    assert page.find_all("a", href="/busy/", aria_label="Page 1")
    assert page.find_all("a", href="?page=2", aria_current="page")
    assert page.find_all("a", href="?page=3", aria_label="Page 3")
    assert page.find_all("a", href="/busy/", rel="prev")
    assert page.find_all("a", href="?page=3", rel="next")


def test_first_page_has_no_newer_link_and_last_no_older_link(client, busy_section):
    first = Page(client.get("/busy/").text)
    assert not first.find_all("a", rel="prev") and first.find_all("a", rel="next")
    last = Page(client.get("/busy/?page=3").text)
    assert last.find_all("a", rel="prev") and not last.find_all("a", rel="next")


def test_a_list_that_fits_on_one_page_shows_no_page_numbers(client):
    make_article(section=make_section(slug="quiet"))
    assert not Page(client.get("/quiet/").text).find_all("nav", aria_label="Pages")


def test_many_pages_are_elided_around_the_current_one(client, busy_section, monkeypatch):
    monkeypatch.setattr(PublishedArticleList, "paginate_by", 2)
    page = Page(client.get("/busy/?page=12").text)
    numbers = [
        attrs["aria-label"] for attrs in page.find_all("a") if attrs.get("aria-label", "").startswith("Page ")
    ]
    assert numbers == [
        "Page 1",
        "Page 2",
        "Page 10",
        "Page 11",
        "Page 12",
        "Page 13",
        "Page 14",
        "Page 22",
        "Page 23",
    ]
    assert "…" in page.texts


def test_pages_stop_at_the_bound_and_say_so_on_the_last(client, busy_section, monkeypatch):
    monkeypatch.setattr(PublishedArticleList, "paginate_by", 10)
    monkeypatch.setattr(BoundedPaginator, "max_pages", 3)
    last = client.get("/busy/?page=3")
    assert last.status_code == 200
    page = Page(last.text)
    assert "Only the newest 30 articles are listed page by page." in page.texts
    assert page.find_all("a", href="/archive/")
    assert client.get("/busy/?page=4").status_code == 404
    assert client.get("/busy/?page=last").context["page_obj"].number == 3


def test_a_list_within_the_bound_says_nothing_about_it(client, busy_section):
    assert "listed page by page" not in client.get("/busy/?page=3").text


def test_the_paginator_counts_no_further_than_the_bound(busy_section, django_assert_num_queries):
    from articles.models import Article

    paginator = BoundedPaginator(Article.objects.published(), per_page=10)
    paginator.max_pages = 2
    with django_assert_num_queries(1) as captured:
        assert paginator.count == 20
        assert paginator.truncated
    assert "LIMIT 21" in captured.captured_queries[0]["sql"]


@pytest.mark.parametrize("kind", ["author", "topic"])
def test_author_and_topic_lists_paginate_the_same_way(client, kind):
    owner = make_author() if kind == "author" else make_topic()
    publish_many(make_section(), 21, **{f"{kind}s": [owner]})
    url = owner.get_absolute_url()
    assert client.get(url, {"page": 2}).status_code == 200
    for page in ["0", "3", "x"]:
        assert client.get(url, {"page": page}).status_code == 404
