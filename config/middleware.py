"""What every request goes through before and after its view: who is asking
(the client address), in which language it is answered, the headers Django
does not set itself, and the 503 when the database cannot be reached (also
as handler500). The language rules are the domain's (registry.language) and
only applied here; the client-address rule is here, whole, because
django-axes reads it too (AXES_CLIENT_IP_CALLABLE)."""

import ipaddress
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults

from public.outage import for_programs, program_unavailable
from registry.language import page_language, supported

DATABASE_ERRORS = (OperationalError, InterfaceError)


def client_address(request):
    """REMOTE_ADDR, or behind a proxy the header it sets (CLIENT_IP_HEADER),
    whose first address is the visitor's. A header that holds no address was
    not set by the proxy (or the proxy is misconfigured): the request counts
    as the proxy's own, never as whatever it says (PostgreSQL would refuse to
    store it, and a made-up name would start a count of its own).

    Also django-axes' AXES_CLIENT_IP_CALLABLE, which may be handed a request
    that never went through ClientAddressMiddleware."""
    remote = request.META.get("REMOTE_ADDR", "")
    given = request.META.get(settings.CLIENT_IP_HEADER, "") if settings.CLIENT_IP_HEADER else ""
    first = given.split(",")[0].strip()
    try:
        address = ipaddress.ip_address(first)
    except ValueError:
        return remote
    # An IPv6 zone ("%eth0") names the proxy's network card, not a visitor.
    return str(address).split("%")[0]


class ClientAddressMiddleware:
    """Sets request.client_address, which the open-data download limits
    (public/throttle.py) count by: public reads who is asking without
    knowing how a proxy says it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.client_address = client_address(request)
        return self.get_response(request)


class PersianFirstLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, whose answers (a path missing its language
    prefix sent to the prefixed one, Content-Language) are kept, choosing
    the language by registry.language.page_language instead of the browser's."""

    def process_request(self, request):
        translation.activate(page_language(request))
        request.LANGUAGE_CODE = translation.get_language()


class PermissionsPolicyMiddleware:
    """Tells the browser which powerful features (camera, geolocation…) no page of ours uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def unavailable(request):
    """The 503 with Retry-After, in the visitor's language; it reads nothing
    from the database. Django reconnects on the next request
    (CONN_HEALTH_CHECKS), so the site recovers by itself."""
    if for_programs(request):
        response = program_unavailable(request)
    else:
        language = supported(translation.get_language())
        with translation.override(language):
            body = render_to_string("503.html", {"language": language, "retry_after": settings.DATABASE_RETRY_AFTER})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """A view that cannot reach the database answers 503, never 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return unavailable(request)
        return None


def server_error(request, *args, **kwargs):
    """handler500: a database error raised outside a view (by a middleware,
    say) is an outage too."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return unavailable(request)
    return defaults.server_error(request, *args, **kwargs)
