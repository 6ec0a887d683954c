"""Whole-registry downloads that never stall the pages.

A whole-registry file (the open data without filters) is built once per
version of the registry and day, kept in the media storage (local disk, or
the S3 bucket every server shares) with the SHA-256 of its bytes as its ETag,
and handed out without an app worker sending it where the deployment allows
(settings.DOWNLOADS_SERVED_BY):

- "nginx": an X-Accel-Redirect to nginx's internal location for the stored
  files (deploy/nginx/registry.conf); the worker is free at once;
- "storage": a redirect to a signed URL of the bucket, valid for a minute;
- "worker": the app server streams the file from the storage itself.

Building a download (a stored file, or a filtered one streamed as it is
read) takes one of a few places, DOWNLOAD_BUILDS_AT_ONCE for the whole site,
kept in the database; a request that finds none within
DOWNLOAD_BUILD_WAIT_SECONDS is answered 503 with Retry-After. A request for
a file another worker is building waits for that one instead of building it
again.
"""

import datetime
import hashlib
import os
import tempfile
import time
import uuid
from urllib.parse import quote

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.http import FileResponse, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from registry import version
from registry.language import supported

from .models import BuildPlace, StoredDownload

FOLDER = "opendata"
# A place whose builder died mid-build (a killed worker) frees itself after this.
PLACE_SECONDS = 300
# A stored file of an older version stays this long for downloads already under way.
KEEP_OLD = datetime.timedelta(minutes=10)
# How long a signed URL of the bucket is valid: long enough to start the download.
SIGNED_URL_SECONDS = 60
# Seconds between two looks for a free place or a finished file.
POLL_SECONDS = 0.2
RETRY_AFTER = 10


class Busy(Exception):
    """Every place for building a download stayed taken."""


# Places -------------------------------------------------------------------


def _try_place(token):
    now = timezone.now()
    BuildPlace.objects.filter(taken_until__lt=now).delete()  # left by builders that died
    for number in range(1, settings.DOWNLOAD_BUILDS_AT_ONCE + 1):
        # The primary key makes taking a place one INSERT that either wins or fails.
        try:
            with transaction.atomic():
                BuildPlace.objects.create(
                    number=number, building=token, taken_until=now + datetime.timedelta(seconds=PLACE_SECONDS)
                )
            return number
        except IntegrityError:
            continue
    return None


def take_place(what, wait=None):
    """Take a place for building `what` (a short description), waiting for one
    up to DOWNLOAD_BUILD_WAIT_SECONDS; (number, token) to give back to
    free_place(). Raises Busy."""
    wait = settings.DOWNLOAD_BUILD_WAIT_SECONDS if wait is None else wait
    token = f"{what} {uuid.uuid4().hex}"
    deadline = time.monotonic() + wait
    while True:
        number = _try_place(token)
        if number is not None:
            return number, token
        if time.monotonic() >= deadline:
            raise Busy
        time.sleep(POLL_SECONDS)


def free_place(place):
    number, token = place
    # Only if still ours: a place that expired and was taken again is the new builder's.
    BuildPlace.objects.filter(number=number, building=token).delete()


def held(chunks, place):
    """A streamed download that keeps its place until its last chunk is built."""
    try:
        yield from chunks
    finally:
        free_place(place)


def busy(request):
    """The 503 for a download that found no place, in the caller's language."""
    with translation.override(supported(translation.get_language_from_request(request))):
        message = _("The server is busy preparing other downloads; try again in %(seconds)s seconds.") % {
            "seconds": RETRY_AFTER
        }
    response = JsonResponse({"error": message}, status=503, json_dumps_params={"ensure_ascii": False})
    response["Retry-After"] = str(RETRY_AFTER)
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


# Stored files -------------------------------------------------------------


def _key(request, filename):
    number, _changed_at = version.current()
    # The files link to the agreements' pages on the site they were asked from.
    site = hashlib.sha256(request.build_absolute_uri("/").encode()).hexdigest()[:12]
    return f"{filename}|{number}|{timezone.localdate():%Y%m%d}|{site}"


def _being_built(key):
    return BuildPlace.objects.filter(building__startswith=key + " ", taken_until__gte=timezone.now()).exists()


