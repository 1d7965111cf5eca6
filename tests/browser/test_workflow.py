"""The editorial workflow in a real browser: the preview of unsaved words, the buttons, the dashboard and share links."""

from django.urls import reverse

from articles.models import Article, ShareLink
from tests.browser.support import log_in, violations
from tests.factories import make_article


def test_preview_shows_words_typed_but_not_saved_in_a_new_tab(page):
    article = make_article(published=False, body="<p>Saved words.</p>")
    log_in(page)
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    editor = page.locator(".prose-editor [contenteditable].ProseMirror")
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type(" Words typed a moment ago.")
    with page.expect_popup() as popup:
        page.locator(".workflow-row button", has_text="Preview").first.click()
    preview = popup.value
    preview.wait_for_load_state()
    assert "Words typed a moment ago." in preview.locator(".story__body").inner_text()
    assert preview.locator(".preview-note").is_visible()
    assert preview.evaluate("window.cspViolations") == []  # the init script runs in every page of the context
    article.refresh_from_db()
    assert "Words typed" not in article.body
    assert violations(page) == []


def test_an_editor_publishes_with_a_button_and_shares_a_draft(page):
    draft, other = make_article(published=False, headline="Share me"), make_article(published=False)
    log_in(page)
    page.goto(reverse("admin:index"))
    assert page.locator(".editorial-dashboard").is_visible()
    page.goto(reverse("admin:articles_article_change", args=[other.pk]))
    page.locator(".workflow-row button", has_text="Publish now").first.click()
    page.wait_for_selector(".messagelist")
    other.refresh_from_db()
    assert other.status == Article.Status.PUBLISHED

    page.goto(reverse("admin:articles_article_change", args=[draft.pk]))
    page.click("text=Create a share link")
    page.wait_for_selector("#share-links table")
    link = ShareLink.objects.get()
    page.goto(link.get_absolute_url())
    assert page.locator("h1").inner_text() == "Share me"
    assert violations(page) == []
