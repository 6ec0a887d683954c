"""Scanned agreements: what may be uploaded, and the type a stored one is served as.

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
