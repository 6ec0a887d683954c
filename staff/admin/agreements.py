"""Agreements, with their status history, activities and documents inline, and the annual report."""


from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from registry.language import local_digits
from registry.models import (
    AGREEMENT_SEARCH,
    Activity,
    Agreement,
    Document,
    Period,
    ShownName,
    Status,
    StatusChange,
)

from .. import reports, timeline
from ..forms import AnnualReportForm, PartialDateFormMixin, VersionedFormMixin
from ..resources import AgreementResource
from .base import (
    FoldedSearchMixin,
    RegistryImportExportAdmin,
    TypedFieldsMixin,
    collated_column,
    status_badge,
)


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].help_text = _(
            "Empty when not known. A date ahead is scheduled: the status changes on that day."
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
        if formset.model is StatusChange:
            today = timezone.localdate()
            for saved in formset.new_objects + [changed for changed, _fields in formset.changed_objects]:
                if saved.date and saved.date > today:
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
        if agreement.period_uncertain:
            return format_html("{} ({})", _("uncertain"), agreement.period_candidates_name)
        return agreement.period_name or "—"


