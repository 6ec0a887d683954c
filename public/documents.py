"""Serving a stored scan, to the public or to staff, through one checked view."""

import re
from pathlib import PurePath

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from registry.models import Document
from registry.uploads import content_type_for


@require_safe
def serve(request, pk):
    """A stored scan: to anyone when it and its agreement are public (and
    the agreement is more than a draft), otherwise to signed-in staff who
    may view documents; everybody else gets 404, which does not reveal that
    the document exists."""
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
    stem = re.sub(r'[\\/:*?"<>|\r\n]+', " ", document.title).strip()[:80] or "document"
    return stem + PurePath(document.file.name).suffix.lower()
