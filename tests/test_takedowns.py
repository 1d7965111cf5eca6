"""
Legal takedowns: an editor takes an article down with the reason as a note; its address answers 410 Gone with a
short notice, and it is gone from every list, feed, sitemap and search result at once.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import corrections, preview, workflow
from articles.models import Article, Correction
from articles.search import search_articles
from tests import test_translations
from tests.factories import make_article, make_author, make_section, make_topic
from tests.page_html import Page
from tests.test_admin_articles import article_form
from tests.test_translations import english_left

pytestmark = pytest.mark.django_db

chinese_site = test_translations.chinese_site

REASON = "Court order 2026/118: the claims about the harbour master are under injunction."


@pytest.fixture
def newsroom_before(editor, django_capture_on_commit_callbacks):
    """
    A section, author and topic with two articles, each with a correction; the second ("Harbour master
    accused") is about to be taken down.
    """
    section, author, topic = make_section(), make_author(), make_topic()
    published_at = timezone.now() - timedelta(days=1)
    kept = make_article(
        section=section,
        authors=[author],
        topics=[topic],
        headline="Ferries run late",
        body="<p>The ferry timetable slips.</p>",
        published_at=published_at,
    )
    gone = make_article(
        section=section,
        authors=[author],
        topics=[topic],
        headline="Harbour master accused",
        body="<p>The ferry contracts were rigged.</p>",
        published_at=published_at + timedelta(minutes=1),
    )
    with django_capture_on_commit_callbacks(execute=True):  # committed, as the request adding them would
        for article in (kept, gone):
            corrections.save_correction(Correction(article=article, text="A date was wrong."), by=editor)
    return {"section": section, "author": author, "topic": topic, "kept": kept, "gone": gone}


@pytest.fixture
def newsroom(newsroom_before, editor):
    """The same, the second article taken down."""
    workflow.transition(newsroom_before["gone"], workflow.Action.TAKE_DOWN, by=editor, note=REASON)
    return newsroom_before


# Every public page that lists articles, for the newsroom above.
LISTS = {
    "home": lambda site: reverse("articles:home"),
    "section": lambda site: site["section"].get_absolute_url(),
    "author": lambda site: site["author"].get_absolute_url(),
    "topic": lambda site: site["topic"].get_absolute_url(),
    "rss": lambda site: reverse("articles:feed-rss"),
    "atom": lambda site: reverse("articles:feed-atom"),
    "section feed": lambda site: reverse("articles:section-feed-rss", kwargs={"slug": site["section"].slug}),
    "author feed": lambda site: reverse("articles:author-feed-atom", kwargs={"slug": site["author"].slug}),
    "topic feed": lambda site: reverse("articles:topic-feed-rss", kwargs={"slug": site["topic"].slug}),
    "sitemap": lambda site: "/sitemap-articles.xml",
    "news sitemap": lambda site: "/sitemap-news.xml",
    "search": lambda site: reverse("articles:search") + "?q=ferry",
    "related": lambda site: site["kept"].get_absolute_url(),
    "archive": lambda site: reverse(
        "articles:archive-year", args=[str(timezone.localtime(site["kept"].published_at).year)]
    ),
    "corrections": lambda site: reverse("articles:corrections"),
}


def test_a_taken_down_article_answers_410_with_a_short_notice_in_the_site_layout(client, newsroom):
    response = client.get(newsroom["gone"].get_absolute_url())
    assert response.status_code == 410
    page = Page(response.text)
    assert "Article removed" in page.texts
    assert "This article has been removed for legal reasons and is no longer available." in page.texts
    assert page.find_all("header", **{"class": "site-header"})
    assert (
        "Harbour master" not in response.text
        and "rigged" not in response.text
        and REASON not in response.text
    )


def test_gone_and_never_there_are_told_apart_with_one_query(client, newsroom, no_cache):
    section = newsroom["section"].slug
    with CaptureQueriesContext(connection) as gone:
        client.get(newsroom["gone"].get_absolute_url())
    article_queries = [query for query in gone.captured_queries if 'FROM "articles_article"' in query["sql"]]
    assert len(article_queries) == 1
    assert client.get(f"/{section}/no-such-article/").status_code == 404
    draft = make_article(section=newsroom["section"], published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("url", LISTS.values(), ids=LISTS.keys())
def test_a_taken_down_article_is_gone_from_every_list_at_once(client, newsroom, url):
    response = client.get(url(newsroom))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ferries run late" in body or newsroom["kept"].get_absolute_url() in body
    assert "Harbour master accused" not in body
    assert newsroom["gone"].get_absolute_url() not in body


def test_pages_cached_before_the_takedown_forget_the_article_as_it_commits(
    client, editor, newsroom_before, django_capture_on_commit_callbacks
):
    gone, urls = newsroom_before["gone"], [url(newsroom_before) for url in LISTS.values()]
    for url in [*urls, gone.get_absolute_url()]:
        client.get(url)  # stored for the readers after
    assert "Harbour master accused" in client.get(reverse("articles:home")).text
    desk = Client()
    desk.force_login(editor)
    gone.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            reverse("admin:articles_article_change", args=[gone.pk]),
            article_form(gone, _transition="take_down", note=REASON),
        )
    assert response.status_code == 302
    assert client.get(gone.get_absolute_url()).status_code == 410
    for url in urls:
        body = client.get(url).content.decode()
        assert "Harbour master accused" not in body and gone.get_absolute_url() not in body, url


def test_search_and_the_archive_counts_leave_it_out(newsroom):
    assert [article.headline for article in search_articles("ferry")[:10]] == ["Ferries run late"]
    assert [entry["count"] for entry in Article.objects.published().archive_months()] == [1]


def test_taking_down_needs_a_reason_and_an_editor(newsroom, editor, writer):
    article = make_article(created_by=writer)
    with pytest.raises(ValidationError) as refusal:
        workflow.transition(article, workflow.Action.TAKE_DOWN, by=editor, note=" ")
    assert refusal.value.message_dict == {"note": ["Give the reason for the takedown."]}
    with pytest.raises(PermissionDenied):
        workflow.transition(article, workflow.Action.TAKE_DOWN, by=writer, note=REASON)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_the_takedown_is_recorded_with_its_reason_and_revokes_share_links(editor):
    article = make_article()
    link = preview.create_share_link(article, by=editor)
    step = workflow.transition(article, workflow.Action.TAKE_DOWN, by=editor, note=REASON)
    assert (step.from_status, step.to_status, step.note, step.changed_by) == (
        "published",
        "taken_down",
        REASON,
        editor,
    )
    link.refresh_from_db()
    assert not link.is_active
    assert article.revisions.get().note == "Taken down"


def test_an_editor_takes_an_article_down_from_its_change_form(client, editor):
    article = make_article()
    client.force_login(editor)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    assert 'value="take_down"' in client.get(change_url).text
    article.refresh_from_db()
    response = client.post(change_url, article_form(article, _transition="take_down", note=REASON))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.TAKEN_DOWN
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 410


def test_lifting_a_takedown_leaves_the_article_unpublished_until_published_again(client, editor):
    article = make_article()
    workflow.transition(article, workflow.Action.TAKE_DOWN, by=editor, note=REASON)
    workflow.transition(article, workflow.Action.LIFT_TAKEDOWN, by=editor, note="Injunction discharged.")
    assert article.status == Article.Status.UNPUBLISHED
    assert client.get(article.get_absolute_url()).status_code == 404
    workflow.transition(article, workflow.Action.PUBLISH, by=editor)
    assert client.get(article.get_absolute_url()).status_code == 200


def test_the_chinese_takedown_notice_shows_no_english(client, chinese_site, editor):
    workflow.transition(chinese_site["article"], workflow.Action.TAKE_DOWN, by=editor, note=REASON)
    response = client.get(chinese_site["article"].get_absolute_url())
    assert response.status_code == 410
    assert english_left(response.text) == []
