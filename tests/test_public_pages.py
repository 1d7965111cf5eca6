"""The reader's pages: what each shows, in one accessible layout, with nothing that runs in the browser."""

import re
from datetime import timedelta

import pytest
from django.contrib.flatpages.models import FlatPage
from django.template import loader
from django.urls import reverse
from django.utils import timezone

from articles.front_page import front_page
from pages.default_pages import PRIVACY_URL
from tests.factories import make_article, make_author, make_section, make_topic
from tests.page_html import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    section = make_section(name="World", slug="world")
    published = timezone.now() - timedelta(days=1)
    return make_article(
        section=section,
        authors=[make_author(name="Ada Byline", slug="ada"), make_author(name="Ben Byline", slug="ben")],
        topics=[make_topic(name="Climate", slug="climate")],
        headline="Rivers rise",
        slug="rivers-rise",
        standfirst="Towns prepare.",
        body="<h2>What happened</h2><p>Water came.</p><h2>What next</h2><p>Dykes.</p>",
        published_at=published,
        updated_at=published + timedelta(hours=3),
    )


def public_urls(story):
    return {
        "home": reverse("articles:home"),
        "section": story.section.get_absolute_url(),
        "author": story.authors[0].get_absolute_url(),
        "topic": story.topics.get().get_absolute_url(),
        "article": story.get_absolute_url(),
        "static page": "/pages/privacy/",
    }


@pytest.mark.parametrize("kind", ["home", "section", "author", "topic", "article", "static page"])
def test_every_page_has_landmarks_a_skip_link_a_language_and_one_h1(client, story, kind):
    response = client.get(public_urls(story)[kind])
    assert response.status_code == 200
    page = Page(response.text)
    assert page.find_all("html", lang="en")
    for landmark in ["header", "nav", "main", "footer"]:
        assert landmark in page.tags(), landmark
    assert page.find_all("main", id="main")
    first_link = next(attrs for tag, attrs in page.elements if tag == "a")
    assert first_link == {"class": "skip-link", "href": "#main"}
    assert page.tags().count("h1") == 1
    assert page.find_all("link", rel="stylesheet", href="/static/css/site.css")


@pytest.mark.parametrize("kind", ["home", "section", "author", "topic", "article", "static page"])
def test_pages_carry_no_inline_script_no_event_handler_and_no_inline_style(client, story, kind):
    html = client.get(public_urls(story)[kind]).text
    page = Page(html)
    for script in page.find_all("script"):
        # Scripts come from files (a strict CSP allows those); data blocks such as JSON-LD never run.
        assert script.get("src", "").startswith("/static/") or script.get("type") == "application/ld+json"
    for _, attributes in page.elements:
        assert not [name for name in attributes if name.startswith("on") or name == "style"]


@pytest.mark.parametrize("kind", ["home", "section", "author", "topic", "article", "static page"])
def test_pages_load_nothing_from_other_sites(client, story, kind):
    page = Page(client.get(public_urls(story)[kind]).text)
    loaded = [attrs.get("src", "") for _, attrs in page.elements] + [
        url.split()[0]
        for _, attrs in page.elements
        for url in attrs.get("srcset", "").split(",")
        if url.strip()
    ]
    loaded += [
        attrs["href"]
        for attrs in page.find_all("link")
        if set(attrs.get("rel", "").split()) & {"stylesheet", "icon", "preload", "modulepreload", "manifest"}
    ]
    assert [url for url in loaded if re.match(r"(https?:)?//", url)] == []


def test_header_lists_the_navigation_sections_and_marks_the_current_one(client, story):
    make_section(name="Hidden", slug="hidden", in_navigation=False)
    page = Page(client.get(story.get_absolute_url()).text)
    nav_links = [attrs["href"] for attrs in page.find_all("a") if attrs.get("href", "").count("/") == 2]
    assert "/world/" in nav_links and "/hidden/" not in nav_links
    assert page.find_all("a", href="/world/", aria_current="page")


def test_footer_lists_the_static_pages(client, story):
    page = Page(client.get(reverse("articles:home")).text)
    for url in ["/pages/about/", "/pages/contact/", "/pages/privacy/"]:
        assert page.find_all("a", href=url), url


