"""A per-visitor limit on anonymous open-data downloads, so that a few
clients fetching the whole registry again and again cannot take every
worker from the pages. Counted in Django's cache (the "counters" alias):
servers sharing one cache (CACHES) share the count."""

import functools
import time

from django.conf import settings
from django.core.cache import caches
from django.http import JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from registry.clients import client_address
from registry.language import request_language

# A download that dies without its `finally` (a killed worker) frees its place after this.
SLOT_SECONDS = 300


def _too_many(request, retry_after):
    with translation.override(request_language(request)):
        response = JsonResponse(
            {"error": _("Too many downloads from your address; try again in %(seconds)s seconds.")
             % {"seconds": retry_after}},
            status=429, json_dumps_params={"ensure_ascii": False},
        )
    response["Retry-After"] = str(retry_after)
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def _counters():
    return caches["counters"]


def _count(key, timeout):
    cache = _counters()
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout)
        return 1


def _release(key):
    cache = _counters()
    try:
        cache.decr(key)
    except ValueError:  # expired: the place is free already
        pass


def _released_after(chunks, key):
    try:
        yield from chunks
    finally:
        _release(key)


def limited_downloads(view):
    """At most DATA_DOWNLOADS_AT_ONCE downloads at a time and
    DATA_DOWNLOADS_PER_MINUTE a minute per anonymous visitor; then 429
    with Retry-After. Signed-in staff are not limited."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        address = client_address(request)
        minute = int(time.time() // 60)
        if _count(f"data-rate:{address}:{minute}", 120) > settings.DATA_DOWNLOADS_PER_MINUTE:
            return _too_many(request, 60 - int(time.time()) % 60)
        running = f"data-running:{address}"
        if _count(running, SLOT_SECONDS) > settings.DATA_DOWNLOADS_AT_ONCE:
            _release(running)
            return _too_many(request, 5)
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            _release(running)
            raise
        if getattr(response, "streaming", False):
            # A streamed file holds its place until its last byte is sent.
            response.streaming_content = _released_after(response.streaming_content, running)
        else:
            _release(running)
        return response

    return wrapper
