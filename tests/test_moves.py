"""Stable URLs: an article or section that moves leaves its old addresses answering 301 with the current one, in one hop."""

import pytest
from django.contrib.redirects.models import Redirect
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import moves
from tests.bulk import publish_many
from tests.factories import make_article, make_author, make_section, make_topic
from tests.test_admin_articles import article_form

pytestmark = pytest.mark.django_db


def moved_in_admin(client, article, **changes):
    article.refresh_from_db()
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_form(article, **changes)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    return article


def assert_one_hop(client, old, new):
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, new)
    assert client.get(new).status_code == 200


def test_a_changed_slug_redirects_the_old_address(client, editor):
    client.force_login(editor)
    article = make_article(slug="ports-plug-in")
    old = article.get_absolute_url()
    moved_in_admin(client, article, slug="ports-switch-on")
    client.logout()
    assert_one_hop(client, old, article.get_absolute_url())


def test_two_slug_changes_lead_from_the_first_address_to_the_current_one_in_one_hop(client, editor):
    client.force_login(editor)
    article = make_article(slug="first")
    first = article.get_absolute_url()
    second = moved_in_admin(client, article, slug="second").get_absolute_url()
    current = moved_in_admin(client, article, slug="third").get_absolute_url()
    client.logout()
    assert_one_hop(client, first, current)
    assert_one_hop(client, second, current)
    assert Redirect.objects.filter(new_path=second).count() == 0


def test_moving_back_to_an_earlier_slug_makes_it_live_again(client, editor):
    client.force_login(editor)
    article = make_article(slug="first")
    first = article.get_absolute_url()
    second = moved_in_admin(client, article, slug="second").get_absolute_url()
    moved_in_admin(client, article, slug="first")
    client.logout()
    assert client.get(first).status_code == 200
    assert_one_hop(client, second, first)


def test_a_changed_section_redirects_the_old_address(client, editor):
    client.force_login(editor)
    article = make_article()
    old = article.get_absolute_url()
    moved_in_admin(client, article, section=str(make_section().pk))
    client.logout()
    assert_one_hop(client, old, article.get_absolute_url())


def test_a_renamed_section_moves_its_page_its_feeds_and_every_article_in_it(client, editor):
    section = make_section(slug="environment", name="Environment")
    articles = [make_article(section=section) for _ in range(3)]
    draft = make_article(section=section, published=False)
    old_pages = [
        section.get_absolute_url(),
        reverse("articles:section-feed-rss", kwargs={"slug": "environment"}),
        *(article.get_absolute_url() for article in articles),
    ]
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_section_change", args=[section.pk]),
        {"name": "Climate", "slug": "climate", "description": "", "position": "0", "in_navigation": "on"},
    )
    assert response.status_code == 302
    client.logout()
    for article in articles:
        article.refresh_from_db()
    new_pages = [
        "/climate/",
        reverse("articles:section-feed-rss", kwargs={"slug": "climate"}),
        *(article.get_absolute_url() for article in articles),
    ]
    for old, new in zip(old_pages, new_pages, strict=True):
        assert_one_hop(client, old, new)
    assert not Redirect.objects.filter(old_path=f"/environment/{draft.slug}/").exists()


@pytest.mark.parametrize("kind", ["author", "topic"])
def test_a_renamed_author_or_topic_keeps_its_page_and_feeds_answering(client, editor, kind):
    subject = make_author(slug="ada", name="Ada") if kind == "author" else make_topic(slug="ada", name="Ada")
    make_article(authors=[subject] if kind == "author" else [], topics=[subject] if kind == "topic" else [])
    client.force_login(editor)
    response = client.post(
        reverse(f"admin:articles_{kind}_change", args=[subject.pk]),
        {"name": "Ada L.", "slug": "ada-l", "bio": "", "user": ""}
        if kind == "author"
        else {"name": "Ada L.", "slug": "ada-l"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    for name in [f"articles:{kind}", f"articles:{kind}-feed-rss", f"articles:{kind}-feed-atom"]:
        assert_one_hop(client, reverse(name, kwargs={"slug": "ada"}), reverse(name, kwargs={"slug": "ada-l"}))


def test_renaming_a_draft_that_was_never_published_leaves_nothing_behind(client, editor):
    client.force_login(editor)
    draft = make_article(published=False, slug="working-title")
    moved_in_admin(client, draft, slug="final-title")
    assert not Redirect.objects.exists()


def test_an_ordinary_save_records_no_redirect(client, editor):
    client.force_login(editor)
    moved_in_admin(client, make_article(), headline="Same address")
    assert not Redirect.objects.exists()


def test_a_renamed_section_keeps_its_articles_earlier_addresses_one_hop_away(client, editor):
    client.force_login(editor)
    section = make_section(slug="environment")
    article = make_article(section=section, slug="first")
    first = article.get_absolute_url()
    moved_in_admin(client, article, slug="second")
    section.slug = "climate"
    section.save()
    moves.section_moved(section, "environment")
    client.logout()
    assert_one_hop(client, first, "/climate/second/")
    assert_one_hop(client, "/environment/second/", "/climate/second/")


def test_a_slug_change_a_section_change_and_a_section_rename_leave_every_address_one_hop_away(
    client, editor, django_capture_on_commit_callbacks
):
    environment, climate = make_section(slug="environment"), make_section(slug="climate", name="Climate")
    article = make_article(section=environment, slug="first")
    reader = Client()
    assert reader.get("/environment/first/").status_code == 200  # and stored in the page cache
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):  # each change commits, as its request would
        moved_in_admin(client, article, slug="second")
    with django_capture_on_commit_callbacks(execute=True):
        moved_in_admin(client, article, section=str(climate.pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_section_change", args=[climate.pk]),
            {"name": "Planet", "slug": "planet", "description": "", "position": "0", "in_navigation": "on"},
        )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.get_absolute_url() == "/planet/second/"
    for old in ["/environment/first/", "/environment/second/", "/climate/second/"]:
        assert_one_hop(reader, old, "/planet/second/")
    assert_one_hop(reader, "/climate/", "/planet/")


def test_renaming_a_section_costs_the_same_few_queries_for_ten_or_a_hundred_articles():
    def queries_to_rename(count):
        section = make_section()
        publish_many(section, count)
        old_slug, section.slug = section.slug, f"{section.slug}-renamed"
        section.save()
        with CaptureQueriesContext(connection) as captured:
            moves.section_moved(section, old_slug)
        assert Redirect.objects.filter(new_path__startswith=f"/{section.slug}/").count() == count + 1
        return len(captured)

    assert queries_to_rename(10) == queries_to_rename(100)
