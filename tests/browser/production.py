"""
The site as it runs in production, for the page checks: gunicorn with DEBUG off, static files collected and
served compressed by WhiteNoise, a PostgreSQL database of its own made by the migrations and loaded with the demo
content, the long article with 50 comments.
"""

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.db import connection

from tests.browser.support import ROOT

# Long, varied and fake: DEBUG off refuses a weak key.
SECRET_KEY = "page-checks-only-k3Y9-x7Qv2-Lm8Pz-Rt5Wn-Hb4Jc-Ds6Fg-Ak1Ue"
COMMENT_TEXTS = [
    "The harbour near us tried this five years ago and the difference on still evenings is obvious.",
    "Who pays for the substation is the whole story. Ports cannot carry that alone, and the article says so.",
    "Worth adding that cruise ships draw far more power at berth than container ships do: the cables differ.",
    "A clear piece. I would like to read more about the grid connections inland, see https://example.org/grid.",
    "We live two streets from the quay. Fewer generators running at night would be welcome.",
]


@dataclass
class Site:
    url: str
    process: subprocess.Popen
    database: str


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(name):
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{quote(db['USER'] or '', safe='')}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def environment(directory, database):
    settings = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    return settings | {
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(database),
        "STATIC_ROOT": str(directory / "static"),
        "MEDIA_ROOT": str(directory / "media"),
        # Plain HTTP on the loopback: no redirect to HTTPS.
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }


def manage(settings, *arguments):
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=settings, capture_output=True, text=True
    )
    if done.returncode:
        pytest.fail(f"manage.py {' '.join(arguments)} failed:\n{done.stderr}")


def run_sql(statement):
    with connection._nodb_cursor() as cursor:
        cursor.execute(statement)


def start(directory):
    """A release as the README describes it (migrate, collectstatic), the demo content, then gunicorn."""
    database = "test_" + connection.settings_dict["NAME"].removeprefix("test_") + "_production"
    run_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    run_sql(f'CREATE DATABASE "{database}"')
    settings = environment(directory, database)
    manage(settings, "migrate", "--no-input", "--verbosity=0")
    manage(settings, "collectstatic", "--no-input", "--verbosity=0")
    manage(settings, "demo_content")
    manage(settings, "shell", "--command=from tests.browser.production import add_comments; add_comments()")
    port = free_port()
    # Uploaded images are served too, as the web server in front would serve them (production_wsgi.py).
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tests.browser.production_wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "2"],
        cwd=ROOT,
        env=settings,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    site = Site(f"http://127.0.0.1:{port}", process, database)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return site
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"gunicorn stopped: {process.stderr.read().decode()}")
            time.sleep(0.2)
    stop(site)
    pytest.fail("gunicorn did not start within a minute")


def stop(site):
    site.process.terminate()
    site.process.wait(timeout=10)
    run_sql(f'DROP DATABASE IF EXISTS "{site.database}" WITH (FORCE)')


def add_comments(approved=50):
    """Run by `manage.py shell` in the production set-up: approved comments on the long article, in threads."""
    from django.db import transaction

    from articles import demo_data
    from articles.models import Article
    from comments import threads
    from comments.models import Comment
    from tests.factories import make_comment

    article = Article.objects.get(slug=demo_data.LONG_ARTICLE["slug"])
    comments = [None]
    with transaction.atomic():
        for number in range(approved - Comment.objects.approved().filter(article=article).count()):
            parent = comments[number % len(comments)] if number % 3 else None
            comment = make_comment(article, parent=parent, body=COMMENT_TEXTS[number % len(COMMENT_TEXTS)])
            comments.append(comment)
        threads.changed([article.pk])  # the stored thread is rendered again
