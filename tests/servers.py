"""
Several app servers sharing one database and one cache, as production runs them: gunicorn processes (DEBUG off,
static files collected) on the test run's PostgreSQL database and on a Redis of their own (redis-server on a
free port, no persistence), which a test may stop and start again. The servers see only committed data, so
their tests are marked `django_db(transaction=True, serialized_rollback=True)` (the latter restores the data
migrations made, which a transactional test's flush removes).

They need PostgreSQL (the suite's PostgreSQL run) and redis-server: without them the tests skip, except under
CI, which must run them. A Redis of their own (never the machine's shared one) keeps parallel runs apart and
lets a test stop it. Usage: in a test module, `app_server_pair, app_servers = servers.app_server_pair,
servers.app_servers`, then take the `app_servers` fixture (`app_servers.client(0)`, `app_servers.redis.stop()`).
"""

import hashlib
import html
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
SERVERS = 2
WORKERS_EACH = 2
LOOPBACK = "127.0.0.1"
# Long and varied, as DEBUG off demands; the servers' own, for signing what they send.
SECRET_KEY = "several-servers-only-Qm4t-Zr8w-Xc2v-Bn6y-Lk9p-Hj3s-Fd7g"


def free_port():
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def wait_for_port(port, process=None, seconds=60, log=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection((LOOPBACK, port), timeout=1).close()
            return
        except OSError:
            if process is not None and process.poll() is not None:
                printed = ""
                if log is not None:
                    log.seek(0)
                    printed = log.read().decode(errors="replace")
                pytest.fail(f"{process.args[0]} stopped: {printed}")
            time.sleep(0.05)
    pytest.fail(f"nothing answered on port {port} within {seconds} seconds")


def database_url(name=None):
    """The URL of the test database this run made (or of database `name` beside it), for the servers' own use."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    user = quote(db["USER"] or "", safe="")
    return f"postgres://{user}{password}@{db['HOST'] or LOOPBACK}:{db['PORT'] or 5432}/{name or db['NAME']}"


def production_environment(directory, cache_url):
    """Production settings (DEBUG off) on the test database and the given cache, over plain HTTP."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    return environment | {
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": LOOPBACK,
        "DATABASE_URL": database_url(),
        "CACHE_URL": cache_url,
        "STATIC_ROOT": str(directory / "static"),
        "MEDIA_ROOT": str(directory / "media"),
        # The tests send X-Forwarded-For from the loopback to act as many readers.
        "TRUSTED_PROXIES": LOOPBACK,
        # Plain HTTP on the loopback: no redirect to HTTPS, cookies not limited to it.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "LOG_LEVEL": "WARNING",
    }


def manage(environment, *arguments):
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    if done.returncode:
        pytest.fail(f"manage.py {' '.join(arguments)} failed:\n{done.stderr}")


def static_sources_digest():
    """A short digest of what collected static files come from: the pinned versions and the files in static/."""
    sources = sorted(path for path in (ROOT / "static").rglob("*") if path.is_file())
    digest = hashlib.sha256((ROOT / "requirements.lock").read_bytes())
    for path in sources:
        digest.update(f"{path.relative_to(ROOT)}:{path.stat().st_size}:{path.stat().st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def collected_static(environment):
    """
    The static files collected as a release collects them (a minute's work, compression included), kept in the
    temporary directory between test runs for as long as what they are collected from stays the same.
    """
    collected = Path(tempfile.gettempdir()) / f"newsroom-static-{static_sources_digest()}"
    if not (collected / "staticfiles.json").exists():
        scratch = Path(tempfile.mkdtemp(prefix="newsroom-static-"))
        manage({**environment, "STATIC_ROOT": str(scratch)}, "collectstatic", "--no-input", "--verbosity=0")
        try:
            scratch.rename(collected)
        except OSError:  # another run collected them meanwhile
            shutil.rmtree(scratch, ignore_errors=True)
    return collected


@dataclass(kw_only=True)
class Service:
    """A process of the tests' own answering on a free port, stopped and started at will."""

    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    # A file for what the process prints (its log), kept; by default only its error output is kept, in an
    # unnamed temporary file: a pipe nobody reads would block the server once it filled.
    output: Path | None = None

    def command(self):
        raise NotImplementedError

    def start(self):
        with self.output.open("a+b") if self.output else tempfile.TemporaryFile() as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=ROOT,
                env=self.environment(),
                stdout=log if self.output else subprocess.DEVNULL,
                stderr=log,
            )
            wait_for_port(self.port, self.process, log=log)

    def environment(self):
        return None

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@dataclass(kw_only=True)
class AppServer(Service):
    """gunicorn as the README runs it: `gunicorn newsroom.wsgi` with a few workers."""

    settings: dict
    workers: int = WORKERS_EACH
    application: str = "newsroom.wsgi"

    @property
    def url(self):
        return f"http://{LOOPBACK}:{self.port}"

    def command(self):
        return [
            *(sys.executable, "-m", "gunicorn", self.application),
            *("--bind", f"{LOOPBACK}:{self.port}", "--workers", str(self.workers)),
        ]

    def environment(self):
        return self.settings


