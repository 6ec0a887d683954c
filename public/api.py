"""The read-only JSON API, /api/v1/, built with django-ninja, which writes
its OpenAPI 3.1 document from the operations below and the shapes in
api_schemas.py.

The agreements read their query string through the one filter form
(public/filters.py), so that a query string selects the same agreements, and
counts the same, as the list, the map and /data/agreements.json; each
agreement is the same record as the open data's (opendata.record). Pages
are walked with a cursor (cursor_pages.py). Every response goes through the page
cache (ETag, 304) and the download limits, and may be read from any origin."""

import functools
import json
from typing import Any, Dict

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.decorators import decorate_view

from registry import jalali
from registry.language import supported
from registry.models import Activity, Document

from . import cursor_pages, datapackage, opendata, opendata_sources, stats
from .api_schemas import (
    FILTERS_NOTE, MAX_PAGE_SIZE, PAGE_SIZE, AgreementDetail, AgreementPage, Errors, NotFound, PartnerDetail,
    PartnerPage, form_parameters, language_parameter, pages_parameters,
)
from .cache import cached
from .filters import SORTS, AgreementFilterForm
from .throttle import limited_downloads

api = NinjaAPI(
    title="Tehran International Partnerships Registry API",
    version="1",
    description=(
        "Read-only access to the public records of the Tehran International Partnerships Registry: "
        "agreements with their status history, partners and statistics. Drafts appear only when "
        "made public, with status `draft`, and never count as partnerships. Data under CC BY 4.0."
    ),
    urls_namespace="api-v1",
    openapi_url=None,
    docs_url=None,
)


def open_to_every_origin(view):
    """CORS: any web page may read the API (it is public, and takes no cookie)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return readable_from_every_origin(view(request, *args, **kwargs))

    return wrapper


def readable_from_every_origin(response):
    """The CORS headers of every API answer, its 503s included."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
    return response


