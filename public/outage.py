"""What open data and the API answer while the database cannot be reached:
a JSON error a program can read, in the caller's language (and for the
API, as every API answer, readable by a page of any origin).
config.middleware sends here every request under public.urls'
PROGRAM_PREFIXES and adds Retry-After."""

from django.http import JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from registry.language import request_language

from .api import readable_from_every_origin
from .urls import API_PREFIX, PROGRAM_PREFIXES

# public.urls is mounted at the root (config/urls.py), so its prefixes are the paths'.
PROGRAM_PATHS = tuple("/" + prefix for prefix in PROGRAM_PREFIXES)
API_PATH = "/" + API_PREFIX


def for_programs(request):
    """Whether the request is for open data or the API."""
    return request.path_info.startswith(PROGRAM_PATHS)


def program_unavailable(request):
    """The 503 body; it reads nothing from the database."""
    # Open data and the API have no language prefix: the caller's cookie or Accept-Language.
    with translation.override(request_language(request)):
        response = JsonResponse(
            {"error": _("The registry cannot reach its database just now; try again in a moment.")},
            status=503, json_dumps_params={"ensure_ascii": False},
        )
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    if request.path_info.startswith(API_PATH):
        readable_from_every_origin(response)
    return response
