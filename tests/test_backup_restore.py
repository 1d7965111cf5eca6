"""
The backup of docs/operations.md, tested: the database dumped with pg_dump (custom format) and restored with
pg_restore into a fresh database serves the same pages as the original.
"""

import os
import shutil
import subprocess
import sys

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import make_article, make_author, make_comment, make_section, make_topic

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RENDER_PAGES = """
import hashlib, sys, django
django.setup()
from django.test import Client
client = Client()
for path in sys.argv[1:]:
    response = client.get(path)
    print(path, response.status_code, hashlib.sha256(response.content).hexdigest())
"""


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump and pg_restore need PostgreSQL: this test runs in the suite's PostgreSQL run.")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        problem = "pg_dump and pg_restore are missing (Debian package postgresql-client)"
        if os.environ.get("CI"):
            pytest.fail(problem, pytrace=False)
        pytest.skip(problem)
    db = connection.settings_dict
    return {
        "host": db["HOST"] or "127.0.0.1",
        "port": str(db["PORT"] or 5432),
        "user": db["USER"],
        "password": db["PASSWORD"],
        "dbname": db["NAME"],
    }


def database_url(server, name):
    password = f":{server['password']}" if server["password"] else ""
    return f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"


def client_environment(server):
    return os.environ | {"PGPASSWORD": server["password"] or ""}


def dump(server, path):
    subprocess.run(
        [
            shutil.which("pg_dump"),
            "--format=custom",
            f"--file={path}",
            database_url(server, server["dbname"]),
        ],
        check=True,
        env=client_environment(server),
    )


def restore(server, path, name):
    with psycopg.connect(**server | {"dbname": "postgres"}, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [
            shutil.which("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            f"--dbname={database_url(server, name)}",
            str(path),
        ],
        check=True,
        env=client_environment(server),
    )


def drop(server, name):
    with psycopg.connect(**server | {"dbname": "postgres"}, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def served(server, name, paths):
    """Each page's status and a digest of its body, from a fresh process on database `name`, caching off."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")} | {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "true",
        "SECRET_KEY": "backup-restore-test",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": database_url(server, name),
        "CACHE_URL": "dummycache://",
    }
    done = subprocess.run(
        [sys.executable, "-c", RENDER_PAGES, *paths],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.splitlines()


def test_a_restored_dump_serves_the_same_pages(postgresql, tmp_path):
    section, author, topic = make_section(), make_author(), make_topic()
    article = make_article(
        section=section, authors=[author], topics=[topic], headline="Kept through a restore"
    )
    make_comment(article, body="A reader's comment, restored with the rest.")
    paths = [
        reverse("articles:home"),
        article.get_absolute_url(),
        section.get_absolute_url(),
        author.get_absolute_url(),
        topic.get_absolute_url(),
        reverse("articles:archive"),
        reverse("articles:feed-rss"),
        reverse("sitemap", kwargs={"section": "articles"}),
        "/pages/about/",
    ]
    restored = f"{postgresql['dbname']}_restored"
    dump(postgresql, tmp_path / "newsroom.dump")
    restore(postgresql, tmp_path / "newsroom.dump", restored)
    try:
        original_pages = served(postgresql, postgresql["dbname"], paths)
        restored_pages = served(postgresql, restored, paths)
    finally:
        drop(postgresql, restored)
    assert all(" 200 " in line for line in original_pages), original_pages
    assert restored_pages == original_pages
