"""Agreements, with their status history, activities and documents inline, and the annual report."""


from django.contrib import admin, messages
from django.db import models
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from registry.language import local_digits
from registry.models import (
    AGREEMENT_SEARCH,
    MAYOR,
    PRESIDENCY,
    Activity,
    Agreement,
    Document,
    ShownName,
    Status,
    StatusChange,
    Timeline,
)

from .. import timeline, views
from ..forms import ActivityForm, AgreementForm, NamedDeleteFormSet, ScanInput, StatusChangeForm
from ..resources import AgreementResource
from .base import (
    FoldedSearchMixin,
    RegistryImportExportAdmin,
    TypedFieldsMixin,
    collated_column,
    status_badge,
)


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


class ActivityInline(TypedFieldsMixin, admin.TabularInline):
    model = Activity
    formset = NamedDeleteFormSet
    form = ActivityForm
    extra = 0


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


class PeriodFilter(admin.SimpleListFilter):
    """Agreements by the period of `series` their signing date falls in, by
    the one rule (Timeline)."""

    series = PRESIDENCY

    def lookups(self, request, model_admin):
        self.timeline = Timeline.of(self.series)
        return [(period.slug, period.name) for period in self.timeline.periods]

    def queryset(self, request, queryset):
        period = next((p for p in self.timeline.periods if p.slug == self.value()), None)
        return queryset.filter(self.timeline.holds(period)) if period else queryset


class AdministrationFilter(PeriodFilter):
    title = _("presidential administration")
    parameter_name = "administration"

    def lookups(self, request, model_admin):
        return super().lookups(request, model_admin) + [
            (UNCERTAIN, _("uncertain (a month or year spanning a handover)"))
        ]

    def queryset(self, request, queryset):
        # A date that spans a handover belongs to neither administration.
        if self.value() == UNCERTAIN:
            return queryset.filter(self.timeline.uncertain())
        return super().queryset(request, queryset)


class MayorFilter(PeriodFilter):
    """The mayor in office on the signing date: offered once staff have
    entered the mayors' terms."""

    title = _("mayor of Tehran")
    parameter_name = "mayor"
    series = MAYOR


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
        MayorFilter,
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
        return super().get_queryset(request).with_status()

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # Where each row falls among the administrations, worked out in
        # Python for the page's rows, as the public list does.
        presidencies = Timeline.of()
        for agreement in changelist.result_list:
            agreement.period_label = presidencies.label(agreement.signed_on, agreement.signed_precision)
        return changelist

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
            badge = format_html("{} (<bdi>{}</bdi>)", badge, agreement.status_reason)
        for change in agreement.status_changes.scheduled():
            badge = format_html("{}<br>{}", badge, change.scheduled_display)
        return badge

    @admin.display(description=_("status"), ordering="current_status")
    def status_column(self, agreement):
        return status_badge(agreement.current_status, agreement.get_current_status_display())

    def get_urls(self):
        return [
            path(
                "annual-report/",
                self.admin_site.admin_view(views.annual_report),
                name="registry_agreement_annual_report",
            ),
            *super().get_urls(),
        ]

    def save_formset(self, request, form, formset, change):
        if formset.model is StatusChange and not change:
            # "Active" with no date on a new agreement: active since it was signed.
            for status_form in formset.forms:
                data = getattr(status_form, "cleaned_data", None)
                if data and not data.get("DELETE") and status_form.instance.date is None:
                    status_form.instance.date = form.instance.signed_on
                    status_form.instance.precision = form.instance.signed_precision
        super().save_formset(request, form, formset, change)
        if formset.model is StatusChange:
            for saved in formset.new_objects + [changed for changed, _fields in formset.changed_objects]:
                if saved.is_scheduled():
                    messages.info(request, gettext("Saved as %(change)s; until then the status stays as it is.")
                                  % {"change": saved.scheduled_display})

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
        return agreement.period_label or "—"


