"""
One app process counting comments from one address in the shared cache, for test_comments_rate_limit.py:
`python -m tests.rate_limit_process LOCATION KEY_PREFIX ADDRESS TIMES NOW START` prints the counts it saw.
"""

import json
import sys
import time

import django


def main(location, prefix, address, times, now, start):
    django.setup()
    from django.test.utils import override_settings

    from comments import rate_limit

    shared = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": prefix,
    }
    with override_settings(CACHES={"default": shared}):
        time.sleep(max(0.0, float(start) - time.time()))  # both processes begin together
        counts = [rate_limit.count(address, now=float(now)) for _ in range(int(times))]
    print(json.dumps(counts))


if __name__ == "__main__":
    main(*sys.argv[1:])
