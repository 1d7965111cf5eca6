import pytest
from django.core.management import call_command

from articles.models import Article, Author, Section, Topic

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", "slug"))
        for model in (Section, Author, Topic, Article)
    } | {"modified": sorted(Article.objects.values_list("pk", "modified_at"))}


def test_demo_content_loads_sections_authors_and_articles():
    call_command("demo_content")
    assert set(Section.objects.values_list("slug", flat=True)) == {
        "world",
        "technology",
        "business",
        "science",
    }
    assert Article.objects.published().count() >= 25
    assert Author.objects.count() >= 3


def test_demo_content_twice_changes_and_duplicates_nothing():
    call_command("demo_content")
    before = snapshot()
    call_command("demo_content")
    assert snapshot() == before


def test_demo_superuser_is_refused_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_content", "--superuser")
