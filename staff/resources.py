"""Spreadsheet import and export of agreements, partners and activities.

The admin and the management commands share these resources. An import is
all or nothing: one invalid row and nothing from the file is written
(`import_file` and the admin both run `import_data` in one transaction that
is rolled back on any error). Rows that did not change are skipped and
reported, so a file exported from the registry, edited and imported back
touches exactly the edited rows.
"""

import codecs
import csv
import datetime
import io
import zipfile
from decimal import Decimal, InvalidOperation

import tablib
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from registry import jalali, spreadsheets
from registry.models import (
    Activity,
    ActivityKind,
    Agreement,
    Country,
    Instrument,
    Partner,
    PartnerKind,
    Relationship,
    Status,
    StatusChange,
)
from registry.text import fold, for_parsing, normalize, normalize_long, spaced_pattern

# ---------------------------------------------------------------- encodings

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(data):
    """Text from the bytes of a CSV file as Persian Excel and other tools
    write it: UTF-8 with or without a BOM, UTF-16 (with a BOM, or without one
    when every other byte of ASCII text is zero) or Windows-1256."""
    if isinstance(data, str):
        return data
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith(UTF16_BOMS):
        return data.decode("utf-16")
    sample = data[:4000]
    if len(sample) >= 4:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) // 4 and even == 0:
            return data.decode("utf-16-le")
        if even > len(sample) // 4 and odd == 0:
            return data.decode("utf-16-be")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1256")


class CSV(base_formats.CSV):
    """CSV whose encoding is found from its bytes rather than assumed."""

    def is_binary(self):
        # Read as bytes (by the admin's temporary storage too) and decoded here.
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return tablib.import_set(decode(in_stream), format="csv", **kwargs)


class XLSX(spreadsheets.XLSX):
    """A workbook whose numbers are numbers and whose yes/no cells are
    booleans, its text through the formula guard (registry.spreadsheets),
    with the control characters a workbook cannot hold replaced."""

    def export_data(self, dataset, **kwargs):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        def legal(cell):
            return ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", cell) if isinstance(cell, str) else cell

        cleaned = tablib.Dataset(*[[legal(cell) for cell in row] for row in dataset], headers=dataset.headers,
                                 title=dataset.title)
        return super().export_data(cleaned, **kwargs)


IMPORT_FORMATS = [CSV, base_formats.XLSX]
# Exports go through the formula guard (registry.spreadsheets).
EXPORT_FORMATS = [spreadsheets.CSV, XLSX, base_formats.JSON]
FORMATS_BY_NAME = {"csv": spreadsheets.CSV, "xlsx": XLSX, "json": base_formats.JSON}


def sheet_title(text):
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return "".join(c for c in str(text) if c not in "[]:*?/\\")[:31] or "Sheet"


def read_dataset(path):
    """A tablib Dataset from a CSV or XLSX file on disk, by its ending."""
    with open(path, "rb") as f:
        data = f.read()
    if str(path).lower().endswith((".xlsx", ".xlsm")):
        return base_formats.XLSX().create_dataset(data)
    return CSV().create_dataset(data)


# ---------------------------------------------------------------- size

XLSX_SIGNATURE = b"PK\x03\x04"


class TooLarge(ValueError):
    """A file over one of the import's limits, with the message to show."""


def sniff_encoding(stream):
    """The encoding decode() would choose, read from a binary stream in
    pieces: never the whole file in memory."""
    start = stream.read(4000)
    stream.seek(0)
    if start.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if start.startswith(UTF16_BOMS):
        return "utf-16"
    if len(start) >= 4:
        even, odd = start[0::2].count(0), start[1::2].count(0)
        if odd > len(start) // 4 and even == 0:
            return "utf-16-le"
        if even > len(start) // 4 and odd == 0:
            return "utf-16-be"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while piece := stream.read(1 << 20):
            decoder.decode(piece)
        decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1256"
    finally:
        stream.seek(0)


