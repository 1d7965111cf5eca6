"""
Every change a page shows renews it in the page cache once the change commits: articles (saved, published,
unpublished, taken down, deleted, corrected, a revision restored), sections, authors, topics, images (edited,
a new focal point, renditions ready), static pages, discussion settings, comments (approved, removed, edited,
deleted; only their own article's pages). The purge hook hears of each, once per commit.
"""

import json
import threading
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.contrib.flatpages.models import FlatPage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles import corrections, revisions, workflow
from articles.models import Article, Correction
from caching import events
from comments import moderation
from comments.discussion import discussion_settings, save_discussion_settings
from comments.models import Comment
from images.tasks import make_renditions
from tests.factories import make_article, make_author, make_comment, make_image, make_topic
from tests.test_admin_articles import article_form

Action = workflow.Action

pytestmark = pytest.mark.django_db

HEARD = []


def purge_hook(purge):
    """A purge hook that only listens (PAGE_CACHE_PURGE_HOOK names it in these tests)."""
    HEARD.append(purge)


@pytest.fixture
def heard(settings):
    settings.PAGE_CACHE_PURGE_HOOK = f"{__name__}.purge_hook"
    HEARD.clear()
    return HEARD


@pytest.fixture
def story():
    return make_article(authors=[make_author()], topics=[make_topic()], headline="Tides turn")


def cached(client, *urls):
    """Each page stored and served from the cache, as readers left them before the change."""
    for url in urls:
        client.get(url)
        assert client.get(url).headers["X-Page-Cache"] == "hit", url


def anonymous(client):
    client.logout()
    return client


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change as its request would: its after-commit work runs when it commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def change(commit, heard):
    """Run a change to what pages show, committed: the purge hook must hear of it, as the page cache does."""

    @contextmanager
    def committed():
        with commit():
            yield
        assert heard, "the purge hook heard nothing of the change"

    return committed


def test_an_article_saved_in_the_admin_is_fresh_everywhere_at_once(admin_client, client, story, change):
    cached(client, "/", story.section.get_absolute_url(), story.get_absolute_url(), "/feeds/rss/")
    with change():
        response = admin_client.post(
            reverse("admin:articles_article_change", args=[story.pk]),
            article_form(story, headline="Tides turned"),
        )
    assert response.status_code == 302
    for url in ["/", story.section.get_absolute_url(), story.get_absolute_url(), "/feeds/rss/"]:
        assert "Tides turned" in client.get(url).text, url


@pytest.mark.parametrize("action", ["publish_selected", "unpublish_selected"])
def test_articles_published_or_unpublished_in_bulk_are_fresh_at_once(
    admin_client, client, story, change, action
):
    draft = make_article(section=story.section, headline="Waiting in drafts", published=False)
    chosen = draft if action == "publish_selected" else story
    cached(client, "/", story.section.get_absolute_url())
    with change():
        admin_client.post(
            reverse("admin:articles_article_changelist"), {"action": action, "_selected_action": [chosen.pk]}
        )
    front = client.get("/").text
    if action == "publish_selected":
        assert "Waiting in drafts" in front
    else:
        assert "Tides turn" not in front
        assert client.get(story.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("action", "shown"),
    [(Action.PUBLISH, True), (Action.UNPUBLISH, False), (Action.TAKE_DOWN, False)],
)
def test_an_article_published_unpublished_or_taken_down_is_fresh_at_once(
    client, story, change, django_user_model, action, shown
):
    chief = django_user_model.objects.create_superuser("chief", "chief@example.org")
    subject = make_article(section=story.section, headline="At the desk", published=action != Action.PUBLISH)
    cached(client, "/", story.section.get_absolute_url(), story.get_absolute_url(), "/feeds/rss/")
    if action != Action.PUBLISH:
        cached(client, subject.get_absolute_url())
    with change():
        workflow.transition(subject, action, by=chief, note="As the lawyers asked.")
    for url in ["/", story.section.get_absolute_url(), story.get_absolute_url(), "/feeds/rss/"]:
        assert ("At the desk" in client.get(url).text) == shown, url
    expected = {Action.PUBLISH: 200, Action.UNPUBLISH: 404, Action.TAKE_DOWN: 410}[action]
    assert client.get(subject.get_absolute_url()).status_code == expected


