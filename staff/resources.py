"""django-import-export's side of spreadsheets: file formats, and the
resources behind the admin's import and export pages and the commands.

Agreements import as a plan (staff/imports): `AgreementResource.import_data`
reads the rows, plans them, writes the plan unless it is a dry run, and
answers with the library's Result so that its preview, confirm step and
permissions work as for any resource. Partners and activities, small and
without a history, go through the library's own row by row import.

Every import is all or nothing: one invalid row and nothing from the file is
written. Rows that would change nothing are reported as unchanged, so a file
exported from the registry, edited and imported back touches exactly the
edited rows.

Columns have a name (title_fa) and a label in each language («عنوان
(فارسی)», "title (Persian)"). The admin's exports (labelled=True) head their
columns with labels and write every choice by its label in the reader's
language; an import reads names, codes and labels of either language alike.
"""

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
    Instrument,
    Partner,
    PartnerKind,
    Relationship,
    Status,
)
from registry.text import fold

from .imports import cells
from .imports.apply import plan_and_apply
from .imports.matching import Gazette, find_partner
from .imports.plan import Planner, stale
from .imports.preview import RowChanges, result_of
from .imports.reading import decode
from .imports.rows import AGREEMENT_COLUMNS, COLUMNS_BY_NAME, MAX_ID, RowReader

# ---------------------------------------------------------------- formats


class CSV(base_formats.CSV):
    """CSV whose encoding is found from its bytes rather than assumed."""

    def is_binary(self):
        # Read as bytes (by the admin's temporary storage too) and decoded here.
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return tablib.import_set(decode(in_stream), format="csv", **kwargs)


IMPORT_FORMATS = [CSV, base_formats.XLSX]
# Exports go through the cell policy (registry.spreadsheets).
EXPORT_FORMATS = [spreadsheets.CSV, spreadsheets.XLSX, base_formats.JSON]
FORMATS_BY_NAME = {"csv": spreadsheets.CSV, "xlsx": spreadsheets.XLSX, "json": base_formats.JSON}


def audit_of(kwargs):
    """(user, reason) for the audit trail, from import_data's keyword arguments."""
    user = kwargs.get("user")
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return user, _("Imported from %(file)s") % {"file": kwargs.get("file_name") or _("a file")}


# ---------------------------------------------------------------- widgets


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return cells.text(value)


class LongTextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return cells.long_text(value)


class YesNoWidget(widgets.BooleanWidget):
    def clean(self, value, row=None, **kwargs):
        return cells.yes_no(value)


class ChoiceWidget(widgets.Widget):
    """A choice by its code or its label in English or Persian."""

    def __init__(self, choices, what, **kwargs):
        self.choices, self.what = choices, what
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        return cells.Choices(self.choices, self.what)(value)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class CountryWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cells.Countries()(value)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class PartialDateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cells.date(value)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
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


class AgreementWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        written = cells.identifier(value)
        if not written:
            return None
        if not written.isdigit() or not Agreement.objects.filter(pk=int(written)).exists():
            raise ValueError(_("There is no agreement with id “%(value)s”.") % {"value": written})
        return int(written)

    def render(self, value, obj=None, **kwargs):
        return value or ""


# ---------------------------------------------------------------- preview


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


# ---------------------------------------------------------------- resources

# The agreement columns' notes, which the partner and activity columns share where they mean the same.
NOTE = {column.name: column.note for column in AGREEMENT_COLUMNS}

# Columns that are not a field of the resource's model, by their label.
COLUMN_LABELS = {
    "id": gettext_lazy("id"),
    "agreement_title": gettext_lazy("agreement (title)"),
}


