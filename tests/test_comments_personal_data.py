"""What the privacy page promises commenters: addresses forgotten after a while, their data copied or erased."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.flatpages.models import FlatPage
from django.core.management import CommandError, call_command
from django.utils import timezone

from comments.models import BlockedCommenter, Comment, CommentEdit, TrustedCommenter
from comments.threads import thread_html
from pages.default_pages import PRIVACY_URL
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

EMAIL = "Ada@Example.org"


def command(name, *args):
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def sent_days_ago(comment, days):
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_the_daily_command_erases_addresses_older_than_30_days_once(settings):
    article = make_article()
    old = make_comment(article, ip_address="192.0.2.7", user_agent="Firefox")
    removed = make_comment(article, status="removed", ip_address="192.0.2.8", user_agent="curl")
    recent = make_comment(article, ip_address="192.0.2.9", user_agent="Safari")
    sent_days_ago(old, 31)
    sent_days_ago(removed, 31)
    sent_days_ago(recent, 29)
    assert "erased from 2 comments sent more than 30 days ago" in command("purge_comments")
    stored = {c.pk: (c.ip_address, c.user_agent) for c in Comment.objects.all()}
    assert stored == {old.pk: (None, ""), removed.pk: (None, ""), recent.pk: ("192.0.2.9", "Safari")}
    assert "erased from 0 comments" in command("purge_comments")
    settings.COMMENTS_IP_ADDRESS_DAYS = 7
    assert "erased from 1 comment sent more than 7 days ago" in command("purge_comments")


@pytest.fixture
def commenter():
    """Ada's comments in every status, one with others' replies, one edited, and her place on the lists."""
    article = make_article(headline="Rivers rise")
    other = make_article()
    shown = make_comment(
        article, email=EMAIL, name="Ada", website="https://ada.example/", ip_address="192.0.2.1"
    )
    replied = make_comment(other, email="ada@example.org", name="Ada", body="Answered.", status="removed")
    make_comment(other, parent=replied, email="ben@example.org", body="Ben's reply.")
    own_reply = make_comment(article, parent=shown, email=EMAIL, status="pending")
    make_comment(article, email=EMAIL, status="spam")
    CommentEdit.objects.create(comment=shown, body_before="Frist!", body_after=shown.body)
    TrustedCommenter.objects.create(email="ada@example.org")
    make_comment(article, email="ben@example.org", name="Ben")
    return {"article": article, "shown": shown, "replied": replied, "own_reply": own_reply}


def test_export_lists_every_comment_with_its_address_edits_and_lists(commenter, tmp_path):
    data = json.loads(command("export_commenter", "ADA@example.org"))
    assert data["email"] == "ada@example.org"
    assert len(data["comments"]) == 4
    first = data["comments"][0]
    assert first["article"] == "Rivers rise"
    assert first["article_url"].endswith(commenter["article"].get_absolute_url())
    assert (first["name"], first["website"], first["ip_address"]) == (
        "Ada",
        "https://ada.example/",
        "192.0.2.1",
    )
    assert [edit["text_before"] for edit in first["edits"]] == ["Frist!"]
    assert {c["status"] for c in data["comments"]} == {"approved", "removed", "pending", "spam"}
    assert (data["trusted_commenter"], data["blocked_commenter"]) == (True, False)
    assert "ben@example.org" not in json.dumps(data) and "Ben" not in json.dumps(data)
    output = tmp_path / "ada.json"
    call_command("export_commenter", EMAIL, "--output", str(output), stderr=StringIO())
    assert json.loads(output.read_text())["comments"] == data["comments"]


def test_erasure_keeps_approved_text_without_its_author_and_deletes_the_rest(commenter):
    html_before = thread_html(commenter["article"])
    out = command("erase_commenter", EMAIL)
    assert "2 comments deleted, 1 kept without their author, 1 kept without their author or text" in out
    assert "1 list entries removed" in out
    shown = Comment.objects.get(pk=commenter["shown"].pk)
    assert (shown.name, shown.email, shown.website, shown.ip_address) == ("Anonymous", "", "", None)
    assert shown.body == commenter["shown"].body and shown.edits.exists()
    replied = Comment.objects.get(pk=commenter["replied"].pk)
    assert (replied.name, replied.email, replied.body) == (
        "Anonymous",
        "",
        "(Deleted at its author’s request.)",
    )
    assert Comment.objects.filter(body="Ben's reply.").exists()
    assert not Comment.objects.filter(pk=commenter["own_reply"].pk).exists()
    assert not Comment.objects.filter(email__iexact=EMAIL).exists()
    assert not TrustedCommenter.objects.exists()
    # The stored thread no longer names her.
    article = (
        type(commenter["article"])
        .objects.select_related("section", "stored_thread")
        .get(pk=commenter["article"].pk)
    )
    assert "Ada" in html_before and "Ada" not in thread_html(article)
    assert json.loads(command("export_commenter", EMAIL))["comments"] == []


def test_erasure_can_delete_approved_comments_too(commenter):
    BlockedCommenter.objects.create(value="ada@example.org", note="")
    TrustedCommenter.objects.all().delete()
    out = command("erase_commenter", EMAIL, "--delete-approved")
    assert "3 comments deleted, 0 kept without their author, 1 kept without their author or text" in out
    assert "1 list entries removed" in out
    assert Comment.objects.count() == 3
    assert Comment.objects.get(pk=commenter["replied"].pk).body == "(Deleted at its author’s request.)"
    assert not Comment.objects.filter(pk=commenter["shown"].pk).exists()
    assert not BlockedCommenter.objects.exists()


def test_a_comment_whose_own_reply_stays_stays_too():
    article = make_article()
    removed = make_comment(article, email=EMAIL, status="removed")
    reply = make_comment(article, parent=removed, email=EMAIL)
    make_comment(article, parent=reply, email="ben@example.org")
    command("erase_commenter", EMAIL, "--delete-approved")
    assert Comment.objects.count() == 3
    assert Comment.objects.filter(name="Anonymous", email="").count() == 2


def test_the_privacy_page_states_what_the_commands_do():
    page = FlatPage.objects.get(url=PRIVACY_URL).content
    assert "we erase them 30 days after you comment" in page
    assert "a copy of everything we store" in page
    assert "stay without your name, e-mail address, website and network address" in page


@pytest.mark.parametrize("command_name", ["export_commenter", "erase_commenter"])
def test_an_address_that_is_not_one_is_refused_and_nothing_changes(command_name):
    anonymised = make_comment(make_article(), email="", name="Anonymous")
    for address in ["", "  ", "not-an-address"]:
        with pytest.raises(CommandError, match="is not an e-mail address"):
            command(command_name, address)
    assert Comment.objects.get(pk=anonymised.pk).name == "Anonymous"
