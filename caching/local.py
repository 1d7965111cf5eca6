"""
Stored pages kept in the process's memory: those this process served last, up to PAGE_CACHE_LOCAL_BYTES, the
least recently served going first.

A kept page is a copy of what the shared cache holds, never an authority of its own: PageCacheMiddleware
answers with it only after reading the current generations from the shared cache in the same request, while
they are still the ones it was stored under and before the stored page's own expiry. A change made through any
server is seen at once, and no page is kept longer than the shared cache keeps it. What it saves is bringing
the page itself (tens of kilobytes) from the shared cache on every request.
"""

import pickle
import threading
from collections import OrderedDict

from django.conf import settings

_kept = OrderedDict()  # key -> (entry with its page pickled, size in bytes); most recently served last
_lock = threading.Lock()  # a server may run threads (gunicorn's sync workers do not)
_size = 0


def get(key):
    """The entry kept under `key`, its page still pickled (unpack() it once found current), or None."""
    with _lock:
        found = _kept.get(key)
        if found is None:
            return None
        _kept.move_to_end(key)
        return found[0]


def unpack(kept):
    """The entry with a response of its own: the response a hit answers with is changed and closed."""
    # Pickled by keep() in this process from a response the shared cache gave (which unpickles it likewise).
    return {**kept, "page": pickle.loads(kept["page"])}  # noqa: S301


def keep(key, entry):
    """Keep an entry as the shared cache holds it; the least recently served go when the bound is passed."""
    global _size
    limit = settings.PAGE_CACHE_LOCAL_BYTES
    kept = {**entry, "page": pickle.dumps(entry["page"], pickle.HIGHEST_PROTOCOL)} if limit else None
    with _lock:
        _drop(key)
        if kept and (size := len(key) + len(kept["page"])) <= limit:
            _kept[key] = (kept, size)
            _size += size
        while _size > limit:
            _key, (_entry, oldest) = _kept.popitem(last=False)
            _size -= oldest


def forget(key):
    """Drop the entry kept under `key`, if any."""
    with _lock:
        _drop(key)


def _drop(key):
    global _size
    found = _kept.pop(key, None)
    if found is not None:
        _size -= found[1]


def size():
    """Bytes kept (the pickled pages and their keys)."""
    return _size