def iter_rows(stream):
    """Each row of a CSV or XLSX binary stream as a list of values, the
    header first, read a row at a time (openpyxl's read-only mode, the csv
    module): memory does not grow with the file."""
    if stream.read(4) == XLSX_SIGNATURE:
        stream.seek(0)
        import openpyxl

        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        try:
            for row in book.active.iter_rows(values_only=True):
                yield list(row)
        finally:
            book.close()
        return
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=sniff_encoding(stream), newline="")
    try:
        yield from csv.reader(text)
    finally:
        text.detach()


def unpacked_size(stream):
    """The bytes an XLSX (a zip) holds once unpacked, from its directory,
    before anything is unpacked; 0 for any other file."""
    if stream.read(4) != XLSX_SIGNATURE:
        stream.seek(0)
        return 0
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            return sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        return 0  # reported by the reader, as any damaged file
    finally:
        stream.seek(0)


def measure(stream, max_rows=None, max_cell_chars=None, max_unpacked=None):
    """Checks a file against the import's limits before any row is
    processed: its unpacked size (XLSX), then row by row its number of rows
    and its longest cell, stopping at the first limit passed. Returns the
    number of data rows; raises TooLarge with a message for the user."""
    from django.template.defaultfilters import filesizeformat

    from registry.language import local_digits

    if max_unpacked is not None:
        size = unpacked_size(stream)
        if size > max_unpacked:
            raise TooLarge(
                _("Unpacked, this spreadsheet is %(size)s; the largest accepted is %(limit)s. "
                  "Save it again without images or unused sheets, or split it.")
                % {"size": filesizeformat(size), "limit": filesizeformat(max_unpacked)}
            )
    rows = -1  # the header is not a row of data
    for values in iter_rows(stream):
        rows += 1
        if max_rows is not None and rows > max_rows:
            raise TooLarge(
                _("This file has more than %(max)s rows; the admin imports up to %(max)s at a time. "
                  "Split the file, or ask an administrator to run: manage.py import_agreements FILE")
                % {"max": local_digits(max_rows)}
            )
        if max_cell_chars is not None:
            for column, value in enumerate(values, start=1):
                if isinstance(value, str) and len(value) > max_cell_chars:
                    raise TooLarge(
                        _("Row %(row)s, column %(column)s holds %(length)s characters; "
                          "a cell may hold up to %(max)s.")
                        % {"row": local_digits(rows + 1), "column": local_digits(column),
                           "length": local_digits(len(value)), "max": local_digits(max_cell_chars)}
                    )
    stream.seek(0)
    return max(rows, 0)


# ---------------------------------------------------------------- widgets


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an id typed in Excel arrives as 1528675.0
    # A text our export kept from being a formula reads back as it was stored.
    return spreadsheets.unguarded(str(value))


class NormalizedTextWidget(widgets.CharWidget):
    """Names and titles as the models store them (registry.text.normalize),
    so that an unchanged row compares equal and is skipped."""

    def clean(self, value, row=None, **kwargs):
        return normalize(_text(value))


class NormalizedLongTextWidget(widgets.CharWidget):
    """Long texts as the models store them (registry.text.normalize_long):
    line breaks kept."""

    def clean(self, value, row=None, **kwargs):
        return normalize_long(_text(value))


