"""
The soak's traffic: readers asking for every kind of page, commenters each arriving from an address of their own
(X-Forwarded-For, which the servers trust from the loopback), and a probe asking each server's /healthz. Every
request is recorded with when it started and ended, so that it can be counted in the fault window it overlapped.
"""

import itertools
import random
import re
import secrets
import threading
import time
from dataclasses import dataclass, field

from tests.servers import Client

OUTAGE_PAGE_TEXT = "Back in a moment"
# How often readers ask for each kind of page, relative to the others (1 when not named): as on a news site,
# mostly articles and the home page.
SHARE_OF_READS = {"article": 12, "home": 6, "section": 3, "comment page": 2, "feed": 2}
TOKEN = re.compile(r"soak-token-([0-9a-f]+)")
COMMENT_PATH = re.compile(r"/comments/posted/")


@dataclass(frozen=True)
class Request:
    started: float
    ended: float
    kind: str
    server: int
    status: int
    # For an answer in the 5xx range (or none at all): what was wrong with it, None when it was the outage page.
    problem: str | None = None
    cache: str | None = None


def judge(status, text):
    """None for a good answer (anything under 500, or the short outage page); else what was wrong with it."""
    if status < 500:
        return None
    if status == 503 and OUTAGE_PAGE_TEXT in text and "Traceback" not in text and len(text) < 20_000:
        return None
    return f"{status}: {text[:200]!r}"


@dataclass
class Traffic:
    """What the soak's threads send and record; `stop` ends them all."""

    urls: list
    pages: dict
    articles: list
    stop: threading.Event = field(default_factory=threading.Event)
    requests: list = field(default_factory=list)
    health: list = field(default_factory=list)
    accepted: list = field(default_factory=list)
    numbers: itertools.count = field(default_factory=itertools.count)
    # What stopped a thread of the soak's before its time: a fault of the soak itself, failing it.
    crashes: list = field(default_factory=list)

    def thread(self, target, *arguments):
        def run():
            try:
                target(*arguments)
            except Exception as error:
                self.crashes.append(f"{target.__name__}: {error!r}")
                raise

        return threading.Thread(target=run)

    def send(self, kind, server, call, *arguments):
        """Make one request, call(*arguments), and record it; returns the answer, or None if none came."""
        started = time.monotonic()
        try:
            answer = call(*arguments)
        except OSError as error:
            self.requests.append(Request(started, time.monotonic(), kind, server, 0, f"no answer: {error}"))
            return None
        status = answer.status
        self.requests.append(
            Request(
                started,
                time.monotonic(),
                kind,
                server,
                status,
                judge(status, answer.text),
                answer.header("X-Page-Cache"),
            )
        )
        return answer

    def reader(self, seed):
        pick = random.Random(seed)
        while not self.stop.is_set():
            kind = pick.choices(list(self.pages), [SHARE_OF_READS.get(kind, 1) for kind in self.pages])[0]
            server = pick.randrange(len(self.urls))
            client = Client(self.urls[server])
            self.send(kind, server, client.get, pick.choice(self.pages[kind]))

    def commenter(self, seed):
        pick = random.Random(seed)
        forms = {}
        while not self.stop.is_set():
            self.comment(pick.choice(self.articles), pick.randrange(len(self.urls)), forms)

    def comment(self, article, server, forms, address=None):
        """
        Send one comment as a new reader would: from the article page's form, from an address of its own unless
        one is given; its text carries a token of its own, to be found in the database. Returns the status.
        """
        number = next(self.numbers)
        address = address or f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
        client = Client(self.urls[server], forwarded_for=address)
        if (server, article.pk) not in forms:
            page = self.send("article", server, client.get, article.url)
            if page is None or page.status != 200:
                time.sleep(0.1)  # the database is away: a reader waits before trying again
                return None
            forms[server, article.pk] = page.form_fields("comment-form")
        token = secrets.token_hex(8)
        fields = {
            **forms[server, article.pk],
            "name": f"Soak Reader {number}",
            "email": f"reader-{number}@soak.example",
            "website": "",
            "body": f"Comment number {number} of the soak, soak-token-{token}.",
            "subject": "",
        }
        answer = self.send("comment", server, client.post, article.post_url, fields)
        if answer is None:
            return None
        if answer.status == 302 and COMMENT_PATH.search(answer.header("Location") or ""):
            self.accepted.append(token)
        elif answer.status >= 500:
            time.sleep(0.1)
        return answer.status

    def probe(self):
        """Each server's /healthz, a few times a second: (time, server, status, what it said of the cache)."""
        clients = [Client(url) for url in self.urls]
        while not self.stop.wait(0.2):
            for server, client in enumerate(clients):
                self.health.append((time.monotonic(), server, *health_of(client)))


def health_of(client):
    """(status, the cache's state) from a server's /healthz; (0, None) when it does not answer."""
    try:
        answer = client.get("/healthz")
    except OSError:
        return 0, None
    cache = re.search(r'"cache": "(\w+)"', answer.text)
    return answer.status, cache and cache[1]


@dataclass(frozen=True)
class Article:
    pk: int
    url: str
    post_url: str
