"""The read-only JSON API, /api/v1/, built with django-ninja, which writes
its OpenAPI 3.1 document from the operations and schemas below.

The agreements read their query string through the one filter form
(public/filters.py), so that a query string selects the same agreements, and
counts the same, as the list, the map and /data/agreements.json; each
agreement is the same record as the open data's (opendata.record). Pages
are walked with a cursor: the sort keys of the last row, so that a page
stays right while records are added. Every response goes through the page
cache (ETag, 304) and the download limits, and may be read from any origin."""

import base64
import binascii
import datetime
import functools
import json
from operator import or_
from typing import Any, Dict, List, Optional

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, OrderBy, Q
from django.forms import ChoiceField, ModelChoiceField
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from ninja import NinjaAPI, Schema
from ninja.decorators import decorate_view
from pydantic import Field, create_model

from registry import jalali
from registry.language import supported
from registry.models import Activity, Document

from . import datapackage, opendata, stats
from .cache import cached
from .filters import SORTS, AgreementFilterForm
from .throttle import limited_downloads

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
PYTHON_TYPES = {"integer": int, "number": float, "boolean": bool, "date": datetime.date, "string": str}

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
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
        return response

    return wrapper


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


# The shapes the OpenAPI document describes.

def _record_fields(columns, types):
    fields = {}
    for name, description in columns:
        type_, constraints, *_format = types.get(name, ("string", {}))
        python = PYTHON_TYPES[type_]
        required = constraints.get("required")
        field = Field(... if required else None, description=str(description))
        fields[name] = (python if required else Optional[python], field)
    return fields


with translation.override("en"):
    AgreementRecord = create_model(
        "Agreement", __base__=Schema, **_record_fields(opendata.COLUMNS, datapackage.AGREEMENT_TYPES)
    )
    PARTNER_TYPES = {name: (type_, constraints) for name, type_, _t, _d, constraints in datapackage.PARTNER_FIELDS}
    PartnerRecord = create_model(
        "Partner", __base__=Schema,
        **_record_fields([(n, d[0]) for n, _ty, _t, d, _c in datapackage.PARTNER_FIELDS], PARTNER_TYPES),
    )
    STATUS_TYPES = {name: (type_, constraints) for name, type_, _t, _d, constraints in datapackage.STATUS_CHANGE_FIELDS}
    StatusChangeRecord = create_model(
        "StatusChange", __base__=Schema,
        **_record_fields([(n, d[0]) for n, _ty, _t, d, _c in datapackage.STATUS_CHANGE_FIELDS], STATUS_TYPES),
    )


class ActivityRecord(Schema):
    date: datetime.date = Field(description="ISO 8601; the first day of the month or year when only that is known.")
    date_jalali: str = Field(description="The date in the Jalali calendar, to its precision.")
    precision: str = Field(description="day, month or year.")
    kind: str = Field(description="visit, event, project, meeting, correspondence or other.")
    description_fa: Optional[str] = None
    description_en: Optional[str] = None


class DocumentRecord(Schema):
    title: str
    language: str = Field(description="fa, en or other.")
    url: str = Field(description="Where to download the scan.")


class SourceRecord(Schema):
    citation: str = Field(description="The source as cited, verbatim (often in Persian).")


class AgreementDetail(AgreementRecord):
    status_history: List[StatusChangeRecord] = Field(description="Oldest first.")
    activities: List[ActivityRecord] = Field(description="Newest first.")
    documents: List[DocumentRecord] = Field(description="Public scans only.")
    sources: List[SourceRecord]


class AgreementPage(Schema):
    count: int = Field(description="How many agreements the filters select, on every page: /data/agreements.json's count.")
    next: Optional[str] = Field(description="The next page's address; null on the last page.")
    results: List[AgreementRecord]


class PartnerPage(Schema):
    count: int
    next: Optional[str]
    results: List[PartnerRecord]


class PartnerDetail(PartnerRecord):
    agreement_list: List[AgreementRecord] = Field(description="Its public agreements, oldest first.")


class Errors(Schema):
    error: str
    errors: Dict[str, List[str]] = Field(description="The messages, by parameter.")


class NotFound(Schema):
    detail: str


def filter_fields():
    """(name, form field) of the filters the API takes: the list's form's own."""
    return [(name, field) for name, field in AgreementFilterForm().fields.items() if name != "page"]


def value_note(name):
    """What a field's label leaves unsaid about the value the API takes."""
    return {
        "q": _("Words to find in titles, signatories, partner and country names, however they are spelt."),
        "country": _("An ISO 3166-1 alpha-2 code, such as RU."),
        "administration": _("The administration's code, such as khatami; /api/v1/statistics lists them."),
        "year_to": _("A Jalali or a Gregorian year, as for year_from."),
    }.get(name, "")


def _form_parameters():
    """The filters' OpenAPI parameters, from the filter form's own fields."""
    parameters = []
    with translation.override("en"):
        for name, form_field in filter_fields():
            schema = {"type": "string"}
            if isinstance(form_field, ChoiceField) and not isinstance(form_field, ModelChoiceField):
                schema["enum"] = [value for value, _label in form_field.choices if value]
            notes = [str(form_field.label), strip_tags(str(form_field.help_text)), str(value_note(name))]
            description = ". ".join(note.rstrip(".") for note in notes if note) + "."
            parameters.append({"name": name, "in": "query", "required": False, "description": description, "schema": schema})
    return parameters


def _names_language(request):
    language = request.GET.get("lang") or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        message = _("Choose one of: %(choices)s.") % {"choices": ", ".join(dict(settings.LANGUAGES))}
        raise Refused(_error(request, _("Some parameters are not valid."), {"lang": [message]}))
    return language


