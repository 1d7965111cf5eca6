"""What the browser tests share besides fixtures: where the tools are, and steps many tests take."""

import importlib
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
RESULTS = ROOT / "test-results"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# No sandbox: CI runs as root in a container. No background networking: the browser talks to the test server only.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = "correct horse battery staple"
# What the data migrations make: the roles' groups and permissions, the comment settings, the static pages.
DATA_MIGRATIONS = [
    ("articles", "0006_editorial_roles", "create_groups"),
    ("articles", "0008_revisions_corrections_takedowns", "grant"),
    ("comments", "0002_moderators_group", "create_group"),
    ("comments", "0006_discussion_settings_record", "create_record_and_permissions"),
    ("pages", "0001_default_pages", "create_site_and_pages"),
]

# Recorded in every page before its own scripts run; an init script is not subject to the page's policy.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def require(available, what):
    """Skip the test when a tool it needs is missing (fail it under CI, which must run everything)."""
    if available:
        return
    message = f"{what} is missing: `make test-deps` installs it."
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def violations(page):
    """The page's Content Security Policy violations, as events and as console errors."""
    policy_errors = [error for error in page.console_errors if "Content Security Policy" in error]
    return page.evaluate("window.cspViolations") + policy_errors


def click_closing(locator):
    """
    Click something that closes its own window (a picker handing its choice back to the page that opened it):
    on a busy machine the window may close before the click's own wait ends. Any other failure stands; what the
    choice did is for the test to check.
    """
    try:
        locator.click()
    except PlaywrightError:
        if not locator.page.is_closed():
            raise


def log_in(page, username="chief"):
    """Log in to the admin through its form; without such a user, a superuser is made first."""
    from django.contrib.auth.models import User

    if not User.objects.filter(username=username).exists():
        User.objects.create_superuser(username, f"{username}@example.com", PASSWORD)
    page.goto(reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"**{reverse('admin:index')}")


def restore_migration_data():
    """
    Make again what the data migrations made: a test on a live server starts from an emptied database
    (pytest-django's serialized rollback cannot restore it once another test has emptied it).
    """
    from django.apps import apps
    from django.db import connection

    for app, migration, function in DATA_MIGRATIONS:
        make = getattr(importlib.import_module(f"{app}.migrations.{migration}"), function)
        make(apps, SimpleNamespace(connection=connection))
