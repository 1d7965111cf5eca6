from django.test import override_settings
from django.urls import clear_script_prefix, set_script_prefix

from tests.factories import make_article, make_section


def test_an_article_address_follows_its_section_and_slug(db):
    article = make_article(section=make_section(slug="world"), slug="harbour")
    assert article.get_absolute_url() == "/world/harbour/"

    article.section = make_section(slug="business")
    article.slug = "quay"
    assert article.get_absolute_url() == "/business/quay/"


def test_addresses_follow_the_script_prefix(db):
    section = make_section(slug="world")
    assert section.get_absolute_url() == "/world/"
    set_script_prefix("/news/")
    try:
        assert section.get_absolute_url() == "/news/world/"
    finally:
        clear_script_prefix()
    assert section.get_absolute_url() == "/world/"


@override_settings(ROOT_URLCONF="tests.address_urls")
def test_addresses_follow_the_urlconf(db):
    assert make_section(slug="world").get_absolute_url() == "/sections/world/"
