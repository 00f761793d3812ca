"""The caller's address, trusting only the proxies the deployment names.

One function for the login lockout (django-axes), the events log and any throttle.
Without a configured proxy the address is REMOTE_ADDR and X-Forwarded-For is
ignored: anyone can write that header. With proxies, each appends the address it
was reached from, so the client is the right-most address not added by a trusted
proxy; what the client itself wrote further left is never believed.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(n.strip(), strict=False) for n in spec if n)


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or the right-most untrusted hop when proxies are configured."""
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXY_NETWORKS", ()) or ()))
    if remote is None:
        return None
    if not count and not networks:
        return str(remote)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    # Nearest hop last: the peer that connected, then what each proxy appended.
    hops = [hop for hop in forwarded.split(",") if hop.strip()] + [str(remote)]
    if networks:
        for hop in reversed(hops):
            address = _address(hop)
            if address is None:
                break
            if not any(address in network for network in networks):
                return str(address)
        # Every hop trusted, or a hop that is not an address: the last good one.
        return str(_last_valid(hops) or remote)
    # A fixed number of proxies: the last `count` hops are theirs.
    if len(hops) <= count:
        return str(_address(hops[0]) or remote)
    address = _address(hops[-(count + 1)])
    return str(address) if address is not None else str(remote)


def _last_valid(hops: list[str]):
    """The left-most address of the trusted tail: as far as the chain is sound."""
    valid = None
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        valid = address
    return valid
