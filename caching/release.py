"""
What a deployment's pages are made from, as one short fingerprint: cached pages are stored under it, so a
release that changes code, templates, translations, static files or the settings pages show never serves
the previous one's pages.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings

# The project's own code and templates; the installed packages are pinned by requirements.lock, read too.
SOURCES = [
    "accounts",
    "articles",
    "caching",
    "comments",
    "images",
    "newsroom",
    "pages",
    "templates",
    "locale",
]
SUFFIXES = {".py", ".html", ".xml", ".txt", ".mo"}
SETTINGS = [
    "LANGUAGE_CODE",
    "TIME_ZONE",
    "SITE_NAME",
    "SITE_URL",
    "STATIC_URL",
    "MEDIA_URL",
    "COMMENTS_MAX_DEPTH",
    "COMMENTS_PER_PAGE",
    "COMMENTS_MAX_LENGTH",
]


@functools.cache
def release():
    """The fingerprint, worked out once per process (a test changing a setting it reads makes it again)."""
    settings_shown = repr([getattr(settings, name, None) for name in SETTINGS])
    return hashlib.sha256(f"{files_digest()}{settings_shown}".encode()).hexdigest()[:12]


def forget_on_setting_change(*, setting, **kwargs):
    """Django's setting_changed signal, sent only by tests' settings overrides."""
    if setting in SETTINGS:
        release.cache_clear()


@functools.cache
def files_digest():
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    files = [root / "requirements.lock", Path(settings.STATIC_ROOT) / "staticfiles.json"]
    for source in SOURCES:
        files.extend(sorted(path for path in (root / source).rglob("*") if path.suffix in SUFFIXES))
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path.name).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
