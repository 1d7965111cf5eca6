"""
The soak's plan: set up its own PostgreSQL, Redis and two app servers with the demo content; send steady traffic
for SOAK_SECONDS; a quarter of the way in, stop the database for a few seconds and start it again; past the
middle, do the same to Redis; then count what every request got and look for every accepted comment in the
database.
"""

import json
import math
import os
import re
import shutil
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import django

from caching import generations
from soak import report
from soak.cluster import Cluster
from soak.load import TOKEN, Article, Traffic, health_of
from tests import servers
from tests.servers import Client

# gunicorn's own log lines (start, stop, workers), in its format: "[2026-11-28 17:17:49 +0000] [25269] [INFO] …".
GUNICORN_LINE = re.compile(r"\[\d{4}-\d\d-\d\d [\d:]+ [+-]\d{4}\] \[\d+\] \[[A-Z]+\] ")
READERS = 3
COMMENTERS = 6
# Comments accepted in a minute at least (a shorter run needs its share of them).
COMMENTS_A_MINUTE = 1000
# The servers must be back this soon after the database is; and serving from the page cache this soon after
# Redis is, on top of the seconds a process waits before asking a cache that failed again.
RECOVERY_SECONDS = 10
CACHE_RECOVERY_SECONDS = RECOVERY_SECONDS + generations.RETRY_SECONDS
# Comments a minute from one address: commenters each have their own, so the limit only decides how many
# comments the check of the limit without Redis must send.
RATE_LIMIT = 1
LOGIN_FAILURE_LIMIT = 2
# The demo discussion has two top-level comments: at one a page, it has a second page to read.
COMMENTS_PER_PAGE = 1


@dataclass
class Window:
    name: str
    started: float
    ended: float | None = None
    # Seconds from the service's return to the servers' recovery.
    recovery: float | None = None

    def holds(self, request):
        return request.started <= self.ended and request.ended >= self.started


def soak():
    """Run the soak; True when every check passed."""
    seconds = int(os.environ.get("SOAK_SECONDS", "60"))
    if not shutil.which("redis-server"):
        raise SystemExit("soak: redis-server not found: install it (Debian: redis-server)")
    work = Path(tempfile.mkdtemp(prefix="newsroom-soak-"))
    cluster = Cluster()
    redis = servers.Redis(output=work / "redis.log")
    app_servers = []
    try:
        print(f"soak: PostgreSQL on port {cluster.port}, Redis on port {redis.port}, in {work}", flush=True)
        cluster.create()
        redis.start()
        environment = set_up(cluster, redis, work)
        app_servers = [
            servers.AppServer(settings=environment, output=work / f"server-{number}.log")
            for number in range(servers.SERVERS)
        ]
        for server in app_servers:
            server.start()
        traffic = Traffic([server.url for server in app_servers], pages(), open_articles())
        warm_up(traffic)
        print(f"soak: {seconds} seconds of traffic on {len(app_servers)} servers", flush=True)
        cpu_before, load_average = workers_cpu_seconds(app_servers), os.getloadavg()
        own_cpu_before = time.process_time()
        windows, checks, elapsed = run(traffic, seconds, cluster, redis)
        checks["every line the app logged is one JSON object"] = structured_logs(app_servers)
        results = report.Results(
            traffic,
            windows,
            checks,
            elapsed,
            stored_tokens(),
            required_comments(seconds),
            load=f"{READERS} readers and {COMMENTERS} commenters sending one request after another",
            workers_cpu=workers_cpu_seconds(app_servers) - cpu_before,
            own_cpu=time.process_time() - own_cpu_before,
            load_average=load_average,
        )
        text = results.markdown()
        print(text)
        destination = Path(os.environ.get("SOAK_REPORT", servers.ROOT / "docs" / "reliability.md"))
        destination.write_text(text)
        print(f"soak: written to {destination}")
        return results.passed()
    finally:
        for server in app_servers:
            server.stop()
        redis.stop()
        cluster.remove()
        shutil.rmtree(work, ignore_errors=True)


def required_comments(seconds):
    return math.ceil(COMMENTS_A_MINUTE * seconds / 60)


