"""The editorial dashboard on the admin's front page: what each role needs, in a fixed number of queries."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Author, StatusChange
from tests.factories import make_article, make_author, make_comment, make_section, make_staff

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def dashboard(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response


@time_machine.travel(NOON, tick=False)
def test_a_writer_sees_their_unpublished_articles_with_status_and_note_and_whats_coming(client):
    writer = make_staff("writer", "Writers")
    sent_back = make_article(published=False, created_by=writer, headline="Sent back story")
    StatusChange.objects.create(
        article=sent_back,
        action="send_back",
        from_status="in_review",
        to_status="draft",
        note="Cut the intro.",
    )
    make_article(
        published=False,
        status=Article.Status.IN_REVIEW,
        authors=[make_author(user=writer)],
        headline="Bylined story in review",
    )
    make_article(published=False, headline="Someone else's draft")
    make_article(published_at=NOON + timedelta(hours=2), headline="Scheduled story")
    make_article(published_at=NOON - timedelta(hours=2), headline="Published story")
    client.force_login(writer)
    response = dashboard(client)
    context = response.context
    assert [a.headline for a in context["my_articles"]] == ["Bylined story in review", "Sent back story"]
    assert context["in_review"] is None  # reviewing is for editors
    assert [a.headline for a in context["scheduled"]] == ["Scheduled story"]
    assert [a.headline for a in context["recently_published"]] == ["Published story"]
    html = response.text
    assert "Latest note: Cut the intro." in html and "In review" in html
    assert "Scheduled next (times in UTC)" in html and "2 p.m." in html
    assert "Someone else&#x27;s draft" not in html


def test_an_editor_sees_what_waits_for_review(client):
    editor = make_staff("editor", "Editors")
    writer = make_staff("writer", "Writers")
    make_article(
        published=False, status=Article.Status.IN_REVIEW, created_by=writer, headline="Please review"
    )
    client.force_login(editor)
    response = dashboard(client)
    assert [a.headline for a in response.context["in_review"]] == ["Please review"]
    assert "Waiting for review" in response.text


def test_a_moderator_sees_the_pending_comments_and_no_articles(client):
    article = make_article()
    make_comment(article, status="pending")
    make_comment(article, status="pending")
    client.force_login(make_staff("moderator", "Moderators"))
    response = dashboard(client)
    assert response.context["pending_comments"] == 2
    assert response.context["my_articles"] is None
    assert "2 comments waiting for a moderator" in response.text


def test_an_editor_without_moderation_rights_sees_no_comment_count(client):
    client.force_login(make_staff("editor", "Editors"))
    assert dashboard(client).context["pending_comments"] is None


def dashboard_queries(client, user, rows):
    section = make_section()
    writer = make_staff(f"writer-{rows}", "Writers")
    users_author = Author.objects.get_or_create(user=user, defaults={"name": "Them", "slug": "them"})[0]
    for n in range(rows):
        authors = [users_author, make_author()] if n % 2 else [make_author()]
        article = make_article(section=section, authors=authors, published=n % 3 == 0, created_by=writer)
        make_comment(article, status="pending")
        StatusChange.objects.create(
            article=article, action="submit", from_status="draft", to_status="in_review", note="Note."
        )
    with CaptureQueriesContext(connection) as queries:
        dashboard(client)
    return len(queries)


@pytest.mark.parametrize(("role", "budget"), [("Editors", 11), ("Writers", 10)])
def test_the_dashboard_takes_a_fixed_number_of_queries(client, no_cache, role, budget):
    user = make_staff("someone", role, "Moderators")
    client.force_login(user)
    few = dashboard_queries(client, user, 2)
    many = dashboard_queries(client, user, 30)
    # Session, user, its own and its groups' permissions, the pending count in the header and again on the
    # dashboard, the dashboard's lists (four for an editor, three for a writer), and the recent actions.
    assert few == many == budget
