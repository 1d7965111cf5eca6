"""The moderators' power tools: what each queue row says, decisions across the filter, edits, statistics."""

from datetime import timedelta
from html import unescape

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments import moderation
from comments.models import Comment, CommentEdit
from comments.statistics import article_stats
from comments.threads import thread_html
from tests.factories import make_article, make_comment, make_section, make_staff
from tests.test_comments_admin import QUEUE, insert_pending

pytestmark = pytest.mark.django_db


def test_each_row_shows_the_senders_history_links_parent_section_and_why(moderator_client):
    article = make_article(section=make_section(name="Science"))
    make_comment(article, email="ada@example.org")
    make_comment(article, email="ADA@example.org")
    make_comment(article, email="ada@example.org", status="spam")
    parent = make_comment(article, name="Ben", body="What about the rivers?")
    held = make_comment(
        article,
        parent=parent,
        email="ada@example.org",
        status="pending",
        body="See https://a.example/ and https://b.example/",
        rule="links",
        rule_explanation="Held: 2 links (limit 2).",
    )
    response = moderator_client.get(QUEUE)
    row = response.context["cl"].result_list[0]
    assert row == held
    page = unescape(response.text)
    assert "2 approved, 1 spam" in page
    assert "(Science)" in page
    assert "Ben: What about the rivers?" in page
    assert reverse("admin:comments_comment_change", args=[parent.pk]) in page
    assert '<td class="field-link_count">2</td>' in page
    assert "Held: 2 links (limit 2)." in page


def test_the_header_says_how_long_the_oldest_pending_comment_has_waited(moderator_client):
    article = make_article()
    oldest = make_comment(article, status="pending")
    make_comment(article, status="pending")
    Comment.objects.filter(pk=oldest.pk).update(created_at=timezone.now() - timedelta(hours=3, minutes=5))
    assert (
        "The oldest pending comment has waited 3\xa0hours, 5\xa0minutes." in moderator_client.get(QUEUE).text
    )
    Comment.objects.update(status="approved")
    assert "No comment is waiting for a decision." in moderator_client.get(QUEUE).text


def test_the_keyboard_shortcuts_are_documented_and_loaded_from_a_static_file(moderator_client):
    make_comment(make_article(), status="pending")
    page = moderator_client.get(QUEUE).text
    assert "Keyboard shortcuts" in page
    for key in "jkasr":
        assert f"<kbd>{key}</kbd>" in page
    assert "js/comment_queue.js" in page
    assert 'data-decision="spam"' in page and 'data-decision="approve"' in page


def test_rows_stay_within_the_query_budget_with_history_and_parents(
    moderator_client, no_cache, django_assert_max_num_queries
):
    article = make_article()
    parents = [make_comment(article, email=f"p{n}@example.org") for n in range(50)]
    for n, parent in enumerate(parents):
        make_comment(article, parent=parent, email=f"p{n}@example.org", status="pending")
        make_comment(article, email=f"p{n}@example.org", status="spam")
    with django_assert_max_num_queries(10):
        response = moderator_client.get(QUEUE)
    assert len(response.context["cl"].result_list) == 50
    assert response.text.count("1 approved, 1 spam") == 50


def wave(count=500):
    """A spam wave: `count` held comments on one article, and one honest held comment elsewhere."""
    target, elsewhere = make_article(), make_article()
    insert_pending([target] * 3, count)
    honest = make_comment(elsewhere, status="pending")
    return target, honest


def across_filter_data(page, action):
    """The form data of a bulk action over every comment the filter matches, sent from the queue `page`."""
    on_page = [comment.pk for comment in page.context["cl"].result_list]
    return {"action": action, "select_across": "1", "index": "0", ACTION_CHECKBOX_NAME: on_page}


def across_filter(client, url, action, **extra):
    return client.post(url, {**across_filter_data(client.get(url), action), **extra})


