"""
The site under load, served as in production, against a large archive: `make bench` runs it.

A PostgreSQL database of its own (BENCH_DATABASE_URL) gets the migrations and, once, a generated archive of
BENCH_ARTICLES articles and BENCH_COMMENTS comments (`manage.py generate_content`; kept for later runs). Three
gunicorn servers (2 sync workers each, DEBUG off, static files collected) then answer on the loopback: the site
with its page cache in Redis (BENCH_CACHE_URL, a database number of its own), the site with no cache at all
(`dummycache://`), and the one-view baseline project (bench/baseline.py). wrk (8 connections) measures each
target for BENCH_SECONDS seconds, the targets in turn, BENCH_ROUNDS times, so that a burst of load elsewhere on
the machine falls on all of them alike.

It prints one table (requests a second, median and 99th-percentile latency, SQL queries a request, the share
of the baseline's rate) and writes it, with the machine, the versions and a chart, to docs/performance.md. It
prints the query plans of the public pages' queries and exits non-zero when one reads the article or comment
table by a sequential scan.
"""

import logging
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, quote_plus, urlsplit

from tests.servers import LOOPBACK, AppServer, static_sources_digest

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "1000000"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench")
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/13")
CONNECTIONS = 8
USER_AGENT = "newsroom bench"
# Rare words (invented place names, each in about a hundred generated headlines) and common ones (in tens of
# thousands of generated bodies), in turn: searched in this process and by wrk (search.lua).
SEARCHES = ["Kolmarven", "ships", "Dristalbar", "city council", "Vikpetkol", "water", "Orngarmar", "energy"]
DOCS = ROOT / "docs"
# Production settings over plain HTTP on the loopback; X-Forwarded-For believed from it (the comment posts).
SERVER_SETTINGS = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-Vq7r-Mz3k-Lw9x-Tp2c-Hs5n-Jd8f-Gb4y",
    "ALLOWED_HOSTS": LOOPBACK,
    "DATABASE_URL": DATABASE_URL,
    "TRUSTED_PROXIES": LOOPBACK,
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "LOG_LEVEL": "WARNING",
    "MEDIA_ROOT": str(Path(tempfile.gettempdir()) / "newsroom-bench-media"),
}
NO_CACHE = "dummycache://"


def create_database():
    """The bench's own database, made when missing (the server's `postgres` database is asked)."""
    import psycopg
    import psycopg.sql

    for url, service, default_port in [(DATABASE_URL, "PostgreSQL", 5432), (CACHE_URL, "Redis", 6379)]:
        host, port = urlsplit(url).hostname, urlsplit(url).port or default_port
        try:
            socket.create_connection((host, port), timeout=5).close()
        except OSError:
            raise SystemExit(f"make bench needs {service} at {host}:{port}.") from None
    name = urlsplit(DATABASE_URL).path.lstrip("/")
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))


# Where static files are collected as a release collects them: kept between runs while their sources stay.
SERVER_SETTINGS["STATIC_ROOT"] = str(
    Path(tempfile.gettempdir()) / f"newsroom-bench-static-{static_sources_digest()}"
)
os.environ.update(SERVER_SETTINGS | {"CACHE_URL": CACHE_URL, "DJANGO_SETTINGS_MODULE": "newsroom.settings"})
create_database()

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from articles.management.commands.generate_content import LONG_ARTICLE_SLUG  # noqa: E402
from articles.models import Article, Author, Section, Topic  # noqa: E402
from articles.pagination import MAX_PAGES  # noqa: E402
from articles.views import PublishedArticleList  # noqa: E402
from bench import chart  # noqa: E402
from comments.models import Comment  # noqa: E402
from comments.protection import form_token  # noqa: E402

SEQUENTIAL_SCAN = re.compile(r"Seq Scan on (articles_article|comments_comment)\b(?!_)")
DUMMY_CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@dataclass
class Target:
    """One thing measured: a page of one server (or a wrk script), with the share of the baseline it must reach."""

    name: str
    server: str  # "baseline", "cached" or "uncached"
    path: str
    goal: float | None = None
    script: str | None = None
    public_page: bool = False
    rates: list = field(default_factory=list)
    medians: list = field(default_factory=list)
    p99s: list = field(default_factory=list)
    errors: int = 0
    queries: int | None = None

    @property
    def rate(self):
        return statistics.median(self.rates)

    @property
    def p50(self):
        return statistics.median(self.medians)

    @property
    def p99(self):
        return max(self.p99s)


