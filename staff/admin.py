import dataclasses

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin  # registers User and Group, re-registered below
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, F
from django.db.models.functions import Collate
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import to_historic
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay

from registry import jalali
from . import gazetteer, reports, timeline
from .timeline import HISTORY_TYPES, history_value, moment_display
from .forms import AnnualReportForm, LabelledExportForm, PartialDateFormMixin, SizedImportForm, VersionedFormMixin
from registry.forms import DigitsDecimalField, DigitsIntegerField
from registry.models import (
    AGREEMENT_SEARCH,
    Activity,
    Agreement,
    Country,
    Document,
    Partner,
    Period,
    PeriodSeries,
    ShownName,
    Status,
    StatusChange,
    name_order,
)
from .resources import EXPORT_FORMATS, IMPORT_FORMATS, ActivityResource, AgreementResource, PartnerResource
from registry.text import PERSIAN_COLLATION, normalize, search_condition
from registry.language import local_digits

# The country outline the public map bundles; the partner map draws it when present.
BASEMAP = "vendor/natural-earth/countries-110m.geojson"

admin.site.site_header = _("Tehran International Partnerships Registry")
admin.site.site_title = _("Partnerships Registry")
admin.site.index_title = _("Registry administration")
admin.site.enable_nav_sidebar = False


# Latin identifiers and figures: left to right in any language.
LTR_FIELDS = {"code", "slug", "geonames_id", "wikidata_id", "latitude", "longitude"}


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


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
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



def status_badge(status, label):
    return format_html('<span class="status-badge status-{}">{}</span>', status, label)


def collated_column(field, description):
    """A text column that sorts in Persian alphabetical order when clicked."""

    @admin.display(description=description, ordering=Collate(F(field), PERSIAN_COLLATION))
    def column(model_admin, obj):
        return getattr(obj, field)

    return column


@admin.register(Country)
class CountryAdmin(NameOrderMixin, FoldedSearchMixin, TypedFieldsMixin, admin.ModelAdmin):
    list_display = ["code", "name_fa_column", "name_en_column", "continent"]
    list_editable = ["continent"]
    list_filter = ["continent"]
    list_per_page = 50
    name_fa_column = collated_column("name_fa", _("name (Persian)"))
    name_en_column = collated_column("name_en", _("name (English)"))


class PartnerForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Partner
        fields = "__all__"


