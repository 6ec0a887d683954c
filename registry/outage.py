"""When the database cannot be reached: a 503 with Retry-After, in the
visitor's language, JSON for open data; never a 500. Django reconnects on
the next request (CONN_HEALTH_CHECKS), so the site recovers by itself."""

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views import defaults

from .language import request_language, supported

DATABASE_ERRORS = (OperationalError, InterfaceError)


def unavailable(request):
    """The 503 page; it reads nothing from the database."""
    if request.path.startswith("/data/"):
        # Open data has no language prefix: the caller's cookie or Accept-Language.
        with translation.override(request_language(request)):
            response = JsonResponse(
                {"error": _("The registry cannot reach its database just now; try again in a moment.")},
                status=503, json_dumps_params={"ensure_ascii": False},
            )
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
    else:
        language = supported(translation.get_language())
        with translation.override(language):
            body = render_to_string("503.html", {"language": language, "retry_after": settings.DATABASE_RETRY_AFTER})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
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
    import sys

    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return unavailable(request)
    return defaults.server_error(request, *args, **kwargs)
