"""
The editorial record end to end, through the admin as two editors and the site as a reader: a stale save is
refused without losing text, an old URL redirects after two slug changes in one hop, a restore brings back an
earlier body, a correction is dated at the end of the article, and a taken-down article answers 410.
"""

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.factories import make_section, make_staff
from tests.test_admin_articles import article_form

# Every change commits, as in production, so the page cache the reader is served from is renewed; the groups
# made by migrations are restored for it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NOON = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def form_of(article, **changes):
    article.refresh_from_db()
    return article_form(article, **changes)


@time_machine.travel(NOON, tick=False)
def test_nothing_an_editor_writes_is_lost_and_no_published_address_breaks():
    ada, ben = make_staff("ada", "Editors"), make_staff("ben", "Editors")
    ada_desk, ben_desk, reader = logged_in(ada), logged_in(ben), Client()
    section = make_section(slug="port")
    add = article_form(
        headline="Cranes go electric",
        slug="cranes",
        section=section.pk,
        body="<p>The first body.</p>",
        _transition="publish",
    )
    assert ada_desk.post(reverse("admin:articles_article_add"), add).status_code == 302
    article = Article.objects.get()
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    first_address = article.get_absolute_url()
    assert reader.get(first_address).status_code == 200

    # Both open the article; Ben saves first, and Ada's save is refused with her words kept.
    opened = form_of(article)
    assert ben_desk.post(change_url, dict(opened, body="<p>Ben’s body.</p>")).status_code == 302
    refused = ada_desk.post(change_url, dict(opened, body="<p>Ada’s long paragraph.</p>"))
    assert refused.status_code == 200
    assert "Not saved: ben saved this article at" in refused.text
    assert "Ada’s long paragraph." in refused.text
    article.refresh_from_db()
    assert article.body == "<p>Ben’s body.</p>"

    # Two slug changes: the first address leads to the current one in one hop.
    assert ada_desk.post(change_url, form_of(article, slug="cranes-electric")).status_code == 302
    assert ada_desk.post(change_url, form_of(article, slug="electric-cranes")).status_code == 302
    article.refresh_from_db()
    response = reader.get(first_address)
    assert (response.status_code, response["Location"]) == (301, "/port/electric-cranes/")
    assert reader.get(response["Location"]).status_code == 200

    # Restoring the first revision brings back the first body, as a new revision.
    first = article.revisions.last()
    restore_url = reverse("admin:articles_article_restore_revision", args=[article.pk, first.pk])
    assert ada_desk.post(restore_url).status_code == 302
    assert "The first body." in reader.get(article.get_absolute_url()).text
    assert article.revisions.first().created_by == ada

    # A correction is appended, dated, at the end of the article and on the corrections page.
    correction = {"article": article.pk, "kind": "correction", "text": "The crane count was wrong."}
    assert ben_desk.post(reverse("admin:articles_correction_add"), correction).status_code == 302
    page = reader.get(article.get_absolute_url()).text
    assert "Correction, 28 November 2026:" in page and "The crane count was wrong." in page
    assert "The crane count was wrong." in reader.get(reverse("articles:corrections")).text

    # A legal takedown: the address answers 410, the old one leads there, and the lists forget it.
    takedown = form_of(article, _transition="take_down", note="Injunction of 28 November.")
    assert ben_desk.post(change_url, takedown).status_code == 302
    assert reader.get(article.get_absolute_url()).status_code == 410
    assert reader.get(first_address)["Location"] == article.get_absolute_url()
    assert "Cranes go electric" not in reader.get(section.get_absolute_url()).text
    assert "The crane count was wrong." not in reader.get(reverse("articles:corrections")).text