def test_article_page_shows_section_headline_standfirst_bylines_times_toc_body_and_topics(client, story):
    response = client.get(story.get_absolute_url())
    page = Page(response.text)
    assert page.find_all("a", href="/world/")
    assert "Rivers rise" in page.texts and "Towns prepare." in page.texts
    assert page.find_all("a", href="/authors/ada/", rel="author")
    assert page.find_all("a", href="/authors/ben/", rel="author")
    # To the second: HTML allows a datetime at most three digits of a second's fraction.
    assert page.find_all("time", datetime=story.published_at.replace(microsecond=0).isoformat())
    assert page.find_all("time", datetime=story.updated_at.replace(microsecond=0).isoformat())
    assert "Updated" in page.texts
    assert page.find_all("a", href="/topics/climate/")
    assert "Water came." in page.texts
    assert response.text.index("Rivers rise") < response.text.index("Water came.")


def test_article_without_a_later_revision_shows_no_updated_time(client):
    article = make_article(updated_at=None)
    assert "Updated" not in Page(client.get(article.get_absolute_url()).text).texts


def test_list_pages_link_bylines_to_author_pages(client, story):
    for url in [reverse("articles:home"), "/world/", "/topics/climate/"]:
        page = Page(client.get(url).text)
        assert page.find_all("a", href="/authors/ada/", rel="author"), url


def test_author_page_shows_the_bio_and_the_authors_articles(client, story):
    author = story.authors[0]
    author.bio = "Ada covers rivers."
    author.save()
    other = make_article(headline="Not by Ada")
    texts = Page(client.get(author.get_absolute_url()).text).texts
    assert "Ada covers rivers." in texts and "Rivers rise" in texts and other.headline not in texts


def test_section_page_shows_its_description(client, story):
    story.section.description = "Reporting from everywhere."
    story.section.save()
    assert "Reporting from everywhere." in Page(client.get("/world/").text).texts


class TestFrontPage:
    def test_the_newest_featured_article_leads(self):
        featured = make_article(featured=True, published_at=timezone.now() - timedelta(days=2))
        newer = make_article()
        page = front_page()
        assert page.lead == featured
        assert newer in page.top

    def test_without_a_featured_article_the_newest_leads(self):
        make_article(published_at=timezone.now() - timedelta(days=2))
        newest = make_article()
        assert front_page().lead == newest

    def test_drafts_and_scheduled_articles_never_appear(self):
        make_article()
        draft = make_article(published=False, featured=True)
        scheduled = make_article(published_at=timezone.now() + timedelta(hours=1), featured=True)
        page = front_page()
        shown = [page.lead, *page.top, *page.latest, *(a for _, group in page.sections for a in group)]
        assert draft not in shown and scheduled not in shown

    def test_section_blocks_hold_the_newest_few_not_already_shown(self):
        world, science = make_section(position=1), make_section(position=2)
        start = timezone.now() - timedelta(days=1)
        world_articles = [
            make_article(section=world, published_at=start - timedelta(hours=hour)) for hour in range(15)
        ]
        science_articles = [
            make_article(section=science, published_at=start - timedelta(hours=hour, minutes=30))
            for hour in range(3)
        ]
        page = front_page(top_count=4, latest_count=6, per_section=3)
        shown_above = {page.lead, *page.top, *page.latest}
        assert len(shown_above) == 11
        assert [section for section, _ in page.sections] == [world, science][: len(page.sections)]
        world_block = dict(page.sections)[world]
        newest_not_shown = [article for article in world_articles if article not in shown_above][:3]
        assert world_block == newest_not_shown
        assert all(article not in shown_above for _, group in page.sections for article in group)
        assert len(dict(page.sections).get(science, [])) <= len(science_articles)

    def test_a_section_with_none_of_the_newest_articles_still_gets_its_block(self, monkeypatch):
        busy, quiet = make_section(position=0), make_section(position=1)
        now = timezone.now()
        quiet_articles = [
            make_article(section=quiet, published_at=now - timedelta(days=30 + day)) for day in range(4)
        ]
        for minute in range(20):
            make_article(section=busy, published_at=now - timedelta(minutes=minute + 1))
        # Only the newest five are looked through first: the quiet section is found by the second look.
        monkeypatch.setattr("articles.front_page.RECENT", 5)
        blocks = dict(front_page(top_count=1, latest_count=1, per_section=3).sections)
        assert blocks[quiet] == quiet_articles[:3]
        assert len(blocks[busy]) == 3

    def test_sections_kept_out_of_navigation_get_no_block(self):
        hidden = make_section(in_navigation=False)
        for _ in range(14):
            make_article(section=hidden)
        assert hidden not in dict(front_page().sections)

    def test_an_empty_site_says_so(self, client):
        response = client.get(reverse("articles:home"))
        assert response.status_code == 200
        assert "No articles yet." in Page(response.text).texts