def _language_parameter():
    return {
        "name": "lang", "in": "query", "required": False,
        "schema": {"type": "string", "enum": list(dict(settings.LANGUAGES)), "default": settings.LANGUAGE_CODE},
        "description": "The language whose names the partner and country sorts follow (Persian alphabetical order by default).",
    }


def _pages_parameters():
    return [
        {"name": "cursor", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "Where the page starts: the `next` address's cursor. Omitted for the first page."},
        {"name": "limit", "in": "query", "required": False,
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": PAGE_SIZE},
         "description": "Records per page."},
    ]


FILTERS_NOTE = (
    "Filters, search and sort are those of the public list and of /data/agreements.json, with the same "
    "meanings: years and dates may be Jalali or Gregorian, in Persian or Latin digits. An invalid filter "
    "gets a 400 that says which one."
)


# Errors, in the caller's language as open data answers them.

def _error(request, message, errors):
    with translation.override(supported(translation.get_language_from_request(request))):
        body = {"error": str(message), "errors": {name: [str(m) for m in ms] for name, ms in errors.items()}}
    response = JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def _json(data):
    return JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False})


# Cursor pages: the rows after the sort keys of the previous page's last row.

def _sort_keys(ordering):
    """[(expression, descending, nulls_last)] of an order_by list."""
    keys = []
    for item in ordering:
        if isinstance(item, str):
            keys.append((F(item.lstrip("-")), item.startswith("-"), False))
        else:
            keys.append((item.expression, item.descending, bool(item.nulls_last)))
    return keys


def _after(names, keys, values):
    """Rows after `values` in the order of `keys`: a row is after when its
    first differing key is later (a null comes after every value)."""
    terms, same = [], Q()
    for name, (_expression, descending, nulls_last), value in zip(names, keys, values):
        if value is None:
            later = None  # nothing comes after a null, which sorts last
            equal = Q(**{f"{name}__isnull": True})
        else:
            later = Q(**{f"{name}__{'lt' if descending else 'gt'}": value})
            if nulls_last:
                later |= Q(**{f"{name}__isnull": True})
            equal = Q(**{name: value})
        if later is not None:
            terms.append(same & later)
        same &= equal
    return functools.reduce(or_, terms)


class BadCursor(Exception):
    pass


def _decode(cursor, sort, size):
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii") + b"=" * (-len(cursor) % 4)))
    except (ValueError, UnicodeError, binascii.Error):
        raise BadCursor
    if not isinstance(data, dict) or data.get("sort") != sort:
        raise BadCursor
    values = data.get("after")
    if not isinstance(values, list) or len(values) != size:
        raise BadCursor
    if not all(value is None or _plain_key(value) for value in values):
        raise BadCursor
    return values


def _plain_key(value):
    """A value a sort key can hold: a date or a name, or a row's number (a 64-bit integer)."""
    if isinstance(value, str):
        return len(value) <= 1000
    return type(value) is int and -(2**63) <= value < 2**63


def _encode(sort, values):
    data = json.dumps({"sort": sort, "after": values}, cls=DjangoJSONEncoder, separators=(",", ":"))
    return base64.urlsafe_b64encode(data.encode()).decode("ascii").rstrip("=")


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
    keys = _sort_keys(ordering)
    names = [f"sort_key_{n}" for n in range(len(keys))]
    rows = rows.annotate(**{name: expression for name, (expression, _d, _n) in zip(names, keys)}).order_by(
        *[OrderBy(F(name), descending=d, nulls_last=n or None) for name, (_e, d, n) in zip(names, keys)]
    )
    cursor = request.GET.get("cursor")
    try:
        if cursor:
            rows = rows.filter(_after(names, keys, _decode(cursor, sort, len(keys))))
        found = list(rows[: size + 1])
    except (BadCursor, ValidationError, ValueError, TypeError):
        raise Refused(_error(request, _("Some parameters are not valid."), {"cursor": [_("This cursor is not valid.")]}))
    following = None
    if len(found) > size:
        found = found[:size]
        query = request.GET.copy()
        query["cursor"] = _encode(sort, [found[-1][name] for name in names])
        following = request.build_absolute_uri(request.path) + "?" + query.urlencode()
    return found, following


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
    description=FILTERS_NOTE, openapi_extra={"parameters": _form_parameters() + [_language_parameter()] + _pages_parameters()},
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
        "results": [opendata.record(row, base_url, pattern) for row in rows],
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
    row = opendata.export_queryset(AgreementFilterForm()).filter(pk=pk).first()
    if row is None:
        raise Http404
    record = opendata.record(row, _base_url(request))
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
        # Until the registry records its sources one by one: the record's citation.
        "sources": [{"citation": row["source"]}] if row["source"] else [],
    })


@api.get(
    "/partners", response={200: PartnerPage, 400: Errors}, tags=["partners"],
    summary="Partners of public agreements, by their number",
    openapi_extra={"parameters": _pages_parameters()},
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
    rows = opendata.export_queryset(AgreementFilterForm()).filter(partner_id=pk)
    return _json({
        **datapackage.partner_record(row, base_url),
        "agreement_list": [opendata.record(r, base_url, pattern) for r in rows],
    })


@api.get(
    "/statistics", response={200: Dict[str, Any], 400: Errors}, tags=["statistics"],
    summary="The statistics page's figures (as /data/stats.json) for the filtered agreements",
    description=FILTERS_NOTE + " Drafts never count.",
    openapi_extra={"parameters": _form_parameters()},
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
