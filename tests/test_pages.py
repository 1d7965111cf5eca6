import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Section
from tests.factories import make_article, make_author, make_section, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    section = make_section(name="World", slug="world")
    authors = [make_author(name="Ada Byline"), make_author(name="Ben Byline")]
    topics = [make_topic(name="Climate")]
    return make_article(
        section=section,
        authors=authors,
        topics=topics,
        headline="Rivers rise",
        slug="rivers-rise",
        standfirst="Towns prepare.",
        body="<h2>What happened</h2><p>Water came.</p>",
    )


def test_home_lists_latest_published_articles(client, story):
    response = client.get(reverse("articles:home"))
    assert response.status_code == 200
    assert "Rivers rise" in response.text
    assert story.get_absolute_url() in response.text


def test_article_page_shows_headline_standfirst_bylines_body_and_topics(client, story):
    response = client.get("/world/rivers-rise/")
    assert response.status_code == 200
    for text in ["Rivers rise", "Towns prepare.", "Ada Byline", "Ben Byline", "Water came.", "Climate"]:
        assert text in response.text
    assert response.text.index("Ada Byline") < response.text.index("Ben Byline")


def test_section_author_and_topic_pages_list_the_article(client, story):
    for url in [
        "/world/",
        story.authors[0].get_absolute_url(),
        story.topics.get().get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Rivers rise" in response.text


@pytest.mark.parametrize(
    "url",
    ["/nowhere/", "/world/nothing-here/", "/authors/nobody/", "/topics/nothing/", "/nowhere/rivers-rise/"],
)
def test_unknown_pages_answer_404_in_the_site_layout(client, story, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_article_under_the_wrong_section_is_404(client, story):
    make_section(slug="science")
    assert client.get("/science/rivers-rise/").status_code == 404


def test_list_pages_paginate(client):
    section = make_section(slug="busy")
    for _ in range(21):
        make_article(section=section)
    assert client.get("/busy/?page=2").status_code == 200
    assert client.get("/busy/?page=3").status_code == 404


def test_a_section_may_not_take_a_path_the_site_uses():
    with pytest.raises(ValidationError):
        Section(name="Authors", slug="authors").full_clean()
