from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@time_machine.travel(NOON, tick=False)
def test_published_excludes_drafts_and_scheduled_articles():
    live = make_article(published_at=NOON - timedelta(minutes=1))
    make_article(published=False)
    make_article(published_at=NOON + timedelta(minutes=1))
    assert list(Article.objects.published()) == [live]


def test_scheduled_article_appears_at_its_time_by_itself(client):
    section = make_section()
    with time_machine.travel(NOON, tick=False):
        article = make_article(section=section, published_at=NOON + timedelta(hours=1))
        assert client.get(article.get_absolute_url()).status_code == 404
        assert article.headline not in client.get(reverse("articles:home")).text
        assert not article.is_live
    with time_machine.travel(NOON + timedelta(hours=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert article.headline in client.get(reverse("articles:home")).text
        assert article.headline in client.get(section.get_absolute_url()).text


def test_a_draft_is_invisible_on_every_page(client):
    from tests.factories import make_author, make_topic

    author, topic = make_author(), make_topic()
    draft = make_article(published=False, authors=[author], topics=[topic], headline="Secret draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    for url in [
        reverse("articles:home"),
        draft.section.get_absolute_url(),
        author.get_absolute_url(),
        topic.get_absolute_url(),
    ]:
        assert "Secret draft" not in client.get(url).text


def test_published_status_without_a_publish_time_is_refused_by_the_database():
    from django.db import IntegrityError, transaction

    section = make_section()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(section=section, headline="x", slug="x", status=Article.Status.PUBLISHED)


def test_slug_is_unique_within_a_section_but_not_across_sections():
    from django.db import IntegrityError, transaction

    first, second = make_section(), make_section()
    make_article(section=first, slug="same")
    make_article(section=second, slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(section=first, slug="same")
