"""Who is asking: the visitor's address, for sign-in throttling (django-axes)
and the open-data download limits alike."""

from django.conf import settings


def client_address(request):
    """REMOTE_ADDR, or behind a proxy the header it sets (CLIENT_IP_HEADER),
    whose first address is the visitor's."""
    if settings.CLIENT_IP_HEADER and request.META.get(settings.CLIENT_IP_HEADER):
        return request.META[settings.CLIENT_IP_HEADER].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")
