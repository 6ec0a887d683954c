"""Periods and their series."""


from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from registry import jalali
from registry.language import local_digits
from registry.models import (
    Period,
    PeriodSeries,
)

from ..forms import PeriodForm
from .base import AdminScriptsMixin, NormalizedSearchMixin, TypedFieldsMixin


@admin.register(Period)
class PeriodAdmin(AdminScriptsMixin, NormalizedSearchMixin, TypedFieldsMixin, admin.ModelAdmin):
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
class PeriodSeriesAdmin(AdminScriptsMixin, TypedFieldsMixin, admin.ModelAdmin):
    list_display = ["name_fa", "name_en", "slug", "period_count"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(period_count=Count("periods"))

    @admin.display(description=_("periods"), ordering="period_count")
    def period_count(self, series):
        return local_digits(series.period_count)


