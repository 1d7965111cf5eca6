"""The editorial rules (articles/workflow.py), called directly: who may edit, which steps each role may take."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from articles import workflow
from articles.models import Article, StatusChange
from tests.factories import make_article, make_author, make_staff

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
Action = StatusChange.Action


def draft_by(user, **fields):
    return make_article(published=False, created_by=user, **fields)


def actions(user, article):
    return [step.action for step in workflow.allowed_transitions(user, article)]


def test_the_roles_are_groups_made_by_a_migration_with_the_permissions_the_rules_check():
    writer, editor = make_staff("w", "Writers"), make_staff("e", "Editors")
    moderator = make_staff("m", "Moderators")
    assert writer.has_perms(["articles.add_article", "articles.change_article", "images.add_image"])
    assert not writer.has_perm(workflow.PUBLISH) and not writer.has_perm(workflow.EDIT_ANY)
    assert not writer.has_perm("articles.delete_article") and not writer.has_perm("articles.change_section")
    assert editor.has_perms([workflow.PUBLISH, workflow.EDIT_ANY, "articles.delete_article"])
    assert editor.has_perms(
        [
            f"articles.{action}_{model}"
            for action in ["add", "change", "delete"]
            for model in ["section", "author", "topic"]
        ]
    )
    assert not editor.has_perm("comments.change_comment")
    assert moderator.has_perm("comments.change_comment") and not moderator.has_perm("articles.view_article")


def test_a_writer_edits_their_own_drafts_only(writer):
    other = make_staff("other", "Writers")
    bylined = make_article(published=False, authors=[make_author(user=writer)])
    assert workflow.can_edit(writer, draft_by(writer))
    assert workflow.can_edit(writer, bylined)
    assert workflow.can_edit(writer, Article())  # a new one
    assert not workflow.can_edit(writer, draft_by(other))
    assert not workflow.can_edit(writer, draft_by(writer, status=Article.Status.IN_REVIEW))
    assert not workflow.can_edit(writer, draft_by(writer, status=Article.Status.UNPUBLISHED))
    assert not workflow.can_edit(writer, make_article(created_by=writer))  # published


def test_an_editor_edits_every_article(editor):
    writer = make_staff("writer", "Writers")
    for article in [draft_by(writer), draft_by(writer, status=Article.Status.IN_REVIEW), make_article()]:
        assert workflow.can_edit(editor, article)


def test_a_writer_may_only_submit_their_draft(writer):
    draft = draft_by(writer)
    assert actions(writer, draft) == [Action.SUBMIT]
    draft.status = Article.Status.IN_REVIEW
    assert actions(writer, draft) == []
    assert actions(writer, make_article(created_by=writer)) == []


@time_machine.travel(NOON, tick=False)
def test_an_editor_takes_every_step_the_status_allows(editor):
    assert actions(editor, make_article(published=False)) == [Action.SUBMIT, Action.PUBLISH, Action.SCHEDULE]
    in_review = make_article(published=False, status=Article.Status.IN_REVIEW)
    assert actions(editor, in_review) == [Action.PUBLISH, Action.SCHEDULE, Action.SEND_BACK]
    scheduled = make_article(published_at=NOON + timedelta(hours=1))
    assert workflow.state(scheduled) == workflow.State.SCHEDULED
    assert actions(editor, scheduled) == [Action.PUBLISH, Action.UNPUBLISH, Action.TAKE_DOWN]
    assert actions(editor, make_article()) == [Action.UNPUBLISH, Action.TAKE_DOWN]
    unpublished = make_article(published=False, status=Article.Status.UNPUBLISHED)
    assert actions(editor, unpublished) == [
        Action.PUBLISH,
        Action.SCHEDULE,
        Action.SEND_BACK,
        Action.TAKE_DOWN,
    ]
    taken_down = make_article(published=False, status=Article.Status.TAKEN_DOWN)
    assert actions(editor, taken_down) == [Action.LIFT_TAKEDOWN]


def test_a_refused_step_raises_and_changes_nothing(writer):
    draft = draft_by(writer)
    for action in [Action.PUBLISH, Action.SCHEDULE, Action.SEND_BACK, "delete-everything"]:
        with pytest.raises(PermissionDenied):
            workflow.transition(draft, action, by=writer)
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert not draft.status_changes.exists()


@time_machine.travel(NOON, tick=False)
def test_the_whole_flow_records_who_did_what_when_and_why(writer, editor):
    article = draft_by(writer)
    workflow.transition(article, Action.SUBMIT, by=writer, note="Ready, I think.")
    assert article.status == Article.Status.IN_REVIEW
    workflow.transition(article, Action.SEND_BACK, by=editor, note="  Check the second quote.  ")
    assert article.status == Article.Status.DRAFT
    workflow.transition(article, Action.SUBMIT, by=writer)
    workflow.transition(article, Action.PUBLISH, by=editor)
    assert article.is_live and article.published_at == NOON
    workflow.transition(article, Action.UNPUBLISH, by=editor)
    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED and not article.is_live
    history = [
        (change.action, change.from_status, change.to_status, change.changed_by, change.note)
        for change in reversed(article.status_changes.all())
    ]
    assert history == [
        (Action.SUBMIT, "draft", "in_review", writer, "Ready, I think."),
        (Action.SEND_BACK, "in_review", "draft", editor, "Check the second quote."),
        (Action.SUBMIT, "draft", "in_review", writer, ""),
        (Action.PUBLISH, "in_review", "published", editor, ""),
        (Action.UNPUBLISH, "published", "unpublished", editor, ""),
    ]
    assert workflow.latest_note(article).note == "Check the second quote."


def test_sending_back_needs_a_note_for_the_writer(editor):
    article = make_article(published=False, status=Article.Status.IN_REVIEW)
    with pytest.raises(ValidationError) as refusal:
        workflow.transition(article, Action.SEND_BACK, by=editor, note="   ")
    assert set(refusal.value.message_dict) == {"note"}
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


@time_machine.travel(NOON, tick=False)
def test_scheduling_needs_a_publish_time_ahead(editor):
    article = make_article(published=False, published_at=NOON - timedelta(minutes=1))
    with pytest.raises(ValidationError) as refusal:
        workflow.transition(article, Action.SCHEDULE, by=editor)
    assert set(refusal.value.message_dict) == {"published_at"}
    article.published_at = NOON + timedelta(minutes=1)
    workflow.transition(article, Action.SCHEDULE, by=editor)
    assert workflow.state(article) == workflow.State.SCHEDULED


@time_machine.travel(NOON, tick=False)
def test_publishing_now_brings_a_future_time_forward_and_keeps_a_past_one(editor):
    scheduled = make_article(published_at=NOON + timedelta(days=1))
    workflow.transition(scheduled, Action.PUBLISH, by=editor)
    assert scheduled.published_at == NOON and scheduled.is_live
    first_time = NOON - timedelta(days=3)
    unpublished = make_article(published_at=first_time)
    workflow.transition(unpublished, Action.UNPUBLISH, by=editor)
    workflow.transition(unpublished, Action.PUBLISH, by=editor)
    assert unpublished.published_at == first_time


def test_a_scheduled_article_appears_at_its_time_by_itself(editor):
    with time_machine.travel(NOON, tick=False):
        article = make_article(published=False, published_at=NOON + timedelta(minutes=1))
        workflow.transition(article, Action.SCHEDULE, by=editor)
        assert Client().get(article.get_absolute_url()).status_code == 404
        assert list(Article.objects.scheduled()) == [article]
    with time_machine.travel(NOON + timedelta(minutes=1), tick=False):
        assert Client().get(article.get_absolute_url()).status_code == 200
        assert workflow.state(article) == workflow.State.PUBLISHED
        assert not Article.objects.scheduled().exists()


def test_published_counts_neither_review_nor_unpublished_articles():
    live = make_article()
    make_article(published=False, status=Article.Status.IN_REVIEW, published_at=NOON)
    make_article(status=Article.Status.UNPUBLISHED, published=False, published_at=NOON)
    assert list(Article.objects.published()) == [live]


def test_articles_by_a_user_are_those_they_created_or_have_a_byline_on(writer):
    created = draft_by(writer)
    bylined = make_article(authors=[make_author(user=writer)])
    make_article(authors=[make_author()])
    assert set(Article.objects.by_user(writer)) == {created, bylined}
