"""Sitemaps and robots.txt: every published article and the pages listing them, nothing unpublished."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.factories import make_article, make_author, make_section, make_topic

pytestmark = pytest.mark.django_db

SITE_URL = "https://news.example.org"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def public_site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def newsroom():
    """Published articles of different ages, and a draft and a scheduled article that must stay out."""
    with time_machine.travel(NOW, tick=False):
        section, empty_section = make_section(slug="world"), make_section(slug="empty")
        author, idle_author = make_author(slug="ada"), make_author(slug="idle")
        topic, unused_topic = make_topic(slug="climate"), make_topic(slug="unused")
        fresh = make_article(
            section=section,
            authors=[author],
            topics=[topic],
            slug="fresh",
            published_at=NOW - timedelta(hours=3),
        )
        old = make_article(
            section=section,
            slug="old",
            published_at=NOW - timedelta(days=10),
            updated_at=NOW - timedelta(days=1),
        )
        make_article(
            section=empty_section, authors=[idle_author], topics=[unused_topic], slug="draft", published=False
        )
        make_article(
            section=section, authors=[author], slug="scheduled", published_at=NOW + timedelta(hours=1)
        )
        yield {"fresh": fresh, "old": old, "section": section, "author": author, "topic": topic}


def xml(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own output


def locations(root):
    return [loc.text for loc in root.iterfind(".//sm:loc", NS)]


def absolute(path):
    return f"{SITE_URL}{path}"


def test_the_index_names_every_sitemap(client, newsroom):
    with time_machine.travel(NOW, tick=False):
        root = xml(client, reverse("sitemap-index"))
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    assert locations(root) == [
        absolute("/sitemap-articles.xml"),
        absolute("/sitemap-sections.xml"),
        absolute("/sitemap-authors.xml"),
        absolute("/sitemap-topics.xml"),
        absolute("/sitemap-news.xml"),
    ]
    for url in locations(root):
        xml(client, url.removeprefix(SITE_URL))


def test_the_article_sitemap_lists_every_published_article_and_nothing_else(client, newsroom):
    with time_machine.travel(NOW, tick=False):
        root = xml(client, "/sitemap-articles.xml")
    assert locations(root) == [
        absolute(newsroom["fresh"].get_absolute_url()),
        absolute(newsroom["old"].get_absolute_url()),
    ]
    lastmods = [element.text for element in root.iterfind(".//sm:lastmod", NS)]
    assert lastmods == [
        (NOW - timedelta(hours=3)).isoformat(),  # never updated: its publish time
        (NOW - timedelta(days=1)).isoformat(),  # its updated time
    ]


def test_section_author_and_topic_sitemaps_list_only_pages_with_published_articles(client, newsroom):
    with time_machine.travel(NOW, tick=False):
        assert locations(xml(client, "/sitemap-sections.xml")) == [absolute("/world/")]
        assert locations(xml(client, "/sitemap-authors.xml")) == [absolute("/authors/ada/")]
        assert locations(xml(client, "/sitemap-topics.xml")) == [absolute("/topics/climate/")]


def test_the_news_sitemap_holds_the_last_two_days(client, newsroom):
    with time_machine.travel(NOW, tick=False):
        root = xml(client, reverse("news-sitemap"))
    assert locations(root) == [absolute(newsroom["fresh"].get_absolute_url())]
    entry = root.find("sm:url/news:news", NS)
    assert entry.findtext("news:publication/news:name", namespaces=NS) == "Newsroom"
    assert entry.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert entry.findtext("news:title", namespaces=NS) == newsroom["fresh"].headline
    assert entry.findtext("news:publication_date", namespaces=NS) == (NOW - timedelta(hours=3)).isoformat()


def test_an_unknown_sitemap_is_not_found(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    for path in ["/admin/", "/search/", "/preview/"]:
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in lines


def test_robots_txt_does_not_reveal_a_moved_admin(client, settings):
    settings.ADMIN_URL = "desk-7f3a/"
    assert "desk-7f3a" not in client.get("/robots.txt").text


def test_robots_txt_covers_the_real_preview_links():
    from newsroom.robots import PREVIEW_PREFIX

    assert reverse("articles:shared-preview", kwargs={"token": "abc"}).startswith(PREVIEW_PREFIX)
