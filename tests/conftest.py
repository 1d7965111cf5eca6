import pytest


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # The manifest exists only after collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def no_cache(settings):
    """Query budgets are counted with caching off, as with CACHE_URL=dummycache://."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
