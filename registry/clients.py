"""Who is asking: the visitor's address, for sign-in throttling (django-axes)
and the open-data download limits alike."""

import ipaddress

from django.conf import settings


def client_address(request):
    """REMOTE_ADDR, or behind a proxy the header it sets (CLIENT_IP_HEADER),
    whose first address is the visitor's. A header that holds no address was
    not set by the proxy (or the proxy is misconfigured): the request counts
    as the proxy's own, never as whatever it says (PostgreSQL would refuse to
    store it, and a made-up name would start a count of its own)."""
    remote = request.META.get("REMOTE_ADDR", "")
    given = request.META.get(settings.CLIENT_IP_HEADER, "") if settings.CLIENT_IP_HEADER else ""
    first = given.split(",")[0].strip()
    try:
        address = ipaddress.ip_address(first)
    except ValueError:
        return remote
    # An IPv6 zone ("%eth0") names the proxy's network card, not a visitor.
    return str(address).split("%")[0]