class ChoiceWidget(widgets.Widget):
    """A choice by its code or its label in English or Persian."""

    def __init__(self, choices, what, **kwargs):
        self.choices = choices
        self.what = what
        super().__init__(**kwargs)

    def lookup(self):
        keys = {}
        for value, label in self.choices.choices:
            keys[fold(value)] = value
            for language in ("en", "fa"):
                with translation.override(language):
                    keys[fold(str(label))] = value
        return keys

    def clean(self, value, row=None, **kwargs):
        text = normalize(_text(value))
        if not text:
            return ""
        found = self.lookup().get(fold(text))
        if found is None:
            raise ValueError(
                _("“%(value)s” is not a known %(what)s; use one of: %(choices)s.")
                % {"value": text, "what": self.what(), "choices": ", ".join(self.choices.values)}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return value or ""


class PartialDateWidget(widgets.Widget):
    """A date in Jalali (1396/07/26, ۱۳۹۶/۷/۲۶, 1380/11, 1380) or ISO;
    cleans to a jalali.PartialDate and renders as staff type it."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            value = value.date()
        elif isinstance(value, (int, float)):
            value = _text(value)  # a bare year typed in a spreadsheet cell
        try:
            return jalali.parse(value)
        except ValidationError as error:
            raise ValueError(" ".join(error.messages))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, datetime.date):
            return jalali.format_input(value)
        return jalali.format_input(value.date, value.precision)


class PartialDateField(fields.Field):
    """A (date, precision) pair of model fields as one column."""

    def __init__(self, attribute, precision_attribute=None, **kwargs):
        self.precision_attribute = precision_attribute
        super().__init__(attribute=attribute, column_name=attribute, widget=PartialDateWidget(), **kwargs)

    def get_value(self, instance):
        value = getattr(instance, self.attribute, None)
        if value is None:
            return None
        precision = getattr(instance, self.precision_attribute) if self.precision_attribute else jalali.DAY
        return jalali.PartialDate(value, precision)

    def save(self, instance, row, is_m2m=False, **kwargs):
        partial = self.clean(row, **kwargs)
        if partial and not self.precision_attribute and partial.precision != jalali.DAY:
            raise ValueError(_("Give the full date, with its day."))
        setattr(instance, self.attribute, partial.date if partial else None)
        if self.precision_attribute:
            setattr(instance, self.precision_attribute, partial.precision if partial else jalali.DAY)


class YesNoWidget(widgets.BooleanWidget):
    TRUE_VALUES = [*widgets.BooleanWidget.TRUE_VALUES, "yes", "Yes", "YES", "بله", "آری", "1.0", 1.0]
    FALSE_VALUES = [*widgets.BooleanWidget.FALSE_VALUES, "no", "No", "NO", "خیر", "نه", "0.0", 0.0]

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = for_parsing(value)
        if value in self.NULL_VALUES:
            return None
        if value in self.TRUE_VALUES:
            return True
        if value in self.FALSE_VALUES:
            return False
        raise ValueError(_("“%(value)s” is neither yes (1) nor no (0).") % {"value": value})


def _number(value, kind, what):
    text = for_parsing(_text(value))
    if not text:
        return None
    try:
        number = Decimal(text)
        if not number.is_finite():  # NaN and Infinity parse, but are no coordinate or id
            raise ValueError(text)
        return kind(number) if kind is int else number
    except (InvalidOperation, ValueError):
        raise ValueError(_("“%(value)s” is not a number (%(what)s).") % {"value": text, "what": what})


# ---------------------------------------------------------------- lookups


def country_index():
    """Folded ISO code, Persian and English name → ISO code."""
    keys = {}
    for code, name_fa, name_en in Country.objects.values_list("code", "name_fa", "name_en"):
        for key in (code, name_fa, name_en):
            keys[fold(key)] = code
    return keys


def unknown_country(text):
    return ValueError(
        _("Unknown country “%(value)s”; give its two-letter ISO code, like KG.") % {"value": text}
    )


class Gazette:
    """Countries and partners loaded once per import, so that matching a
    row costs no query, and partners created earlier in the same file are
    found by later rows."""

    def __init__(self):
        self.countries = country_index()
        self.by_geonames, self.by_wikidata, self.by_name = {}, {}, {}
        for partner in Partner.objects.all():
            self.add(partner)

    def add(self, partner):
        if partner.geonames_id:
            self.by_geonames[partner.geonames_id] = partner
        if partner.wikidata_id:
            self.by_wikidata[partner.wikidata_id] = partner
        self.by_name[(partner.country_id, fold(partner.name_en))] = partner

    def country(self, text):
        text = normalize(_text(text))
        if not text:
            return None
        code = self.countries.get(fold(text))
        if code is None:
            raise unknown_country(text)
        return code

    def match(self, geonames_id, wikidata_id, country, name_en):
        """The partner by GeoNames id, else Wikidata id, else country and English name."""
        if geonames_id and geonames_id in self.by_geonames:
            return self.by_geonames[geonames_id]
        if wikidata_id and wikidata_id in self.by_wikidata:
            return self.by_wikidata[wikidata_id]
        if name_en:
            return self.by_name.get((country, fold(name_en)))
        return None


def _coordinates(latitude, longitude):
    errors = {}
    if latitude is not None and not -90 <= latitude <= 90:
        errors["partner_latitude"] = _("Latitude must be between -90 and 90.")
    if longitude is not None and not -180 <= longitude <= 180:
        errors["partner_longitude"] = _("Longitude must be between -180 and 180.")
    return errors


# ---------------------------------------------------------------- validation


def partner_errors(error):
    """A new partner's ValidationError as errors of the import's partner_ columns."""
    return {
        "partner" if field == "__all__" else f"partner_{field}": " ".join(messages)
        for field, messages in error.message_dict.items()
    }


# ---------------------------------------------------------------- resources


class RowChanges(list):
    """The library's per-column diff (a list of HTML), with `changes`: the
    (label, before, after) of the columns that differ, for a preview that
    shows only what a row changes."""

    def __init__(self, html, changes):
        super().__init__(html)
        self.changes = changes


class ChangedColumns(resources.Diff):
    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self.columns = [field.column_name for field in resource.get_import_fields()]
        self.labels = [resource.column_label(column) for column in self.columns]

    def as_html(self):
        changes = []
        for column, label, before, after in zip(self.columns, self.labels, self.left, self.right):
            if column == "version":
                continue  # bookkeeping: every save counts one, it is no change of the staff's
            before = "" if before is None or self.new else str(before)
            after = "" if after is None else str(after)
            if before != after:
                changes.append((label, before or "—", after or "—"))
        return RowChanges(super().as_html(), changes)


# Columns that are not a field of the resource's model, by their label.
COLUMN_LABELS = {
    "id": gettext_lazy("id"),
    "agreement_title": gettext_lazy("agreement (title)"),
    "status_date": gettext_lazy("status since"),
}


class RegistryResource(resources.ModelResource):
    """What every registry import shares: normalised text, all-or-nothing,
    skipped unchanged rows, and an audit entry naming the file and the user.

    Columns have a name (title_fa) and a label in each language («عنوان
    (فارسی)», "title (Persian)"): the admin's exports head their columns with
    labels in the reader's language (labelled=True), and an import reads
    names and labels of either language alike."""

    class Meta:
        # Inherited by each resource's own Meta.
        import_id_fields = ["id"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def __init__(self, labelled=False, **kwargs):
        super().__init__(**kwargs)
        self.labelled = labelled
        self.reason = ""
        self.user = None

    @classmethod
    def column_label(cls, column):
        """A column's label in the active language: its model field's name,
        or the partner field's for an agreement's partner_… columns."""
        if column in COLUMN_LABELS:
            return str(COLUMN_LABELS[column])
        model = cls._meta.model
        if column.startswith("partner_") and model is Agreement:
            field = Partner._meta.get_field(column.removeprefix("partner_"))
            return f"{Agreement._meta.get_field('partner').verbose_name}: {field.verbose_name}"
        try:
            return str(model._meta.get_field(column).verbose_name)
        except FieldDoesNotExist:
            return column

    def get_diff_class(self):
        return ChangedColumns

    def get_export_headers(self, selected_fields=None):
        headers = super().get_export_headers(selected_fields)
        return [self.column_label(column) for column in headers] if self.labelled else headers

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset, **kwargs)
        # The worksheet's name, rather than tablib's "Tablib Dataset".
        dataset.title = sheet_title(self._meta.model._meta.verbose_name_plural)
        return dataset

    def read_headers(self, dataset):
        """Column names for the labels of either language in `dataset`'s header row."""
        names = {}
        for column in self.fields:
            names[fold(column)] = column
            for language in ("fa", "en"):
                with translation.override(language):
                    names[fold(normalize(self.column_label(column)))] = column
        if dataset.headers:
            dataset.headers = [names.get(fold(normalize(_text(header))), header) for header in dataset.headers]

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if f.get_internal_type() == "CharField" and not f.choices:
            return NormalizedTextWidget
        if f.get_internal_type() == "TextField":
            return NormalizedLongTextWidget
        if f.get_internal_type() == "BooleanField":
            return YesNoWidget
        return super().widget_from_django_field(f, default)

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=True, **kwargs):
        # One invalid row and nothing from the file is written.
        return super().import_data(
            dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=use_transactions,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=rollback_on_validation_errors, **kwargs,
        )

    def before_import(self, dataset, **kwargs):
        self.read_headers(dataset)
        # A colleague's spreadsheet has no id column: every row is then matched or new.
        if "id" not in (dataset.headers or []):
            dataset.insert_col(0, [""] * len(dataset), header="id")
        file_name = kwargs.get("file_name") or _("a file")
        self.reason = _("Imported from %(file)s") % {"file": file_name}
        self.user = kwargs.get("user")
        if self.user is not None and not getattr(self.user, "is_authenticated", False):
            self.user = None

    def audit(self, instance):
        instance._change_reason = self.reason
        if self.user is not None:
            instance._history_user = self.user

    def clean_id(self, row):
        """The row's id, or None; an id that is not a whole number makes the row invalid."""
        try:
            return self.fields["id"].clean(row)
        except (ValueError, ArithmeticError):
            raise ValidationError({"id": _("“%(value)s” is not an id; leave the id empty to add a new one.")
                                   % {"value": _text(row.get("id"))[:50]}})

    def get_or_init_instance(self, instance_loader, row):
        if self.clean_id(row) is None:
            return self.init_instance(row), True  # a row without an id is new: nothing to look up
        instance, new = super().get_or_init_instance(instance_loader, row)
        if new:
            pk = self.fields["id"].clean(row)
            if pk is not None:
                raise ValidationError(
                    {"id": _("There is no %(what)s with id %(id)s; leave the id empty to add a new one.")
                     % {"what": self._meta.model._meta.verbose_name, "id": pk}}
                )
        return instance, new

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True, exclude=()):
        # The fields' own rules here; the model's constraints (latitude
        # range, country unless organisation, uniqueness...) when the row is
        # written: see save_instance.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude={*errors, *exclude}, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self.validated_exclude = {*errors, *exclude}
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        """Write the row in a savepoint. The database checks every
        constraint as it writes, at no cost of its own; asking for each
        beforehand cost a query or more per constraint and per row, most of
        an import's time. When the database refuses, the row's writes are
        undone and the model's own validation says which rule failed, as it
        would have before the write."""
        try:
            with transaction.atomic():
                super().save_instance(instance, is_create, row, **kwargs)
        except IntegrityError:
            self.explain_refusal(instance)
            raise

    def explain_refusal(self, instance):
        """Raise the ValidationError that says why the database refused the
        row, if the model's rules can tell."""
        instance.full_clean(exclude=self.validated_exclude)

    def import_instance(self, instance, row, **kwargs):
        self.check_version(instance, row)
        super().import_instance(instance, row, **kwargs)

    def check_version(self, instance, row):
        """No lost edit: a row exported from an older version of its record
        is refused, not applied over what was saved since."""
        text = _text(row.get("version")).strip()
        if instance.pk is None or not hasattr(instance, "version") or not text:
            return
        try:
            exported = int(Decimal(text))
        except (InvalidOperation, ValueError):
            raise ValidationError({"version": _("“%(value)s” is not a version number; leave it as exported.")
                                   % {"value": text}})
        if exported != instance.version:
            who, _when, changes = instance.changes_since(exported)
            changed = ", ".join(str(label) for label, _then, _now in changes) or _(
                "its status history, activities or documents")
            raise ValidationError({"version": _(
                "This row was exported before the record was last saved (by %(who)s; changed: %(changed)s). "
                "Export again and redo this row's edit there."
            ) % {"who": who or _("someone (from the command line)"), "changed": changed}})

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # The id only finds the record; a file never sets it (an empty id on
        # a row matched by its partner identifiers would otherwise clear it).
        if field.attribute == "id":
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        self.audit(instance)


