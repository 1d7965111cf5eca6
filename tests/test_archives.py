"""Year and month archives, and the related articles under each article."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article, make_author, make_section, make_topic

pytestmark = pytest.mark.django_db


def at(year, month, day=15):
    return datetime(year, month, day, 12, tzinfo=UTC)


@pytest.fixture
def archive():
    section = make_section()
    return {
        "oct": make_article(section=section, headline="October story", published_at=at(2025, 10)),
        "nov": make_article(section=section, headline="November story", published_at=at(2025, 11)),
        "nov_draft": make_article(
            section=section, headline="November draft", published=False, published_at=at(2025, 11)
        ),
        "jan": make_article(section=section, headline="January story", published_at=at(2026, 1)),
        "edge": make_article(
            section=section,
            headline="New Year's Eve story",
            published_at=datetime(2025, 12, 31, 23, 59, tzinfo=UTC),
        ),
    }


def test_a_year_lists_its_articles_and_links_its_months(client, archive):
    response = client.get(reverse("articles:archive-year", kwargs={"year": "2025"}))
    assert response.status_code == 200
    for headline in ["October story", "November story", "New Year&#x27;s Eve story"]:
        assert headline in response.text
    assert "January story" not in response.text and "November draft" not in response.text
    assert reverse("articles:archive-month", kwargs={"year": "2025", "month": "11"}) in response.text
    assert response.text.count('<h2 class="card__title">') == 3


def test_a_month_lists_only_that_months_published_articles(client, archive):
    response = client.get(reverse("articles:archive-month", kwargs={"year": "2025", "month": "11"}))
    assert response.status_code == 200
    assert "November story" in response.text
    assert "October story" not in response.text and "November draft" not in response.text


def test_the_last_minute_of_a_year_belongs_to_it(client, archive):
    assert "Eve story" in client.get("/archive/2025/12/").text
    assert "Eve story" not in client.get("/archive/2026/01/").text


def test_the_archive_index_lists_months_with_counts(client, archive):
    response = client.get(reverse("articles:archive"))
    assert response.status_code == 200
    months = list(Article.objects.published().archive_months())
    assert [(entry["month"].year, entry["month"].month, entry["count"]) for entry in months] == [
        (2026, 1, 1),
        (2025, 12, 1),
        (2025, 11, 1),
        (2025, 10, 1),
    ]
    assert "/archive/2025/10/" in response.text


@pytest.mark.parametrize(
    "url", ["/archive/2024/", "/archive/2025/09/", "/archive/2025/13/", "/archive/2025/00/"]
)
def test_empty_or_impossible_periods_are_not_found(client, archive, url):
    assert client.get(url).status_code == 404


def test_a_scheduled_article_is_not_in_the_archive_before_its_time(client):
    future = datetime.now(UTC) + timedelta(days=1)
    make_article(headline="Tomorrow's story", published_at=future)
    url = reverse("articles:archive-month", kwargs={"year": f"{future.year}", "month": f"{future.month:02d}"})
    response = client.get(url)
    assert response.status_code == 404 or "Tomorrow" not in response.text


def test_archive_pages_stay_within_the_list_budget(client, archive, no_cache):
    for url in ["/archive/", "/archive/2025/", "/archive/2025/11/"]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= 6, (url, [query["sql"] for query in queries])


# Related articles


def test_related_articles_share_topics_first_then_the_section():
    section, elsewhere = make_section(), make_section()
    energy, shipping, climate = make_topic(), make_topic(), make_topic()
    article = make_article(section=section, topics=[energy, shipping, climate])
    two_shared = make_article(section=elsewhere, topics=[energy, shipping], published_at=at(2020, 1))
    one_shared = make_article(section=elsewhere, topics=[climate], published_at=at(2021, 1))
    same_section = make_article(section=section, published_at=at(2022, 1))
    make_article(section=elsewhere)  # unrelated
    make_article(section=section, topics=[energy], published=False)
    make_article(section=section, topics=[energy], published_at=datetime.now(UTC) + timedelta(hours=1))
    article = Article.objects.prefetch_related("topics").get(pk=article.pk)
    related = list(Article.objects.published().related_to(article))
    assert related == [two_shared, one_shared, same_section]


def test_an_article_without_topics_is_related_to_its_section():
    section = make_section()
    article = make_article(section=section)
    neighbour = make_article(section=section)
    make_article()
    article = Article.objects.prefetch_related("topics").get(pk=article.pk)
    assert list(Article.objects.published().related_to(article)) == [neighbour]


def test_the_article_page_shows_related_articles_within_its_budget(client, no_cache):
    section = make_section()
    topics = [make_topic() for _ in range(5)]
    authors = [make_author() for _ in range(3)]
    article = make_article(section=section, topics=topics, authors=authors)
    for n in range(6):
        make_article(section=section, topics=topics[:n], authors=authors, headline=f"Neighbour {n}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert "Related articles" in response.text
    assert "Neighbour 5" in response.text
    assert len(queries) <= 8, [query["sql"] for query in queries]


def test_related_articles_are_chosen_among_the_newest_candidates():
    section = make_section()
    topic = make_topic()
    article = make_article(section=section, topics=[topic])
    old_shared = make_article(section=make_section(), topics=[topic], published_at=at(2019, 1))
    older, newer = (make_article(section=section, published_at=at(2024, month)) for month in (1, 2))
    article = Article.objects.prefetch_related("topics").get(pk=article.pk)
    # The archive's older articles are not compared, however many topics they share.
    assert list(Article.objects.published().related_to(article, depth=2)) == [newer, older]
    assert list(Article.objects.published().related_to(article))[0] == old_shared