def test_a_correction_added_or_a_revision_restored_shows_at_once(client, story, change, django_user_model):
    chief = django_user_model.objects.create_superuser("chief", "chief@example.org")
    first = revisions.record(story, by=chief)
    story.headline = "Tides turn again"
    story.save()
    cached(client, story.get_absolute_url(), reverse("articles:corrections"))
    with change():
        corrections.save_correction(
            Correction(article=story, text="The tide tables were a day out."), by=chief
        )
    for url in [story.get_absolute_url(), reverse("articles:corrections")]:
        assert "The tide tables were a day out." in client.get(url).text, url
    cached(client, story.get_absolute_url())
    with change():
        revisions.restore(first, by=chief)
    assert "Tides turn again" not in client.get(story.get_absolute_url()).text


def test_a_deleted_article_is_gone_at_once(admin_client, client, story, change):
    cached(client, "/", story.get_absolute_url())
    with change():
        admin_client.post(reverse("admin:articles_article_delete", args=[story.pk]), {"post": "yes"})
    assert not Article.objects.filter(pk=story.pk).exists()
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "Tides turn" not in client.get("/").text


@pytest.mark.parametrize("kind", ["section", "author", "topic"])
def test_a_renamed_section_author_or_topic_shows_at_once_on_cached_pages(
    admin_client, client, story, change, kind
):
    subject = {"section": story.section, "author": story.authors[0], "topic": story.topics.get()}[kind]
    cached(client, story.get_absolute_url())
    form = {"name": "Renamed at the desk", "slug": subject.slug}
    if kind == "section":
        form |= {"description": "", "position": "0", "in_navigation": "on"}
    if kind == "author":
        form |= {"bio": ""}
    with change():
        response = admin_client.post(reverse(f"admin:articles_{kind}_change", args=[subject.pk]), form)
    assert response.status_code == 302
    assert "Renamed at the desk" in client.get(story.get_absolute_url()).text


def test_an_image_edited_in_the_library_shows_at_once(admin_client, client, change):
    image = make_image(alt_text="A quay")
    article = make_article(lead_image=image)
    cached(client, article.get_absolute_url())
    form = {"alt_text": "A quay at dawn", "caption": "", "credit": "", "focal_x": "", "focal_y": ""}
    with change():
        admin_client.post(reverse("admin:images_image_change", args=[image.pk]), form)
    assert "A quay at dawn" in client.get(article.get_absolute_url()).text


def test_pages_link_an_images_renditions_as_soon_as_they_are_ready(client, change):
    image = make_image(size=(800, 600))
    article = make_article(lead_image=image)
    cached(client, article.get_absolute_url())
    assert "<source" not in client.get(article.get_absolute_url()).text
    with change():
        make_renditions.call(image.pk, image.wanted_renditions_key())
    assert "<source" in client.get(article.get_absolute_url()).text


def test_a_new_focal_point_shows_at_once_in_the_renditions_pages_link(admin_client, client, commit, change):
    with commit():
        image = make_image(size=(800, 600))
    article = make_article(lead_image=image)
    cached(client, article.get_absolute_url())
    before = client.get(article.get_absolute_url()).text
    form = {"alt_text": image.alt_text, "caption": "", "credit": "", "focal_x": "10", "focal_y": "90"}
    with change():
        admin_client.post(reverse("admin:images_image_change", args=[image.pk]), form)
    image.refresh_from_db()
    assert image.focal_point == (0.1, 0.9)
    after = client.get(article.get_absolute_url()).text
    assert image.renditions_key in after
    assert after != before


def test_discussion_settings_changed_show_at_once_on_every_article(client, change):
    article = make_article(published_at=timezone.now() - timedelta(days=3))
    cached(client, article.get_absolute_url())
    assert 'id="comment-form"' in client.get(article.get_absolute_url()).text
    solo = discussion_settings()
    solo.close_comments, solo.close_after_days = True, 1
    with change():
        save_discussion_settings(solo)
    assert 'id="comment-form"' not in client.get(article.get_absolute_url()).text


def test_a_static_page_renamed_shows_in_every_cached_footer(admin_client, client, story, change):
    page = FlatPage.objects.get(url="/about/")
    cached(client, "/", story.get_absolute_url())
    form = {"url": page.url, "title": "Who we are", "content": page.content, "sites": [1]}
    with change():
        admin_client.post(reverse("admin:flatpages_flatpage_change", args=[page.pk]), form)
    for url in ["/", story.get_absolute_url()]:
        assert "Who we are" in client.get(url).text


