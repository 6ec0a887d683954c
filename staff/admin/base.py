"""What every admin page of the registry shares: typed fields, folded search, Persian order, the audit trail behind "History", import and export."""

import dataclasses

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F
from django.db.models.functions import Collate
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import to_historic
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay

from registry import jalali
from registry.forms import DigitsDecimalField, DigitsIntegerField
from registry.language import local_digits, persian_active
from registry.models import (
    name_order,
)
from registry.text import PERSIAN_COLLATION, normalize, search_condition

from ..forms import LabelledExportForm, SizedImportForm
from ..resources import EXPORT_FORMATS, IMPORT_FORMATS
from ..timeline import HISTORY_TYPES, history_value, moment_display

# The country outline the public map bundles; the partner map draws it when present.
BASEMAP = "vendor/natural-earth/countries-110m.geojson"

admin.site.site_header = _("Tehran International Partnerships Registry")
admin.site.site_title = _("Partnerships Registry")
admin.site.index_title = _("Registry administration")
admin.site.enable_nav_sidebar = False


# Latin identifiers and figures: left to right in any language.
LTR_FIELDS = {"code", "slug", "geonames_id", "wikidata_id", "latitude", "longitude"}


class AdminScriptsMixin:
    """Django's admin scripts on every page of a model, less the three
    that write a slug as its source is typed (urlify.js, prepopulate.js and
    XRegExp's 160 KB, run on every page) where no field is prepopulated:
    they cost each admin page three requests and about 3 ms of the browser's
    time. First among an admin's bases, so that its own Media adds to this.
    Django's list, kept here: tests/staff/test_admin_scripts.py compares it
    with Django's own."""

    @property
    def media(self):
        if self.prepopulated_fields:
            return super().media
        extra = "" if settings.DEBUG else ".min"
        scripts = [f"vendor/jquery/jquery{extra}.js", "jquery.init.js", "core.js", "admin/RelatedObjectLookups.js",
                   "actions.js"]
        return forms.Media(js=[f"admin/js/{script}" for script in scripts])


class TypedFieldsMixin:
    """Each box as its text reads: English and Latin identifiers left to
    right, Persian right to left, free text (a citation, a signatory) in
    the direction of its first letter; numbers as text boxes that take
    Persian, Arabic-Indic and Latin digits alike."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DecimalField):
            kwargs["form_class"] = DigitsDecimalField
        elif isinstance(db_field, models.IntegerField) and not db_field.choices and not db_field.primary_key:
            kwargs["form_class"] = DigitsIntegerField
            # An identifier, not a figure: its Latin digits stay as they are.
            kwargs["widget"] = forms.TextInput(attrs={"inputmode": "numeric", "size": 10})
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and not db_field.is_relation:
            # Named for screen readers where no <label> stands by it: in a
            # tabular inline or an editable list, the column's header.
            for widget in getattr(formfield.widget, "widgets", [formfield.widget]):
                widget.attrs.setdefault("aria-label", str(db_field.verbose_name))
        if formfield is None or not isinstance(db_field, (models.CharField, models.TextField, models.IntegerField,
                                                          models.DecimalField)):
            return formfield
        name = db_field.name
        if name.endswith("_en") or name in LTR_FIELDS:
            direction = "ltr"
        elif name.endswith("_fa"):
            direction = "rtl"
        elif db_field.choices:
            return formfield
        else:
            direction = "auto"
        formfield.widget.attrs.setdefault("dir", direction)
        return formfield


class FoldedSearchMixin:
    """Search on the folded `search_text` columns, as the public site does
    (registry.text.search_condition), so that «یادداشت تفاهم» matches
    whether typed with ي or ی, with a space or a ZWNJ, and "sao paulo"
    finds São Paulo."""

    folded_search_fields = ["search_text"]
    search_fields = ["search_text"]  # shows the search box; the lookup is below

    def get_search_results(self, request, queryset, search_term):
        # Forward foreign keys only: no duplicates to remove.
        return queryset.filter(search_condition(search_term, self.folded_search_fields)), False


class NormalizedSearchMixin:
    """Django's own search, on the spelling the text is stored in, for
    models without a folded column: «ك» typed finds the stored «ک»."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, normalize(search_term))


class NameOrderMixin:
    """Lists, autocompletes and list filters of countries or partners in
    the alphabetical order of the names shown (Persian order in Persian)."""

    def get_ordering(self, request):
        return [name_order(), "pk"]


class Shortened(ObjDiffDisplay):
    def shortened_str(self, prefix, num_skipped_chars, suffix):
        # An ellipsis reads in any language; simple-history writes "[116 chars]".
        return f"{prefix}…{suffix}"


class HistoryValues(HistoricalRecordContextHelper):
    def context_for_delta_changes(self, delta):
        # The edit version is bookkeeping for "no lost edit", not a change to show.
        shown = [change for change in delta.changes if change.field != "version"]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=shown))

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        return history_value(self.model._meta.get_field(change.field), value)

    def get_obj_diff_display(self):
        return Shortened(max_length=self.max_displayed_delta_change_chars)


