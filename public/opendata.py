"""The public list as open data: one record per public agreement, with
stable column names, in CSV, XLSX, JSON and GeoJSON, each written as a
stream of rows so that a download of the whole registry starts at once and
never holds it all in memory. Nothing internal is ever a column."""

import csv
import json
import operator

from django.db.models import Case, F, FloatField, OuterRef, Subquery, When
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from registry import jalali, spreadsheets
from registry.models import CANDIDATES_SEPARATOR, Agreement

from . import xlsx
from .opendata_sources import sources_by_agreement

# (column, description): the order of the files' columns and of the data page's table.
COLUMNS = [
    ("id", _("The agreement's number in the registry; stable.")),
    ("url", _("The agreement's public page.")),
    ("title_fa", _("The document's own title, in Persian, verbatim.")),
    ("title_en", _("The title in English.")),
    ("partner_id", _("The partner's number in the registry; stable.")),
    ("partner_name_fa", _("The partner's name in Persian.")),
    ("partner_name_en", _("The partner's name in English.")),
    ("partner_kind", _("city, region or organisation.")),
    ("country_code", _("ISO 3166-1 alpha-2 code of the partner's country; empty for an organisation.")),
    ("country_name_fa", _("The country's name in Persian.")),
    ("country_name_en", _("The country's name in English.")),
    ("continent", _("AS, EU, AF, NA, SA, OC: the continent the registry files the country under.")),
    ("latitude", _("The partner's latitude (WGS 84), in decimal degrees.")),
    ("longitude", _("The partner's longitude (WGS 84), in decimal degrees.")),
    ("instrument", _("treaty, contract, pact, agreement, accord or mou.")),
    ("relationship", _("sister_city, friendship, cooperation or friendship_cooperation.")),
    (
        "status",
        _("draft, active, suspended, lapsed or terminated: the status today (lapsed once its end date has passed)."),
    ),
    ("status_since", _("ISO 8601 date the status today began; empty when not known.")),
    ("status_reason", _("end_date when the status is lapsed because the end date (ends_on) has passed; else empty.")),
    ("in_force", _("true when the status today is active.")),
    ("signed_on", _("ISO 8601 signing date; the first day of the month or year when only that is known.")),
    (
        "signed_on_jalali",
        _("The signing date in the Jalali calendar, to its precision (1373/03/02, 1380/11 or 1380)."),
    ),
    ("signed_precision", _("day, month or year: how much of the signing date is known.")),
    (
        "administration",
        _("The presidential administration in office on the signing date (slug), or with series=mayor the "
          "mayor's term; empty when uncertain."),
    ),
    (
        "administration_candidates",
        _(
            "When only the month or year of signing is known and it spans a handover: the administrations "
            "it may belong to (slugs, separated by “ / ”); else empty."
        ),
    ),
    ("administration_name_en", _("That administration's president, in English.")),
    ("administration_name_fa", _("That administration's president, in Persian.")),
    ("ends_on", _("ISO 8601 date the agreement ends, if it runs for a fixed term.")),
    ("review_on", _("ISO 8601 date the agreement is to be reviewed.")),
    ("related_agreement_id", _("The agreement this one renews, amends or implements.")),
    ("related_agreement_link", _("renews, amends or implements.")),
    ("summary_fa", _("Public summary in Persian.")),
    ("summary_en", _("Public summary in English.")),
    ("source", _("Where the registry's record comes from.")),
    ("sources", _("The ids of the sources cited for it (see sources.csv); separated by “; ” in CSV and XLSX.")),
]
COLUMN_NAMES = [name for name, _description in COLUMNS]


# What a record reads, as plain values: model instances for 50,000 rows
# would cost more than the query.
FIELDS = [
    "id", "title_fa", "title_en", "partner_id", "instrument", "relationship",
    "current_status", "ended_by_term", "status_changed_on",
    "signed_on", "signed_precision", "ends_on", "review_on", "parent_link", "summary_fa", "summary_en", "source",
    "public_parent_id",
]
RELATED = {
    "partner_name_fa": F("partner__name_fa"),
    "partner_name_en": F("partner__name_en"),
    "partner_kind": F("partner__kind"),
    "country_code": F("partner__country_id"),
    "country_name_fa": F("partner__country__name_fa"),
    "country_name_en": F("partner__country__name_en"),
    "continent": F("partner__country__continent"),
    "latitude": Cast("partner__latitude", FloatField()),
    "longitude": Cast("partner__longitude", FloatField()),
}


