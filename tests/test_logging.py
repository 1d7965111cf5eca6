"""In production the app logs one JSON object a line to stdout, for a log collector to read."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LOG_SOME_LINES = """
import logging
import django
django.setup()
from django.test import RequestFactory
logging.getLogger("comments.rate_limit").warning("Counting in this process: %s", "the cache did not answer")
logging.getLogger("django.request").warning(
    "Not Found: %s", "/missing/", extra={"status_code": 404, "request": RequestFactory().get("/missing/")}
)
try:
    raise ConnectionError("refused")
except ConnectionError:
    logging.getLogger("newsroom.health").exception("health check: database unreachable")
"""


def logged_lines(**environment):
    production = {
        "DEBUG": "false",
        "SECRET_KEY": "logs-" + "7hQ2-xP9v-Lm4c" * 4,
        "ALLOWED_HOSTS": "news.example.com",
        "DATABASE_URL": "sqlite:////tmp/newsroom-logging-test.sqlite3",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    inherited = {name: value for name, value in os.environ.items() if name not in {"DEBUG", "CACHE_URL"}}
    done = subprocess.run(
        [sys.executable, "-c", LOG_SOME_LINES],
        cwd=ROOT,
        env=inherited | production | environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.splitlines()


def test_every_line_logged_in_production_is_one_json_object_on_stdout():
    warning, not_found, failure = (json.loads(line) for line in logged_lines())
    assert warning["level"] == "WARNING"
    assert warning["logger"] == "comments.rate_limit"
    assert warning["message"] == "Counting in this process: the cache did not answer"
    assert warning["time"].endswith("+00:00") and isinstance(warning["process"], int)
    assert (not_found["method"], not_found["path"], not_found["status"]) == ("GET", "/missing/", 404)
    assert failure["level"] == "ERROR"
    assert failure["exception"].startswith("Traceback") and "ConnectionError: refused" in failure["exception"]


def test_the_log_level_is_set_by_environment():
    assert [json.loads(line)["level"] for line in logged_lines(LOG_LEVEL="ERROR")] == ["ERROR"]


def test_local_development_logs_plain_lines():
    first = logged_lines(DEBUG="true")[0]
    assert first.endswith("WARNING comments.rate_limit: Counting in this process: the cache did not answer")
