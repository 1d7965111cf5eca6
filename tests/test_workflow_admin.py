"""
The workflow in the article admin, by role. Every forbidden action is tried as a crafted request, as a browser
with a tampered form would send it: it is refused, and nothing changes.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, StatusChange
from tests.factories import make_article, make_author, make_section, make_staff
from tests.test_admin_articles import article_form

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def buttons(response):
    return [step.action for step in response.context["transitions"]]


def unchanged(article):
    """The article's row is as it was (compared field by field with a fresh copy)."""
    fresh = Article.objects.get(pk=article.pk)
    fields = ["headline", "status", "published_at", "featured", "updated_at", "body"]
    return all(getattr(fresh, name) == getattr(article, name) for name in fields)


class TestWriter:
    def test_sees_only_the_submit_button_and_the_publishing_fields_read_only(self, client, writer):
        client.force_login(writer)
        response = client.get(reverse("admin:articles_article_add"))
        assert buttons(response) == [StatusChange.Action.SUBMIT]
        html = response.content.decode()
        assert 'name="_transition" value="submit"' in html and 'value="publish"' not in html
        assert 'name="published_at_0"' not in html and 'name="featured"' not in html
        assert 'name="mark_updated"' not in html
        assert "Preview" in html

    def test_creates_a_draft_recorded_as_theirs(self, client, writer):
        client.force_login(writer)
        response = client.post(reverse("admin:articles_article_add"), article_form(section=make_section().pk))
        assert response.status_code == 302
        article = Article.objects.get()
        assert article.created_by == writer and article.status == Article.Status.DRAFT

    def test_a_crafted_status_time_or_featured_flag_is_ignored(self, client, writer):
        client.force_login(writer)
        crafted = article_form(
            section=make_section().pk,
            status=Article.Status.PUBLISHED,
            featured="on",
            published_at_0="2026-11-28",
            published_at_1="09:00:00",
        )
        assert client.post(reverse("admin:articles_article_add"), crafted).status_code == 302
        article = Article.objects.get()
        assert (article.status, article.featured, article.published_at) == (Article.Status.DRAFT, False, None)

    @pytest.mark.parametrize("action", ["publish", "schedule", "unpublish", "send_back", "no-such-step"])
    def test_a_crafted_step_on_their_own_draft_is_refused(self, client, writer, action):
        client.force_login(writer)
        draft = make_article(
            published=False, created_by=writer, published_at=timezone.now() + timedelta(days=1)
        )
        response = client.post(change_url(draft), article_form(draft, headline="Changed", _transition=action))
        assert response.status_code == 200
        assert "You may not do that with this article." in response.content.decode()
        assert unchanged(draft) and not draft.status_changes.exists()

    def test_a_crafted_mark_as_updated_is_ignored(self, client, writer):
        client.force_login(writer)
        draft = make_article(published=False, created_by=writer)
        assert client.post(change_url(draft), article_form(draft, mark_updated="on")).status_code == 302
        draft.refresh_from_db()
        assert draft.updated_at is None

    @pytest.mark.parametrize(
        "status", [Article.Status.PUBLISHED, Article.Status.IN_REVIEW, Article.Status.UNPUBLISHED]
    )
    def test_cannot_change_their_own_article_once_it_left_draft(self, client, writer, status):
        client.force_login(writer)
        article = make_article(published=status == Article.Status.PUBLISHED, created_by=writer)
        Article.objects.filter(pk=article.pk).update(status=status)
        article.refresh_from_db()
        response = client.get(change_url(article))
        assert response.status_code == 200 and not response.context["has_change_permission"]
        assert buttons(response) == []
        assert client.post(change_url(article), article_form(article, headline="Changed")).status_code == 403
        assert unchanged(article)

    def test_cannot_change_another_writers_draft_or_a_published_article(self, client, writer):
        client.force_login(writer)
        others = [make_article(published=False, created_by=make_staff("other", "Writers")), make_article()]
        for article in others:
            response = client.post(change_url(article), article_form(article, headline="Mine now"))
            assert response.status_code == 403
            assert unchanged(article)

    def test_edits_a_draft_they_have_a_byline_on(self, client, writer):
        client.force_login(writer)
        draft = make_article(published=False, authors=[make_author(user=writer)])
        response = client.post(change_url(draft), article_form(draft, headline="Revised"))
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.headline == "Revised"

    @pytest.mark.parametrize("action", ["publish_selected", "unpublish_selected"])
    def test_a_crafted_bulk_action_is_refused(self, client, writer, action):
        client.force_login(writer)
        articles = [make_article(published=False, created_by=writer), make_article()]
        client.post(
            reverse("admin:articles_article_changelist"),
            {"action": action, "_selected_action": [article.pk for article in articles]},
        )
        assert all(unchanged(article) for article in articles)
        assert not StatusChange.objects.exists()

    def test_cannot_delete_articles(self, client, writer):
        client.force_login(writer)
        draft = make_article(published=False, created_by=writer)
        url = reverse("admin:articles_article_delete", args=[draft.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
        assert Article.objects.filter(pk=draft.pk).exists()

    def test_cannot_change_sections_authors_or_topics(self, client, writer):
        client.force_login(writer)
        section = make_section()
        url = reverse("admin:articles_section_change", args=[section.pk])
        assert client.post(url, {"name": "Mine", "slug": "mine", "position": 0}).status_code == 403
        assert client.get(reverse("admin:articles_topic_add")).status_code == 403

    def test_submits_their_draft_and_can_no_longer_change_it(self, client, writer):
        client.force_login(writer)
        draft = make_article(published=False, created_by=writer)
        response = client.post(
            change_url(draft), article_form(draft, note="Ready for a look.", _transition="submit")
        )
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.status == Article.Status.IN_REVIEW
        assert draft.status_changes.get().note == "Ready for a look."
        assert client.post(change_url(draft), article_form(draft, headline="One more")).status_code == 403

    def test_submits_a_new_article_straight_from_the_add_form(self, client, writer):
        client.force_login(writer)
        data = article_form(section=make_section().pk, _transition="submit")
        assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
        article = Article.objects.get()
        assert article.status == Article.Status.IN_REVIEW and article.created_by == writer
        assert article.status_changes.get().changed_by == writer

    def test_a_note_without_a_step_is_refused_rather_than_lost(self, client, writer):
        client.force_login(writer)
        draft = make_article(published=False, created_by=writer)
        response = client.post(change_url(draft), article_form(draft, note="Is this kept?"))
        assert "note" in response.context["adminform"].form.errors

    def test_sees_the_editors_latest_note_on_their_draft(self, client, writer, editor):
        draft = make_article(published=False, created_by=writer, status=Article.Status.IN_REVIEW)
        StatusChange.objects.create(
            article=draft,
            action="send_back",
            from_status="in_review",
            to_status="draft",
            changed_by=editor,
            note="The second quote needs a source.",
        )
        Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT)
        client.force_login(writer)
        html = client.get(change_url(draft)).content.decode()
        assert "Sent back to the writer by editor" in html
        assert html.count("The second quote needs a source.") >= 1


class TestEditor:
    @time_machine.travel(NOON, tick=False)
    def test_publishes_an_article_in_review_now(self, client, editor):
        client.force_login(editor)
        article = make_article(published=False, status=Article.Status.IN_REVIEW)
        response = client.post(change_url(article), article_form(article, _transition="publish"))
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.is_live and article.published_at == NOON

    @time_machine.travel(NOON, tick=False)
    def test_schedules_with_a_time_ahead_and_is_told_when_the_time_is_past(self, client, editor):
        client.force_login(editor)
        article = make_article(published=False, status=Article.Status.IN_REVIEW)
        past = article_form(
            article, published_at_0="2026-11-28", published_at_1="11:00:00", _transition="schedule"
        )
        response = client.post(change_url(article), past)
        assert "published_at" in response.context["adminform"].form.errors
        assert unchanged(article)
        ahead = dict(past, published_at_1="12:01:00")
        assert client.post(change_url(article), ahead).status_code == 302
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED and not article.is_live
        assert article.published_at == NOON + timedelta(minutes=1)

    def test_sends_back_with_a_note_and_not_without(self, client, editor):
        client.force_login(editor)
        article = make_article(published=False, status=Article.Status.IN_REVIEW)
        response = client.post(change_url(article), article_form(article, _transition="send_back"))
        assert "note" in response.context["adminform"].form.errors
        assert unchanged(article)
        data = article_form(article, _transition="send_back", note="Shorter, please.")
        assert client.post(change_url(article), data).status_code == 302
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT
        assert article.status_changes.get().note == "Shorter, please."

    def test_features_and_unpublishes(self, client, editor):
        client.force_login(editor)
        article = make_article()
        assert client.post(change_url(article), article_form(article, featured="on")).status_code == 302
        article.refresh_from_db()
        assert article.featured
        response = client.post(change_url(article), article_form(article, _transition="unpublish"))
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.status == Article.Status.UNPUBLISHED

    def test_sees_the_steps_the_status_allows_as_buttons(self, client, editor):
        client.force_login(editor)
        response = client.get(change_url(make_article(published=False, status=Article.Status.IN_REVIEW)))
        assert buttons(response) == ["publish", "schedule", "send_back"]
        html = response.content.decode()
        # After the save buttons, so that Enter in a field saves rather than publishes.
        assert html.index('name="_save"') < html.index('name="_transition"')

    def test_bulk_publishing_leaves_articles_whose_status_does_not_allow_it(self, client, editor):
        client.force_login(editor)
        draft, live = make_article(published=False), make_article()
        response = client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish_selected", "_selected_action": [draft.pk, live.pk]},
            follow=True,
        )
        draft.refresh_from_db()
        assert draft.is_live and unchanged(live)
        messages = [str(message) for message in response.context["messages"]]
        assert "1 article published." in messages
        assert "1 article was left as it was: its status does not allow that." in messages


