"""Account and request-size settings, read from the environment by a fresh process as in a deployment."""

import pytest
from django.core.exceptions import ValidationError

from articles.models import Section
from tests.test_settings import PRODUCTION, run


def settings_of(*expressions, **environment):
    code = "import django; django.setup(); from django.conf import settings as s; " + "; ".join(
        f"print(repr({expression}))" for expression in expressions
    )
    result = run(["-c", code], DJANGO_SETTINGS_MODULE="newsroom.settings", **PRODUCTION, **environment)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_production_defaults_for_accounts_and_request_sizes():
    assert settings_of(
        "s.SESSION_COOKIE_AGE",
        "s.SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "s.LOGIN_FAILURE_LIMIT",
        "s.LOGIN_LOCKOUT_SECONDS",
        "s.ADMIN_URL",
        "s.REQUEST_MAX_BYTES",
        "s.ADMIN_REQUEST_MAX_BYTES",
        "len(s.AUTH_PASSWORD_VALIDATORS)",
    ) == ["1209600", "False", "5", "900", "'admin/'", "1048576", "67108864", "4"]


def test_each_can_be_set_by_environment():
    assert settings_of(
        "s.SESSION_COOKIE_AGE",
        "s.SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "s.LOGIN_FAILURE_LIMIT",
        "s.LOGIN_LOCKOUT_SECONDS",
        "s.REQUEST_MAX_BYTES",
        SESSION_COOKIE_AGE="28800",
        SESSION_EXPIRE_AT_BROWSER_CLOSE="true",
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_LOCKOUT_SECONDS="3600",
        REQUEST_MAX_BYTES="65536",
    ) == ["28800", "True", "3", "3600", "65536"]


def test_the_admin_moves_to_the_configured_path():
    code = (
        "import django; django.setup(); from django.urls import resolve, reverse; from django.test import Client; "
        "print(reverse('admin:index'), resolve('/desk/login/').namespace, resolve('/admin/login/').namespace); "
        "response = Client().get('/desk/', secure=True, headers={'host': 'news.example.com'}); "
        "print(response.status_code, response['Location'], 'no-store' in response['Cache-Control'])"
    )
    result = run(["-c", code], DJANGO_SETTINGS_MODULE="newsroom.settings", ADMIN_URL="desk/", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    # /admin/login/ is now an article's address like any other.
    assert result.stdout.splitlines() == ["/desk/ admin articles", "302 /desk/login/?next=/desk/ True"]


def test_a_media_host_is_allowed_for_images_when_media_is_served_from_one():
    assert settings_of("s.SECURE_CSP['img-src']", MEDIA_URL="https://media.news.example.com/uploads/") == [
        "[<CSP.SELF: \"'self'\">, 'data:', 'https://media.news.example.com']"
    ]


def test_images_from_an_s3_bucket_are_allowed_by_the_policy():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.core.files.storage import default_storage; "
        "url = default_storage.url('images/photo.jpg'); "
        "print(url, url.startswith(tuple(settings.SECURE_CSP['img-src'][2:])))"
    )
    result = run(
        ["-c", code],
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        MEDIA_S3_BUCKET="newsroom-media",
        MEDIA_URL="https://media.news.example.com/",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["https://media.news.example.com/images/photo.jpg", "True"]


@pytest.mark.django_db
def test_no_section_may_take_the_admins_path(settings):
    settings.ADMIN_URL = "desk/"
    with pytest.raises(ValidationError) as refused:
        Section(name="Desk", slug="desk").full_clean()
    assert "slug" in refused.value.message_dict