@admin.register(Partner)
class PartnerAdmin(NameOrderMixin, FoldedSearchMixin, RegistryImportExportAdmin):
    resource_classes = [PartnerResource]
    folded_search_fields = ["search_text", "country__search_text"]
    list_display = [
        "name_fa_column", "name_en_column", "kind", "country", "continent", "agreement_count", "coordinates",
    ]
    name_fa_column = collated_column("name_fa", _("name (Persian)"))
    name_en_column = collated_column("name_en", _("name (English)"))
    # Only the countries that have partners, not all of the world's 250.
    list_filter = ["kind", ("country__continent", admin.ChoicesFieldListFilter), ("country", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]
    form = PartnerForm
    fieldsets = [
        (None, {"fields": ["kind", "name_fa", "name_en", "country", "edit_version"]}),
        (_("Location"), {"fields": ["latitude", "longitude"]}),
        (_("Identifiers"), {"fields": ["geonames_id", "wikidata_id"]}),
    ]

    class Media:
        # Leaflet from django-leaflet's static files; no leaflet.admin (it needs GDAL).
        css = {"all": ["leaflet/leaflet.css", "staff/partner-map.css"]}
        js = ["leaflet/leaflet.js", "staff/partner-map.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(agreement_count=Count("agreements"))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "wikidata_id":
            # The example isolated left to right, as typed.
            formfield.help_text = format_html(
                gettext("For example {example} for Bishkek."), example=format_html('<bdi dir="ltr">{}</bdi>', "Q9361")
            )
        return formfield

    def get_urls(self):
        return [
            path("gazetteer/", self.admin_site.admin_view(self.gazetteer_view), name="registry_partner_gazetteer"),
            *super().get_urls(),
        ]

    def gazetteer_view(self, request):
        """Cities matching ?q= from the offline gazetteer, as JSON."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        places = gazetteer.search(request.GET.get("q", "")[:100])
        names = Country.objects.in_bulk({p.country for p in places})
        results = [
            {**place.as_dict(), "country_name": str(names[place.country]) if place.country in names else place.country}
            for place in places
        ]
        return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})

    def map_context(self, request):
        config = settings.LEAFLET_CONFIG
        try:
            basemap = static(BASEMAP)
        except ValueError:  # not bundled in this installation
            basemap = None
        return {
            "partner_map": {
                "center": list(config["DEFAULT_CENTER"]),
                "zoom": config["DEFAULT_ZOOM"],
                "home": [settings.HOME_CITY["latitude"], settings.HOME_CITY["longitude"]],
                "tiles": [{"url": url, "options": options} for _name, url, options in config.get("TILES", [])],
                "basemap": basemap,
                "gazetteer": reverse("admin:registry_partner_gazetteer"),
                "messages": {
                    "searching": gettext("Looking up…"),
                    "none": gettext("No city of that name in the gazetteer; place the partner on the map."),
                    "several": gettext("Several cities have that name: choose one."),
                    "filled": gettext("Filled from the gazetteer: %s. Check the names before saving."),
                    "failed": gettext("The lookup failed; try again."),
                    "population": gettext("population"),
                },
            }
        }

    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, {**self.map_context(request), **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = self.map_context(request) if self.has_change_permission(request) else {}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    @admin.display(description=_("continent"), ordering="country__continent")
    def continent(self, partner):
        return partner.country.get_continent_display() if partner.country else "—"

    @admin.display(description=_("agreements"), ordering="agreement_count")
    def agreement_count(self, partner):
        return local_digits(partner.agreement_count)

    @admin.display(description=_("coordinates"))
    def coordinates(self, partner):
        if not partner.has_coordinates:
            return "—"
        # Figures, not an identifier: in the page's digits, kept left to right.
        return format_html('<span dir="ltr">{}</span>', local_digits(f"{partner.latitude:.3f}, {partner.longitude:.3f}"))


class NamedDeleteFormSet(BaseInlineFormSet):
    """A tabular inline's "delete" boxes, named for screen readers: the
    column header is the only label they have."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = gettext("Delete")


class StatusChangeForm(PartialDateFormMixin, forms.ModelForm):
    partial_dates = {"date": "precision"}

    class Meta:
        model = StatusChange
        fields = ["status", "date", "decided_by", "reason", "reason_en"]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 2, "cols": 30}),
            "reason_en": forms.Textarea(attrs={"rows": 2, "cols": 30}),
        }


class StatusChangeInline(TypedFieldsMixin, admin.TabularInline):
    model = StatusChange
    formset = NamedDeleteFormSet
    form = StatusChangeForm
    extra = 0

    verbose_name = _("status change")
    verbose_name_plural = _("status history (oldest first; the latest is the status, unless the end date has passed)")

    def get_extra(self, request, obj=None, **kwargs):
        # A new agreement gets its initial status on the same page.
        return 1 if obj is None else 0

    def get_queryset(self, request):
        return super().get_queryset(request).oldest_first()


class ActivityForm(PartialDateFormMixin, forms.ModelForm):
    partial_dates = {"date": "precision"}

    class Meta:
        model = Activity
        fields = ["date", "kind", "description_fa", "description_en"]
        widgets = {
            "description_fa": forms.Textarea(attrs={"rows": 2, "cols": 30}),
            "description_en": forms.Textarea(attrs={"rows": 2, "cols": 30}),
        }


class ActivityInline(TypedFieldsMixin, admin.TabularInline):
    model = Activity
    formset = NamedDeleteFormSet
    form = ActivityForm
    extra = 0


class ScanInput(forms.ClearableFileInput):
    """The file input's "currently" link goes through the checked view:
    media is not served directly, so the stored file's URL would be a 404."""

    class Current:
        def __init__(self, file, url):
            self.url, self.name = url, file.name

        def __str__(self):
            return self.name.rsplit("/", 1)[-1]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        instance = getattr(value, "instance", None)
        if self.is_initial(value) and instance is not None and instance.pk:
            context["widget"]["value"] = self.Current(value, reverse("document", args=[instance.pk]))
        return context


def document_link(document):
    if not document.pk:
        return "—"
    return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', reverse("document", args=[document.pk]), _("open"))


