"""A per-visitor limit on anonymous open-data downloads, so that a few
clients fetching the whole registry again and again cannot take every
worker from the pages.

Counted in the database (public.models.DownloadCount), which every worker
and every server shares: a count in each process's memory let two workers
pass twice the limit and five workers five times. Each count is one SQL
statement (an upsert), so two workers counting at once both count.

A visitor's minute starts with their first download, not on the clock's
minute: a limit of 20 a minute is 20 in any minute from the first one.
"""

import contextlib
import functools
import logging
import math
import time

from django.conf import settings
from django.db import OperationalError, connection
from django.db.models import F
from django.http import JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from registry.language import request_language

from .models import DownloadCount

RATE_SECONDS = 60
# A download that dies without its `finally` (a killed worker) frees its place after this.
SLOT_SECONDS = 300
# Counts ended this long ago are deleted when a visitor's minute starts.
KEPT_SECONDS = 3600
BUSY_MILLISECONDS = 1000

logger = logging.getLogger(__name__)


def now():
    """Seconds since 1970; tests replace it to stop the clock."""
    return time.time()


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


def _count(name, seconds, moment, renew):
    """Count one more under `name` and return (count, until): a count that
    has run out starts again at 1 for `seconds`; `renew` moves its end on
    at every count, so that it runs out only once nothing is counted."""
    quote = connection.ops.quote_name
    table, count, until = quote(DownloadCount._meta.db_table), quote("count"), quote("until")
    ended = f"{table}.{until} <= %s"
    later = f"excluded.{until}" if renew else f"CASE WHEN {ended} THEN excluded.{until} ELSE {table}.{until} END"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({quote('name')}, {count}, {until}) VALUES (%s, 1, %s) "
            f"ON CONFLICT ({quote('name')}) DO UPDATE SET "
            f"{count} = CASE WHEN {ended} THEN 1 ELSE {table}.{count} + 1 END, {until} = {later} "
            f"RETURNING {count}, {until}",
            [name, moment + seconds, moment, *([] if renew else [moment])],
        )
        return cursor.fetchone()


def _release(name):
    try:
        with _briefly():
            DownloadCount.objects.filter(name=name, count__gt=0).update(count=F("count") - 1)
    except Busy:
        pass  # the place frees itself after SLOT_SECONDS


class Busy(Exception):
    """The database is kept busy by another write: nothing was counted."""


@contextlib.contextmanager
def _briefly():
    """On SQLite a long import holds the one write lock for minutes. Rather
    than keep a visitor waiting SQLITE_BUSY_SECONDS for it, counting then
    gives up after a second and the download is served uncounted: the limit
    guards against floods, and an import is short and rare."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection  # PRAGMAs kept out of the request's query log
    waited = raw.execute("PRAGMA busy_timeout").fetchone()[0]
    raw.execute(f"PRAGMA busy_timeout = {BUSY_MILLISECONDS}")
    try:
        yield
    except OperationalError as error:
        if "locked" not in str(error):
            raise
        logger.warning("download not counted: the database is busy with another write")
        raise Busy from error
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(waited)}")


def _released_after(chunks, name):
    try:
        yield from chunks
    finally:
        _release(name)


def _admit(request, address, running):
    """None when the visitor may download now (their place taken under
    `running`), else the 429 response."""
    moment = now()
    with _briefly():
        done, until = _count(f"rate:{address}", RATE_SECONDS, moment, renew=False)
        if done == 1:  # once a minute at most per visitor
            DownloadCount.objects.filter(until__lt=moment - KEPT_SECONDS).delete()
    if done > settings.DATA_DOWNLOADS_PER_MINUTE:
        return _too_many(request, max(1, math.ceil(until - moment)))
    with _briefly():
        at_once = _count(running, SLOT_SECONDS, moment, renew=True)[0]
    if at_once > settings.DATA_DOWNLOADS_AT_ONCE:
        _release(running)
        return _too_many(request, 5)
    return None


def limited_downloads(view):
    """At most DATA_DOWNLOADS_AT_ONCE downloads at a time and
    DATA_DOWNLOADS_PER_MINUTE a minute per anonymous visitor; then 429
    with Retry-After. Signed-in staff are not limited."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        # Set by config.middleware.ClientAddressMiddleware: REMOTE_ADDR, or the proxy's header.
        address = request.client_address
        running = f"running:{address}"
        try:
            refusal = _admit(request, address, running)
        except Busy:
            return view(request, *args, **kwargs)
        if refusal is not None:
            return refusal
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