class LabelledResource(resources.ModelResource):
    """Columns labelled in the reader's language, choices written by their
    labels (labelled=True), and headers read as names or labels."""

    # Column → the choices whose labels an export with labels writes.
    CHOICES = {}
    # Column → what the import page says it holds.
    NOTES = {}

    def __init__(self, labelled=False, **kwargs):
        super().__init__(**kwargs)
        self.labelled = labelled

    @classmethod
    def column_label(cls, column):
        if column in COLUMN_LABELS:
            return str(COLUMN_LABELS[column])
        try:
            return str(cls._meta.model._meta.get_field(column).verbose_name)
        except FieldDoesNotExist:
            return column

    @classmethod
    def import_columns(cls):
        """(label, code, note) of each column an import reads, for the import page."""
        return [(cls.column_label(name), name, str(cls.NOTES.get(name, ""))) for name in cls._meta.fields]

    @classmethod
    def template_xlsx(cls):
        """An empty workbook headed with the import's columns, labelled in the active language."""
        title = spreadsheets.sheet_title(cls._meta.model._meta.verbose_name_plural)
        return spreadsheets.table_xlsx([label for label, _code, _note in cls.import_columns()], [], title)

    def get_export_headers(self, selected_fields=None):
        headers = super().get_export_headers(selected_fields)
        return [self.column_label(column) for column in headers] if self.labelled else headers

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if self.labelled and field.column_name in self.CHOICES and value:
            return str(self.CHOICES[field.column_name](value).label)
        return value

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset, **kwargs)
        # The worksheet's name, rather than tablib's "Tablib Dataset".
        dataset.title = spreadsheets.sheet_title(self._meta.model._meta.verbose_name_plural)
        return dataset

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if f.get_internal_type() == "CharField" and not f.choices:
            return TextWidget
        if f.get_internal_type() == "TextField":
            return LongTextWidget
        if f.get_internal_type() == "BooleanField":
            return YesNoWidget
        return super().widget_from_django_field(f, default)


class RegistryResource(LabelledResource):
    """The library's row by row import, with what every registry import
    shares: normalised text, all or nothing, unchanged rows reported, and
    an audit entry naming the file and the user."""

    class Meta:
        # Inherited by each resource's own Meta.
        import_id_fields = ["id"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=True, **kwargs):
        # One invalid row and nothing from the file is written.
        return super().import_data(
            dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=use_transactions,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=rollback_on_validation_errors, **kwargs,
        )

    def get_diff_class(self):
        return ChangedColumns

    def before_import(self, dataset, **kwargs):
        names = {}
        for column in self.fields:
            names[fold(column)] = column
            for language in ("fa", "en"):
                with translation.override(language):
                    names[fold(cells.text(self.column_label(column)))] = column
        if dataset.headers:
            dataset.headers = [names.get(fold(cells.text(header)), header) for header in dataset.headers]
        # A colleague's spreadsheet has no id column: every row is then matched or new.
        if "id" not in (dataset.headers or []):
            dataset.insert_col(0, [""] * len(dataset), header="id")

    def clean_id(self, row):
        """The row's id, or None; an id that is not a whole number makes the row invalid."""
        try:
            pk = self.fields["id"].clean(row)
            if pk is not None and not 0 < pk < MAX_ID:
                raise ValueError(pk)  # no id the database holds, and too large to ask it about
            return pk
        except (ValueError, ArithmeticError):
            raise ValidationError({"id": _("“%(value)s” is not an id; leave the id empty to add a new one.")
                                   % {"value": cells.raw(row.get("id"))[:50]}})

    def get_or_init_instance(self, instance_loader, row):
        if self.clean_id(row) is None:
            return self.init_instance(row), True
        instance, new = super().get_or_init_instance(instance_loader, row)
        if new:
            raise ValidationError(
                {"id": _("There is no %(what)s with id %(id)s; leave the id empty to add a new one.")
                 % {"what": self._meta.model._meta.verbose_name, "id": self.fields["id"].clean(row)}}
            )
        return instance, new

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True, exclude=()):
        # The fields' own rules here; the model's constraints when the row is
        # written (save_instance).
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude={*errors, *exclude}, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def import_instance(self, instance, row, **kwargs):
        """No lost edit: a row exported from an older version of its record
        is refused if it changes anything; unchanged, it is reported so."""
        written = cells.raw(row.get("version")).strip()
        if instance.pk is None or not hasattr(instance, "version") or not written:
            return super().import_instance(instance, row, **kwargs)
        try:
            exported = cells.number(written, int, "version")
        except ValueError:
            raise ValidationError({"version": _(
                "“%(value)s” is not a version number; leave it as exported.") % {"value": written}})
        before = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}
        super().import_instance(instance, row, **kwargs)
        if exported != instance.version and any(getattr(instance, name) != value for name, value in before.items()):
            raise ValidationError({"version": stale(instance, exported)})

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # The id only finds the record; a file never sets it.
        if field.attribute == "id":
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def save_instance(self, instance, is_create, row, **kwargs):
        """Write the row in a savepoint: the database checks every constraint
        as it writes; when it refuses, the model's own validation says which
        rule failed."""
        user, reason = audit_of(kwargs)
        instance._change_reason = reason
        if user is not None:
            instance._history_user = user
        try:
            with transaction.atomic():
                super().save_instance(instance, is_create, row, **kwargs)
        except IntegrityError:
            instance.full_clean()
            raise