def require_services():
    """Skip (or, under CI, fail) unless the servers can share a PostgreSQL database and a Redis."""
    problem = None
    if connection.vendor != "postgresql":
        # The two-server tests belong to the PostgreSQL run of `make test`, which CI must make.
        pytest.skip("Several app servers share a PostgreSQL database: these tests run in the PostgreSQL run.")
    if not shutil.which("redis-server"):
        problem = "redis-server is missing (Debian package redis-server)"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(problem, pytrace=False)
        pytest.skip(problem)


@dataclass(kw_only=True)
class Redis(Service):
    """A redis-server of the tests' own, without persistence: stopping it loses what it held, like a restart."""

    @property
    def url(self):
        return f"redis://{LOOPBACK}:{self.port}/0"

    def command(self):
        return [
            *("redis-server", "--port", str(self.port), "--bind", LOOPBACK),
            *("--save", "", "--appendonly", "no", "--loglevel", "warning"),
        ]

    def flush(self):
        import redis

        redis.Redis.from_url(self.url).flushdb()


@dataclass
class Client:
    """A browser of sorts for one server: cookies kept, redirects not followed, answers read whole."""

    base: str
    forwarded_for: str | None = None
    cookies: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def request(self, path, data=None, headers=None):
        request = urllib.request.Request(  # noqa: S310 - the servers' own http:// address
            self.base + path,
            data=urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None,
            headers={
                **({"X-Forwarded-For": self.forwarded_for} if self.forwarded_for else {}),
                **(headers or {}),
            },
        )
        try:
            with plain_http_opener(self.cookies).open(request, timeout=30) as response:
                return Answer(response.status, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read().decode())

    def get(self, path, **headers):
        return self.request(path, headers=headers)

    def post(self, path, data, **headers):
        # What a browser sends with a form posted from the site's own pages.
        return self.request(path, data, {"Origin": self.base, "Sec-Fetch-Site": "same-origin", **headers})

    def cookie(self, name):
        return next((cookie.value for cookie in self.cookies if cookie.name == name), None)

    def log_in(self, username, password):
        login = f"/{os.environ.get('ADMIN_URL', 'admin/')}login/"
        self.get(login)
        answer = self.post(
            login,
            {"username": username, "password": password, "csrfmiddlewaretoken": self.cookie("csrftoken")},
        )
        assert answer.status == 302, f"logging in as {username} failed: {answer.status}"

    def post_in_admin(self, path, data):
        """A form in the admin, with its CSRF token."""
        return self.post(path, {**data, "csrfmiddlewaretoken": self.cookie("csrftoken")})


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def plain_http_opener(cookies):
    """
    An opener for plain HTTP, without build_opener's HTTPS handler, whose certificate store costs some 25 ms of
    CPU to load for each opener: more than a request to a server here.
    """
    opener = urllib.request.OpenerDirector()
    for handler in [
        urllib.request.HTTPHandler(),
        urllib.request.HTTPCookieProcessor(cookies),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        NoRedirects(),
    ]:
        opener.add_handler(handler)
    return opener


@dataclass
class Answer:
    status: int
    headers: dict
    text: str

    def header(self, name):
        return next((value for key, value in self.headers.items() if key.lower() == name.lower()), None)

    def form_fields(self, form_id):
        """The hidden fields of a form in the page, as a browser would send them."""
        form = re.search(rf'<form[^>]*id="{form_id}".*?</form>', self.text, re.DOTALL)
        assert form, f"no form {form_id} in the page"
        return {
            html.unescape(name): html.unescape(value)
            for name, value in re.findall(
                r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(0), re.DOTALL
            )
        }


@dataclass
class AppServers:
    servers: list
    redis: Redis

    def client(self, number, forwarded_for=None):
        """A client of server `number`; with `forwarded_for`, it acts as a reader at that address."""
        return Client(self.servers[number].url, forwarded_for)

    def stop(self):
        for server in self.servers:
            server.stop()


@pytest.fixture(scope="session")
def app_server_pair(tmp_path_factory, django_db_setup):
    """Two gunicorn servers (two workers each) on the test database and a Redis, for the whole session."""
    require_services()
    redis_server = Redis()
    redis_server.start()
    environment = production_environment(tmp_path_factory.mktemp("app-servers"), redis_server.url)
    environment["STATIC_ROOT"] = str(collected_static(environment))
    pair = AppServers([AppServer(settings=environment) for _ in range(SERVERS)], redis_server)
    for server in pair.servers:
        server.start()
    yield pair
    pair.stop()
    redis_server.stop()


@pytest.fixture
def app_servers(app_server_pair, settings):
    """
    The two servers with an empty cache, and this test process on the same cache: domain functions called here
    renew the servers' pages as they would on a server.
    """
    if app_server_pair.redis.process is None:
        app_server_pair.redis.start()
    app_server_pair.redis.flush()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": app_server_pair.redis.url,
        }
    }
    return app_server_pair
