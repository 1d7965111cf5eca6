"""Every response carries the security headers; public pages one shared policy, admin pages a nonce."""

import base64
import hashlib
import re
from pathlib import Path

import django_prose_editor
import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db

PUBLIC_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def assert_protected(response):
    for header, value in ALWAYS.items():
        assert response.headers.get(header) == value, (header, response.status_code)
    assert response.headers.get("Content-Security-Policy"), response.status_code


@pytest.fixture
def served_static(settings):
    # WhiteNoise finds files through the finders, as under `runserver`, since tests collect nothing.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True


def test_a_public_page_carries_every_header_and_the_public_policy(client):
    article = make_article()
    for url in [reverse("articles:home"), article.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200
        assert_protected(response)
        assert response.headers["Content-Security-Policy"] == PUBLIC_POLICY


@pytest.mark.urls("tests.failing_urls")
def test_error_pages_carry_every_header(client):
    crashing = Client(raise_request_exception=False)
    responses = {
        404: client.get("/no/such/page/here/"),
        500: crashing.get(reverse("explode")),
        400: client.get("/", headers={"host": "evil.example"}),
        413: client.post("/", data=b"x" * 2_000_000, content_type="application/octet-stream"),
        414: client.get("/?q=" + "a" * 5000),
        403: Client(enforce_csrf_checks=True).post(reverse("admin:login")),
        405: client.generic("PROPFIND", "/"),
    }
    for status, response in responses.items():
        assert response.status_code == status
        assert_protected(response)
        if status != 403:  # the admin's login refused: the admin's policy
            assert response.headers["Content-Security-Policy"] == PUBLIC_POLICY


def test_static_files_served_by_whitenoise_carry_every_header(client, served_static):
    response = client.get("/static/img/favicon.svg")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("image/svg+xml")
    assert_protected(response)
    # An SVG can hold a script: the policy forbids it even when the file is opened on its own.
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_health_check_carries_every_header(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert_protected(response)


def test_public_policy_has_no_nonce_and_no_unsafe_sources(client):
    policy = client.get(reverse("articles:home")).headers["Content-Security-Policy"]
    assert "nonce-" not in policy
    assert "unsafe-" not in policy


def test_public_pages_are_identical_for_every_reader_and_run_no_inline_script(client):
    article = make_article()
    for url in [reverse("articles:home"), article.get_absolute_url(), "/no/such/page/"]:
        first, second = Client().get(url), Client().get(url)
        html = first.content.decode()
        assert html == second.content.decode()
        assert first.headers["Content-Security-Policy"] == second.headers["Content-Security-Policy"]
        assert "nonce=" not in html
        # JSON-LD is a data block, never run; any other inline script would be blocked by the policy.
        for attributes in re.findall(r"<script\b([^>]*)>", html):
            assert 'type="application/ld+json"' in attributes or "src=" in attributes, attributes
        assert not re.search(r"<[^>]*\son[a-z]+\s*=", html), "inline event handler"


def test_site_templates_never_ask_for_a_nonce():
    # A nonce in a public page would differ per reader and be shared through the page cache.
    templates = Path(__file__).resolve().parent.parent / "templates"
    for template in templates.rglob("*.html"):
        if "admin" not in template.relative_to(templates).parts:
            assert "csp_nonce" not in template.read_text(), template


def test_admin_pages_get_a_nonce_policy_and_are_never_cached(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert_protected(response)
    policy = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)[1]
    assert f"script-src 'self' 'nonce-{nonce}'" in policy
    assert "unsafe-" not in policy
    assert f'nonce="{nonce}"' in response.content.decode()
    assert "no-store" in response.headers["Cache-Control"]
    again = admin_client.get(reverse("admin:index")).headers["Content-Security-Policy"]
    assert again != policy


def test_the_admin_login_page_gets_the_admin_policy_too(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert "'nonce-" in response.headers["Content-Security-Policy"]
    assert "no-store" in response.headers["Cache-Control"]


def test_admin_policy_allows_the_editors_injected_base_stylesheet(settings):
    # The rich-text editor injects its base CSS as a <style> element without a nonce; its hash is in the
    # admin policy, and must change when an upgrade of the editor changes that stylesheet.
    editor = Path(django_prose_editor.__file__).parent / "static" / "django_prose_editor" / "editor.js"
    stylesheets = re.findall(r"`(\.ProseMirror \{\n  position: relative;[^`]*)`", editor.read_text())
    assert len(stylesheets) == 1
    digest = base64.b64encode(hashlib.sha256(stylesheets[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in settings.ADMIN_CSP["style-src"]


def test_admin_change_form_with_the_editor_puts_the_nonce_on_its_inline_import_map(admin_client):
    article = make_article()
    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])[1]
    html = response.content.decode()
    assert "django_prose_editor/editor.js" in html
    for attributes in re.findall(r"<script\b([^>]*)>", html):
        assert f'nonce="{nonce}"' in attributes or 'type="application/json"' in attributes, attributes
