"""An agreement spreadsheet's columns, and one row of it as typed values.

A column has a name (title_fa), a label in each language («عنوان (فارسی)»,
"title (Persian)") and a note for the import page. A file may head its
columns with names or with labels of either language; `AgreementRow`
holds only the columns the file has, each cell through `cells`, and the
message of every cell that could not be read.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.models import Agreement, Instrument, Partner, PartnerKind, Relationship, Status
from registry.text import fold

from . import cells


@dataclass(frozen=True)
class Column:
    name: str
    note: object = ""  # a lazy translation
    label: object = None  # when the model field's verbose name does not say it

    def label_text(self):
        if self.label is not None:
            return str(self.label)
        if self.name.startswith("partner_"):
            partner_field = Partner._meta.get_field(self.name.removeprefix("partner_"))
            return f"{Agreement._meta.get_field('partner').verbose_name}: {partner_field.verbose_name}"
        return str(Agreement._meta.get_field(self.name).verbose_name)


AGREEMENT_COLUMNS = [
    Column("id", gettext_lazy("The registry's number of the agreement, as exported; empty for a new one."),
           gettext_lazy("id")),
    Column("partner_geonames_id", gettext_lazy("Finds the partner first, when known (1528675 for Bishkek).")),
    Column("partner_wikidata_id", gettext_lazy("Finds the partner next, when known (Q9361).")),
    Column("partner_country", gettext_lazy("Two-letter ISO code or the country's name; empty only for an "
                                           "international organisation.")),
    Column("partner_name_en", gettext_lazy("With the country, finds the partner when it has no ids.")),
    Column("partner_name_fa", gettext_lazy("Used when the partner is new.")),
    Column("partner_kind", gettext_lazy("city, region or organisation (or their Persian labels); for a new "
                                        "partner, city when empty.")),
    Column("partner_latitude", gettext_lazy("For a new partner: -90 to 90.")),
    Column("partner_longitude", gettext_lazy("For a new partner: -180 to 180.")),
    Column("title_fa", gettext_lazy("The document's own title, verbatim; with the partner, finds the "
                                    "agreement when there is no id.")),
    Column("title_en"),
    Column("instrument", gettext_lazy("Code or label, in either language.")),
    Column("relationship", gettext_lazy("Code or label, in either language.")),
    Column("status", gettext_lazy("Code or label. Differing from the history, it adds a status change; "
                                  "it never rewrites one."), gettext_lazy("status")),
    Column("status_date", gettext_lazy("Jalali, like 1400/02/01, 1400/02 or 1400; empty when not known."),
           gettext_lazy("status since")),
    Column("signed_on", gettext_lazy("Jalali, like 1373/03/02, 1380/11 or 1380; or ISO 1994-05-23.")),
    Column("ends_on", gettext_lazy("Jalali, with its day.")),
    Column("review_on", gettext_lazy("Jalali, with its day.")),
    Column("signatory_tehran"),
    Column("signatory_partner"),
    Column("areas"),
    Column("summary_fa", gettext_lazy("Shown to the public.")),
    Column("summary_en", gettext_lazy("Shown to the public.")),
    Column("source"),
    Column("is_public", gettext_lazy("yes or no (بله / خیر, 1 / 0); yes when empty for a new agreement.")),
    Column("internal_notes", gettext_lazy("Never shown to the public.")),
    Column("version", gettext_lazy("As exported: a row exported before the agreement was last saved is "
                                   "refused if it changes anything.")),
]
COLUMNS_BY_NAME = {column.name: column for column in AGREEMENT_COLUMNS}

# Ids the database can hold (a 64-bit integer): a larger one is no id, and must not reach a query.
MAX_ID = 2**63

PARTNER_COLUMNS = [c.name for c in AGREEMENT_COLUMNS if c.name.startswith("partner_")]
TEXT_FIELDS = ["title_fa", "title_en", "signatory_tehran", "signatory_partner"]
LONG_TEXT_FIELDS = ["areas", "summary_fa", "summary_en", "source", "internal_notes"]
# The agreement's own fields a row may set, in the order of the columns.
FIELDS = ["title_fa", "title_en", "instrument", "relationship", "signed_on", "ends_on", "review_on",
          "signatory_tehran", "signatory_partner", "areas", "summary_fa", "summary_en", "source",
          "is_public", "internal_notes"]


def column_names(headers, columns=AGREEMENT_COLUMNS):
    """The column name of each header cell, read as a name or a label of
    either language; None for a header the import does not know."""
    names = {}
    for column in columns:
        names[fold(column.name)] = column.name
        for language in ("fa", "en"):
            with translation.override(language):
                names[fold(cells.text(column.label_text()))] = column.name
    return [names.get(fold(cells.text(header))) for header in headers]


@dataclass
class PartnerCells:
    geonames_id: int = None
    wikidata_id: str = ""
    country: str = None
    name_en: str = ""
    name_fa: str = ""
    kind: str = ""
    latitude: object = None
    longitude: object = None

    def names_a_partner(self):
        return bool(self.geonames_id or self.wikidata_id or self.name_en or self.name_fa)


@dataclass
class AgreementRow:
    """One row, typed. `fields` holds the agreement's own fields the file
    has a column for; `partner` is None when the file names no partner
    column; `status` is (status, PartialDate or None), or None."""

    number: int  # as in the spreadsheet, the header being row 1
    values: list  # the cells as read, for the preview of a refused row
    id: int = None
    version: int = None
    partner: PartnerCells = None
    fields: dict = field(default_factory=dict)
    status: tuple = None
    errors: dict = field(default_factory=dict)


class RowReader:
    """Reads rows of one file, its header given once; the lookups the cells
    need (choices, countries) are built once per file."""

    def __init__(self, headers, countries=None):
        self.names = column_names(headers)
        self.present = {name for name in self.names if name}
        self.countries = countries or cells.Countries()
        self.instrument = cells.Choices(Instrument, lambda: _("instrument"))
        self.relationship = cells.Choices(Relationship, lambda: _("relationship"))
        self.status = cells.Choices(Status, lambda: _("status"))
        self.kind = cells.Choices(PartnerKind, lambda: _("partner kind"))
        self.readers = {
            **{name: cells.text for name in TEXT_FIELDS},
            **{name: cells.long_text for name in LONG_TEXT_FIELDS},
            "instrument": self.instrument,
            "relationship": self.relationship,
            "signed_on": cells.date,
            "ends_on": cells.day,
            "review_on": cells.day,
            "is_public": cells.yes_no,
        }

    def read(self, number, values):
        row = AgreementRow(number=number, values=list(values))
        by_name, errors = {}, row.errors
        for name, value in zip(self.names, values):
            if name and name not in by_name:
                if isinstance(value, str) and "\x00" in value:
                    errors[name] = str(cells.nul_in(value))
                    value = None
                by_name[name] = value

        def cell(name, reader):
            try:
                return reader(by_name.get(name))
            except ValueError as error:
                errors[name] = str(error)
                return None

        if cells.raw(by_name.get("id")).strip():
            try:
                row.id = cells.number(by_name["id"], int, "id")
                if not 0 < row.id < MAX_ID:
                    raise ValueError(row.id)
            except ValueError:
                row.id = None
                errors["id"] = _("“%(value)s” is not an id; leave the id empty to add a new one.") % {
                    "value": cells.raw(by_name["id"])[:50]}
        if cells.raw(by_name.get("version")).strip():
            try:
                row.version = cells.number(by_name["version"], int, "version")
            except ValueError:
                errors["version"] = _("“%(value)s” is not a version number; leave it as exported.") % {
                    "value": cells.raw(by_name["version"])[:50]}
        if self.present.intersection(PARTNER_COLUMNS):
            row.partner = PartnerCells(
                geonames_id=cell("partner_geonames_id", lambda v: cells.number(v, int, "GeoNames id")),
                wikidata_id=cell("partner_wikidata_id", cells.identifier) or "",
                country=cell("partner_country", self.countries),
                name_en=cell("partner_name_en", cells.text) or "",
                name_fa=cell("partner_name_fa", cells.text) or "",
                kind=cell("partner_kind", self.kind) or "",
                latitude=cell("partner_latitude", lambda v: cells.number(v, Decimal, _("latitude"))),
                longitude=cell("partner_longitude", lambda v: cells.number(v, Decimal, _("longitude"))),
            )
            if row.partner.latitude is not None and not -90 <= row.partner.latitude <= 90:
                errors["partner_latitude"] = _("Latitude must be between -90 and 90.")
            if row.partner.longitude is not None and not -180 <= row.partner.longitude <= 180:
                errors["partner_longitude"] = _("Longitude must be between -180 and 180.")
        for name in FIELDS:
            if name in self.present:
                value = cell(name, self.readers[name])
                if name not in errors:
                    row.fields[name] = value
        if "status" in self.present:
            status = cell("status", self.status)
            when = cell("status_date", cells.date) if "status_date" in self.present else None
            if status:
                row.status = (status, when)
        return row
