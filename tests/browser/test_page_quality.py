"""
Every public page type, served as in production (gunicorn, DEBUG off, the demo content on PostgreSQL), passes
the checkers with nothing excluded: axe-core finds no WCAG 2.2 AA violation in light or dark colours, the Nu HTML
Checker finds no error, and Lighthouse scores the home page and the long article at least 95 in performance,
accessibility, best practices and SEO. The long article with 50 comments weighs under 60 KB compressed (HTML, CSS
and JavaScript) and makes no request to any other site.
"""

import json
import os
import shutil
import subprocess
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from django.db import connection
from django.urls import reverse

from articles import demo_data
from tests.browser import production
from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, NODE_MODULES, RESULTS, require

LONG_ARTICLE = reverse(
    "articles:article",
    kwargs={"section": demo_data.LONG_ARTICLE["section"], "slug": demo_data.LONG_ARTICLE["slug"]},
)


def post_without_email(page):
    page.goto(LONG_ARTICLE)
    page.fill("#id_name", "Ada Reader")
    page.fill("#id_body", "Sent without an email address.")
    with page.expect_response(lambda answer: answer.request.method == "POST") as posted:
        page.click("#comment-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#id_email_error").is_visible()
    return posted.value


def first_month_in_the_archive(page):
    page.goto(reverse("articles:archive"))
    with page.expect_navigation() as navigation:
        page.locator(".archive-months a").first.click()
    return navigation.value


# Each public page type: its URL, or the steps that lead to it (returning the response that served it).
PAGE_TYPES = {
    "home": reverse("articles:home"),
    "section": reverse("articles:section", kwargs={"section": "science"}),
    "article with 50 comments": LONG_ARTICLE,
    "comment form with an error": post_without_email,
    "search results": reverse("articles:search") + "?q=shore+power",
    "author": reverse("articles:author", kwargs={"slug": "li-wen"}),
    "topic": reverse("articles:topic", kwargs={"slug": "energy"}),
    "archive": reverse("articles:archive"),
    "archive month": first_month_in_the_archive,
    "page not found": "/no/such/page/",
}
STATUS = {"comment form with an error": 400, "page not found": 404}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
# The benchmark index of the host Lighthouse's fourfold CPU slowdown is meant for (its throttling documentation).
REFERENCE_BENCHMARK = 1500


@pytest.fixture(scope="module")
def site(django_db_blocker, tmp_path_factory):
    """The demo site in production, on a database of its own, for this module's tests."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "The production set-up needs PostgreSQL (make test runs these checks in its PostgreSQL run)."
        )
    with django_db_blocker.unblock():
        site = production.start(tmp_path_factory.mktemp("production"))
    yield site
    with django_db_blocker.unblock():
        production.stop(site)


def open_page_type(page, name):
    way = PAGE_TYPES[name]
    response = page.goto(way) if isinstance(way, str) else way(page)
    assert response.status == STATUS.get(name, 200), name
    return response


@pytest.fixture(scope="module")
def served_html(site, browser):
    """The HTML each page type was served with, as the server sent it."""
    context = browser.new_context(base_url=site.url)
    page = context.new_page()
    served = {}
    for name in PAGE_TYPES:
        served[name] = open_page_type(page, name).text()
    context.close()
    return served


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_type_has_an_accessibility_violation(site, browser, scheme):
    require(AXE.exists(), "axe-core (npm ci)")
    # The policy forbids scripts the page did not bring: it is bypassed for injecting axe, in this context only.
    context = browser.new_context(base_url=site.url, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    found = {}
    for name in PAGE_TYPES:
        open_page_type(page, name)
        page.add_script_tag(path=AXE)
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_TAGS,
        )
        found[name] = [
            f"{violation['id']} ({violation['impact']}): {node['target']} {node['failureSummary']}"
            for violation in results["violations"]
            for node in violation["nodes"]
        ]
    context.close()
    print({name: len(problems) for name, problems in found.items()})
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_no_page_type_has_an_html_error(served_html, tmp_path):
    java = shutil.which("java")
    require(java, "Java (Debian package default-jre-headless)")
    require(VNU.exists(), "The Nu HTML Checker (npm ci)")
    files = [tmp_path / f"{name.replace(' ', '-')}.html" for name in served_html]
    for path, html in zip(files, served_html.values(), strict=True):
        path.write_text(html, encoding="utf-8")
    # One Java start for all pages: it costs more than checking them.
    checked = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stdout)["messages"]
    errors = [
        f"{message.get('url', '').rpartition('/')[2]}, line {message.get('lastLine')}: {message['message']}"
        for message in messages
        if message["type"] in {"error", "non-document-error"}
    ]
    print(f"Nu HTML Checker: {len(errors)} errors in {len(files)} pages")
    assert errors == []


def lighthouse(url, report, *options):
    """Lighthouse's scores for a page, with its mobile defaults unless `options` change them; the report is kept."""
    command = [
        LIGHTHOUSE,
        url,
        f"--chrome-flags=--headless=new {' '.join(CHROMIUM_ARGS)}",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        *options,
    ]
    for _attempt in range(2):  # a busy host now and then makes Chromium miss Lighthouse's deadlines
        done = subprocess.run(
            command, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300
        )
        if done.returncode == 0:
            break
    else:
        pytest.fail(f"Lighthouse failed:\n{done.stderr[-3000:]}")
    result = json.loads(report.read_text())
    if "runtimeError" in result:
        pytest.fail(f"Lighthouse could not measure {url}: {result['runtimeError']}")
    scores = {category: round(data["score"] * 100) for category, data in result["categories"].items()}
    return scores, result["environment"]["benchmarkIndex"]


