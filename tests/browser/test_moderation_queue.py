"""
A moderator works the queue in a real browser: decides with the keyboard shortcuts alone, and clears a wave of
held comments across every page of the queue after the confirmation stating their number.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comments.models import Comment
from tests.browser.support import PASSWORD, log_in, restore_migration_data, violations
from tests.factories import make_article, make_comment, make_staff

QUEUE = reverse("admin:comments_comment_changelist")


@pytest.fixture
def moderator(live_server):
    restore_migration_data()
    user = make_staff("moderator", "Moderators")
    user.set_password(PASSWORD)
    user.save()
    return user


def current_row_text(page):
    return page.locator("#result_list tr.queue-current").inner_text()


def test_a_moderator_decides_with_the_keyboard_alone(page, moderator):
    article = make_article()
    # The queue shows the newest first.
    for body in ["Third: cheap watches.", "Second: a fair point.", "First: a question."]:
        make_comment(article, status="pending", body=body)
    log_in(page, "moderator")
    page.goto(QUEUE)
    expect(page.get_by_text("Keyboard shortcuts")).to_be_visible()

    page.keyboard.press("j")
    assert "First: a question." in current_row_text(page)
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert "First: a question." in current_row_text(page)
    with page.expect_navigation():
        page.keyboard.press("a")
    # The queue comes back with the next comment current, in the decided one's place.
    assert "Second: a fair point." in current_row_text(page)
    page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("s")
    assert "Second: a fair point." in current_row_text(page)
    with page.expect_navigation():
        page.keyboard.press("r")
    statuses = dict(Comment.objects.values_list("body", "status"))
    assert statuses == {
        "First: a question.": "approved",
        "Third: cheap watches.": "spam",
        "Second: a fair point.": "removed",
    }
    assert violations(page) == []


def test_a_moderator_clears_a_wave_across_every_page_after_confirming_the_number(page, moderator):
    target, elsewhere = make_article(headline="Ports plug in"), make_article()
    Comment.objects.bulk_create(
        [
            Comment(
                article=target,
                name=f"Spammer {n}",
                email=f"s{n}@example.org",
                body=f"Buy {n}",
                status="pending",
            )
            for n in range(120)
        ]
    )
    make_comment(elsewhere, status="pending", body="An honest question.")
    log_in(page, "moderator")
    page.goto(QUEUE)

    page.locator("#result_list tr", has_text="Buy 119").get_by_role("link", name="Ports plug in").click()
    page.check("#action-toggle")
    page.get_by_role("button", name="Select all 120 comments").click()
    page.select_option("select[name=action]", "mark_selected_spam")
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".confirm-across")).to_have_text(
        "Spam: 120 comments matching the current filter, on every page of the queue, will change."
    )
    assert Comment.objects.spam().count() == 0
    page.get_by_role("button", name="Spam: 120 comments").click()
    expect(page.locator(".messagelist")).to_have_text("Marked 120 comments as spam.")
    assert Comment.objects.spam().count() == 120
    assert Comment.objects.pending().get().body == "An honest question."
    assert violations(page) == []
