"""Previews of the admin form's content, saved or not, and share links for people without an account."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse

from articles.models import Article, ShareLink
from articles.preview import create_share_link, revoke_share_link
from tests.factories import make_article, make_author, make_section, make_staff, make_topic
from tests.test_admin_articles import article_form, with_bylines

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def preview_url(article=None):
    return reverse("admin:articles_article_preview", args=[article.pk] if article else [])


def assert_never_cached_nor_indexed(response):
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.text


def test_an_editor_previews_a_new_article_that_was_never_saved(client, editor):
    client.force_login(editor)
    author, topic = make_author(name="Mara Quist"), make_topic(name="Shipping")
    data = with_bylines(
        article_form(
            headline="Unsaved headline",
            section=make_section().pk,
            topics=[topic.pk],
            body="<h2>First</h2><p>Not yet saved.</p><h2>Second</h2><script>alert(1)</script>",
        ),
        author,
    )
    response = client.post(preview_url(), data)
    assert response.status_code == 200
    assert "articles/article_detail.html" in [template.name for template in response.templates]
    page = response.text
    assert "Unsaved headline" in page and "<p>Not yet saved.</p>" in page
    assert "Mara Quist" in page and "Shipping" in page
    assert '<a href="#first">First</a>' in page  # the table of contents, worked out from the form's body
    assert "<script>alert" not in page
    assert "Preview: this is not the published page. Status: Draft." in page
    assert 'id="comments"' not in page  # no comment form under something unpublished
    assert_never_cached_nor_indexed(response)
    assert not Article.objects.exists()


def test_a_preview_shows_unsaved_changes_and_saves_none(client, editor):
    client.force_login(editor)
    article = make_article(headline="Saved headline", body="<p>Saved text.</p>")
    response = client.post(
        preview_url(article), article_form(article, headline="Edited", body="<p>New text.</p>")
    )
    assert response.status_code == 200
    assert "Edited" in response.text and "New text." in response.text
    article.refresh_from_db()
    assert article.headline == "Saved headline" and article.body == "<p>Saved text.</p>"


def test_a_writer_previews_their_draft_and_only_reads_others_articles_as_saved(client, writer):
    client.force_login(writer)
    own = make_article(published=False, created_by=writer)
    assert "Draft edit" in client.post(preview_url(own), article_form(own, headline="Draft edit")).text
    published = make_article(headline="As published")
    response = client.post(preview_url(published), article_form(published, headline="Defaced"))
    assert response.status_code == 200
    assert "As published" in response.text and "Defaced" not in response.text


def test_a_preview_is_only_posted_and_only_for_staff_allowed_to_see_articles(client, writer):
    article = make_article(published=False)
    assert client.post(preview_url(article), article_form(article)).status_code == 302  # to the login
    client.force_login(writer)
    assert client.get(preview_url(article)).status_code == 405
    client.force_login(make_staff("moderator", "Moderators"))
    assert client.post(preview_url(), article_form(section=make_section().pk)).status_code == 403


def test_a_form_that_cannot_be_previewed_says_what_to_correct(client, editor):
    client.force_login(editor)
    response = client.post(preview_url(), article_form(headline=""))
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert not Article.objects.exists()


def test_the_change_form_offers_a_preview_button_that_posts_the_form_elsewhere(client, editor):
    client.force_login(editor)
    article = make_article()
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert f'formaction="{preview_url(article)}"' in html


# Share links


def share(client, article):
    return client.post(reverse("admin:articles_article_share", args=[article.pk]))


def test_an_editor_shares_a_draft_with_someone_without_an_account(client, editor):
    client.force_login(editor)
    draft = make_article(published=False, headline="Embargoed story")
    assert share(client, draft).status_code == 302
    link = ShareLink.objects.get()
    assert link.created_by == editor
    url = link.get_absolute_url()
    assert url.startswith("/preview/")
    response = Client().get(url)
    assert response.status_code == 200
    assert "Embargoed story" in response.text
    assert "csrfmiddlewaretoken" not in response.text
    assert "nonce" not in response.headers["Content-Security-Policy"]  # the public pages' strict policy
    assert_never_cached_nor_indexed(response)
    assert "Disallow: /preview/" in Client().get(reverse("robots-txt")).text
    change_form = client.get(reverse("admin:articles_article_change", args=[draft.pk])).text
    assert f"http://testserver{url}" in change_form


def test_a_share_link_expires_after_48_hours_by_default(editor):
    with time_machine.travel(NOON, tick=False):
        link = create_share_link(make_article(published=False), by=editor)
    url = link.get_absolute_url()
    with time_machine.travel(NOON + timedelta(hours=47, minutes=59), tick=False):
        assert Client().get(url).status_code == 200
    with time_machine.travel(NOON + timedelta(hours=48), tick=False):
        assert Client().get(url).status_code == 404


def test_a_share_links_lifetime_is_a_setting(editor, settings):
    settings.SHARE_LINK_HOURS = 2
    with time_machine.travel(NOON, tick=False):
        link = create_share_link(make_article(published=False), by=editor)
    assert link.expires_at == NOON + timedelta(hours=2)


def test_a_tampered_token_is_a_404(editor):
    link = create_share_link(make_article(published=False), by=editor)
    token = link.token
    forged_other_id = signing.dumps(str(link.pk), salt="something else")
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in [flipped, forged_other_id, "nonsense", token.split(":")[0]]:
        assert Client().get(reverse("articles:shared-preview", args=[bad])).status_code == 404, bad
    assert Client().get(link.get_absolute_url()).status_code == 200


def test_a_revoked_link_is_a_404_at_once(client, editor):
    link = create_share_link(make_article(published=False), by=editor)
    client.force_login(editor)
    url = reverse("admin:articles_article_revoke_share", args=[link.article_id, link.pk])
    assert client.post(url).status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert Client().get(link.get_absolute_url()).status_code == 404


def test_a_writer_shares_their_draft_but_neither_others_articles_nor_revokes_others_links(
    client, writer, editor
):
    client.force_login(writer)
    own = make_article(published=False, created_by=writer)
    assert share(client, own).status_code == 302
    others = make_article(published=False)
    assert share(client, others).status_code == 403
    editors_link = create_share_link(own, by=editor)
    url = reverse("admin:articles_article_revoke_share", args=[own.pk, editors_link.pk])
    assert client.post(url).status_code == 403
    editors_link.refresh_from_db()
    assert editors_link.is_active
    assert ShareLink.objects.filter(article=others).count() == 0


def test_revoking_twice_keeps_the_first_time(editor):
    link = create_share_link(make_article(published=False), by=editor)
    with time_machine.travel(NOON, tick=False):
        revoke_share_link(link)
    revoke_share_link(link)
    link.refresh_from_db()
    assert link.revoked_at == NOON