def test_a_bulk_decision_across_the_filter_asks_first_stating_the_number(moderator_client, moderator):
    target, honest = wave(500)
    url = f"{QUEUE}?article={target.pk}"
    confirmation = across_filter(moderator_client, url, "mark_selected_spam")
    assert confirmation.status_code == 200
    assert "Spam: 500 comments matching the current filter, on every page of the queue, will change." in (
        unescape(confirmation.text)
    )
    assert Comment.objects.spam().count() == 0
    done = across_filter(moderator_client, url, "mark_selected_spam", confirmed="yes")
    assert done.status_code == 302
    assert Comment.objects.spam().count() == 500
    assert set(Comment.objects.spam().values_list("decided_by", flat=True)) == {moderator.pk}
    honest.refresh_from_db()
    assert honest.status == "pending"
    assert "Marked 500 comments as spam." in unescape(moderator_client.get(done.url).text)


def test_a_bulk_decision_on_the_page_alone_needs_no_confirmation(moderator_client):
    article = make_article()
    comments = [make_comment(article, status="pending") for _ in range(3)]
    response = moderator_client.post(
        QUEUE, {"action": "approve_selected", "index": "0", ACTION_CHECKBOX_NAME: [comments[0].pk]}
    )
    assert response.status_code == 302
    assert list(Comment.objects.approved().values_list("pk", flat=True)) == [comments[0].pk]


def test_clearing_a_500_comment_wave_takes_a_few_requests_of_few_queries(
    moderator_client, no_cache, django_assert_max_num_queries
):
    target, _honest = wave(500)
    url = f"{QUEUE}?article={target.pk}"
    with django_assert_max_num_queries(10):
        page = moderator_client.get(url)
    data = across_filter_data(page, "mark_selected_spam")
    with django_assert_max_num_queries(10):
        assert moderator_client.post(url, data).status_code == 200
    with django_assert_max_num_queries(10):
        assert moderator_client.post(url, {**data, "confirmed": "yes"}).status_code == 302
    assert Comment.objects.on_article(target).spam().count() == 500


def test_editing_a_comments_text_is_recorded_and_renews_its_thread(moderator_client, moderator):
    article = make_article()
    comment = make_comment(article, body="Teh rivers rise.")
    loaded = Article.objects.select_related("section", "stored_thread").get(pk=article.pk)
    assert "Teh rivers" in thread_html(loaded)
    change_url = reverse("admin:comments_comment_change", args=[comment.pk])
    response = moderator_client.post(change_url, {"status": "approved", "body": "The rivers rise."})
    assert response.status_code == 302
    edit = CommentEdit.objects.get()
    assert (edit.comment, edit.edited_by) == (comment, moderator)
    assert (edit.body_before, edit.body_after) == ("Teh rivers rise.", "The rivers rise.")
    loaded = Article.objects.select_related("section", "stored_thread").get(pk=article.pk)
    assert "The rivers rise." in thread_html(loaded) and "Teh rivers" not in thread_html(loaded)
    page = moderator_client.get(change_url).text
    assert "<del>Teh rivers rise.</del>" in page and "<ins>The rivers rise.</ins>" in page


def test_saving_the_same_text_records_no_edit(moderator):
    comment = make_comment(make_article())
    assert moderation.edit_text(comment, comment.body, by=moderator) is None
    assert not CommentEdit.objects.exists()


def test_article_statistics_count_by_status_and_take_the_median_time_to_decision(moderator):
    article = make_article()
    sent = timezone.now() - timedelta(days=1)
    for minutes in [10, 30, 50]:
        comment = make_comment(article, status="pending")
        moderation.approve(comment, by=moderator)
        Comment.objects.filter(pk=comment.pk).update(
            created_at=sent, decided_at=sent + timedelta(minutes=minutes)
        )
    make_comment(article, status="pending")
    make_comment(article, status="spam")  # by a rule: no moderator's decision
    stats = article_stats(article)
    assert (stats.pending, stats.approved, stats.spam, stats.removed) == (1, 3, 1, 0)
    assert stats.median_time_to_decision == timedelta(minutes=30)


def test_the_articles_admin_page_shows_its_moderation_statistics(client):
    editor = make_staff("editor", "Editors")
    editor.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(editor)
    article = make_article()
    make_comment(article, status="pending")
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert "Comment moderation" in page
    assert f"?article={article.pk}&amp;status=all" in page
    editor_only = make_staff("writer", "Editors")
    client.force_login(editor_only)
    assert (
        "Comment moderation"
        not in client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    )
