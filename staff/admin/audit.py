"""The audit trails: every recorded change of a model, read-only."""


from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.models import (
    Activity,
    Agreement,
    Document,
    Partner,
    StatusChange,
)

from ..timeline import HISTORY_TYPES, moment_display
from .base import AdminScriptsMixin


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


class AuditTrailAdmin(AdminScriptsMixin, admin.ModelAdmin):
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


