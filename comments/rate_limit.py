"""
Comments a minute from one client, counted in the shared cache so that every app server counts the same
ones: an atomic add-then-increment on a key per client and minute, which expires by itself.

When the shared cache is down (or switched off), each process counts its own comments with the same limit:
looser by the number of processes, but never unlimited, and never a reason to refuse everyone.
"""

import logging
import threading
import time
from ipaddress import ip_address, ip_network

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60
# After the shared cache fails, this process counts by itself for this long before asking it again.
RETRY_SECONDS = 5.0


def client_key(address):
    """Who is counted: an IPv4 address, or the /64 network of an IPv6 one (one household or server holds a /64)."""
    try:
        parsed = ip_address(address)
    except ValueError:
        return "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


class LocalCounter:
    """This process's own counts for the current window, for when the shared cache cannot be used."""

    def __init__(self):
        self._lock = threading.Lock()
        self._window = None
        self._counts = {}
        self.retry_at = 0.0

    def count(self, key, window):
        with self._lock:
            if window != self._window:
                self._window, self._counts = window, {}
            self._counts[key] = self._counts.get(key, 0) + 1
            return self._counts[key]


local_counter = LocalCounter()


def count(address, now=None):
    """Count one comment from `address` in the current minute; returns how many it has sent in that minute."""
    window = int((time.time() if now is None else now) // WINDOW_SECONDS)
    key = f"comments:rate:{client_key(address)}:{window}"
    if isinstance(caches["default"], DummyCache) or time.monotonic() < local_counter.retry_at:
        return local_counter.count(key, window)
    try:
        return _shared_count(key)
    except Exception:
        local_counter.retry_at = time.monotonic() + RETRY_SECONDS
        logger.warning(
            "Comment rate limit: the shared cache did not answer; counting in this process.", exc_info=True
        )
        return local_counter.count(key, window)


def _shared_count(key):
    for _attempt in range(3):
        # Twice the window, so that the key outlives its minute on a server whose clock runs behind.
        if cache.add(key, 1, WINDOW_SECONDS * 2):
            return 1
        try:
            return cache.incr(key)
        except ValueError:
            continue  # it expired between the two calls: start it again
    raise RuntimeError("the rate-limit key kept expiring")
