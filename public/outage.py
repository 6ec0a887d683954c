"""What open data answers while the database cannot be reached: a JSON
error a program can read, in the caller's language. config.middleware sends
here every request under public.urls.OPEN_DATA_PREFIX and adds Retry-After."""

from django.http import JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from registry.language import request_language


def open_data_unavailable(request):
    """The 503 body; it reads nothing from the database."""
    # Open data has no language prefix: the caller's cookie or Accept-Language.
    with translation.override(request_language(request)):
        response = JsonResponse(
            {"error": _("The registry cannot reach its database just now; try again in a moment.")},
            status=503, json_dumps_params={"ensure_ascii": False},
        )
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response
