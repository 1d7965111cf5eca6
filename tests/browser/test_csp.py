"""
The admin, the rich-text editor, the image chooser and the public pages work in a real browser under their
Content Security Policy: nothing they need is blocked, and the browser reports no violation.
"""

import pytest
from django.urls import reverse

from tests.browser.support import log_in, violations
from tests.factories import make_article, make_image

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_login_and_dashboard_run_under_the_admin_policy(page):
    log_in(page)
    assert page.locator("#site-name").is_visible()
    assert violations(page) == []


def test_the_rich_text_editor_works_under_the_admin_policy(page):
    article = make_article(body="<p>Old text.</p>")
    log_in(page)
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    editor = page.locator(".prose-editor [contenteditable].ProseMirror")
    editor.wait_for()
    assert editor.get_attribute("contenteditable") == "true"
    # The editor's base stylesheet, injected as a <style> element, is allowed by its hash.
    assert editor.evaluate("element => getComputedStyle(element).whiteSpace") in {
        "pre-wrap",
        "break-spaces",
    }
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type(" New words.")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    article.refresh_from_db()
    assert "New words." in article.body
    assert violations(page) == []


def test_the_changelist_actions_and_filters_run_under_the_admin_policy(page):
    make_article()
    log_in(page)
    page.goto(reverse("admin:articles_article_changelist"))
    page.check("#action-toggle")
    assert page.locator(".action-counter").inner_text().startswith("1 of 1")
    assert violations(page) == []


def test_the_image_chooser_runs_under_the_admin_policy(page):
    make_image(caption="Harbour at dawn")
    log_in(page)
    page.goto(reverse("admin:images_image_chooser"))
    assert page.locator(".image-chooser-choice").count() == 1
    assert violations(page) == []


def test_public_pages_run_under_the_public_policy(page):
    article = make_article()
    for url in [reverse("articles:home"), article.get_absolute_url(), "/no/such/page/"]:
        page.goto(url)
        # The site's stylesheet applied: it is a file from the site itself.
        assert page.evaluate("document.styleSheets.length") >= 1
        assert violations(page) == [], url
