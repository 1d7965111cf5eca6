"""The comment form in a real browser: what the browser sends passes the checks, and the script's promises hold."""

import pytest
from django.test import Client

from comments.models import Comment
from tests.browser.support import violations
from tests.comment_policy import set_discussion
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "ada.private@example.org"


def fill_and_send(tab, *, body="Sent from a real browser.", remember=True):
    tab.fill("#id_name", "Ada Reader")
    tab.fill("#id_email", EMAIL)
    tab.fill("#id_website", "https://ada.example")
    tab.fill("#id_body", body)
    tab.set_checked("#id_remember", remember)
    tab.click("#comment-form button[type=submit]")
    tab.wait_for_load_state()


def test_a_reader_posts_sees_it_pending_and_finds_their_details_remembered(page):
    set_discussion(spam_too_fast=False)  # a person takes longer than this test does (test_comment_timing.py)
    article = make_article()
    page.goto(article.get_absolute_url())
    assert page.is_visible("#id_remember")
    fill_and_send(page)
    assert "/comments/posted/" in page.url
    assert "awaiting moderation" in page.inner_text("main")
    assert Comment.objects.get().status == Comment.Status.PENDING

    page.goto(article.get_absolute_url())
    assert page.input_value("#id_name") == "Ada Reader"
    assert page.input_value("#id_email") == EMAIL
    assert page.input_value("#id_website") == "https://ada.example"
    assert page.is_checked("#id_remember")
    # Filled in by the script: the page the server sent has none of it.
    served = Client().get(article.get_absolute_url()).text
    assert EMAIL not in served
    assert "Ada Reader" not in served
    assert violations(page) == []


def test_unticking_save_forgets_the_details(page):
    article = make_article()
    page.goto(article.get_absolute_url())
    fill_and_send(page, remember=True)
    page.goto(article.get_absolute_url())
    fill_and_send(page, body="Second comment.", remember=False)
    page.goto(article.get_absolute_url())
    assert page.input_value("#id_email") == ""
    assert not page.is_checked("#id_remember")


def test_after_an_error_the_email_comes_back_from_the_browser_not_the_server(page):
    article = make_article()
    page.goto(article.get_absolute_url())
    with page.expect_response(lambda response: "/comments/post/" in response.url) as sent:
        fill_and_send(page, body="   ", remember=False)  # blank once stripped: refused by the server
    assert sent.value.status == 400
    assert EMAIL not in sent.value.text()
    assert page.is_visible("#id_body_error")
    assert page.input_value("#id_email") == EMAIL


def test_reply_moves_the_form_under_the_comment_and_cancel_brings_it_back(page):
    article = make_article()
    comment = make_comment(article, name="Ben")
    page.goto(article.get_absolute_url())
    page.click(f"#comment-{comment.pk} .comment__reply a")
    assert page.inner_text("#reply-title") == "Reply to Ben"
    assert page.input_value("#comment-form input[name=parent]") == str(comment.pk)
    assert page.locator(f"#comment-{comment.pk} #comment-form").count() == 1
    page.click("#cancel-reply")
    assert page.inner_text("#reply-title") == "Leave a reply"
    assert page.input_value("#comment-form input[name=parent]") == ""
    fill_and_send(page, body="A reply after all.", remember=False)
    page.goto(article.get_absolute_url())
    page.click(f"#comment-{comment.pk} .comment__reply a")
    fill_and_send(page, body="Now really a reply.", remember=False)
    assert Comment.objects.get(body="Now really a reply.").parent == comment


def test_a_form_on_another_site_cannot_post_a_comment(page, live_server):
    article = make_article()
    page.goto(article.get_absolute_url())
    token = page.input_value("#comment-form input[name=token]")
    action = f"{live_server.url}/comments/post/{article.pk}/"
    page.goto("about:blank")
    page.set_content(
        f'<form method="post" action="{action}"><input name="token" value="{token}">'
        '<input name="name" value="Forger"><input name="email" value="f@example.org">'
        '<input name="body" value="Forged."><button>Send</button></form>'
    )
    with page.expect_navigation():
        page.click("button")
    assert "not accepted" in page.inner_text("body")
    assert not Comment.objects.exists()
