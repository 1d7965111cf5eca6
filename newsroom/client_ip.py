"""The reader's IP address, as every feature that needs one (rate limits, moderation, logs) sees it."""

from ipaddress import ip_address, ip_network

from django.conf import settings


def parse_networks(entries):
    """Turn TRUSTED_PROXIES entries (addresses or CIDR ranges) into networks; ValueError on a bad one."""
    return tuple(ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _is_trusted(address):
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in settings.TRUSTED_PROXY_NETWORKS)


def client_ip(request):
    """
    The address of the client that sent the request.

    X-Forwarded-For is believed only when the connection comes from a trusted proxy, and then only
    as far as the chain of trusted proxies goes: walking from the right, the first address that is
    not a trusted proxy is the client. Anything further left could have been written by the client.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted(remote):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in forwarded if hop]
    for hop in reversed(hops):
        if not _is_trusted(hop):
            try:
                return str(ip_address(hop))
            except ValueError:
                return remote
    return hops[0] if hops else remote
