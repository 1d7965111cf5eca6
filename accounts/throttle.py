"""
Admin login throttling. After LOGIN_FAILURE_LIMIT failed logins within LOGIN_LOCKOUT_SECONDS for one
username, or from one client address, further attempts are refused, without looking at the password,
until enough of those failures have aged out. Failures are rows in the shared database, so every app
server counts the same ones. Logins, failures, lockouts and refusals are logged.
"""

import logging
from datetime import timedelta
from ipaddress import ip_address

from django.conf import settings
from django.utils import timezone

from accounts.models import LoginFailure

logger = logging.getLogger(__name__)


def normalise(username):
    # One count per name whatever its case: "Admin" and "admin" are the same target.
    return (username or "").strip().casefold()[:150]


def valid_address(address):
    try:
        return str(ip_address(address))
    except ValueError:
        return None


def _window():
    return timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def lockout_remaining(username, address):
    """How much longer logins stay refused for this username or from this address; None if they are not."""
    now = timezone.now()
    recent = LoginFailure.objects.since(now - _window()).order_by("-attempted_at")
    counts = [recent.for_username(normalise(username))]
    if valid_address(address):
        counts.append(recent.from_address(valid_address(address)))
    remaining = []
    for failures in counts:
        latest = list(failures.values_list("attempted_at", flat=True)[: settings.LOGIN_FAILURE_LIMIT])
        if len(latest) == settings.LOGIN_FAILURE_LIMIT:
            # Refused until the oldest of the last LIMIT failures leaves the window.
            remaining.append(latest[-1] + _window() - now)
    return max(remaining, default=None)


def record_failure(username, address):
    # Failures that no longer count are deleted as new ones come, so the table stays small under attack.
    LoginFailure.objects.filter(attempted_at__lt=timezone.now() - _window()).delete()
    LoginFailure.objects.create(username=normalise(username), ip_address=valid_address(address))
    logger.warning("Admin login failed for %r from %s.", username, address)
    if lockout_remaining(username, address):
        logger.warning(
            "Admin login locked out for %r or from %s: %d failures within %d seconds.",
            username,
            address,
            settings.LOGIN_FAILURE_LIMIT,
            settings.LOGIN_LOCKOUT_SECONDS,
        )


def record_refusal(username, address, remaining):
    logger.warning(
        "Admin login refused for %r from %s: locked out for %d more seconds.",
        username,
        address,
        remaining.total_seconds(),
    )


def record_success(username, address):
    """A successful login clears its username's failures (not its address's: one good account must not
    buy an address more guesses at the others)."""
    LoginFailure.objects.for_username(normalise(username)).delete()
    logger.info("Admin login by %r from %s.", username, address)