@pytest.mark.parametrize("name", ["home", "article with 50 comments"])
def test_lighthouse_scores_the_page_at_least_95_in_every_category(site, name):
    require(LIGHTHOUSE.exists(), "Lighthouse (npm ci)")
    require(CHROMIUM, "Chromium (Debian package chromium)")
    RESULTS.mkdir(exist_ok=True)
    url = site.url + PAGE_TYPES[name]
    urlopen(url).close()  # noqa: S310 - the test server. Now in the page cache, as pages readers ask for are
    report = RESULTS / f"lighthouse-{name.replace(' ', '-')}.json"
    scores, benchmark = lighthouse(url, report)
    print(name, scores, f"(benchmark index {benchmark})")
    # The mobile preset slows the CPU fourfold, for a host of Lighthouse's reference speed, and its performance
    # score varies from run to run on a busy host. A score under 95 is measured again, at most twice, with the
    # slowdown scaled to the host's speed as the last run found it (never beyond fourfold), as Lighthouse's
    # throttling guide advises.
    for attempt in (1, 2):
        if scores["performance"] >= 95:
            break
        slowdown = min(4, max(1.0, round(4 * benchmark / REFERENCE_BENCHMARK, 1)))
        again = report.with_suffix(f".again-{attempt}.json")
        performance, benchmark = lighthouse(url, again, f"--throttling.cpuSlowdownMultiplier={slowdown}")
        scores["performance"] = performance["performance"]
        print(
            name,
            f"performance {scores['performance']} with the CPU slowed {slowdown}x (benchmark {benchmark})",
        )
    assert min(scores.values()) >= 95, scores


def test_the_long_article_weighs_under_60_kb_compressed_and_asks_no_other_site(site, browser):
    context = browser.new_context(base_url=site.url)
    page = context.new_page()
    asked, finished = [], []
    page.on("request", lambda request: asked.append(request.url))
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(PAGE_TYPES["article with 50 comments"])
    assert page.locator("li.comment").count() == 50
    # Down to the end, so that what loads lazily is asked for too.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_load_state("networkidle")
    origin = urlsplit(site.url)[:2]
    assert [url for url in asked if urlsplit(url)[:2] != origin] == []
    sizes = {
        request.url: request.sizes()["responseBodySize"]
        for request in finished
        if request.resource_type in {"document", "stylesheet", "script"}
    }
    context.close()
    print(f"HTML, CSS and JavaScript: {sum(sizes.values()) / 1024:.1f} KB compressed", sizes)
    assert sum(sizes.values()) < 60 * 1024, sizes
