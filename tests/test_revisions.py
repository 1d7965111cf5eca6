"""Revisions: every save keeps one; any two compare as a readable diff; any can be restored, as a new revision."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from articles import corrections, revisions, workflow
from articles.admin import ArticleAdmin
from articles.models import Article, ArticleRevision, Byline, Correction
from articles.workflow_admin import local_time
from images.embed import record_inline_images
from images.models import InlineImage
from tests.factories import make_article, make_author, make_image, make_staff, make_topic
from tests.test_admin_articles import article_form

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def saved_in_admin(client, article, **changes):
    article.refresh_from_db()
    response = client.post(change_url(article), article_form(article, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    return article


def test_every_admin_save_keeps_a_revision_with_who_the_fields_bylines_and_topics(client, editor):
    client.force_login(editor)
    author, topic = make_author(), make_topic()
    article = make_article(published=False, created_by=editor)
    saved_in_admin(
        client,
        article,
        headline="Tides turn",
        topics=[str(topic.pk)],
        **{
            "byline_links-TOTAL_FORMS": "1",
            "byline_links-0-author": str(author.pk),
            "byline_links-0-position": "0",
        },
    )
    saved_in_admin(client, article, headline="Tides turn again", topics=[str(topic.pk)])
    newest, first = article.revisions.all()
    assert (first.version, newest.version) == (article.version - 1, article.version)
    assert first.created_by == editor and first.snapshot["headline"] == "Tides turn"
    assert first.snapshot["bylines"] == [author.pk] and first.snapshot["topics"] == [topic.pk]
    assert first.snapshot["section"] == article.section_id and first.snapshot["status"] == "draft"
    assert newest.snapshot["headline"] == "Tides turn again"


def test_a_workflow_step_keeps_a_revision_named_after_it(editor):
    article = make_article(published=False)
    workflow.transition(article, workflow.Action.PUBLISH, by=editor)
    revision = article.revisions.get()
    assert revision.note == "Published" and revision.snapshot["status"] == "published"


def test_the_diff_marks_removed_and_added_words_escaped():
    older = {"headline": "Ports <plug> in", "standfirst": "", "body": "<p>Ships burn fuel.</p><p>Same.</p>"}
    newer = {
        "headline": "Ports <plug> out",
        "standfirst": "New",
        "body": "<p>Ships burn less fuel.</p><p>Same.</p>",
    }
    headline, standfirst, body = revisions.compare(older, newer)
    assert headline.html == "Ports &lt;plug&gt; <del>in</del><ins>out</ins>"
    assert standfirst.html == "<ins>New</ins>" and standfirst.changed
    assert body.html == "Ships burn <ins>less </ins>fuel.\nSame."
    assert body.label == "Body"


def test_a_picture_swapped_in_the_body_shows_in_the_diff_by_its_file_and_description():
    figure = '<figure><img src="/media/images/{}" alt="{}"><figcaption>The quay.</figcaption></figure>'
    [*_rest, body] = revisions.compare(
        {"body": "<p>Ships.</p>" + figure.format("crane.jpg", "A crane")},
        {"body": "<p>Ships.</p>" + figure.format("ship.jpg", "")},
    )
    assert body.changed
    assert (
        body.html == "Ships.\n[Picture: <del>crane</del><ins>ship</ins>.jpg<del>, “A crane”</del>]\nThe quay."
    )


def test_the_diff_of_chinese_text_marks_single_characters():
    [headline, *_rest] = revisions.compare({"headline": "港口通电"}, {"headline": "港口断电"})
    assert headline.html == "港口<del>通</del><ins>断</ins>电"


def test_a_diff_never_lets_a_body_run_markup():
    [*_rest, body] = revisions.compare(
        {"body": "<p>Safe</p>"}, {"body": "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"}
    )
    assert "<script>" not in body.html and "&lt;script&gt;" in body.html


def test_restoring_brings_back_an_earlier_body_bylines_and_topics_as_a_new_revision(editor):
    first_author, topic, image = make_author(), make_topic(), make_image()
    article = make_article(authors=[first_author], topics=[topic], body="<p>The first words.</p>")
    first = revisions.record(article, by=editor)
    article.set_body(f'<p>Other words.</p><figure><img src="x.jpg" alt="A" data-file="{image.pk}"></figure>')
    article.save()
    record_inline_images(article)
    assert InlineImage.objects.filter(article=article, image=image).exists()
    Byline.objects.filter(article=article).update(author=make_author())
    article.topics.clear()
    revisions.record(article, by=editor)

    restored = revisions.restore(first, by=editor)

    article.refresh_from_db()
    assert article.body == "<p>The first words.</p>" and article.word_count == 3
    assert [link.author for link in article.byline_links.all()] == [first_author]
    assert list(article.topics.all()) == [topic]
    assert article.status == Article.Status.PUBLISHED  # a restore neither publishes nor unpublishes
    assert not InlineImage.objects.filter(article=article).exists()
    assert restored.version == article.version and restored.note == f"Restored from version {first.version}"
    assert article.revisions.count() == 3


def test_the_admin_lists_compares_and_restores_revisions(client, editor):
    client.force_login(editor)
    article = make_article(body="<p>Ships burn fuel.</p>")
    first = revisions.record(article, by=editor)
    saved_in_admin(client, article, body="<p>Ships burn less fuel.</p>")
    latest = article.revisions.first()

    listing = client.get(reverse("admin:articles_article_revisions", args=[article.pk]))
    assert listing.status_code == 200
    assert f'value="{first.pk}"' in listing.text and "Restore this version" in listing.text

    comparison = client.get(
        reverse("admin:articles_article_compare_revisions", args=[article.pk]),
        {"revision": [latest.pk, first.pk]},
    )
    assert comparison.status_code == 200
    assert "Ships burn <ins>less </ins>fuel." in comparison.text

    restore_url = reverse("admin:articles_article_restore_revision", args=[article.pk, first.pk])
    assert client.post(restore_url).status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>Ships burn fuel.</p>"


def test_comparing_needs_two_revisions_of_the_article(client, editor):
    client.force_login(editor)
    article, other = make_article(), make_article()
    mine, theirs = revisions.record(article, by=editor), revisions.record(other, by=editor)
    url = reverse("admin:articles_article_compare_revisions", args=[article.pk])
    for chosen in [[mine.pk], [mine.pk, theirs.pk], ["x", "y"]]:
        response = client.get(url, {"revision": chosen})
        assert response.status_code == 302 and response.url.endswith("/revisions/")


def test_a_writer_may_not_restore_a_revision_of_an_article_they_may_not_edit(client, writer, editor):
    client.force_login(writer)
    article = make_article(body="<p>Before.</p>")
    revision = revisions.record(article, by=editor)
    url = reverse("admin:articles_article_restore_revision", args=[article.pk, revision.pk])
    assert client.post(url).status_code == 403
    assert ArticleRevision.objects.count() == 1


class TestStaleSave:
    """Two people open the same article; the first saves; the second's save is refused, their text kept."""

    def test_the_second_save_is_refused_naming_who_and_when_and_keeping_the_text(self, client, editor):
        colleague = make_staff("colleague", "Editors", first_name="Ada", last_name="Lovelace")
        article = make_article(body="<p>The first words.</p>")
        article.refresh_from_db()
        opened = article_form(article)  # both open the form at the same version

        client.force_login(colleague)
        first = dict(opened, body="<p>Their words.</p>")
        assert client.post(change_url(article), first).status_code == 302

        client.force_login(editor)
        mine = dict(opened, body="<p>My own careful words.</p>", standfirst="My standfirst")
        response = client.post(change_url(article), mine)

        assert response.status_code == 200
        page = response.text
        when = local_time(article.revisions.get(created_by=colleague).created_at)
        assert f"Not saved: colleague saved this article at {when}, after you opened it." in page
        assert "My own careful words." in page and "My standfirst" in page  # kept in the form
        assert "<del>Their</del><ins>My own careful</ins> words." in page  # what differs, shown
        article.refresh_from_db()
        assert article.body == "<p>Their words.</p>"

        # Saving again, once merged, goes through: the refused form now carries the current version.
        form = response.context["adminform"].form
        assert form.data["opened_version"] == str(article.version)
        again = dict(mine, opened_version=str(article.version))
        assert client.post(change_url(article), again).status_code == 302
        article.refresh_from_db()
        assert article.body == "<p>My own careful words.</p>"

    def test_a_writers_stale_save_of_their_draft_is_refused_too(self, client, writer, editor):
        draft = make_article(published=False, created_by=writer, body="<p>Draft.</p>")
        draft.refresh_from_db()
        opened = article_form(draft, body="<p>The writer’s second thoughts.</p>")
        client.force_login(editor)
        assert client.post(change_url(draft), article_form(draft, body="<p>Edited.</p>")).status_code == 302
        client.force_login(writer)
        response = client.post(change_url(draft), opened)
        assert response.status_code == 200
        assert "Not saved: editor saved this article" in response.text
        assert "The writer’s second thoughts." in response.text
        draft.refresh_from_db()
        assert draft.body == "<p>Edited.</p>"

    def test_a_workflow_button_on_a_stale_form_is_refused_too(self, client, editor):
        article = make_article(published=False, status=Article.Status.IN_REVIEW)
        article.refresh_from_db()
        stale = article_form(article, _transition="publish")
        article.headline = "Changed meanwhile"
        article.save()
        client.force_login(editor)
        assert client.post(change_url(article), stale).status_code == 200
        article.refresh_from_db()
        assert article.status == Article.Status.IN_REVIEW and not article.status_changes.exists()

    def test_bulk_steps_and_every_save_move_the_version(self, client, editor):
        article = make_article(published=False, status=Article.Status.IN_REVIEW)
        start = article.version
        article.save()
        assert article.version == start + 1
        client.force_login(editor)
        changelist = reverse("admin:articles_article_changelist")
        client.post(changelist, {"action": "publish_selected", "_selected_action": [article.pk]})
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED and article.version == start + 2
        assert article.revisions.get().note == "Published"

    def test_a_correction_added_while_an_editor_saves_is_kept_and_the_save_goes_through(
        self, client, editor, monkeypatch
    ):
        """
        The editor's request reads the article, then a correction is added (by another request, before this
        one locks the row), then the editor's save is written: neither loses the other.
        """
        article = make_article(body="<p>Before.</p>", published_at=NOON - timedelta(days=1))
        article.refresh_from_db()
        opened = article_form(article, body="<p>The editor’s words.</p>")
        read_article = ArticleAdmin.get_object

        def read_then_corrected(admin, request, object_id, from_field=None):
            read = read_article(admin, request, object_id, from_field)
            with time_machine.travel(NOON, tick=False):
                corrections.save_correction(
                    Correction(article=article, text="A figure was wrong."), by=editor
                )
            return read

        monkeypatch.setattr(ArticleAdmin, "get_object", read_then_corrected)
        client.force_login(editor)
        assert client.post(change_url(article), opened).status_code == 302
        article.refresh_from_db()
        assert article.body == "<p>The editor’s words.</p>"
        assert [note.text for note in article.corrections_shown] == ["A figure was wrong."]
        assert article.updated_at == NOON

    def test_bulk_steps_start_from_the_article_as_stored_not_as_the_list_read_it(self, client, editor):
        article = make_article(published=False, status=Article.Status.IN_REVIEW, body="<p>Old.</p>")
        chosen = Article.objects.filter(pk=article.pk)
        list(chosen)  # the list, read before someone else's save
        article.set_body("<p>Saved meanwhile.</p>")
        article.save()
        request = RequestFactory().post("/")
        request.user = editor
        assert (
            admin.site.get_model_admin(Article).take_step_with_each(
                request, chosen, lambda article: workflow.Action.PUBLISH
            )
            == 1
        )
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED and article.body == "<p>Saved meanwhile.</p>"

    def test_a_form_without_its_version_is_refused(self, client, editor):
        article = make_article()
        client.force_login(editor)
        form = article_form(article, headline="No version")
        del form["opened_version"]
        assert client.post(change_url(article), form).status_code == 200
        article.refresh_from_db()
        assert article.headline != "No version"

    def test_a_preview_of_a_stale_form_still_shows_its_words(self, client, editor):
        article = make_article()
        article.refresh_from_db()
        stale = article_form(article, body="<p>Words in an old form.</p>")
        article.save()
        client.force_login(editor)
        preview = client.post(reverse("admin:articles_article_preview", args=[article.pk]), stale)
        assert preview.status_code == 200 and "Words in an old form." in preview.text
