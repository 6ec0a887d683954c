"""Sources as downloads: one public agreement's references (CSL-JSON and
BibTeX) and the table of every publicly cited source (CSV and JSON)."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from registry.evidence import sources_of
from registry.models import Agreement

from .. import citations, opendata, opendata_sources
from ..cache import cached
from ..throttle import limited_downloads

REFERENCE_FORMATS = {
    "csl.json": ("application/vnd.citationstyles.csl+json", lambda sources: json.dumps(
        citations.csl_json(sources), ensure_ascii=False, indent=1)),
    "bib": ("application/x-bibtex; charset=utf-8", citations.bibtex),
}


def agreement_sources(agreement):
    """A public agreement's sources, in the order first cited (one query)."""
    return sources_of(agreement.claims.select_related("source").order_by("pk"))


@require_safe
@cached
def agreement_references(request, pk, fmt):
    if fmt not in REFERENCE_FORMATS:
        raise Http404
    agreement = get_object_or_404(Agreement.objects.public(), pk=pk)
    content_type, write = REFERENCE_FORMATS[fmt]
    response = HttpResponse(write(agreement_sources(agreement)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="agreement-{agreement.pk}-sources.{fmt}"'
    return response


@require_safe
@limited_downloads
@cached
def data_sources(request, fmt):
    if fmt == "csv":
        body = opendata_sources.sources_csv(opendata_sources.source_records(), opendata.cell)
        response = HttpResponse(body.encode(), content_type=opendata.CONTENT_TYPES["csv"])
        response["Content-Disposition"] = 'attachment; filename="tehran-partnerships-sources.csv"'
        return response
    if fmt == "json":
        return HttpResponse(opendata_sources.sources_json(opendata_sources.source_records()),
                            content_type=opendata.CONTENT_TYPES["json"])
    raise Http404
