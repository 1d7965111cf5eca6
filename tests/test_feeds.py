"""Feeds: every feed a page advertises parses cleanly and has entries; unpublished articles never appear."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.urls import reverse

from tests.factories import make_article, make_author, make_image, make_section, make_topic
from tests.page_html import Page

pytestmark = pytest.mark.django_db

SITE_URL = "https://news.example.org"


@pytest.fixture(autouse=True)
def public_site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def story():
    section = make_section(name="World", slug="world")
    return make_article(
        section=section,
        authors=[make_author(name="Ada Byline", slug="ada"), make_author(name="Ben Byline", slug="ben")],
        topics=[make_topic(name="Climate & Sea", slug="climate")],
        headline="Rivers rise & towns <prepare>",
        slug="rivers-rise",
        standfirst="Towns prepare for the flood.",
        body="<h2>What happened</h2><p>Water came <strong>fast</strong>.</p>",
        published_at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
        updated_at=datetime(2026, 11, 20, 11, 0, tzinfo=UTC),
    )


def advertised_feeds(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return [link["href"] for link in Page(response.text).find_all("link", rel="alternate")]


def parse(client, url):
    path = url.removeprefix(SITE_URL)
    response = client.get(path)
    assert response.status_code == 200, path
    feed = feedparser.parse(response.content, response_headers={"content-type": response["Content-Type"]})
    assert feed.bozo == 0, (path, feed.get("bozo_exception"))
    return feed


def pages_of(story):
    return [
        reverse("articles:home"),
        story.get_absolute_url(),
        story.section.get_absolute_url(),
        story.authors[0].get_absolute_url(),
        story.topics.get().get_absolute_url(),
    ]


def test_every_advertised_feed_parses_cleanly_with_entries(client, story):
    seen = set()
    for page in pages_of(story):
        feeds = advertised_feeds(client, page)
        assert feeds, f"{page} advertises no feed"
        for url in feeds:
            assert url.startswith(f"{SITE_URL}/feeds/")
            seen.add(url)
    assert len(seen) == 8  # RSS and Atom for the site, the section, the author and the topic
    for url in seen:
        feed = parse(client, url)
        assert len(feed.entries) >= 1, url


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_an_entry_carries_everything_about_the_article(client, story, kind):
    feed = parse(client, reverse(f"articles:feed-{kind}"))
    [entry] = feed.entries
    assert entry.title == "Rivers rise & towns <prepare>"
    assert entry.link == f"{SITE_URL}/world/rivers-rise/"
    assert entry.summary == "Towns prepare for the flood."
    assert "<strong>fast</strong>" in entry.content[0].value
    assert [author.name for author in entry.authors] == ["Ada Byline", "Ben Byline"]
    assert {tag.term for tag in entry.tags} == {"World", "Climate & Sea"}
    assert entry.published_parsed[:5] == (2026, 11, 20, 9, 30)
    if kind == "atom":
        assert entry.updated_parsed[:5] == (2026, 11, 20, 11, 0)
        assert [author.href for author in entry.authors] == [
            f"{SITE_URL}/authors/ada/",
            f"{SITE_URL}/authors/ben/",
        ]
    assert feed.feed.link == f"{SITE_URL}/"


def test_dates_carry_their_time_zone(client, story):
    rss = client.get(reverse("articles:feed-rss")).text
    atom = client.get(reverse("articles:feed-atom")).text
    assert "<pubDate>Fri, 20 Nov 2026 09:30:00 +0000</pubDate>" in rss
    assert "<published>2026-11-20T09:30:00+00:00</published>" in atom
    assert "<updated>2026-11-20T11:00:00+00:00</updated>" in atom


def test_drafts_scheduled_articles_and_other_sections_stay_out_of_feeds(client, story):
    make_article(section=story.section, headline="A draft", published=False, topics=story.topics.all())
    make_article(
        section=story.section,
        headline="Scheduled",
        published_at=datetime.now(UTC) + timedelta(hours=2),
        authors=story.authors,
    )
    make_article(headline="Elsewhere")
    for url in [
        reverse("articles:feed-rss"),
        reverse("articles:section-feed-atom", kwargs={"slug": "world"}),
        reverse("articles:author-feed-rss", kwargs={"slug": "ada"}),
        reverse("articles:topic-feed-atom", kwargs={"slug": "climate"}),
    ]:
        titles = [entry.title for entry in parse(client, url).entries]
        assert "A draft" not in titles and "Scheduled" not in titles, url
    section_titles = [entry.title for entry in parse(client, "/feeds/sections/world/rss/").entries]
    assert section_titles == ["Rivers rise & towns <prepare>"]


def test_pages_advertise_no_feed_without_entries(client):
    section, author, topic = make_section(), make_author(), make_topic()
    make_article(section=section, authors=[author], topics=[topic], published=False)
    for url in [
        reverse("articles:home"),
        section.get_absolute_url(),
        author.get_absolute_url(),
        topic.get_absolute_url(),
    ]:
        assert advertised_feeds(client, url) == [], url


def test_a_feed_of_an_unknown_section_is_not_found(client):
    assert client.get("/feeds/sections/nowhere/rss/").status_code == 404


def test_a_feed_costs_the_same_whatever_the_bylines_and_topics(
    client, django_assert_max_num_queries, no_cache
):
    authors, topics = [make_author() for _ in range(5)], [make_topic() for _ in range(5)]
    section = make_section()
    for _ in range(10):
        make_article(section=section, authors=authors, topics=topics)
    # The subject, the articles, their bylines, their topics; and the sites framework's Site (cached per process).
    with django_assert_max_num_queries(5):
        client.get(reverse("articles:section-feed-rss", kwargs={"slug": section.slug}))


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_lead_image_is_an_enclosure(client, django_capture_on_commit_callbacks, kind):
    with django_capture_on_commit_callbacks(execute=True):
        image = make_image(size=(1600, 1000))
    image.refresh_from_db()
    make_article(lead_image=image)
    [entry] = parse(client, reverse(f"articles:feed-{kind}")).entries
    [enclosure] = entry.enclosures
    assert enclosure.href.startswith(SITE_URL) and enclosure.href.endswith(".jpg")
    assert enclosure.type == "image/jpeg"
