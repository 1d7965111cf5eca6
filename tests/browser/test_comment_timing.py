"""The comment form's start time in a real browser: fetched once the reader starts, judged by the server's clock."""

import pytest

from comments.models import Comment
from tests.browser.support import violations
from tests.comment_policy import set_discussion
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

STARTED = "#comment-form input[name=started]"


def fill(tab, body):
    tab.fill("#id_name", "Ada Reader")
    tab.fill("#id_email", "ada@example.org")
    tab.fill("#id_body", body)


def send(tab):
    tab.click("#comment-form button[type=submit]")
    tab.wait_for_load_state()


def test_the_start_time_is_fetched_when_the_reader_starts_not_when_the_page_opens(page):
    article = make_article()
    started_requests = []
    page.on(
        "request", lambda request: "/comments/started/" in request.url and started_requests.append(request)
    )
    page.goto(article.get_absolute_url())
    assert page.input_value(STARTED) == ""
    assert started_requests == []
    page.focus("#id_body")
    page.wait_for_function(f"document.querySelector('{STARTED}').value !== ''")
    page.focus("#id_name")
    assert len(started_requests) == 1
    assert violations(page) == []


def test_a_form_sent_at_once_is_spam_and_one_written_over_time_waits(page):
    set_discussion(min_seconds=2)
    article = make_article()
    page.goto(article.get_absolute_url())
    fill(page, "Sent by a program at once.")
    page.wait_for_function(f"document.querySelector('{STARTED}').value !== ''")
    send(page)
    assert "awaiting moderation" in page.inner_text("main")  # the sender is told nothing else

    page.goto(article.get_absolute_url())
    fill(page, "Written by a person, slowly.")
    page.wait_for_timeout(2500)
    send(page)
    statuses = dict(Comment.objects.values_list("body", "rule"))
    assert statuses == {
        "Sent by a program at once.": "too-fast",
        "Written by a person, slowly.": "held-for-moderation",
    }
