"""The public list as open data: one record per public agreement, with
stable column names, in CSV, XLSX (every cell through registry.spreadsheets'
formula guard), JSON and GeoJSON. Nothing internal is ever a column."""

from django.db.models import F
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from registry import jalali, spreadsheets
from registry.models import PRESIDENCY, Agreement

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
    ("status", _("draft, active, suspended, lapsed or terminated: the latest status.")),
    ("status_since", _("ISO 8601 date of the latest status change; empty when not known.")),
    ("in_force", _("true when the status is active.")),
    ("signed_on", _("ISO 8601 signing date; the first day of the month or year when only that is known.")),
    (
        "signed_on_jalali",
        _("The signing date in the Jalali calendar, to its precision (1373/03/02, 1380/11 or 1380)."),
    ),
    ("signed_precision", _("day, month or year: how much of the signing date is known.")),
    ("administration", _("The presidential administration in office on the signing date (slug).")),
    ("administration_name_en", _("That administration's president, in English.")),
    ("administration_name_fa", _("That administration's president, in Persian.")),
    ("ends_on", _("ISO 8601 date the agreement ends, if it runs for a fixed term.")),
    ("review_on", _("ISO 8601 date the agreement is to be reviewed.")),
    ("related_agreement_id", _("The agreement this one renews, amends or implements.")),
    ("related_agreement_link", _("renews, amends or implements.")),
    ("summary_fa", _("Public summary in Persian.")),
    ("summary_en", _("Public summary in English.")),
    ("source", _("Where the registry's record comes from.")),
]
COLUMN_NAMES = [name for name, _description in COLUMNS]


def export_queryset(form):
    """The filtered public agreements with what the records need, in one query."""
    return (
        form.filter()
        .select_related("partner__country")
        .with_period(PRESIDENCY)
        .annotate(public_parent_id=_public_parent())
        .order_by(F("signed_on").asc(nulls_last=True), "pk")
    )


def _public_parent():
    from django.db.models import Case, When

    # A related agreement that is not public is not named either.
    return Case(When(parent__is_public=True, then=F("parent_id")), default=None)


def _iso(value):
    return value.isoformat() if value else None


def _number(value):
    return float(value) if value is not None else None


def page_pattern():
    """The Persian agreement page's path with 0 for the id: reversing it once
    per export instead of once per row."""
    with translation.override("fa"):
        return reverse("agreement", args=[0])


def record(agreement, base_url="", pattern=None):
    """One agreement as a dict of plain JSON values, keyed by COLUMN_NAMES."""
    partner, country = agreement.partner, agreement.partner.country
    path = (pattern or page_pattern()).replace("/0/", f"/{agreement.pk}/")
    public_parent = getattr(agreement, "public_parent_id", None)
    return {
        "id": agreement.pk,
        "url": base_url + path,
        "title_fa": agreement.title_fa,
        "title_en": agreement.title_en,
        "partner_id": partner.pk,
        "partner_name_fa": partner.name_fa,
        "partner_name_en": partner.name_en,
        "partner_kind": partner.kind,
        "country_code": country.code if country else None,
        "country_name_fa": country.name_fa if country else None,
        "country_name_en": country.name_en if country else None,
        "continent": country.continent if country else None,
        "latitude": _number(partner.latitude),
        "longitude": _number(partner.longitude),
        "instrument": agreement.instrument,
        "relationship": agreement.relationship,
        "status": agreement.status,
        "status_since": _iso(agreement.status_since),
        "in_force": agreement.is_in_force,
        "signed_on": _iso(agreement.signed_on),
        "signed_on_jalali": jalali.format_input(agreement.signed_on, agreement.signed_precision, language="en") or None,
        "signed_precision": agreement.signed_precision if agreement.signed_on else None,
        "administration": getattr(agreement, "period_slug", None),
        "administration_name_en": getattr(agreement, "period_name_en", None),
        "administration_name_fa": getattr(agreement, "period_name_fa", None),
        "ends_on": _iso(agreement.ends_on),
        "review_on": _iso(agreement.review_on),
        "related_agreement_id": public_parent,
        "related_agreement_link": agreement.parent_link if public_parent else None,
        "summary_fa": agreement.summary_fa,
        "summary_en": agreement.summary_en,
        "source": agreement.source,
    }


def _cell(name):
    def dehydrate(agreement):
        value = agreement.open_data_record[name]
        if value is True or value is False:
            return "true" if value else "false"
        return value

    return dehydrate


class NativeWidget(widgets.Widget):
    """Leaves a value its own type, so that XLSX cells hold numbers, not text."""

    def render(self, value, obj=None, **kwargs):
        return value


class PublicAgreementResource(resources.ModelResource):
    """Export only: the public list's columns for CSV and XLSX."""

    for _name in COLUMN_NAMES:
        locals()[_name] = fields.Field(
            column_name=_name, dehydrate_method=_cell(_name), readonly=True, widget=NativeWidget()
        )
    del _name

    class Meta:
        model = Agreement
        fields = COLUMN_NAMES
        export_order = COLUMN_NAMES

    def __init__(self, base_url="", **kwargs):
        super().__init__(**kwargs)
        self.base_url = base_url
        self.pattern = page_pattern()

    def export_resource(self, instance, selected_fields=None, **kwargs):
        instance.open_data_record = record(instance, self.base_url, self.pattern)
        return super().export_resource(instance, selected_fields, **kwargs)

    def import_data(self, *args, **kwargs):
        raise NotImplementedError("The public resource only exports.")


TABULAR_FORMATS = {"csv": spreadsheets.CSV, "xlsx": spreadsheets.XLSX}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def tabular(queryset, fmt, base_url=""):
    """CSV (UTF-8 with a byte-order mark, so that spreadsheet programs read
    the Persian right) or XLSX bytes, formulae kept as text by safe_cell."""
    dataset = PublicAgreementResource(base_url=base_url).export(queryset=queryset)
    dataset.title = "agreements"
    data = TABULAR_FORMATS[fmt]().export_data(dataset)
    if fmt == "csv":
        return ("\ufeff" + data).encode("utf-8")
    return data


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
