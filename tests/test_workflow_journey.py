"""
The editorial workflow from end to end, as a writer and an editor use the admin: drafted, submitted, previewed,
sent back with a note, revised, scheduled a minute ahead, and published by the clock alone.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.factories import make_author, make_section, make_staff
from tests.test_admin_articles import article_form, with_bylines

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@time_machine.travel(NOON, tick=False)
def test_a_story_goes_from_a_writers_draft_to_the_site_by_itself():
    writer, editor = make_staff("writer", "Writers"), make_staff("editor", "Editors")
    writer_desk, editor_desk, reader = logged_in(writer), logged_in(editor), Client()
    section, byline = make_section(), make_author(name="Wen Li", user=writer)

    # The writer drafts and submits.
    draft = with_bylines(article_form(headline="Harbour cranes go electric", section=section.pk), byline)
    assert writer_desk.post(reverse("admin:articles_article_add"), draft).status_code == 302
    article = Article.objects.get()
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    assert writer_desk.post(change_url, article_form(article, _transition="submit")).status_code == 302
    assert "Harbour cranes go electric" in editor_desk.get(reverse("admin:index")).text  # waiting for review

    # The editor previews it, then sends it back with a note.
    article.refresh_from_db()
    preview = editor_desk.post(
        reverse("admin:articles_article_preview", args=[article.pk]), article_form(article)
    )
    assert "Harbour cranes go electric" in preview.text and "Wen Li" in preview.text
    note = "Who pays for the new cranes? Add the figures from the port."
    sent_back = article_form(article, _transition="send_back", note=note)
    assert editor_desk.post(change_url, sent_back).status_code == 302

    # The writer sees the note on the dashboard and on the article, revises and submits again.
    assert note in writer_desk.get(reverse("admin:index")).text
    assert note in writer_desk.get(change_url).text
    article.refresh_from_db()
    revised = article_form(article, body="<p>The port pays two thirds.</p>", _transition="submit")
    assert writer_desk.post(change_url, revised).status_code == 302

    # A crafted publish from the writer is refused, whatever it claims.
    article.refresh_from_db()
    crafted = article_form(article, status="published", featured="on", _transition="publish")
    assert (
        writer_desk.post(change_url, crafted).status_code == 403
    )  # in review: no longer the writer's to edit
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW and not article.featured

    # The editor schedules it a minute ahead.
    scheduled = article_form(
        article, published_at_0="2026-11-28", published_at_1="12:01:00", _transition="schedule"
    )
    assert editor_desk.post(change_url, scheduled).status_code == 302
    article.refresh_from_db()
    assert reader.get(article.get_absolute_url()).status_code == 404
    assert "Harbour cranes go electric" not in reader.get(reverse("articles:home")).text

    # A minute later it is on the site, with no one doing anything.
    with time_machine.travel(NOON + timedelta(minutes=1), tick=False):
        page = reader.get(article.get_absolute_url())
        assert page.status_code == 200
        assert "The port pays two thirds." in page.text
        assert "Harbour cranes go electric" in reader.get(reverse("articles:home")).text

    history = [change.action for change in reversed(article.status_changes.all())]
    assert history == ["submit", "send_back", "submit", "schedule"]


@time_machine.travel(NOON, tick=False)
def test_a_writers_crafted_publish_of_their_own_draft_is_refused():
    writer = make_staff("writer", "Writers")
    desk = logged_in(writer)
    draft = article_form(headline="Not yet", section=make_section().pk, _transition="publish", featured="on")
    response = desk.post(reverse("admin:articles_article_add"), draft)
    assert response.status_code == 200
    assert "You may not do that with this article." in response.text
    assert not Article.objects.exists()
