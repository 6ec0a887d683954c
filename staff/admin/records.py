"""Activities and documents in lists of their own."""


from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.models import (
    Activity,
    Document,
)

from ..resources import ActivityResource
from ..forms import ActivityForm, ScanInput
from .agreements import document_link
from .base import NormalizedSearchMixin, ReadOnlyHistoryAdmin, RegistryImportExportAdmin, TypedFieldsMixin


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


