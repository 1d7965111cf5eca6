"""
The purge hook: tells a CDN in front of the site what changed, after the change commits, on the same events
that renew the page cache's generations. PAGE_CACHE_PURGE_HOOK names either a function (a dotted path,
called with a Purge) or an http(s) URL (sent the Purge as JSON in a POST). A failing hook is logged, never
raised: the change is made, and the CDN's copies expire after s-maxage at the latest.
"""

import json
import logging
import urllib.request
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.tasks import task
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class Purge:
    """
    What to purge: `everything` (a change that may show on every page), or the pages at `urls` and every
    address under each of `prefixes` (absolute, from SITE_URL). `reasons` say what changed, for the logs.
    """

    reasons: list[str]
    everything: bool
    urls: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)


def request_purge(purge):
    """Run the hook, when one is set (through the task backend: at once by default, or by a worker)."""
    if not settings.PAGE_CACHE_PURGE_HOOK:
        return
    try:
        run_hook.enqueue(asdict(purge))
    except Exception:
        logger.exception("Could not queue the purge hook for %s.", purge)


@task()
def run_hook(purge):
    purge = Purge(**purge)
    hook = settings.PAGE_CACHE_PURGE_HOOK
    try:
        if hook.startswith(("http://", "https://")):
            post(hook, purge)
        else:
            import_string(hook)(purge)
    except Exception:
        logger.exception("The purge hook %s failed for %s.", hook, purge)
        return False
    logger.info("Purge hook %s called: %s.", hook, purge)
    return True


def post(url, purge):
    request = urllib.request.Request(  # noqa: S310 - PAGE_CACHE_PURGE_HOOK is checked to be http(s)
        url,
        data=json.dumps(asdict(purge)).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        response.read()