class TestStaticPages:
    def test_about_contact_and_privacy_exist_from_the_first_migration(self):
        assert set(FlatPage.objects.values_list("url", flat=True)) >= {"/about/", "/contact/", PRIVACY_URL}

    def test_privacy_page_is_served_under_pages_and_reachable_by_name(self, client):
        assert reverse("flatpage", kwargs={"url": PRIVACY_URL.lstrip("/")}) == "/pages/privacy/"
        assert FlatPage.objects.get(url=PRIVACY_URL).get_absolute_url() == "/pages/privacy/"
        response = client.get("/pages/privacy/")
        assert response.status_code == 200
        page = Page(response.text)
        assert "Privacy" in page.texts
        assert "Your e-mail address is never published" in response.text

    def test_unknown_static_page_is_404_in_the_site_layout(self, client):
        response = client.get("/pages/nothing/")
        assert response.status_code == 404
        assert "Page not found" in Page(response.text).texts

    def test_default_pages_are_created_once_and_never_overwrite_an_editors_page(self):
        from django.contrib.sites.models import Site

        from pages.default_pages import create_default_pages

        FlatPage.objects.filter(url="/about/").update(content="<p>Ours.</p>")
        FlatPage.objects.filter(url="/contact/").delete()
        create_default_pages(FlatPage, Site.objects.get(), "Newsroom", "desk@example.com")
        assert FlatPage.objects.get(url="/about/").content == "<p>Ours.</p>"
        contact = FlatPage.objects.get(url="/contact/")
        assert 'href="mailto:desk@example.com"' in contact.content
        assert contact.sites.exists()

    def test_a_page_saved_in_the_admin_is_sanitised(self):
        from django.contrib.sites.models import Site

        from pages.admin import PageForm

        form = PageForm(
            data={
                "url": "/terms/",
                "title": "Terms",
                "content": '<p onclick="x()">Fair use.</p><script>alert(1)</script>',
                "sites": [Site.objects.get().pk],
            }
        )
        assert form.is_valid(), form.errors
        page = form.save()
        assert page.content == "<p>Fair use.</p>"


class TestErrorPages:
    def test_not_found_uses_the_site_layout(self, client):
        response = client.get("/nowhere/at-all/")
        assert response.status_code == 404
        page = Page(response.text)
        assert "main" in page.tags() and "Page not found" in page.texts
        assert page.find_all("a", href="/") and page.find_all("a", href="/archive/")

    def test_server_error_page_renders_with_no_request_and_no_database(self, django_assert_num_queries):
        with django_assert_num_queries(0):
            html = loader.get_template("500.html").render()
        page = Page(html)
        assert "Something went wrong" in page.texts
        for landmark in ["header", "main", "footer"]:
            assert landmark in page.tags()
        assert page.find_all("a", href="/")

    def test_an_unexpected_error_answers_500_with_that_page(self, client, monkeypatch):
        def broken():
            raise RuntimeError("boom")

        monkeypatch.setattr("articles.views.front_page", broken)
        client.raise_request_exception = False
        response = client.get(reverse("articles:home"))
        assert response.status_code == 500
        assert "Something went wrong" in Page(response.content.decode()).texts
