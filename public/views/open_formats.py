"""Open data in the ecosystem's formats: the Frictionless data package and
its tables, the DCAT catalogue, Wikidata QuickStatements, the Atom feed, and
the page that describes the API."""

from django.db.models import Max
from django.forms import ChoiceField, ModelChoiceField
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from registry.models import Agreement

from .. import datapackage, linked_data, opendata, wikidata
from ..cache import cached
from ..api_schemas import filter_fields, value_note
from ..feeds import AgreementFeed
from ..throttle import limited_downloads


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def _last_change():
    return Agreement.objects.public().aggregate(last=Max("updated_at"))["last"]


def _json(data, content_type="application/json"):
    return JsonResponse(data, content_type=content_type, json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_safe
@cached
def data_package(request):
    return _json(datapackage.descriptor(_base_url(request), _last_change()))


@require_safe
@limited_downloads
@cached
def partners_csv(request):
    rows = datapackage.partner_rows(_base_url(request))
    return StreamingHttpResponse(
        datapackage.csv_stream(datapackage.PARTNER_COLUMNS, rows), content_type=opendata.CONTENT_TYPES["csv"]
    )


@require_safe
@limited_downloads
@cached
def status_changes_csv(request):
    rows = datapackage.status_change_rows()
    return StreamingHttpResponse(
        datapackage.csv_stream(datapackage.STATUS_CHANGE_COLUMNS, rows), content_type=opendata.CONTENT_TYPES["csv"]
    )


@require_safe
@cached
def catalogue(request):
    return _json(linked_data.catalogue(_base_url(request), _last_change()), content_type="application/ld+json")


@require_safe
@limited_downloads
@cached
def quickstatements(request):
    text = wikidata.document(_base_url(request), opendata.page_pattern(), timezone.localdate())
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


agreement_feed = require_safe(cached(AgreementFeed()))


@require_safe
@cached
def api_page(request):
    return render(
        request,
        "public/api.html",
        {
            "filters": [
                {
                    "name": name,
                    "field": field,
                    "note": value_note(name),
                    "choices": [
                        (value, label) for value, label in field.choices if value
                    ] if isinstance(field, ChoiceField) and not isinstance(field, ModelChoiceField) else [],
                }
                for name, field in filter_fields()
            ],
            "base_url": _base_url(request),
        },
    )