class PartnerResource(RegistryResource):
    version = fields.Field(attribute="version", column_name="version", readonly=True)
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(PartnerKind, lambda: _("kind")))
    country = fields.Field(attribute="country_id", column_name="country", widget=CountryWidget())
    CHOICES = {"kind": PartnerKind}
    NOTES = {
        "id": gettext_lazy("The registry's number of the partner, as exported; empty for a new one."),
        "kind": NOTE["partner_kind"],
        "name_fa": gettext_lazy("The partner's name as Persian readers know it."),
        "name_en": NOTE["partner_name_en"],
        "country": NOTE["partner_country"],
        "latitude": gettext_lazy("-90 to 90; with the longitude, or neither."),
        "longitude": gettext_lazy("-180 to 180; with the latitude, or neither."),
        "geonames_id": NOTE["partner_geonames_id"],
        "wikidata_id": NOTE["partner_wikidata_id"],
        "version": NOTE["version"],
    }

    class Meta:
        model = Partner
        fields = [
            "id", "kind", "name_fa", "name_en", "country", "latitude", "longitude", "geonames_id", "wikidata_id",
            "version",
        ]
        export_order = fields

    def get_queryset(self):
        return Partner.objects.order_by("pk")

    def get_or_init_instance(self, instance_loader, row):
        # Without an id, the same city under the same identifiers is the same partner.
        if self.clean_id(row) is None:
            from .imports.rows import PartnerCells

            try:
                geonames_id = cells.number(row.get("geonames_id"), int, "GeoNames id")
            except ValueError:
                geonames_id = None
            try:
                country = cells.Countries()(row.get("country"))
            except ValueError:
                country = None
            wanted = PartnerCells(geonames_id=geonames_id, wikidata_id=cells.identifier(row.get("wikidata_id")),
                                  country=country, name_en=cells.text(row.get("name_en")))
            # Asked of the database: partners added by earlier rows of the file are found too.
            partner = find_partner(wanted) if wanted.names_a_partner() else None
            if partner is not None:
                return partner, False
        return super().get_or_init_instance(instance_loader, row)


