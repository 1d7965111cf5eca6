"""
Page addresses of sections, authors and articles, reversed once per process and address.

Every list page names dozens of them (a card links its article, its section and its authors), and Django's
reverse() costs more than the rest of a card's markup together.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def address(viewname, **kwargs):
    """reverse(viewname, kwargs=kwargs), remembered for the URLconf and script prefix in force."""
    return _reversed(
        settings.ROOT_URLCONF, get_urlconf(), get_script_prefix(), viewname, tuple(kwargs.items())
    )


@lru_cache(maxsize=4096)
def _reversed(root_urlconf, urlconf, script_prefix, viewname, kwargs):
    # The first three are in the key only: reverse() reads them itself, so no address outlives a change of them.
    return reverse(viewname, kwargs=dict(kwargs))
