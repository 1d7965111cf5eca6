"""
The admin, the rich-text editor, the image chooser and the public pages work in a real browser under their
Content Security Policy: nothing they need is blocked, and the browser reports no violation.
"""

import os
import shutil

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.factories import make_article, make_image

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not CHROMIUM and not os.environ.get("CI"),
        reason="Chromium is not installed (apt-get install chromium); CI must have it.",
    ),
]

PASSWORD = "correct horse battery staple"
# Recorded in every page before its own scripts run; an init script is not subject to the page's policy.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API keeps an event loop in this thread, which Django takes for async code;
    # the tests' own queries (and the database set-up around them) are synchronous all the same.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    context = browser.new_context(base_url=live_server.url)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    yield page
    context.close()


def violations(page):
    policy_errors = [error for error in page.console_errors if "Content Security Policy" in error]
    return page.evaluate("window.cspViolations") + policy_errors


def log_in(page):
    User.objects.create_superuser("chief", "chief@example.com", PASSWORD)
    page.goto(reverse("admin:login"))
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"**{reverse('admin:index')}")


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
