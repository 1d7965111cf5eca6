"""The configuration contract, checked the way a deployment meets it: a fresh process with an environment."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STRONG_SECRET = "k" * 20 + "3x9Qv!L#pZ" * 4
PRODUCTION = {
    "SECRET_KEY": STRONG_SECRET,
    "ALLOWED_HOSTS": "news.example.com",
    "DATABASE_URL": "sqlite:////tmp/newsroom-settings-test.sqlite3",
}


def run(args, **environment):
    # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    left_out = {*PRODUCTION, "DEBUG", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in left_out}
    env.update(environment)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def load_settings(**environment):
    return run(
        ["-c", "import django; django.setup()"], DJANGO_SETTINGS_MODULE="newsroom.settings", **environment
    )


@pytest.mark.parametrize("variable", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_a_required_variable(variable):
    environment = {key: value for key, value in PRODUCTION.items() if key != variable}
    result = load_settings(**environment)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"newsroom: configuration error: {variable} is required when DEBUG is off; see .env.example."
    ]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "nonsense://nowhere"),
        ("SECRET_KEY", "short"),
        ("CACHE_URL", "carrier-pigeon://loft"),
        ("SECURE_HSTS_SECONDS", "a year"),
        ("TRUSTED_PROXIES", "10.0.0.300"),
        ("DEBUG", "perhaps"),
        ("ADMIN_URL", "/admin/"),
        ("ADMIN_URL", "admin"),
        ("ADMIN_URL", "ad min/"),
        ("LOGIN_FAILURE_LIMIT", "0"),
        ("LOGIN_LOCKOUT_SECONDS", "soon"),
        ("REQUEST_MAX_BYTES", "-1"),
        ("SESSION_EXPIRE_AT_BROWSER_CLOSE", "perhaps"),
    ],
)
def test_malformed_variable_stops_start_up_with_one_line_naming_it(variable, value):
    result = load_settings(**{**PRODUCTION, variable: value})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"newsroom: configuration error: {variable} ")
    assert "Traceback" not in result.stderr


def test_debug_runs_with_no_configuration_at_all():
    result = run(
        [
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], s.MAILERS['default']['BACKEND'])",
        ],
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DEBUG="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_production_defaults_pass_the_deploy_check_with_nothing_silenced():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_defaults_are_the_secure_ones():
    result = run(
        [
            "-c",
            "import django; django.setup(); from django.conf import settings as s; print("
            "s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER)",
        ],
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "31536000", "True", "None"]


def test_each_https_setting_can_be_switched_off_behind_a_tls_proxy():
    result = run(
        [
            "-c",
            "import django; django.setup(); from django.conf import settings as s; print("
            "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)",
        ],
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False 0 ('HTTP_X_FORWARDED_PROTO', 'https')"


def test_env_example_documents_every_variable_the_settings_read():
    settings_source = (ROOT / "newsroom" / "settings.py").read_text()
    example = (ROOT / ".env.example").read_text()
    read_variables = set(re.findall(r'read\(\s*"([A-Z_]+)"', settings_source))
    read_variables |= set(re.findall(r'required_in_production\(\s*"([A-Z_]+)"', settings_source))
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", example, flags=re.MULTILINE))
    assert read_variables - documented == set()