class _Built(File):
    """The file as built, in a temporary file: FileSystemStorage moves it into
    place with one rename, so no reader ever sees half of it (an S3 upload
    appears whole anyway)."""

    def temporary_file_path(self):
        return self.file.name


def _scratch_folder():
    try:
        folder = default_storage.path(FOLDER)
    except NotImplementedError:  # a bucket: the system's temporary folder
        return None
    os.makedirs(folder, exist_ok=True)
    return folder


def _store(key, filename, chunks):
    digest, size = hashlib.sha256(), 0
    scratch = tempfile.NamedTemporaryFile(dir=_scratch_folder(), prefix=".building-", delete=False)
    try:
        with scratch:
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                scratch.write(chunk)
        stem, dot, extension = filename.rpartition(".")
        name = f"{FOLDER}/{stem}-{digest.hexdigest()[:24]}{dot}{extension}"
        if not default_storage.exists(name):
            with open(scratch.name, "rb") as built:
                saved = default_storage.save(name, _Built(built, name=name))
            if saved != name:  # stored meanwhile by another builder: keep one
                default_storage.delete(saved)
    finally:
        if os.path.exists(scratch.name):
            os.remove(scratch.name)
    try:
        with transaction.atomic():
            stored = StoredDownload.objects.create(
                key=key, name=name, etag=f'"{digest.hexdigest()}"', size=size, built_at=timezone.now()
            )
    except IntegrityError:  # another worker recorded the same file first
        stored = StoredDownload.objects.get(key=key)
    _forget_old(key)
    return stored


def _forget_old(key):
    """Old versions' files, once no download can still be under way."""
    filename = key.split("|", 1)[0]
    old = StoredDownload.objects.filter(
        key__startswith=filename + "|", built_at__lt=timezone.now() - KEEP_OLD
    ).exclude(key=key)
    for stored in list(old):
        stored.delete()
        if not StoredDownload.objects.filter(name=stored.name).exists():
            default_storage.delete(stored.name)


def stored(request, filename, build):
    """The StoredDownload of `filename` for the registry as it is now, built
    by calling build() (which returns the file's bytes in chunks) unless
    another worker already has or is. Raises Busy."""
    key = _key(request, filename)
    deadline = time.monotonic() + settings.DOWNLOAD_BUILD_WAIT_SECONDS
    while True:
        found = StoredDownload.objects.filter(key=key).first()
        if found is not None:
            return found
        if not _being_built(key):
            place = take_place(key, wait=max(0, deadline - time.monotonic()))
            try:
                # Built by another worker while this one waited for a place?
                found = StoredDownload.objects.filter(key=key).first()
                return found if found is not None else _store(key, filename, build())
            finally:
                free_place(place)
        if time.monotonic() >= deadline:
            raise Busy
        time.sleep(POLL_SECONDS)


def serve(request, filename, build, content_type, download_name=None):
    """The response for a whole-registry download: 304 while the client's copy
    is current, else the stored file as DOWNLOADS_SERVED_BY says; 503 when it
    could not be built for want of a place."""
    try:
        file = stored(request, filename, build)
    except Busy:
        return busy(request)
    not_modified = get_conditional_response(request, etag=file.etag)
    if not_modified is not None:
        response = not_modified
    else:
        response = _send(file, content_type, download_name)
    response["ETag"] = file.etag
    # Asked again each time; 304 while nothing public has changed.
    patch_cache_control(response, no_cache=True)
    return response


def _disposition(download_name):
    return f'attachment; filename="{download_name}"'


def _send(file, content_type, download_name):
    served_by = settings.DOWNLOADS_SERVED_BY
    if served_by == "nginx":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = quote(settings.DOWNLOADS_NGINX_LOCATION + file.name)
    elif served_by == "storage":
        parameters = {"ResponseContentType": content_type}
        if download_name:
            parameters["ResponseContentDisposition"] = _disposition(download_name)
        url = default_storage.url(file.name, parameters=parameters, expire=SIGNED_URL_SECONDS)
        return HttpResponseRedirect(url)
    else:
        response = FileResponse(default_storage.open(file.name, "rb"), content_type=content_type)
    if download_name:
        response["Content-Disposition"] = _disposition(download_name)
    return response