def export_queryset(form):
    """The filtered public agreements with what the records need, in one
    query; where each was signed among the periods is worked out from its
    row (agreement_values)."""
    return (
        form.filter()
        .with_status()
        .annotate(public_parent_id=_public_parent())
        .order_by(F("signed_on").asc(nulls_last=True), "pk")
        .values(*FIELDS, **RELATED)
    )


def _public_parent():
    # A related agreement that is not public is not named either. Looked up
    # for the few rows that have one: joining the table again for every row
    # read it whole a second time.
    public = Agreement.objects.filter(pk=OuterRef("parent_id"), is_public=True).order_by().values("pk")
    return Case(When(parent__isnull=False, then=Subquery(public)), default=None)


def page_pattern():
    """The Persian agreement page's path with 0 for the id: reversing it once
    per export instead of once per row."""
    with translation.override("fa"):
        return reverse("agreement", args=[0])


# A row of export_queryset's values in this order: the downloads read tuples,
# the API dicts.
SELECTED = FIELDS + list(RELATED)
_SELECTED_VALUES = operator.itemgetter(*SELECTED)


def agreement_values(row, timeline, base_url, pattern, sources):
    """One agreement, a tuple of SELECTED values, as a tuple of plain JSON
    values in COLUMN_NAMES' order, its signing date placed in `timeline`;
    `sources`: the ids of its sources."""
    (
        pk, title_fa, title_en, partner_id, instrument, relationship,
        status, ended_by_term, status_changed_on,
        signed_on, signed_precision, ends_on, review_on, parent_link, summary_fa, summary_en, source,
        public_parent,
        partner_name_fa, partner_name_en, partner_kind, country_code, country_name_fa, country_name_en, continent,
        latitude, longitude,
    ) = row
    since = Agreement.status_began(ended_by_term, ends_on, status_changed_on)
    period, candidates = timeline.place(signed_on, signed_precision)
    return (
        pk,
        base_url + pattern.replace("/0/", f"/{pk}/"),
        title_fa,
        title_en,
        partner_id,
        partner_name_fa,
        partner_name_en,
        partner_kind,
        country_code,
        country_name_fa,
        country_name_en,
        continent,
        latitude,
        longitude,
        instrument,
        relationship,
        status,
        since.isoformat() if since else None,
        "end_date" if ended_by_term else None,
        Agreement.status_is_in_force(status),
        signed_on.isoformat() if signed_on else None,
        jalali.format_input(signed_on, signed_precision, language="en") or None,
        signed_precision if signed_on else None,
        period.slug if period else None,
        CANDIDATES_SEPARATOR.join(candidate.slug for candidate in candidates) or None,
        period.name_en if period else None,
        period.name_fa if period else None,
        ends_on.isoformat() if ends_on else None,
        review_on.isoformat() if review_on else None,
        public_parent,
        parent_link if public_parent else None,
        summary_fa,
        summary_en,
        source,
        list(sources),
    )


def record(row, timeline, base_url="", pattern=None, sources=()):
    """One agreement (a row of export_queryset) as a dict of plain JSON
    values, keyed by COLUMN_NAMES; `sources`: the ids of its sources."""
    values = agreement_values(_SELECTED_VALUES(row), timeline, base_url, pattern or page_pattern(), sources)
    return dict(zip(COLUMN_NAMES, values))


def _plain(value):
    # A list reads "a; b", a boolean true/false.
    if value.__class__ is list:
        return "; ".join(str(item) for item in value)
    if value is True or value is False:
        return "true" if value else "false"
    return value


