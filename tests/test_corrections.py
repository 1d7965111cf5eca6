"""Corrections and updates: dated notes at the end of a published article, and a site-wide page listing them."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import corrections, revisions, workflow
from articles.models import Article, Correction
from articles.templatetags.time_elements import datetime_attribute
from tests import test_translations
from tests.factories import make_article, make_author, make_topic
from tests.page_html import Page
from tests.test_page_budgets import BUDGETS
from tests.test_translations import english_left

pytestmark = pytest.mark.django_db

chinese_site = test_translations.chinese_site

NOV_28 = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def add(article, text, *, by=None, kind=Correction.Kind.CORRECTION):
    return corrections.save_correction(Correction(article=article, kind=kind, text=text), by=by)


def test_notes_show_at_the_end_of_the_article_in_order_with_their_dates(client, editor):
    article = make_article(published_at=NOV_28 - timedelta(days=3), body="<p>Ships burn fuel.</p>")
    with time_machine.travel(NOV_28 - timedelta(days=1), tick=False):
        add(article, "An earlier version gave the wrong tonnage.", by=editor)
    with time_machine.travel(NOV_28, tick=False):
        add(article, "The port has since confirmed the grant.", by=editor, kind=Correction.Kind.UPDATE)
    page = client.get(article.get_absolute_url()).text
    assert page.index("Ships burn fuel.") < page.index("Corrections and updates")
    first, second = page.index("Correction, 27 November 2026:"), page.index("Update, 28 November 2026:")
    assert first < second
    assert "An earlier version gave the wrong tonnage." in page[first:second]
    assert "The port has since confirmed the grant." in page[second:]


def test_a_note_moves_the_articles_updated_time_but_not_its_version(client, editor):
    article = make_article(published_at=NOV_28 - timedelta(days=3))
    version = article.version
    with time_machine.travel(NOV_28, tick=False):
        correction = add(article, "A name was misspelt.", by=editor)
    article.refresh_from_db()
    assert article.updated_at == NOV_28 == correction.created_at
    assert correction.created_by == editor
    assert article.version == version  # nobody's open form is refused for a note
    page = Page(client.get(article.get_absolute_url()).text)
    assert page.find_all("time", datetime=datetime_attribute(NOV_28)) and "Updated" in page.texts


def test_the_text_is_plain_and_escaped(client, editor):
    article = make_article()
    add(article, "<script>alert(1)</script> & more", by=editor)
    page = client.get(article.get_absolute_url()).text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page


def test_notes_cost_the_article_page_no_query(client, editor, no_cache):
    article = make_article(authors=[make_author()], topics=[make_topic()])
    with CaptureQueriesContext(connection) as before:
        client.get(article.get_absolute_url())
    for number in range(5):
        add(article, f"Correction number {number}.", by=editor)
    with CaptureQueriesContext(connection) as after:
        page = client.get(article.get_absolute_url()).text
    assert "Correction number 4." in page
    assert len(after) == len(before)


def test_the_corrections_page_lists_them_newest_first_with_links_to_the_articles(client, editor):
    older = make_article(headline="Ports plug in")
    newer = make_article(headline="Tides turn")
    draft = make_article(headline="Not yet out", published=False)
    with time_machine.travel(NOV_28 - timedelta(days=1), tick=False):
        first = add(older, "The tonnage was wrong.", by=editor)
    with time_machine.travel(NOV_28, tick=False):
        second = add(newer, "The date was wrong.", by=editor, kind=Correction.Kind.UPDATE)
    Correction.objects.create(article=draft, text="Never shown.")
    response = client.get(reverse("articles:corrections"))
    assert response.status_code == 200
    page = response.text
    assert page.index("The date was wrong.") < page.index("The tonnage was wrong.")
    assert f'href="{newer.get_absolute_url()}#correction-{second.pk}"' in page
    assert f'href="{older.get_absolute_url()}#correction-{first.pk}"' in page
    assert f'id="correction-{first.pk}"' in client.get(older.get_absolute_url()).text
    assert "Update, 28 November 2026:" in page and "Never shown." not in page and "Not yet out" not in page


def test_every_page_links_the_corrections_page_in_its_footer(client):
    article = make_article()
    for url in [reverse("articles:home"), article.get_absolute_url(), reverse("articles:corrections")]:
        footer = Page(client.get(url).text.partition('<footer class="site-footer">')[2])
        assert footer.find_all("a", href=reverse("articles:corrections")), url


def test_the_corrections_page_is_paginated_within_the_list_budget(client, editor, no_cache):
    articles = [make_article() for _ in range(3)]
    Correction.objects.bulk_create(
        Correction(article=articles[number % 3], text=f"Note {number}.") for number in range(65)
    )
    for page_number in ["1", "3"]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("articles:corrections"), {"page": page_number})
        assert response.status_code == 200
        assert len(captured) <= BUDGETS["section"]
    assert 'rel="next"' in client.get(reverse("articles:corrections")).text


def test_a_taken_down_articles_notes_leave_the_corrections_page(client, editor):
    article = make_article(headline="Harbour master accused")
    add(article, "A quote was misattributed.", by=editor)
    workflow.transition(article, workflow.Action.TAKE_DOWN, by=editor, note="Court order.")
    assert "misattributed" not in client.get(reverse("articles:corrections")).text


def test_an_editor_adds_a_correction_in_the_admin_to_a_published_article_only(client, editor):
    client.force_login(editor)
    article, draft = make_article(), make_article(published=False)
    change_form = client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    add_url = reverse("admin:articles_correction_add")
    assert f"{add_url}?article={article.pk}" in change_form
    response = client.post(add_url, {"article": draft.pk, "kind": "correction", "text": "Wrong."})
    assert response.status_code == 200
    assert "Corrections and updates go on published articles only." in response.text
    response = client.post(add_url, {"article": article.pk, "kind": "correction", "text": "  "})
    assert "This field is required." in response.text
    assert not Correction.objects.exists()
    response = client.post(add_url, {"article": article.pk, "kind": "update", "text": "The port agreed."})
    assert response.status_code == 302
    article.refresh_from_db()
    assert [note.text for note in article.corrections_shown] == ["The port agreed."]
    assert Correction.objects.get().created_by == editor


def test_a_correction_deleted_in_the_admin_leaves_the_article(client, editor):
    client.force_login(editor)
    article = make_article()
    kept, withdrawn = add(article, "Kept.", by=editor), add(article, "Withdrawn.", by=editor)
    response = client.post(reverse("admin:articles_correction_delete", args=[withdrawn.pk]), {"post": "yes"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert [note.id for note in article.corrections_shown] == [kept.pk]


def test_a_writer_reads_corrections_but_does_not_add_them(client, writer):
    client.force_login(writer)
    assert client.get(reverse("admin:articles_correction_add")).status_code == 403
    assert client.get(reverse("admin:articles_correction_changelist")).status_code == 200


def test_a_restore_keeps_the_notes(editor):
    article = make_article(body="<p>Old.</p>")
    revision = revisions.record(article, by=editor)
    add(article, "A figure was wrong.", by=editor)
    revisions.restore(revision, by=editor)
    article = Article.objects.get(pk=article.pk)
    assert [note.text for note in article.corrections_shown] == ["A figure was wrong."]


def test_the_chinese_corrections_notes_and_page_show_no_english(client, chinese_site, editor):
    article = chinese_site["article"]
    add(article, "更正了一个数字。", by=editor)
    for url in [article.get_absolute_url(), reverse("articles:corrections")]:
        response = client.get(url)
        assert response.status_code == 200
        assert english_left(response.text) == []