class DocumentInline(TypedFieldsMixin, admin.TabularInline):
    model = Document
    formset = NamedDeleteFormSet
    formfield_overrides = {models.FileField: {"widget": ScanInput}}
    fields = ["title", "file", "language", "is_public", "open_link"]
    readonly_fields = ["open_link"]
    extra = 0

    @admin.display(description=_("scan"))
    def open_link(self, document):
        # Media is not served directly: every scan goes through the checked view.
        return document_link(document)

    def get_extra(self, request, obj=None, **kwargs):
        # The scanned text is uploaded with the new agreement, on one page.
        return 1 if obj is None else 0


class AgreementForm(VersionedFormMixin, PartialDateFormMixin, forms.ModelForm):
    partial_dates = {"signed_on": "signed_precision", "ends_on": None, "review_on": None}

    class Meta:
        model = Agreement
        exclude = ["signed_precision"]
        widgets = {
            "areas": forms.Textarea(attrs={"rows": 2}),
            "summary_fa": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "source": forms.Textarea(attrs={"rows": 2}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }


class StatusFilter(admin.SimpleListFilter):
    """The status today, as the public site reads it (an end date that has
    passed makes an agreement lapsed)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.with_status_of(self.value())
        return queryset


UNCERTAIN = "uncertain"


class AdministrationFilter(admin.SimpleListFilter):
    title = _("presidential administration")
    parameter_name = "administration"

    def lookups(self, request, model_admin):
        return [(p.slug, p.name) for p in Period.objects.presidencies()] + [
            (UNCERTAIN, _("uncertain (a month or year spanning a handover)"))
        ]

    def queryset(self, request, queryset):
        # The list's queryset carries with_period(): a date that spans a
        # handover has no period_slug, only period_uncertain.
        if self.value() == UNCERTAIN:
            return queryset.filter(period_uncertain=True)
        if self.value():
            return queryset.filter(period_slug=self.value())
        return queryset


@admin.register(Agreement)
class AgreementAdmin(FoldedSearchMixin, RegistryImportExportAdmin):
    resource_classes = [AgreementResource]
    import_export_change_list_template = "admin/registry/agreement/change_list.html"
    form = AgreementForm
    folded_search_fields = AGREEMENT_SEARCH
    list_display = [
        "title_column",
        "partner_column",
        "instrument",
        "relationship",
        "status_column",
        "signed",
        "administration",
        "is_public",
    ]
    list_filter = [
        StatusFilter,
        ("partner__country__continent", admin.ChoicesFieldListFilter),
        ("partner__country", admin.RelatedOnlyFieldListFilter),
        "instrument",
        "relationship",
        AdministrationFilter,
        "is_public",
    ]
    list_select_related = ["partner", "partner__country"]
    autocomplete_fields = ["partner", "parent"]
    readonly_fields = ["status_display"]
    inlines = [StatusChangeInline, ActivityInline, DocumentInline]
    fieldsets = [
        (None, {"fields": ["partner", "title_fa", "title_en", "instrument", "relationship", "status_display",
                           "edit_version"]}),
        (_("Dates"), {"fields": ["signed_on", "ends_on", "review_on"]}),
        (_("Related agreement"), {"fields": ["parent", "parent_link"], "classes": ["collapse"]}),
        (_("Content"), {"fields": ["signatory_tehran", "signatory_partner", "areas", "summary_fa", "summary_en", "source"]}),
        (_("Publication"), {"fields": ["is_public", "internal_notes"]}),
    ]

    title_column = collated_column("title_fa", _("title (Persian)"))
    # The agreement's history tells its whole story: its status changes,
    # activities and documents on the same time line (staff/timeline.py).
    object_history_template = "admin/registry/agreement/object_history.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_period().with_status()

    def render_history_view(self, request, template, context, **kwargs):
        if "page_obj" in context:
            context["timeline"] = found = timeline.for_agreement(context["object"])
            context["timeline_count"] = ngettext(
                "%(count)s recorded change", "%(count)s recorded changes", len(found)
            ) % {"count": local_digits(len(found))}
        return super().render_history_view(request, template, context, **kwargs)

    @admin.display(description=_("partner"), ordering=ShownName("partner"))
    def partner_column(self, agreement):
        return agreement.partner

    @admin.display(description=_("status"))
    def status_display(self, agreement):
        if agreement.pk is None:
            return _("set by the status history below")
        badge = status_badge(agreement.current_status, agreement.get_current_status_display())
        if agreement.status_since:
            badge = format_html("{} {} {}", badge, _("since"), agreement.status_since_display)
        if agreement.status_reason:
            badge = format_html("{} ({})", badge, agreement.status_reason)
        return badge

    @admin.display(description=_("status"), ordering="current_status")
    def status_column(self, agreement):
        return status_badge(agreement.current_status, agreement.get_current_status_display())

    def get_urls(self):
        return [
            path(
                "annual-report/",
                self.admin_site.admin_view(self.annual_report_view),
                name="registry_agreement_annual_report",
            ),
            *super().get_urls(),
        ]

    def annual_report_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = AnnualReportForm(request.GET or None)
        report = None
        if form.is_valid():
            report = form.report()
            if request.GET.get("format") == "xlsx":
                response = HttpResponse(
                    reports.to_xlsx(report),
                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
                response["Content-Disposition"] = f'attachment; filename="{form.file_name()}"'
                return response
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": report.title if report else _("Annual report"),
            "form": form,
            "report": report,
            "display": report.for_display() if report else None,
            "xlsx_query": f"{request.GET.urlencode()}&format=xlsx" if report else "",
        }
        return TemplateResponse(request, "admin/registry/agreement/annual_report.html", context)

    def save_formset(self, request, form, formset, change):
        if formset.model is StatusChange and not change:
            # "Active" with no date on a new agreement: active since it was signed.
            for status_form in formset.forms:
                data = getattr(status_form, "cleaned_data", None)
                if data and not data.get("DELETE") and status_form.instance.date is None:
                    status_form.instance.date = form.instance.signed_on
                    status_form.instance.precision = form.instance.signed_precision
        super().save_formset(request, form, formset, change)

    def delete_view(self, request, object_id, extra_context=None):
        if not self.has_delete_permission(request):
            messages.error(
                request,
                _("An agreement is not deleted: it ends by a status change. Add a status change "
                  "(lapsed, suspended or terminated) with its date and the reason."),
            )
            return redirect(reverse("admin:registry_agreement_change", args=[object_id]))
        return super().delete_view(request, object_id, extra_context)

    @admin.display(description=_("signed on"), ordering="signed_on")
    def signed(self, agreement):
        return agreement.signed_display or "—"

    @admin.display(description=_("administration"), ordering="signed_on")
    def administration(self, agreement):
        if agreement.period_uncertain:
            return format_html("{} ({})", _("uncertain"), agreement.period_candidates_name)
        return agreement.period_name or "—"


class PeriodForm(PartialDateFormMixin, forms.ModelForm):
    partial_dates = {"start": None, "end": None}

    class Meta:
        model = Period
        fields = ["series", "slug", "name_fa", "name_en", "label_fa", "label_en", "start", "end"]


@admin.register(Period)
class PeriodAdmin(NormalizedSearchMixin, TypedFieldsMixin, admin.ModelAdmin):
    form = PeriodForm
    list_display = ["name_fa", "name_en", "series", "start_display", "end_display", "label_fa"]
    list_filter = ["series"]
    list_select_related = ["series"]
    search_fields = ["name_fa", "name_en", "label_fa", "label_en"]
    prepopulated_fields = {"slug": ["name_en"]}

    @admin.display(description=_("start"), ordering="start")
    def start_display(self, period):
        return jalali.format_date(period.start)

    @admin.display(description=_("end"), ordering="end")
    def end_display(self, period):
        return jalali.format_date(period.end) if period.end else "…"


@admin.register(PeriodSeries)
class PeriodSeriesAdmin(TypedFieldsMixin, admin.ModelAdmin):
    list_display = ["name_fa", "name_en", "slug", "period_count"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(period_count=Count("periods"))

    @admin.display(description=_("periods"), ordering="period_count")
    def period_count(self, series):
        return local_digits(series.period_count)


@admin.register(Activity)
class ActivityAdmin(NormalizedSearchMixin, RegistryImportExportAdmin):
    resource_classes = [ActivityResource]
    form = ActivityForm
    list_display = ["agreement", "kind", "date_display"]
    list_filter = ["kind"]
    list_select_related = ["agreement__partner"]
    autocomplete_fields = ["agreement"]
    search_fields = ["description_fa", "description_en"]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["fields"] = ["agreement", *ActivityForm.Meta.fields]
        return super().get_form(request, obj, **kwargs)

    @admin.display(description=_("date"), ordering="date")
    def date_display(self, activity):
        return activity.date_display


@admin.register(Document)
class DocumentAdmin(NormalizedSearchMixin, TypedFieldsMixin, ReadOnlyHistoryAdmin):
    formfield_overrides = {models.FileField: {"widget": ScanInput}}
    list_display = ["title", "agreement", "language", "is_public", "uploaded_at", "open_link"]
    readonly_fields = ["open_link"]
    list_filter = ["language", "is_public"]
    list_select_related = ["agreement__partner"]
    autocomplete_fields = ["agreement"]
    search_fields = ["title"]

    @admin.display(description=_("scan"))
    def open_link(self, document):
        return document_link(document)


def titled(filter_class, title):
    """A list filter under a title of our own: simple-history's fields have
    English names only."""

    class Titled(filter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return Titled


class HistoryTypeFilter(admin.SimpleListFilter):
    title = _("change")
    parameter_name = "history_type"

    def lookups(self, request, model_admin):
        return list(HISTORY_TYPES.items())

    def queryset(self, request, queryset):
        return queryset.filter(history_type=self.value()) if self.value() else queryset


class HistoryUserFilter(titled(admin.RelatedFieldListFilter, _("by"))):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Changes without a user come from the command line: the seed, large imports.
        self.empty_value_display = _("command line (no user)")


class AuditTrailAdmin(admin.ModelAdmin):
    """Read-only list of every recorded change of one model: who, when, what
    kind of change and why (imports name their file)."""

    list_display = ["when", "who", "what", "record", "why"]
    list_filter = [
        HistoryTypeFilter,
        ("history_user", HistoryUserFilter),
        ("history_date", titled(admin.DateFieldListFilter, _("when"))),
    ]
    search_fields = ["history_change_reason"]
    ordering = ["-history_date", "-history_id"]

    def get_list_select_related(self, request):
        # The record column names what a change belongs to: it comes with the row.
        names = {field.name for field in self.model._meta.fields}
        if "partner" in names:
            return ["history_user", "partner"]
        if "agreement" in names:
            return ["history_user", "agreement__partner"]
        return ["history_user"]

    @admin.display(description=_("when"), ordering="history_date")
    def when(self, record):
        return moment_display(record.history_date)

    @admin.display(description=_("by"), ordering="history_user")
    def who(self, record):
        return record.history_user or "—"

    @admin.display(description=_("change"), ordering="history_type")
    def what(self, record):
        return HISTORY_TYPES.get(record.history_type, record.history_type)

    @admin.display(description=_("record"))
    def record(self, record):
        # history_object is built from the row; record.instance would query
        # for the fields history leaves out, and an agreement's __str__ for its partner.
        shown = record.history_object
        if record.instance_type is Agreement:
            return f"{record.partner} — {shown.title}" if record.partner else shown.title
        agreement = getattr(record, "agreement", None)
        return f"{agreement}: {shown}" if agreement else str(shown)

    @admin.display(description=_("reason"))
    def why(self, record):
        return record.history_change_reason or "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Whoever may see the records may see their history.
        opts = self.model.instance_type._meta
        return request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")

    def has_module_permission(self, request):
        return self.has_view_permission(request)


for tracked in (Partner, Agreement, StatusChange, Activity, Document):
    admin.site.register(tracked.history.model, AuditTrailAdmin)


# Permissions are stored with English names ("Can add period series"): the
# user and group forms name them in the reader's language instead.
PERMISSION_ACTIONS = {
    "add": _("Can add %(name)s"),
    "change": _("Can change %(name)s"),
    "delete": _("Can delete %(name)s"),
    "view": _("Can view %(name)s"),
    "import": _("Can import %(name)s"),
    "export": _("Can export %(name)s"),
}


def permission_label(permission):
    model = permission.content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    if model is None or action not in PERMISSION_ACTIONS:
        return str(permission)
    name = model._meta.verbose_name
    return f"{model._meta.app_config.verbose_name} | {name} | {PERMISSION_ACTIONS[action] % {'name': name}}"


class PermissionLabelsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            formfield.label_from_instance = permission_label
        return formfield


admin.site.unregister(Group)
admin.site.unregister(User)


@admin.register(Group)
class DeskGroupAdmin(PermissionLabelsMixin, auth_admin.GroupAdmin):
    pass


@admin.register(User)
class DeskUserAdmin(PermissionLabelsMixin, TypedFieldsMixin, auth_admin.UserAdmin):
    pass