class ReadOnlyHistoryAdmin(AdminScriptsMixin, SimpleHistoryAdmin):
    """History to read, never to revert: simple-history's revert form saves
    on POST for anyone who may *view* the history (a viewer could change
    an agreement through it), and a reverted agreement would take back an
    old status without a status change.

    Its page is ours (templates/simple_history/): simple-history has no
    Persian and prints Gregorian dates."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view_title(self, request, obj):
        # Django's own wording, which Django translates.
        return gettext("Change history: %s") % obj

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryValues(self.model, historical_record)

    def render_history_view(self, request, template, context, **kwargs):
        page = context.get("page_obj")
        if page is None:  # one version, as it stood after a change
            context["version_when"] = moment_display(to_historic(context["original"]).history_date)
        else:
            for record in page:
                record.when_display = moment_display(record.history_date)
                record.change_display = HISTORY_TYPES.get(record.history_type, record.history_type)
            count = page.paginator.count
            context["count_display"] = ngettext(
                "%(count)s recorded change", "%(count)s recorded changes", count
            ) % {"count": local_digits(count)}
        return super().render_history_view(request, template, context, **kwargs)


class RegistryImportExportAdmin(TypedFieldsMixin, ImportExportModelAdmin, ReadOnlyHistoryAdmin):
    """Import with a preview (dry run) before anything is written, export,
    and the audit trail behind each object's "History" button."""

    import_template_name = "admin/registry/import.html"
    # Binds the "select all" box without the inline handler the CSP blocks.
    export_template_name = "admin/registry/export.html"
    import_form_class = SizedImportForm
    export_form_class = LabelledExportForm
    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS
    # Every error of the preview, with its row, in the user's language; no tracebacks.
    import_error_display = ("message",)

    def get_export_filename(self, request, queryset, file_format):
        # agreements-1405-09-14.xlsx: Tehran's day, in the calendar staff file by.
        return f"{export_name(self.model)}-{tehran_day()}.{file_format.get_extension()}"

    def get_urls(self):
        opts = self.model._meta
        return [
            path("import/template/", self.admin_site.admin_view(self.import_template_view),
                 name=f"{opts.app_label}_{opts.model_name}_import_template"),
            *super().get_urls(),
        ]

    def import_template_view(self, request):
        """An empty spreadsheet headed with the import's columns, to fill in."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.get_import_resource_classes(request)[0]
        response = HttpResponse(resource.template_xlsx(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{export_name(self.model)}-template.xlsx"'
        return response

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        resource = self.get_import_resource_classes(None)[0]
        opts = self.model._meta
        context["import_columns"] = resource.import_columns()
        context["import_template_url"] = reverse(f"admin:{opts.app_label}_{opts.model_name}_import_template")
        return context

    def get_export_resource_kwargs(self, request, **kwargs):
        # Columns headed in the reader's language; the import reads either.
        return {**super().get_export_resource_kwargs(request, **kwargs), "labelled": True}

    def add_success_message(self, result, request):
        totals = {kind: local_digits(result.totals[kind]) for kind in ("new", "update", "delete", "skip")}
        messages.success(request, gettext(
            "Import finished: %(new)s new, %(update)s updated, %(delete)s deleted, %(skip)s unchanged and skipped."
        ) % totals)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        """The library's, asking any binary format (our XLSX too, not only
        its own) for numbers and booleans as such rather than as text."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        data = self.get_data_for_export(request, queryset, force_native_type=file_format.is_binary(), **kwargs)
        exported = file_format.export_data(data)
        encoding = kwargs.get("encoding")
        if not file_format.is_binary() and encoding:
            exported = exported.encode(encoding)
        return exported


    def process_result(self, result, request):
        # The confirmation plans the file again: if the registry changed since
        # the preview so that a row is now refused, nothing was written.
        if result.has_errors() or result.has_validation_errors():
            refused = sorted({row.number + 1 for row in result.invalid_rows})
            messages.error(request, gettext(
                "Nothing was imported: since the preview, the registry changed so that rows %(rows)s are "
                "refused. Upload the file again to see why."
            ) % {"rows": ("، " if persian_active() else ", ").join(local_digits(n) for n in refused) or "—"})
            opts = self.model._meta
            return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        return super().process_result(result, request)

    def process_import(self, request, **kwargs):
        # The previewed file is gone once confirmed (a double click) or cleared
        # (clear_import_previews): say so and send the user back to upload.
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:
            messages.error(
                request,
                _("This import was already confirmed, or its preview has expired; nothing more was "
                  "imported. Check the list, and upload the file again if it is still needed."),
            )
            opts = self.model._meta
            return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))



XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_name(model):
    """agreements, partners, activities: a file name in Latin letters any system keeps."""
    with translation.override("en"):
        return slugify(str(model._meta.verbose_name_plural))


def tehran_day():
    """Today in Tehran, in Jalali with Latin digits: 1405-09-14."""
    return jalali.format_input(timezone.localdate(), language="en").replace("/", "-")


def status_badge(status, label):
    return format_html('<span class="status-badge status-{}">{}</span>', status, label)


def collated_column(field, description):
    """A text column that sorts in Persian alphabetical order when clicked."""

    @admin.display(description=description, ordering=Collate(F(field), PERSIAN_COLLATION))
    def column(model_admin, obj):
        return getattr(obj, field)

    return column


