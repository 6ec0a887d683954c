"""Sources, entered once, and the claims that cite them: in lists of their
own, and inline on each agreement (its claims and the notes on why the
registry records what it does)."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from registry.evidence import stated_display
from registry.language import local_digits
from registry.models import Claim, FactNote, Source

from ..evidence_resources import ClaimResource, SourceResource
from ..forms import PartialDateFormMixin, VersionedFormMixin
from .agreements import AgreementAdmin, NamedDeleteFormSet
from .audit import AuditTrailAdmin
from .base import NormalizedSearchMixin, RegistryImportExportAdmin, TypedFieldsMixin


class HttpsURLField(forms.URLField):
    """A link typed without its scheme is taken as https (Django 6's default)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class SourceForm(VersionedFormMixin, PartialDateFormMixin, forms.ModelForm):
    partial_dates = {"published_on": "published_precision", "consulted_on": None}

    class Meta:
        model = Source
        exclude = ["published_precision"]
        widgets = {"internal_notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"url": HttpsURLField}


@admin.register(Source)
class SourceAdmin(NormalizedSearchMixin, RegistryImportExportAdmin):
    resource_classes = [SourceResource]
    form = SourceForm
    list_display = ["title", "kind", "by", "published", "language", "cited_by"]
    list_filter = ["kind", "language"]
    search_fields = ["title", "author", "publisher", "url"]
    autocomplete_fields = ["document"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "author", "publisher", "published_on", "language", "edit_version"]}),
        (_("Where to find it"), {"fields": ["url", "consulted_on", "document"]}),
        (_("Staff only"), {"fields": ["internal_notes"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(agreements_citing=Count("claims__agreement", distinct=True))

    @admin.display(description=_("author or publisher"))
    def by(self, source):
        return source.by or "—"

    @admin.display(description=_("published"), ordering="published_on")
    def published(self, source):
        return source.published_display or "—"

    @admin.display(description=_("agreements citing it"), ordering="agreements_citing")
    def cited_by(self, source):
        return local_digits(source.agreements_citing)


class ClaimForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = ["source", "fact", "value", "locator", "paraphrase", "activity"]
        widgets = {
            "value": forms.TextInput(attrs={"size": 14}),
            "locator": forms.TextInput(attrs={"size": 12}),
            "paraphrase": forms.Textarea(attrs={"rows": 2, "cols": 24}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Named for screen readers where no <label> stands by it (a row of the
        # inline); on the select itself, inside the admin's related-field wrapper.
        for name in ("source", "activity"):
            if name in self.fields:
                widget = self.fields[name].widget
                getattr(widget, "widget", widget).attrs.setdefault("aria-label", str(self.fields[name].label))


class ClaimInline(TypedFieldsMixin, admin.TabularInline):
    model = Claim
    form = ClaimForm
    formset = NamedDeleteFormSet
    autocomplete_fields = ["source"]
    extra = 0
    verbose_name_plural = _("sources and what they state (claims)")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "activity":
            # The agreement's own activities only.
            agreement_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            field.queryset = field.queryset.filter(agreement_id=agreement_id) if agreement_id else field.queryset.none()
        return field

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # A row of the inline fits the page: a source may be added from it,
        # nothing else edited through pop-ups (sources and activities have their own pages).
        wrapper = getattr(field, "widget", None)
        if db_field.name in ("source", "activity") and hasattr(wrapper, "can_change_related"):
            wrapper.can_change_related = wrapper.can_delete_related = wrapper.can_view_related = False
            wrapper.can_add_related = wrapper.can_add_related and db_field.name == "source"
        return field

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


class FactNoteInline(TypedFieldsMixin, admin.TabularInline):
    model = FactNote
    formset = NamedDeleteFormSet
    fields = ["fact", "note_fa", "note_en"]
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("note_fa", "note_en"):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 40})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# The agreement's page lists its claims and notes after its own inlines;
# kept here so that staff/admin/agreements.py need not know about evidence.
AgreementAdmin.inlines = [*AgreementAdmin.inlines, ClaimInline, FactNoteInline]


@admin.register(Claim)
class ClaimAdmin(NormalizedSearchMixin, RegistryImportExportAdmin):
    resource_classes = [ClaimResource]
    form = ClaimForm
    list_display = ["agreement", "fact", "stated", "source", "locator"]
    list_filter = ["fact", "source__kind"]
    list_select_related = ["agreement__partner", "source"]
    autocomplete_fields = ["agreement", "source", "activity"]
    search_fields = ["value", "locator", "paraphrase", "source__title"]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["fields"] = ["agreement", *ClaimForm.Meta.fields]
        return super().get_form(request, obj, **kwargs)

    @admin.display(description=_("value stated"))
    def stated(self, claim):
        return format_html("<bdi>{}</bdi>", stated_display(claim) or "—")


class EvidenceAuditTrailAdmin(AuditTrailAdmin):
    formfield_overrides = {models.URLField: {"form_class": HttpsURLField}}


for tracked in (Source, Claim, FactNote):
    admin.site.register(tracked.history.model, EvidenceAuditTrailAdmin)