def test_a_moderator_has_no_access_to_articles(client):
    client.force_login(make_staff("moderator", "Moderators"))
    article = make_article(published=False)
    assert client.get(reverse("admin:articles_article_add")).status_code == 403
    assert client.post(change_url(article), article_form(article, _transition="publish")).status_code == 403
    preview = reverse("admin:articles_article_preview", args=[article.pk])
    assert client.post(preview, article_form(article)).status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


@time_machine.travel(NOON, tick=False)
def test_the_changelist_filters_by_status_with_scheduled_apart(client, editor):
    client.force_login(editor)
    draft = make_article(published=False)
    in_review = make_article(published=False, status=Article.Status.IN_REVIEW)
    scheduled = make_article(published_at=NOON + timedelta(hours=1))
    live = make_article()
    unpublished = make_article(published=False, status=Article.Status.UNPUBLISHED, published_at=NOON)
    url = reverse("admin:articles_article_changelist")
    expected = {
        "draft": draft,
        "in_review": in_review,
        "scheduled": scheduled,
        "published": live,
        "unpublished": unpublished,
    }
    for state, article in expected.items():
        response = client.get(url, {"state": state})
        assert list(response.context["cl"].result_list) == [article], state


def test_times_are_shown_and_entered_in_the_sites_time_zone_and_say_so(client, editor, settings):
    settings.TIME_ZONE = "Europe/Brussels"
    client.force_login(editor)
    article = make_article(published_at=datetime(2030, 1, 5, 8, 0, tzinfo=UTC))  # 09:00 in Brussels
    html = client.get(change_url(article)).content.decode()
    assert "Times are in Europe/Brussels." in html
    assert 'value="09:00:00"' in html
    assert "Scheduled for" in html and "9 a.m. (Europe/Brussels)" in html
    data = article_form(article, published_at_0="2030-01-05", published_at_1="10:30:00")
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.published_at == datetime(2030, 1, 5, 9, 30, tzinfo=UTC)
