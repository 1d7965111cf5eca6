"""Fixed SQL budgets for the public pages, counted with caches off: the count may not grow with the data."""

import pytest
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.bulk import publish_many
from tests.factories import make_article, make_author, make_section, make_topic

BUDGETS = {"home": 8, "article": 8, "section": 6, "author": 6, "topic": 6, "static page": 6}
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@override_settings(CACHES=NO_CACHE)
class ListAndArticleBudgets(TestCase):
    """A small corner (ten articles, one author and topic each) beside a large one (five hundred articles,
    ten authors and ten topics each): the same page of either costs the same."""

    @classmethod
    def setUpTestData(cls):
        cls.small = {"section": make_section(), "author": make_author(), "topic": make_topic()}
        publish_many(cls.small["section"], 10, authors=[cls.small["author"]], topics=[cls.small["topic"]])
        authors, topics = [make_author() for _ in range(10)], [make_topic() for _ in range(10)]
        cls.large = {"section": make_section(), "author": authors[0], "topic": topics[0]}
        publish_many(cls.large["section"], 500, authors=authors, topics=topics)
        cls.one_byline = make_article(
            section=cls.small["section"], authors=[make_author()], topics=[make_topic()]
        )
        cls.ten_bylines = make_article(section=cls.large["section"], authors=authors, topics=topics)

    def assert_same_cost_within_budget(self, page, small_url, large_url):
        small, large = queries_for(self.client, small_url), queries_for(self.client, large_url)
        self.assertEqual(small, large)
        self.assertLessEqual(large, BUDGETS[page])

    def test_section_page(self):
        self.assert_same_cost_within_budget(
            "section", self.small["section"].get_absolute_url(), self.large["section"].get_absolute_url()
        )

    def test_a_later_section_page(self):
        self.assert_same_cost_within_budget(
            "section",
            self.small["section"].get_absolute_url(),
            self.large["section"].get_absolute_url() + "?page=25",
        )

    def test_author_page(self):
        self.assert_same_cost_within_budget(
            "author", self.small["author"].get_absolute_url(), self.large["author"].get_absolute_url()
        )

    def test_topic_page(self):
        self.assert_same_cost_within_budget(
            "topic", self.small["topic"].get_absolute_url(), self.large["topic"].get_absolute_url()
        )

    def test_article_page_with_one_or_ten_authors_and_topics(self):
        self.assert_same_cost_within_budget(
            "article", self.one_byline.get_absolute_url(), self.ten_bylines.get_absolute_url()
        )

    def test_static_page(self):
        self.assertLessEqual(queries_for(self.client, "/pages/privacy/"), BUDGETS["static page"])


@pytest.mark.django_db
def test_home_page_costs_the_same_with_ten_or_five_hundred_articles(client, no_cache):
    section, author, topic = make_section(), make_author(), make_topic()
    publish_many(section, 10, authors=[author], topics=[topic], featured=True)
    small = queries_for(client, reverse("articles:home"))
    authors, topics = [make_author() for _ in range(10)], [make_topic() for _ in range(10)]
    for more in [section, make_section(), make_section(), make_section()]:
        publish_many(more, 125, authors=authors, topics=topics)
    large = queries_for(client, reverse("articles:home"))
    # The small site's one section has no article left for its block among the newest, which costs the
    # home page one more query (articles/front_page.py); a large archive costs no more.
    assert large <= small <= BUDGETS["home"]