def read_only(view):
    """The methods a reader uses: HEAD is answered as GET (the server sends
    no body), and a browser's CORS preflight (OPTIONS), which a page's
    conditional request (If-None-Match) sends, is answered here."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
            return response
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        try:
            return view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"  # for whatever drops the body of a HEAD answer

    return wrapper


def urls():
    """The API's URL patterns (django-ninja's), each read-only."""
    patterns, app_name, namespace = api.urls
    wrapped = [path(str(p.pattern), read_only(p.callback), name=p.name) for p in patterns]
    return wrapped, app_name, namespace


# Innermost first: the cache answers inside the limits, CORS on every answer.
served = decorate_view(cached, limited_downloads, open_to_every_origin)


def _names_language(request):
    language = request.GET.get("lang") or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        message = _("Choose one of: %(choices)s.") % {"choices": ", ".join(dict(settings.LANGUAGES))}
        raise Refused(_error(request, _("Some parameters are not valid."), {"lang": [message]}))
    return language


# Errors, in the caller's language as open data answers them.

def _error(request, message, errors):
    with translation.override(supported(translation.get_language_from_request(request))):
        body = {"error": str(message), "errors": {name: [str(m) for m in ms] for name, ms in errors.items()}}
    response = JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def _json(data):
    return JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False})


class Refused(Exception):
    def __init__(self, response):
        self.response = response


def _page(request, rows, ordering, sort):
    """(rows of this page, the next page's address or None); Refused with
    a 400 for a bad limit or cursor."""
    try:
        size = int(request.GET.get("limit") or PAGE_SIZE)
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise ValueError
    except ValueError:
        message = _("Give a whole number from 1 to %(most)s.") % {"most": MAX_PAGE_SIZE}
        raise Refused(_error(request, _("Some parameters are not valid."), {"limit": [message]}))
    try:
        found, cursor = cursor_pages.page(rows, ordering, sort, size, request.GET.get("cursor"))
    except cursor_pages.BadCursor:
        raise Refused(_error(request, _("Some parameters are not valid."), {"cursor": [_("This cursor is not valid.")]}))
    if cursor is None:
        return found, None
    query = request.GET.copy()
    query["cursor"] = cursor
    return found, request.build_absolute_uri(request.path) + "?" + query.urlencode()


def _filters(request):
    form = AgreementFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        raise Refused(_error(request, _("Some filters are not valid."), form.errors))
    return form


def refusable(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Refused as refused:
            return refused.response

    return wrapper


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


# The operations.

@api.get(
    "/agreements", response={200: AgreementPage, 400: Errors}, tags=["agreements"],
    summary="Public agreements, filtered, searched and sorted as on the public list",
    description=FILTERS_NOTE, openapi_extra={"parameters": form_parameters() + [language_parameter()] + pages_parameters()},
)
@served
@refusable
def agreements(request):
    form = _filters(request)
    sort = form.values.get("sort") or "-signed"
    # Names sort in the language the address asks for, never a cookie's:
    # an answer depends on its address alone, as its ETag does.
    with translation.override(_names_language(request)):
        rows, following = _page(request, opendata.export_queryset(form), SORTS[sort](), sort)
    base_url, pattern = _base_url(request), opendata.page_pattern()
    return _json({
        "count": form.filter().count(),
        "next": following,
        "results": [opendata.record(row, form.timeline(), base_url, pattern) for row in rows],
    })


def _activity(row):
    return {
        "date": row["date"].isoformat(),
        "date_jalali": jalali.format_input(row["date"], row["precision"], language="en"),
        "precision": row["precision"],
        "kind": row["kind"],
        "description_fa": row["description_fa"] or None,
        "description_en": row["description_en"] or None,
    }


@api.get(
    "/agreements/{int:pk}", response={200: AgreementDetail, 404: NotFound}, tags=["agreements"],
    summary="One public agreement with its status history, activities, public documents and sources",
)
@served
def agreement(request, pk: int):
    form = AgreementFilterForm()
    row = opendata.export_queryset(form).filter(pk=pk).first()
    if row is None:
        raise Http404
    record = opendata.record(row, form.timeline(), _base_url(request))
    activities = Activity.objects.filter(agreement_id=pk).order_by("-date", "-pk").values(
        "date", "precision", "kind", "description_fa", "description_en"
    )
    documents = Document.objects.published().filter(agreement_id=pk).order_by("pk")
    return _json({
        **record,
        "status_history": list(datapackage.status_change_records([pk])),
        "activities": [_activity(activity) for activity in activities],
        "documents": [
            {"title": d.title, "language": d.language, "url": request.build_absolute_uri(d.get_absolute_url())}
            for d in documents
        ],
        "sources": opendata_sources.source_records(pk),
    })


@api.get(
    "/partners", response={200: PartnerPage, 400: Errors}, tags=["partners"],
    summary="Partners of public agreements, by their number",
    openapi_extra={"parameters": pages_parameters()},
)
@served
@refusable
def partners(request):
    rows, following = _page(request, datapackage.public_partners(), ["pk"], "id")
    base_url, pattern = _base_url(request), datapackage.partner_pattern()
    return _json({
        "count": datapackage.public_partners().count(),
        "next": following,
        "results": [datapackage.partner_record(row, base_url, pattern) for row in rows],
    })


@api.get(
    "/partners/{int:pk}", response={200: PartnerDetail, 404: NotFound}, tags=["partners"],
    summary="One partner with its public agreements",
)
@served
def partner(request, pk: int):
    row = datapackage.public_partners().filter(pk=pk).first()
    if row is None:
        raise Http404
    base_url, pattern = _base_url(request), opendata.page_pattern()
    form = AgreementFilterForm()
    rows = opendata.export_queryset(form).filter(partner_id=pk)
    timeline = form.timeline()
    return _json({
        **datapackage.partner_record(row, base_url),
        "agreement_list": [opendata.record(r, timeline, base_url, pattern) for r in rows],
    })


@api.get(
    "/statistics", response={200: Dict[str, Any], 400: Errors}, tags=["statistics"],
    summary="The statistics page's figures (as /data/stats.json) for the filtered agreements",
    description=FILTERS_NOTE + " Drafts never count.",
    openapi_extra={"parameters": form_parameters()},
)
@served
@refusable
def statistics(request):
    form = _filters(request)
    return _json(stats.public_figures(stats.figures(form.filter())))


def openapi_schema(base_url):
    with translation.override("en"):
        schema = api.get_openapi_schema(path_prefix=reverse("api-v1:api-root"))
        schema["servers"] = [{"url": base_url}]
        return json.loads(json.dumps(schema, cls=DjangoJSONEncoder))


@read_only
@require_safe
@open_to_every_origin
@cached
def openapi_document(request):
    return _json(openapi_schema(_base_url(request)))


@read_only
@require_safe
@open_to_every_origin
@cached
def index(request):
    """/api/v1/ itself: where everything is, for a person or a program that starts there."""
    base_url = _base_url(request)
    with translation.override("en"):
        documentation = reverse("api")
    return _json({
        "agreements": f"{base_url}/api/v1/agreements",
        "partners": f"{base_url}/api/v1/partners",
        "statistics": f"{base_url}/api/v1/statistics",
        "openapi": f"{base_url}/api/v1/openapi.json",
        "documentation": base_url + documentation,
    })