def set_up(cluster, redis, work):
    """This process on the soak's database (to read it), and the servers' settings with the database ready."""
    os.environ.update(
        DATABASE_URL=cluster.url,
        CACHE_URL="dummycache://",
        # Each failed login hashes a password, slow by design: the check of throttling sends few.
        LOGIN_FAILURE_LIMIT=str(LOGIN_FAILURE_LIMIT),
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    environment = servers.production_environment(work, redis.url) | {
        "COMMENTS_PER_PAGE": str(COMMENTS_PER_PAGE),
    }
    environment["STATIC_ROOT"] = str(servers.collected_static(environment))
    servers.manage(environment, "migrate", "--no-input")
    servers.manage(environment, "demo_content")
    from comments.discussion import discussion_settings, save_discussion_settings

    discussion = discussion_settings()
    discussion.rate_limit = RATE_LIMIT
    save_discussion_settings(discussion)
    return environment


def pages():
    """Addresses of every kind of public page, by kind."""
    from django.contrib.flatpages.models import FlatPage
    from django.urls import reverse

    from articles.models import Article as Story
    from articles.models import Author, Section, Topic
    from comments.models import Comment

    stories = list(Story.objects.published().select_related("section"))
    months = [row["month"] for row in Story.objects.published().archive_months()]
    commented = max(stories, key=lambda story: Comment.objects.approved().on_article(story).count())
    top_level = Comment.objects.approved().on_article(commented).filter(parent=None).count()
    section = stories[0].section
    return {
        "home": ["/"],
        "article": [story.get_absolute_url() for story in stories],
        "section": [section.get_absolute_url() for section in Section.objects.all()],
        "author": [author.get_absolute_url() for author in Author.objects.all()],
        "topic": [topic.get_absolute_url() for topic in Topic.objects.all()],
        "archive": [reverse("articles:archive")]
        + [
            reverse("articles:archive-year", args=[f"{year:04d}"])
            for year in {month.year for month in months}
        ]
        + [
            reverse("articles:archive-month", args=[f"{month.year:04d}", f"{month.month:02d}"])
            for month in months
        ],
        "comment page": [
            reverse("comments:page", args=[commented.pk, number])
            for number in range(2, math.ceil(top_level / COMMENTS_PER_PAGE) + 1)
        ],
        "feed": [
            reverse("articles:feed-rss"),
            reverse("articles:feed-atom"),
            reverse("articles:section-feed-rss", args=[section.slug]),
        ],
        "sitemap": [reverse("sitemap-index"), reverse("news-sitemap")]
        + [
            reverse("sitemap", kwargs={"section": name})
            for name in ["articles", "sections", "authors", "topics"]
        ],
        "search": [f"{reverse('articles:search')}?q={word}" for word in ["council", "river", "school"]],
        "corrections": [reverse("articles:corrections")],
        "flat page": [page.get_absolute_url() for page in FlatPage.objects.all()],
    }


def open_articles():
    from django.urls import reverse

    from articles.models import Article as Story
    from comments.discussion import comments_open, with_comment_closing

    stories = with_comment_closing(Story.objects.published().select_related("section"))
    return [
        Article(story.pk, story.get_absolute_url(), reverse("comments:post", args=[story.pk]))
        for story in stories
        if comments_open(story)
    ]


def workers_cpu_seconds(app_servers):
    """
    CPU time the app servers' workers have used so far. Unlike wall-clock times it does not grow when other work
    shares the machine, so it tells what the soak's requests cost.
    """
    masters = {server.process.pid for server in app_servers}
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        # After the command: state, ppid, ... utime and stime are the 12th and 13th.
        if int(fields[1]) in masters:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def warm_up(traffic):
    """Every page once from each server, unrecorded, as a release's first requests would: the clock starts after."""
    for url in traffic.urls:
        client = Client(url)
        for path in [path for paths in traffic.pages.values() for path in paths]:
            client.get(path)


def run(traffic, seconds, cluster, redis):
    """The traffic with the two faults in it; returns the fault windows and the checks made during them."""
    threads = [
        *(traffic.thread(traffic.reader, number) for number in range(READERS)),
        *(traffic.thread(traffic.commenter, 100 + number) for number in range(COMMENTERS)),
        traffic.thread(traffic.probe),
    ]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    outage = min(5.0, seconds / 6)
    checks = {}
    try:
        sleep_until(began + seconds * 0.25)
        database = database_outage(traffic, cluster, outage, checks)
        sleep_until(began + seconds * 0.6)
        cache = cache_outage(traffic, redis, outage, checks)
        sleep_until(began + seconds)
    finally:
        traffic.stop.set()
        for thread in threads:
            thread.join()
    return [database, cache], checks, time.monotonic() - began


def sleep_until(moment):
    time.sleep(max(0.0, moment - time.monotonic()))


def wait_for(condition, seconds=RECOVERY_SECONDS * 3):
    """
    Ask `condition` every 50 ms until it holds; the seconds from now to the start of the asking that found it
    (what the asking itself took is the servers' load, not their recovery), or None if it never held.
    """
    since = time.monotonic()
    while (asked := time.monotonic()) - since < seconds:
        if condition():
            return asked - since
        time.sleep(0.05)
    return None


def database_outage(traffic, cluster, outage, checks):
    window = Window("database outage", time.monotonic())
    print("soak: stopping PostgreSQL", flush=True)
    cluster.stop()
    time.sleep(0.5)
    statuses = [health_of(Client(url))[0] for url in traffic.urls]
    checks["/healthz answers 503 on every server while the database is away"] = (
        all(status == 503 for status in statuses),
        f"statuses {statuses}",
    )
    sleep_until(window.started + outage)
    cluster.start()
    print("soak: PostgreSQL started again", flush=True)
    window.recovery = wait_for(lambda: all(health_of(Client(url))[0] == 200 for url in traffic.urls))
    window.ended = time.monotonic()
    checks[f"the servers recover by themselves within {RECOVERY_SECONDS} s of the database's return"] = (
        window.recovery is not None and window.recovery <= RECOVERY_SECONDS,
        f"{window.recovery:.2f} s" if window.recovery is not None else "never",
    )
    return window


def cache_outage(traffic, redis, outage, checks):
    window = Window("cache outage", time.monotonic())
    print("soak: stopping Redis", flush=True)
    redis.stop()
    health = [health_of(Client(url)) for url in traffic.urls]
    checks["/healthz answers 200 with the cache degraded while Redis is away"] = (
        all(answer == (200, "degraded") for answer in health),
        f"answers {health}",
    )
    with ThreadPoolExecutor() as pool:
        rate_limit = pool.submit(rate_limit_without_cache, traffic)
        login = pool.submit(login_throttled, traffic)
        checks["the comment rate limit falls back to a limit per process"] = rate_limit.result()
        checks["login throttling still locks out, counted in the database"] = login.result()
    print(f"soak: the checks without Redis took {time.monotonic() - window.started:.1f} s", flush=True)
    sleep_until(window.started + outage)
    redis.start()
    print("soak: Redis started again", flush=True)
    window.recovery = wait_for(lambda: all(serves_from_cache(url) for url in traffic.urls))
    window.ended = time.monotonic()
    checks[f"full page caching returns by itself within {CACHE_RECOVERY_SECONDS:.0f} s of Redis's return"] = (
        window.recovery is not None and window.recovery <= CACHE_RECOVERY_SECONDS,
        f"{window.recovery:.2f} s" if window.recovery is not None else "never",
    )
    return window


def serves_from_cache(url):
    client = Client(url)
    client.get("/")
    return client.get("/").header("X-Page-Cache") == "hit" and health_of(client) == (200, "ok")


def rate_limit_without_cache(traffic):
    """
    From one address, more comments than every server process together may take in two minutes: some must be
    refused (the limit holds per process), and the first few taken.
    """
    limit = RATE_LIMIT
    processes = servers.SERVERS * servers.WORKERS_EACH
    article, forms = traffic.articles[0], {}
    with ThreadPoolExecutor(max_workers=processes) as pool:
        statuses = Counter(
            pool.map(
                lambda number: traffic.comment(
                    article, number % len(traffic.urls), forms, address="198.51.100.1"
                ),
                range(2 * limit * processes + 1),
            )
        )
    taken = statuses[302]
    return statuses[429] > 0 and limit <= taken <= 2 * limit * processes, f"answers {dict(statuses)}"


def login_throttled(traffic):
    """Wrong passwords for one name, one more than allowed: the last attempt is refused as locked out."""
    from django.conf import settings

    client = Client(traffic.urls[0], forwarded_for="198.51.100.2")
    login = f"/{settings.ADMIN_URL}login/"
    client.get(login)
    statuses = []
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT + 1):
        answer = client.post(
            login,
            {
                "username": "soak-editor",
                "password": "wrong",
                "csrfmiddlewaretoken": client.cookie("csrftoken"),
            },
        )
        statuses.append(answer.status)
    locked = "Too many failed login attempts" in answer.text
    return locked and all(status == 200 for status in statuses), f"answers {statuses}, locked out: {locked}"


def structured_logs(app_servers):
    """The servers' output: gunicorn's own lines ([time] [pid] [level] …) aside, each line must be JSON."""
    lines = [line for server in app_servers for line in server.output.read_text().splitlines()]
    app_lines = [line for line in lines if not GUNICORN_LINE.match(line)]
    unreadable = []
    for line in app_lines:
        try:
            json.loads(line)
        except ValueError:
            unreadable.append(line)
    detail = f"{len(app_lines):,} lines" + (
        f", {len(unreadable)} not JSON, such as {unreadable[0]!r}" if unreadable else ""
    )
    return bool(app_lines) and not unreadable, detail


def stored_tokens():
    """How many times each soak comment's token is stored."""
    from django.db import connection

    from comments.models import Comment

    connection.close()  # opened before the database's restart
    bodies = Comment.objects.filter(body__contains="soak-token-").values_list("body", flat=True)
    return Counter(TOKEN.search(body)[1] for body in bodies)