def cell(value, fmt):
    """One value as a CSV or XLSX cell: a list as "a; b"; booleans read
    true/false; anything else goes through the registry's cell policy
    (registry.spreadsheets: formula guard, and in XLSX no control character
    XML cannot hold)."""
    return spreadsheets.cell(_plain(value), xlsx=fmt == "xlsx")


def cells(values, fmt):
    """A row of cells, as cell() makes each."""
    return spreadsheets.cells(
        [_plain(value) if value.__class__ in (list, bool) else value for value in values], xlsx=fmt == "xlsx"
    )


# The columns of an agreement that hold a list or a boolean (see agreement_values()).
_NOT_CELLS = [COLUMN_NAMES.index("in_force"), COLUMN_NAMES.index("sources")]


def _agreement_cells(agreement, fmt):
    """An agreement's agreement_values() as cells: cells(), knowing which columns to make plain."""
    agreement = list(agreement)
    for index in _NOT_CELLS:
        agreement[index] = _plain(agreement[index])
    return spreadsheets.cells(agreement, xlsx=fmt == "xlsx")


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "geojson": "application/geo+json",
}
# Rows fetched from the database at a time: memory stays flat however large the registry.
CHUNK = 2000


def _values(form, base_url=""):
    """Each agreement the filter form selects (export_queryset) as
    agreement_values(), read as tuples."""
    queryset, timeline, pattern = export_queryset(form), form.timeline(), page_pattern()
    cited = sources_by_agreement(queryset)
    for row in queryset.values_list(*SELECTED).iterator(chunk_size=CHUNK):
        yield agreement_values(row, timeline, base_url, pattern, cited.get(row[0], ()))


def records(form, base_url=""):
    for agreement in _values(form, base_url):
        yield dict(zip(COLUMN_NAMES, agreement))


class _Line:
    """csv.writer's file: hands each written line back instead of storing it."""

    def write(self, line):
        return line


def csv_stream(form, base_url=""):
    """CSV bytes, a chunk at a time, in UTF-8 with a byte-order mark so that
    spreadsheet programs read the Persian right."""
    writer = csv.writer(_Line())
    yield (spreadsheets.BOM + writer.writerow(COLUMN_NAMES)).encode()
    lines = []
    for agreement in _values(form, base_url):
        lines.append(writer.writerow(_agreement_cells(agreement, "csv")))
        if len(lines) == 500:
            yield "".join(lines).encode()
            lines = []
    yield "".join(lines).encode()


def xlsx_stream(form, base_url=""):
    """XLSX bytes, a chunk at a time, zipped as the rows are read
    (public.xlsx), in one sheet named "agreements"."""
    rows = (_agreement_cells(agreement, "xlsx") for agreement in _values(form, base_url))
    return xlsx.stream(COLUMN_NAMES, rows, sheet_name="agreements")


def _json_stream(head, items, tail):
    yield head.encode()
    batch = []
    for n, item in enumerate(items):
        batch.append(("," if n else "") + json.dumps(item, ensure_ascii=False))
        if len(batch) == 500:
            yield "".join(batch).encode()
            batch = []
    yield ("".join(batch) + tail).encode()


def json_stream(form, base_url=""):
    """{"count": …, "columns": […], "agreements": [records]}, a chunk at a time."""
    head = f'{{"count": {form.filter().count()}, "columns": {json.dumps(COLUMN_NAMES)}, "agreements": ['
    return _json_stream(head, records(form, base_url), "]}")


def geojson_stream(form, base_url=""):
    """An RFC 7946 FeatureCollection, a chunk at a time."""
    features = (feature(r) for r in records(form, base_url))
    return _json_stream('{"type": "FeatureCollection", "features": [', features, "]}")


def feature(agreement_record):
    """An RFC 7946 feature: [longitude, latitude], or no geometry when the
    partner has no coordinates (an organisation, say)."""
    lon, lat = agreement_record["longitude"], agreement_record["latitude"]
    geometry = {"type": "Point", "coordinates": [lon, lat]} if lon is not None else None
    return {
        "type": "Feature",
        "id": agreement_record["id"],
        "geometry": geometry,
        "properties": agreement_record,
    }
