"""
The real-browser tests: Debian's Chromium (never a browser Playwright downloads) driven by Playwright, against
servers the tests start, and the page checkers (axe-core, the Nu HTML Checker, Lighthouse) from node_modules.

Every test in this directory is marked `browser`; `make test` runs them once, on PostgreSQL. A missing tool
skips them with how to install it, except under CI, where it fails them: CI must run them.
One browser serves the whole session; each test gets its own context (cookies, storage), and a failing test
leaves a screenshot of every page it had open in test-results/.
"""

import re
from pathlib import Path

import pytest

from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, RECORD_VIOLATIONS, RESULTS, require

THIS_DIRECTORY = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if THIS_DIRECTORY in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED] = True
    return report


FAILED = pytest.StashKey[bool]()


@pytest.fixture(scope="session")
def playwright():
    require(CHROMIUM, "Chromium (Debian package chromium)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    test_databases = {alias: connections[alias] for alias in connections}
    # Playwright's synchronous API keeps an event loop in this thread, which Django takes for async code;
    # the tests' own queries (and the database set-up around them) are synchronous all the same.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # It also leaves this thread in another context, where Django would open new connections: the tests
        # keep the ones the test databases were set up on (serialized_rollback needs what is kept on them).
        for alias, connection in test_databases.items():
            connections[alias] = connection
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def fresh_cache():
    """The page cache outlives each test's database: pages kept from an earlier test must not be served."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


def open_context(browser, request, **options):
    """A browser context that records CSP violations and console errors, screenshotted if its test fails."""
    context = browser.new_context(**options)
    context.add_init_script(RECORD_VIOLATIONS)
    request.addfinalizer(lambda: screenshot_if_failed(request.node, context))
    return context


def screenshot_if_failed(item, context):
    if item.stash.get(FAILED, False):
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", item.nodeid)
        for number, tab in enumerate(context.pages):
            if not tab.is_closed():
                tab.screenshot(path=RESULTS / f"{name}-{number}.png", full_page=True)
    context.close()


def new_page(context):
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    return page


@pytest.fixture
def page(browser, live_server, fresh_cache, request):
    """A tab on the live server (pytest-django's, on the test database), in a context of its own."""
    return new_page(open_context(browser, request, base_url=live_server.url))