class ActivityResource(RegistryResource):
    agreement = fields.Field(attribute="agreement_id", column_name="agreement", widget=AgreementWidget())
    agreement_title = fields.Field(column_name="agreement_title", readonly=True)
    date = PartialDateField("date", "precision")
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(ActivityKind, lambda: _("kind")))
    CHOICES = {"kind": ActivityKind}
    NOTES = {
        "id": gettext_lazy("The registry's number of the activity, as exported; empty for a new one."),
        "agreement": gettext_lazy("The id of the agreement it took place under, as in the agreements' export."),
        "agreement_title": gettext_lazy("Exported for the reader; an import does not read it."),
        "date": NOTE["signed_on"],
        "kind": NOTE["instrument"],
        "description_fa": gettext_lazy("What was done, in Persian."),
        "description_en": gettext_lazy("What was done, in English."),
    }

    class Meta:
        model = Activity
        fields = ["id", "agreement", "agreement_title", "date", "kind", "description_fa", "description_en"]
        export_order = fields

    def get_queryset(self):
        return Activity.objects.select_related("agreement__partner").order_by("pk")

    def dehydrate_agreement_title(self, activity):
        return str(activity.agreement)


def exported(attribute, column, **kwargs):
    """An export-only column: the import reads it through staff/imports."""
    return fields.Field(attribute=attribute, column_name=column, readonly=True, **kwargs)


class AgreementResource(LabelledResource):
    # Exported so that an edited row is checked against the record's version on import.
    version = exported("version", "version")
    partner_geonames_id = exported("partner__geonames_id", "partner_geonames_id")
    partner_wikidata_id = exported("partner__wikidata_id", "partner_wikidata_id")
    partner_country = exported("partner__country_id", "partner_country")
    partner_name_en = exported("partner__name_en", "partner_name_en")
    partner_name_fa = exported("partner__name_fa", "partner_name_fa")
    partner_kind = exported("partner__kind", "partner_kind")
    partner_latitude = exported("partner__latitude", "partner_latitude")
    partner_longitude = exported("partner__longitude", "partner_longitude")
    instrument = exported("instrument", "instrument")
    relationship = exported("relationship", "relationship")
    # The latest recorded status change: a row adds one when it differs.
    status = exported("recorded_status", "status")
    status_date = exported("recorded_status_on", "status_date")
    signed_on = PartialDateField("signed_on", "signed_precision", readonly=True)
    ends_on = PartialDateField("ends_on", readonly=True)
    review_on = PartialDateField("review_on", readonly=True)
    CHOICES = {"partner_kind": PartnerKind, "instrument": Instrument, "relationship": Relationship,
               "status": Status}

    class Meta:
        model = Agreement
        fields = [column.name for column in AGREEMENT_COLUMNS]
        export_order = fields

    @classmethod
    def column_label(cls, column):
        if column in COLUMNS_BY_NAME:
            return COLUMNS_BY_NAME[column].label_text()
        return super().column_label(column)

    @classmethod
    def import_columns(cls):
        return [(column.label_text(), column.name, str(column.note)) for column in AGREEMENT_COLUMNS]

    def get_queryset(self):
        return Agreement.objects.select_related("partner").order_by("pk")

    # Numbers as numbers (an XLSX keeps them so), none as an empty cell.
    def dehydrate_partner_geonames_id(self, agreement):
        return "" if agreement.partner.geonames_id is None else agreement.partner.geonames_id

    def dehydrate_partner_country(self, agreement):
        return agreement.partner.country_id or ""

    def dehydrate_partner_latitude(self, agreement):
        return "" if agreement.partner.latitude is None else agreement.partner.latitude

    def dehydrate_partner_longitude(self, agreement):
        return "" if agreement.partner.longitude is None else agreement.partner.longitude

    def dehydrate_status_date(self, agreement):
        if agreement.recorded_status_on is None:
            return ""
        return jalali.format_input(agreement.recorded_status_on, agreement.recorded_status_precision)

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        """The file's plan as the library's Result; written in one
        transaction unless it is a dry run or any row is refused."""
        user, reason = audit_of(kwargs)
        headers = ["" if header is None else str(header) for header in (dataset.headers or [])]
        with transaction.atomic():
            plans = plan_and_apply(
                ((index + 2, values) for index, values in enumerate(dataset)),
                Planner(Gazette()), RowReader(headers), user, reason,
            )
            result = result_of(plans, headers)
            if dry_run or result.has_validation_errors():
                transaction.set_rollback(True)
        return result