def targets(long_article, section, author, topic):
    article, feed = long_article.get_absolute_url(), reverse("articles:feed-rss")
    # The deepest numbered page of the section (lists number MAX_PAGES pages at most).
    published = Article.objects.published().filter(section=section).count()
    deepest = max(1, min(MAX_PAGES, published // PublishedArticleList.paginate_by))
    # (name, path, with goals): the feed is measured, the issue sets goals for the pages.
    pages = [
        ("home", reverse("articles:home"), True),
        ("section", section.get_absolute_url(), True),
        ("author", author.get_absolute_url(), True),
        ("topic", topic.get_absolute_url(), True),
        ("article, 50 comments", article, True),
        ("feed (RSS)", feed, False),
    ]
    return [
        Target("baseline (hello world)", "baseline", "/"),
        *(
            Target(f"{name}, page cache", "cached", path, goal=0.85 if goals else None)
            for name, path, goals in pages
        ),
        *(
            Target(f"{name}, no cache", "uncached", path, goal=0.30 if goals else None, public_page=True)
            for name, path, goals in pages
        ),
        Target(
            f"section page {deepest}, no cache",
            "uncached",
            f"{section.get_absolute_url()}?page={deepest}",
            public_page=True,
        ),
        Target("search, rare and common words", "uncached", reverse("articles:search"), script="search.lua"),
        Target(
            "comment posted",
            "cached",
            reverse("comments:post", kwargs={"article_id": long_article.pk}),
            script="post_comment.lua",
        ),
    ]


def start_server(application, environment):
    """gunicorn as the README runs it, with two sync workers, on a free port of the loopback."""
    settings = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    app_server = AppServer(settings=settings | environment, application=application, workers=2)
    app_server.start()
    return app_server


def wrk(target, url, round_number):
    command = [
        shutil.which("wrk"),
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{SECONDS}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if target.script:
        command += ["-s", str(Path(__file__).parent / target.script)]
    environment = os.environ | {
        "BENCH_FORM_TOKEN": quote(
            form_token(target.path.split("/")[-2]) if target.script == "post_comment.lua" else ""
        ),
        "BENCH_ORIGIN": url,
        "BENCH_SEARCHES": " ".join(quote_plus(word) for word in SEARCHES),
        "BENCH_ROUND": str(round_number),
    }
    output = subprocess.run(  # noqa: S603 - the bench's own command line
        [*command, url + target.path], capture_output=True, text=True, env=environment
    ).stdout
    if "Requests/sec" not in output:
        raise SystemExit(f"{target.name}: wrk said\n{output}")
    target.rates.append(float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]))
    target.medians.append(milliseconds(re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)[1]))
    target.p99s.append(milliseconds(re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)[1]))
    if errors := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        target.errors += int(errors[1])


