"""Every public page and download cached on the registry's version.

A response is kept in Django's cache (settings.CACHES: local memory per
process by default, Redis or memcached when several servers share one;
"default" for pages, "downloads" for the few large responses) under
the registry's version, today's date, the language and the full address, so
that any write makes every kept page unreachable at once: nothing is ever
deleted, stale entries simply age out. Today's date is part of the key
because what is "in force" changes at midnight without any write.

Responses are kept gzip-compressed and sent as they are to clients that take
gzip, which is nearly all: a warm page costs one read of the version and one
cache read, not a rendering nor a compression. gzip is safe from BREACH
here: a public page holds no secret (no CSRF token, no session data).

The version also makes the validators: ETag and Last-Modified, so that a
repeat visitor's conditional request gets 304 without any work. Both change
whenever the version does, though an HTTP date counts whole seconds: see
_validators().
"""

import datetime
import gzip
import hashlib
import math
import zlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from registry import version

KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def _store(key, entry):
    """Keep a response: small ones among the many pages, large ones among the few downloads."""
    body = entry[1]
    if len(body) > settings.PUBLIC_CACHE_MAX_BYTES:
        return
    alias = "default" if len(body) <= settings.PUBLIC_CACHE_SMALL_BYTES else "downloads"
    caches[alias].set(key, entry, settings.PUBLIC_CACHE_SECONDS)


def _kept(key):
    return caches["default"].get(key) or caches["downloads"].get(key)


LEVEL = 6
# A streamed response (a download, a sitemap) is megabytes built on the first
# request: level 1 zips the 9.5 MB sitemap of 10,000 agreements in a third of
# level 6's time (13 ms against 37) for a fifth more bytes.
STREAM_LEVEL = 1


def _validators():
    """(ETag, the time the content has held since, the Last-Modified to send),
    the times as whole seconds since 1970.

    An HTTP date has no fraction of a second, and two changes may fall within
    one. So the content is dated by the first whole second after its change,
    by which every change of that second is made; a copy dated earlier (by
    its Last-Modified or its Date) is then never taken for the current one.
    A date still ahead of the clock is not sent (RFC 9110, 8.8.2.1): the
    response says "now" instead, and its next revalidation gets the page
    again, once, rather than a 304 that could be wrong."""
    number, changed_at = version.current()
    moment = version.now()
    today = timezone.localdate(moment)
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    since = max(math.floor(changed_at.timestamp()) + 1, int(midnight.timestamp()))
    return f'W/"{number}.{today:%Y%m%d}"', since, min(since, math.floor(moment.timestamp()))


def _accepts_gzip(request):
    return "gzip" in request.headers.get("Accept-Encoding", "")


def _finish(response, validators, compressed):
    etag, _since, last_modified = validators
    if compressed:
        response["Content-Encoding"] = "gzip"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Browsers ask again each time, and get 304 while nothing has changed.
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _cacheable(response):
    vary = response.get("Vary", "")
    return response.status_code == 200 and not response.cookies and "cookie" not in vary.lower()


def _compressible(headers):
    # A workbook is a zip archive already: gzip would spend time for nothing.
    return not headers.get("Content-Type", "").startswith("application/vnd.openxmlformats")


def _stream(chunks, key, headers, send_gzip):
    """Pass a streamed download through, gzipped when the client takes it,
    and keep it in the cache once whole if it is not too large."""
    compressor = zlib.compressobj(STREAM_LEVEL, zlib.DEFLATED, 31)
    kept, size, first = [], 0, True
    for chunk in chunks:
        packed = compressor.compress(chunk)
        if first:
            # The first bytes leave at once, not when zlib's buffer fills.
            packed += compressor.flush(zlib.Z_SYNC_FLUSH)
            first = False
        if kept is not None and packed:
            kept.append(packed)
            size += len(packed)
            if size > settings.PUBLIC_CACHE_MAX_BYTES:
                kept = None
        if send_gzip:
            if packed:
                yield packed
        else:
            yield chunk
    tail = compressor.flush()
    if send_gzip:
        yield tail
    if kept is not None:
        kept.append(tail)
        _store(key, (headers, b"".join(kept), True))


def _keep_stream(chunks, key, headers):
    """Pass a download that is not worth compressing through, and keep it."""
    kept, size = [], 0
    for chunk in chunks:
        if kept is not None:
            kept.append(chunk)
            size += len(chunk)
            if size > settings.PUBLIC_CACHE_MAX_BYTES:
                kept = None
        yield chunk
    if kept is not None:
        _store(key, (headers, b"".join(kept), False))


def cached(view):
    """Serve the view from the cache while the registry is unchanged."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        validators = _validators()
        etag, since, _sent = validators
        not_modified = get_conditional_response(request, etag=etag, last_modified=since)
        if not_modified is not None:
            return _finish(not_modified, validators, compressed=False)
        address = f"{etag}|{translation.get_language()}|{request.build_absolute_uri()}"
        key = "public-page:" + hashlib.sha256(address.encode()).hexdigest()
        accepts_gzip = _accepts_gzip(request)
        hit = _kept(key)
        if hit is not None:
            headers, body, gzipped = hit
            if gzipped and not accepts_gzip:
                body = gzip.decompress(body)
            response = HttpResponse(body, headers=headers)
            return _finish(response, validators, compressed=gzipped and accepts_gzip)
        response = view(request, *args, **kwargs)
        if not _cacheable(response):
            return response
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        send_gzip = accepts_gzip and _compressible(headers)
        if isinstance(response, StreamingHttpResponse):
            if _compressible(headers):
                response.streaming_content = _stream(response.streaming_content, key, headers, send_gzip)
            else:
                response.streaming_content = _keep_stream(response.streaming_content, key, headers)
            return _finish(response, validators, compressed=send_gzip)
        body = gzip.compress(response.content, LEVEL, mtime=0)
        _store(key, (headers, body, True))
        if send_gzip:
            response.content = body
        return _finish(response, validators, compressed=send_gzip)

    return wrapper
