import pytest
from django.conf import settings as django_settings
from django.core.cache import cache


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher():
    # Real hashers are slow by design; tests log in hundreds of times.
    django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # The manifest exists only after collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def media_in_memory(settings):
    # Uploads go to memory: tests leave no file behind, and code that assumes a local disk fails here.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: a page stored by one test never answers another's."""
    cache.clear()


@pytest.fixture
def no_cache(settings):
    """Query budgets are counted with caching off, as with CACHE_URL=dummycache://."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def writer(db):
    """A member of the Writers group (not logged in)."""
    from tests.factories import make_staff

    return make_staff("writer", "Writers")


@pytest.fixture
def editor(db):
    """A member of the Editors group (not logged in)."""
    from tests.factories import make_staff

    return make_staff("editor", "Editors")


@pytest.fixture
def moderator(db):
    """A member of the Moderators group (not logged in)."""
    from tests.factories import make_staff

    return make_staff("moderator", "Moderators")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