def milliseconds(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def count_queries(target, client):
    """SQL queries one request to the target makes (after one to warm the page cache), and their SQL."""
    request = client.post if target.script == "post_comment.lua" else client.get
    arguments = {}
    if target.script == "post_comment.lua":
        arguments = {
            "data": {
                "name": "Bench reader",
                "email": "counted@example.org",
                "body": f"A comment counted at {time.time()}.",
                "token": form_token(target.path.split("/")[-2]),
            },
            "headers": {"Origin": "http://127.0.0.1", "User-Agent": USER_AGENT},
            "REMOTE_ADDR": "192.0.2.1",
        }
    path = target.path + ("?q=ships" if target.script == "search.lua" else "")
    if target.script != "post_comment.lua":
        request(path, **arguments)
    with CaptureQueriesContext(connection) as queries:
        response = request(path, **arguments)
    if response.status_code >= 400:
        raise SystemExit(f"{target.name}: {path} answered {response.status_code}")
    return [query["sql"] for query in queries.captured_queries]


def plans(name, statements):
    """Print the plan of each SELECT; return the sequential scans of the article and comment tables."""
    scans = []
    with connection.cursor() as cursor:
        for sql in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {sql}")
            plan = "\n".join(f"      {line}" for (line,) in cursor.fetchall())
            print(f"  {name}: {sql[:150]}{'…' if len(sql) > 150 else ''}\n{plan}")
            scans += [f"{name}: {match[0]}" for match in SEQUENTIAL_SCAN.finditer(plan)]
    return scans


def admin_timings(client):
    """Median time of five requests to the admin's article list and to the moderation queue, in ms."""
    user, _created = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client.force_login(user)
    timings = {}
    for name, url in [
        ("admin article list", reverse("admin:articles_article_changelist")),
        ("moderation queue", reverse("admin:comments_comment_changelist")),
    ]:
        times = []
        for _ in range(6):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{name}: {url} answered {response.status_code}")
        timings[name] = statistics.median(times[1:])
    client.logout()
    return timings


def search_timings(client):
    """Median time of a search, rare and common words alike, in ms (in this process, no cache)."""
    times = []
    for word in SEARCHES * 3:
        started = time.perf_counter()
        client.get(reverse("articles:search"), {"q": word})
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def machine():
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    redis = cache._cache.get_client().info("server")["redis_version"] if hasattr(cache, "_cache") else "?"
    wrk_help = subprocess.run([shutil.which("wrk"), "-v"], capture_output=True, text=True)  # noqa: S603
    wrk_version = wrk_help.stdout.split()[1]
    import gunicorn

    return {
        "machine": f"{model}, {os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB",
        "system": f"{platform.system()} {platform.release()}",
        "versions": f"Python {platform.python_version()}, Django {django.get_version()}, gunicorn {gunicorn.__version__}, "
        f"PostgreSQL {postgres}, Redis {redis}, wrk {wrk_version}",
    }


def load_average():
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make bench` installs it (Debian package wrk).")
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    if not (Path(SERVER_SETTINGS["STATIC_ROOT"]) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    present = Article.objects.count()
    if present < ARTICLES:
        print(f"Generating {ARTICLES:,} articles and {COMMENTS:,} comments (once; later runs reuse them)…")
        call_command("generate_content", articles=ARTICLES - present, comments=COMMENTS)
    # Comments an earlier run posted are not part of the archive.
    Comment.objects.filter(user_agent=USER_AGENT).delete()
    articles, comments = Article.objects.count(), Comment.objects.count()
    long_article = Article.objects.select_related("section").get(slug=LONG_ARTICLE_SLUG)
    section = Section.objects.get(slug="world")
    author = Author.objects.filter(articles__isnull=False).order_by("pk").first()
    topic = Topic.objects.filter(articles__isnull=False).order_by("pk").first()
    measured = targets(long_article, section, author, topic)

    client = Client(SERVER_NAME=LOOPBACK, headers={"User-Agent": USER_AGENT})
    cache.clear()
    print(f"\nQuery plans at {articles:,} articles and {comments:,} comments (no cache):")
    scans = []
    for target in measured:
        if target.server == "baseline":
            continue
        if target.server == "uncached" or target.script:
            with override_settings(CACHES=DUMMY_CACHES):
                statements = count_queries(target, client)
            scans += plans(target.name, statements)
        else:
            statements = count_queries(target, client)
        target.queries = len(statements)
    with override_settings(CACHES=DUMMY_CACHES):
        slow = admin_timings(client) | {"search (median, in process)": search_timings(client)}
        # A 404 is the expected answer: not worth the warning Django logs for it.
        request_log = logging.getLogger("django.request")
        level = request_log.level
        request_log.setLevel(logging.ERROR)
        page_500 = client.get(f"{section.get_absolute_url()}?page=500").status_code
        request_log.setLevel(level)
    Comment.objects.filter(user_agent=USER_AGENT).delete()
    cache.clear()

    print(f"\nServers up; wrk, {CONNECTIONS} connections, {SECONDS} s a target, {ROUNDS} rounds…")
    load_before = load_average()
    servers = {
        "baseline": start_server("bench.baseline:application", {}),
        "cached": start_server("newsroom.wsgi", {"CACHE_URL": CACHE_URL}),
        "uncached": start_server("newsroom.wsgi", {"CACHE_URL": NO_CACHE}),
    }
    try:
        for round_number in range(ROUNDS):
            for target in measured:
                wrk(target, servers[target.server].url, round_number)
    finally:
        for server in servers.values():
            server.stop()
    load_after = load_average()
    Comment.objects.filter(user_agent=USER_AGENT).delete()

    report = Report(measured, slow, page_500, scans, articles, comments, load_before, load_after)
    print(report.table())
    print(report.findings())
    report.write(DOCS / "performance.md", DOCS / "performance.png")
    print(
        f"\nWritten to docs/performance.md and docs/performance.png ({time.monotonic() - started:.0f} s in all)."
    )
    if scans:
        raise SystemExit("Sequential scans of the article or comment table:\n  " + "\n  ".join(scans))


@dataclass
class Report:
    targets: list
    slow: dict
    page_500: int
    scans: list
    articles: int
    comments: int
    load_before: str
    load_after: str

    @property
    def baseline(self):
        return self.targets[0].rate

    def table(self):
        lines = [
            "| Target | Requests/s | p50 ms | p99 ms | SQL queries | Share of baseline | Goal |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for target in self.targets:
            ratio = target.rate / self.baseline
            goal = (
                ""
                if target.goal is None
                else f"≥ {target.goal:.0%} {'met' if ratio >= target.goal else 'MISSED'}"
            )
            if target.public_page:
                goal += f"{'; ' if goal else ''}p99 < 100 ms {'met' if target.p99 < 100 else 'MISSED'}"
            if target.errors:
                goal += f"{'; ' if goal else ''}{target.errors} error answers"
            queries = "" if target.queries is None else str(target.queries)
            lines.append(
                f"| {target.name} | {target.rate:,.0f} | {target.p50:.1f} | {target.p99:.1f} | {queries} | "
                f"{ratio:.0%} | {goal} |"
            )
        return "\n".join(lines)

    def findings(self):
        by_name = {target.name: target for target in self.targets}
        page_1 = by_name["section, no cache"]
        deep = next(target for target in self.targets if "?page=" in target.path)
        lines = [
            f"- {name}: {ms:.0f} ms ({'met' if ms < limit else 'MISSED'}: under {limit} ms)"
            for name, ms, limit in (
                (name, ms, 50 if name.startswith("search") else 500) for name, ms in self.slow.items()
            )
        ]
        search = by_name["search, rare and common words"]
        lines.append(
            f"- search through gunicorn: median {search.p50:.0f} ms ({'met' if search.p50 < 50 else 'MISSED'}: "
            "under 50 ms)"
        )
        lines.append(
            f"- {deep.name.split(',')[0]} (the deepest numbered page) at {deep.rate / page_1.rate:.0%} of page 1's "
            f"rate, p50 {deep.p50:.1f} ms against {page_1.p50:.1f} ms; page 500 answers {self.page_500} "
            f"(lists number {MAX_PAGES} pages; older articles are reached through the archive)"
        )
        lines.append(
            "- query plans: "
            + (
                "no sequential scan of the article or comment table"
                if not self.scans
                else "; ".join(self.scans)
            )
        )
        return "\n".join(lines)

    def write(self, document, picture):
        facts = machine()
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        chart.draw(
            [(target.name, target.rate / self.baseline, target.goal) for target in self.targets[1:]],
            picture,
            f"Requests a second as a share of the hello-world baseline ({self.baseline:,.0f}/s), {now}",
        )
        run = RUN.format(
            date=now,
            articles=self.articles,
            comments=self.comments,
            seconds=SECONDS,
            rounds=ROUNDS,
            load_before=self.load_before,
            load_after=self.load_after,
            table=self.table(),
            findings=self.findings(),
            picture=picture.name,
            **facts,
        )
        # Only the run's own part is replaced: the rest of the page is written by hand.
        text = document.read_text() if document.exists() else PAGE
        head, _, rest = text.partition(RUN_START)
        tail = rest.partition(RUN_END)[2] if RUN_END in rest else rest
        document.write_text(f"{head}{RUN_START}\n{run}\n{RUN_END}{tail}")


PAGE = """# Performance

Measured by `make bench` (bench/pages.py), which rewrites the part between the two comments below. The
numbers are ratios to a baseline measured in the same run on the same machine: a one-view Django project with
no middleware, no database and no templates (bench/baseline.py), served by the same Python and the same
gunicorn command. A busy machine slows every target alike, so the shares hold where absolute numbers do not.

## How it is measured

- **Servers**: gunicorn, 2 sync workers each, production settings (`DEBUG` off, static files collected),
  PostgreSQL on 127.0.0.1:5432 with a database of its own, Redis on 127.0.0.1:6379 (a database number of its
  own) for the page cache, or `CACHE_URL=dummycache://` (no cache at all: no page cache, no cached settings).
- **Data**: `BENCH_ARTICLES` articles (100,000 by default) and `BENCH_COMMENTS` comments (1,000,000) made once by
  `manage.py generate_content` and kept for later runs: bodies prepared by the save path, threaded comments in
  every status, the search index and the stored threads filled.
- **Load**: wrk with 8 connections on the loopback, `BENCH_SECONDS` seconds a target (5 by default), the
  targets in turn, `BENCH_ROUNDS` rounds (2). Requests/s and p50 are the median of the rounds, p99 the worst.
  SQL queries are counted for one request in the bench's own process with the same settings (0 for a page
  served from the page cache).
