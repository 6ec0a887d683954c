"""Scanned agreements: what may be uploaded, and how a stored one is served.

The type is read from the file's first bytes, never from its name: a PHP
script renamed scan.pdf is still a PHP script.
"""

from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Content type → the file name endings that may carry it.
ALLOWED = {
    "application/pdf": {".pdf"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
}


def sniff(file):
    """The content type the file's bytes say it has, or None."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8192)
    file.seek(position)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def validate_document(file):
    limit = settings.DOCUMENT_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the largest file accepted is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    mime = sniff(file)
    if mime not in ALLOWED:
        raise ValidationError(
            _("This file is not a PDF, JPEG or PNG document, whatever its name says. "
              "Upload the scan as PDF, JPEG or PNG."),
            code="bad_type",
        )
    suffix = PurePath(file.name).suffix.lower()
    if suffix not in ALLOWED[mime]:
        raise ValidationError(
            _("The file is named “%(name)s” but its content is %(kind)s; rename it to end in %(suffix)s."),
            code="bad_name",
            params={"name": PurePath(file.name).name, "kind": mime, "suffix": sorted(ALLOWED[mime])[0]},
        )


def content_type_for(name):
    """The content type to serve a stored document with, from its
    (validated, content-matched) file name ending."""
    suffix = PurePath(name).suffix.lower()
    for mime, suffixes in ALLOWED.items():
        if suffix in suffixes:
            return mime
    return "application/octet-stream"


def serve(request, pk):
    """A stored scan: to anyone when it and its agreement are public (and
    the agreement is more than a draft), otherwise to signed-in staff who
    may view documents; everybody else gets 404, which does not reveal that
    the document exists."""
    from django.http import FileResponse, Http404
    from django.shortcuts import get_object_or_404

    from .models import Document

    document = get_object_or_404(Document.objects.select_related("agreement"), pk=pk)
    public = Document.objects.published().filter(pk=pk).exists()
    user = request.user
    if not public and not (user.is_active and user.is_staff and user.has_perm("registry.view_document")):
        raise Http404
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404
    content_type = content_type_for(document.file.name)
    response = FileResponse(
        handle,
        content_type=content_type,
        # PDFs and images open in the browser's viewer; anything else downloads.
        as_attachment=content_type == "application/octet-stream",
        filename=download_name(document),
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not public:
        response["Cache-Control"] = "private, no-store"
    return response


def download_name(document):
    """The title as a file name, with the stored file's (checked) ending."""
    import re

    stem = re.sub(r'[\\/:*?"<>|\r\n]+', " ", document.title).strip()[:80] or "document"
    return stem + PurePath(document.file.name).suffix.lower()