def shown(attribute, column, **kwargs):
    """A column read by hand in import_instance (partner, status), never
    written by the library; its attribute lets the preview show the value."""
    return fields.Field(attribute=attribute, column_name=column, readonly=True, **kwargs)


class AgreementResource(RegistryResource):
    # Exported so that an edited row is checked against the record's version on import.
    version = fields.Field(attribute="version", column_name="version", readonly=True)
    partner_geonames_id = shown("partner__geonames_id", "partner_geonames_id")
    partner_wikidata_id = shown("partner__wikidata_id", "partner_wikidata_id")
    partner_country = shown("partner__country_id", "partner_country")
    partner_name_en = shown("partner__name_en", "partner_name_en")
    partner_name_fa = shown("partner__name_fa", "partner_name_fa")
    partner_kind = shown("partner__kind", "partner_kind")
    partner_latitude = shown("partner__latitude", "partner_latitude")
    partner_longitude = shown("partner__longitude", "partner_longitude")
    instrument = fields.Field(
        attribute="instrument", column_name="instrument",
        widget=ChoiceWidget(Instrument, lambda: _("instrument")),
    )
    relationship = fields.Field(
        attribute="relationship", column_name="relationship",
        widget=ChoiceWidget(Relationship, lambda: _("relationship")),
    )
    # The latest recorded status change: a row sets it by adding a change.
    status = shown("recorded_status", "status", widget=ChoiceWidget(Status, lambda: _("status")))
    status_date = shown("recorded_status_on", "status_date", widget=PartialDateWidget())
    signed_on = PartialDateField("signed_on", "signed_precision")
    ends_on = PartialDateField("ends_on")
    review_on = PartialDateField("review_on")

    class Meta:
        model = Agreement
        fields = [
            "id",
            "partner_geonames_id", "partner_wikidata_id", "partner_country", "partner_name_en",
            "partner_name_fa", "partner_kind", "partner_latitude", "partner_longitude",
            "title_fa", "title_en", "instrument", "relationship", "status", "status_date",
            "signed_on", "ends_on", "review_on", "signatory_tehran", "signatory_partner",
            "areas", "summary_fa", "summary_en", "source", "is_public", "internal_notes", "version",
        ]
        export_order = fields

    # --- export

    def get_queryset(self):
        return Agreement.objects.select_related("partner").order_by("pk")

    # Numbers as numbers (an XLSX keeps them so), none as an empty cell.
    def dehydrate_partner_geonames_id(self, agreement):
        return "" if agreement.partner.geonames_id is None else agreement.partner.geonames_id

    def dehydrate_partner_wikidata_id(self, agreement):
        return agreement.partner.wikidata_id

    def dehydrate_partner_country(self, agreement):
        return agreement.partner.country_id or ""

    def dehydrate_partner_name_en(self, agreement):
        return agreement.partner.name_en

    def dehydrate_partner_name_fa(self, agreement):
        return agreement.partner.name_fa

    def dehydrate_partner_kind(self, agreement):
        return agreement.partner.kind

    def dehydrate_partner_latitude(self, agreement):
        return "" if agreement.partner.latitude is None else agreement.partner.latitude

    def dehydrate_partner_longitude(self, agreement):
        return "" if agreement.partner.longitude is None else agreement.partner.longitude

    def dehydrate_status(self, agreement):
        return agreement.recorded_status

    def dehydrate_status_date(self, agreement):
        if agreement.recorded_status_on is None:
            return ""
        return jalali.format_input(agreement.recorded_status_on, agreement.recorded_status_precision)

    # --- import

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # A file streamed in parts (import_agreements) loads the partners once.
        if not (kwargs.get("continued") and hasattr(self, "gazette")):
            self.gazette = Gazette()

    def agreement_titled(self, partner_id, title):
        """The partner's agreement with this folded Persian title, asked of
        the database row by row: rows saved earlier in the same file are
        found, and memory does not grow with the file. The folded search
        column narrows the candidates by the title's start up to its first
        digit (digits may be stored in either script); fold() decides."""
        prefix = ""
        for character in title:
            if character.isdigit() or not (character.isascii() or character.lower() == character):
                break
            prefix += character
        candidates = Agreement.objects.filter(partner_id=partner_id)
        if prefix:
            candidates = candidates.filter(search_text__regex="^" + spaced_pattern(prefix))
        for pk, title_fa in candidates.values_list("pk", "title_fa"):
            if fold(title_fa) == title:
                return pk
        return None

    def get_or_init_instance(self, instance_loader, row):
        # Without an id, the same partner and the same Persian title are the same
        # agreement (as in the seed loader), so importing a spreadsheet twice
        # does not make duplicates.
        if self.clean_id(row) is None:
            try:
                partner = self.gazette.match(
                    _number(row.get("partner_geonames_id"), int, "GeoNames id"),
                    for_parsing(_text(row.get("partner_wikidata_id"))).upper(),
                    self.gazette.country(row.get("partner_country")),
                    normalize(_text(row.get("partner_name_en"))),
                )
            except ValueError:
                partner = None  # reported with the row's other errors
            title = fold(_text(row.get("title_fa")))
            pk = self.agreement_titled(partner.pk, title) if partner is not None and partner.pk else None
            if pk is not None:
                return self.get_queryset().get(pk=pk), False
        return super().get_or_init_instance(instance_loader, row)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        errors.update(self.import_partner(instance, row))
        errors.update(self.import_status(instance, row))
        if errors:
            raise ValidationError(errors)

    def import_partner(self, instance, row):
        errors = {}

        def cell(column, convert=lambda v: normalize(_text(v))):
            try:
                return convert(row.get(column))
            except ValueError as error:
                errors[column] = str(error)
                return None

        geonames_id = cell("partner_geonames_id", lambda v: _number(v, int, "GeoNames id"))
        wikidata_id = cell("partner_wikidata_id", lambda v: for_parsing(_text(v))).upper() if row.get("partner_wikidata_id") else ""
        country = cell("partner_country", self.gazette.country)
        name_en = cell("partner_name_en")
        name_fa = cell("partner_name_fa")
        latitude = cell("partner_latitude", lambda v: _number(v, Decimal, _("latitude")))
        longitude = cell("partner_longitude", lambda v: _number(v, Decimal, _("longitude")))
        errors.update(_coordinates(latitude, longitude))
        if errors:
            return errors
        partner = self.gazette.match(geonames_id, wikidata_id, country, name_en)
        if partner is None:
            kind = cell("partner_kind", ChoiceWidget(PartnerKind, lambda: _("partner kind")).clean)
            partner = Partner(
                kind=kind or PartnerKind.CITY, name_fa=name_fa or "", name_en=name_en or "",
                country_id=country, latitude=latitude, longitude=longitude,
                geonames_id=geonames_id, wikidata_id=wikidata_id or "",
            )
            if not (name_en or name_fa or geonames_id or wikidata_id):
                errors["partner_name_en"] = _(
                    "Name the partner: its GeoNames id, its Wikidata id, or its country and English name."
                )
                return errors
            try:
                # Its constraints as it is written (save_instance); the
                # country code came from the country table already.
                partner.full_clean(exclude={"country"}, validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                return partner_errors(error)
            self.gazette.add(partner)
        instance.partner = partner
        return errors

    def import_status(self, instance, row):
        instance._pending_status = None
        instance._had_status = instance.pk is not None
        try:
            status = self.fields["status"].clean(row) if "status" in row else ""
        except ValueError as error:
            return {"status": str(error)}
        try:
            date = self.fields["status_date"].clean(row) if "status_date" in row else None
        except ValueError as error:
            return {"status_date": str(error)}
        if instance.pk is None:
            if not status:
                return {"status": _("Give the agreement's status, such as active or draft.")}
            instance._pending_status = (status, date)
        elif status and (
            status != instance.recorded_status or (date.date if date else None) != instance.recorded_status_on
        ):
            instance._pending_status = (status, date)
        return {}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True, exclude=()):
        errors = import_validation_errors or {}
        if any(column.startswith("partner_") for column in errors) or (
            instance.partner_id is None and "partner" in instance._state.fields_cache
        ):
            # The partner's own columns were reported, or it is new: validated
            # already, and saved with the row.
            exclude = {*exclude, "partner"}
        super().validate_instance(instance, import_validation_errors, validate_unique, exclude)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if instance._pending_status or instance.partner_id != getattr(original, "partner_id", None):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if instance.partner.pk is None:
            instance._new_partner = instance.partner
            self.audit(instance.partner)
            instance.partner.save()
            instance.partner = instance.partner  # refresh partner_id

    def explain_refusal(self, instance):
        partner = getattr(instance, "_new_partner", None)
        if partner is not None:
            # Written in the savepoint that was undone: new again, for the rows after this one.
            partner.pk, partner._state.adding = None, True
            try:
                partner.full_clean()
            except ValidationError as error:
                raise ValidationError(partner_errors(error))
        super().explain_refusal(instance)

    def after_save_instance(self, instance, row, **kwargs):
        if not instance._pending_status:
            return
        status, date = instance._pending_status
        # A new agreement has no status change yet.
        latest = instance.status_changes.latest_first().first() if instance._had_status else None
        if latest and latest.status == status:
            # Same status, another date: a correction of the latest change, not a new one.
            change = latest
        else:
            change = StatusChange(agreement=instance, status=status, reason=self.reason)
        change.date = date.date if date else None
        change.precision = date.precision if date else jalali.DAY
        self.audit(change)
        change.save()


class CountryWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = normalize(_text(value))
        if not text:
            return None
        code = country_index().get(fold(text))
        if code is None:
            raise unknown_country(text)
        return code

    def render(self, value, obj=None, **kwargs):
        return value or ""


class PartnerResource(RegistryResource):
    version = fields.Field(attribute="version", column_name="version", readonly=True)
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(PartnerKind, lambda: _("kind")))
    country = fields.Field(attribute="country_id", column_name="country", widget=CountryWidget())

    class Meta:
        model = Partner
        fields = [
            "id", "kind", "name_fa", "name_en", "country", "latitude", "longitude", "geonames_id", "wikidata_id",
            "version",
        ]
        export_order = fields

    def get_queryset(self):
        return Partner.objects.order_by("pk")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.gazette = Gazette()

    def get_or_init_instance(self, instance_loader, row):
        # Without an id, the same city under the same identifiers is the same partner.
        if self.clean_id(row) is None:
            try:
                geonames_id = _number(row.get("geonames_id"), int, "GeoNames id")
            except ValueError:
                geonames_id = None
            country = None
            try:
                country = self.gazette.country(row.get("country"))
            except ValueError:
                pass
            partner = self.gazette.match(
                geonames_id, for_parsing(_text(row.get("wikidata_id"))).upper(), country,
                normalize(_text(row.get("name_en"))),
            )
            if partner is not None:
                return Partner.objects.get(pk=partner.pk), False
        return super().get_or_init_instance(instance_loader, row)

    def after_save_instance(self, instance, row, **kwargs):
        self.gazette.add(instance)


class AgreementWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = for_parsing(_text(value))
        if not text:
            return None
        if not text.isdigit() or not Agreement.objects.filter(pk=int(text)).exists():
            raise ValueError(_("There is no agreement with id “%(value)s”.") % {"value": text})
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class ActivityResource(RegistryResource):
    agreement = fields.Field(attribute="agreement_id", column_name="agreement", widget=AgreementWidget())
    agreement_title = fields.Field(column_name="agreement_title", readonly=True)
    date = PartialDateField("date", "precision")
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(ActivityKind, lambda: _("kind")))

    class Meta:
        model = Activity
        fields = ["id", "agreement", "agreement_title", "date", "kind", "description_fa", "description_en"]
        export_order = fields

    def get_queryset(self):
        return Activity.objects.select_related("agreement__partner").order_by("pk")

    def dehydrate_agreement_title(self, activity):
        return str(activity.agreement)