def test_a_comment_approved_shows_at_once_and_only_its_article_is_rendered_again(client, story, change):
    other = make_article(headline="Elsewhere")
    waiting = make_comment(story, status=Comment.Status.PENDING, body="Worth the wait.")
    cached(client, story.get_absolute_url(), other.get_absolute_url(), "/")
    with change():
        moderation.approve(waiting, by=None)
    response = client.get(story.get_absolute_url())
    assert (response.headers["X-Page-Cache"], "Worth the wait." in response.text) == ("miss", True)
    # Comments show on their own article's pages only: every other page is still served from the cache.
    assert client.get(other.get_absolute_url()).headers["X-Page-Cache"] == "hit"
    assert client.get("/").headers["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("decision", [moderation.remove, moderation.mark_spam])
def test_a_comment_removed_or_marked_as_spam_disappears_at_once(client, story, change, decision):
    comment = make_comment(story, body="Soon gone.")
    cached(client, story.get_absolute_url())
    with change():
        decision(comment, by=None)
    assert "Soon gone." not in client.get(story.get_absolute_url()).text


def test_a_comment_edited_by_a_moderator_shows_its_new_text_at_once(client, story, change):
    comment = make_comment(story, body="Teh tide turned.")
    cached(client, story.get_absolute_url())
    with change():
        moderation.edit_text(comment, "The tide turned.", by=None)
    text = client.get(story.get_absolute_url()).text
    assert ("The tide turned." in text, "Teh tide" in text) == (True, False)


def test_a_comment_deleted_in_the_admin_disappears_at_once(admin_client, client, story, change):
    comment = make_comment(story, body="Deleted for good.")
    cached(client, story.get_absolute_url())
    with change():
        admin_client.post(reverse("admin:comments_comment_delete", args=[comment.pk]), {"post": "yes"})
    assert "Deleted for good." not in anonymous(client).get(story.get_absolute_url()).text


def test_a_moderators_own_comment_published_on_arrival_shows_at_once(
    client, story, change, django_user_model
):
    moderator = django_user_model.objects.create_superuser("mod", "mod@example.org")
    cached(client, story.get_absolute_url())
    comment = Comment(article=story, name="Moderator", email="mod@example.org", body="From the desk.")
    comment.place_under(None)
    with change():
        moderation.submit(comment, user=moderator)
    assert "From the desk." in client.get(story.get_absolute_url()).text


def test_a_comment_approved_renews_the_later_comment_pages_too(client, change, settings):
    settings.COMMENTS_PER_PAGE = 1
    article = make_article()
    make_comment(article), make_comment(article)
    waiting = make_comment(article, status=Comment.Status.PENDING)
    second_page = reverse("comments:page", kwargs={"article_id": article.pk, "number": 2})
    cached(client, second_page)
    assert "Page 2 of 2" in client.get(second_page).text
    with change():
        moderation.approve(waiting, by=None)
    assert "Page 2 of 3" in client.get(second_page).text


def test_the_purge_hook_hears_each_change_once_per_commit(heard, story, commit):
    with commit(), transaction.atomic():
        events.content_changed("article saved")
        events.content_changed("section saved")
        events.comments_changed([story.pk])
    assert len(heard) == 1
    assert heard[0].everything
    assert heard[0].reasons == ["article saved", "section saved", "comments"]


def test_the_purge_hook_hears_which_pages_comments_changed(heard, story, commit, settings):
    with commit():
        events.comments_changed([story.pk])
    (purge,) = heard
    assert not purge.everything
    assert purge.urls == [settings.SITE_URL + story.get_absolute_url()]
    assert purge.prefixes == [f"{settings.SITE_URL}/comments/article/{story.pk}/page/"]


def test_a_change_rolled_back_renews_nothing_and_purges_nothing(client, heard, story, commit):
    cached(client, story.get_absolute_url())
    with commit():
        try:
            with transaction.atomic():
                events.content_changed("article saved")
                raise RuntimeError("the save failed")
        except RuntimeError:
            pass
    assert heard == []
    assert client.get(story.get_absolute_url()).headers["X-Page-Cache"] == "hit"


class PurgeReceiver(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        PurgeReceiver.received.append((self.headers["Content-Type"], json.loads(body)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_purge_hook_url_is_sent_the_change_as_json(settings, story, commit):
    server = HTTPServer(("127.0.0.1", 0), PurgeReceiver)
    threading.Thread(target=server.handle_request, daemon=True).start()
    settings.PAGE_CACHE_PURGE_HOOK = f"http://127.0.0.1:{server.server_port}/purge"
    PurgeReceiver.received.clear()
    with commit():
        events.content_changed("article saved")
    server.server_close()
    assert PurgeReceiver.received == [
        ("application/json", {"reasons": ["article saved"], "everything": True, "urls": [], "prefixes": []})
    ]


def test_a_failing_purge_hook_is_logged_and_the_change_stands(settings, story, commit, caplog):
    settings.PAGE_CACHE_PURGE_HOOK = "http://127.0.0.1:1/purge"
    with commit():
        events.content_changed("article saved")
    assert "The purge hook http://127.0.0.1:1/purge failed" in caplog.text