- **Search** asks for a rare word (an invented place name, in about a hundred headlines) and common words (in
  tens of thousands of bodies) in turn. **Comment posting** sends a new comment from a new address each
  time, through the trusted proxy (`TRUSTED_PROXIES`, `X-Forwarded-For`), so the rate limit does not cap it;
  the comments wait for moderation, as a reader's would, and are deleted after the run.

<!-- make bench: last run -->
<!-- make bench: end -->

## What holds the targets back

Written by hand after reading the profiles and plans of a run.
"""
RUN_START, RUN_END = "<!-- make bench: last run -->", "<!-- make bench: end -->"
RUN = """## Last run

{date}. {machine}; {system}. {versions}.
{articles:,} articles and {comments:,} comments; {seconds} s a target, {rounds} rounds.
Load average (1, 5, 15 minutes) before the measurements {load_before}, after {load_after}.

{table}

![Requests a second as a share of the baseline]({picture})

{findings}

Goals (issue "Performance, part 2"): article, home, section, author and topic pages at least 30% of the
baseline with no cache and 85% from the page cache; every public page's p99 under 100 ms with no cache;
search median under 50 ms; the admin article list and the moderation queue under 500 ms; no public query
reads the article or comment table by a sequential scan.
"""


if __name__ == "__main__":
    main()
