"""The desk's two pages of its own, inside the admin: the gazetteer lookup
that fills a partner's form, and the annual report."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from registry.models import Agreement, Country

from . import gazetteer, reports
from .forms import AnnualReportForm


def gazetteer_lookup(request):
    """Cities matching ?q= from the offline gazetteer, as JSON."""
    if not request.user.has_perm("registry.view_partner"):
        raise PermissionDenied
    places = gazetteer.search(request.GET.get("q", "")[:100])
    names = Country.objects.in_bulk({p.country for p in places})
    results = [
        {**place.as_dict(), "country_name": str(names[place.country]) if place.country in names else place.country}
        for place in places
    ]
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})


def annual_report(request):
    """The annual report for a year: a printable page, or ?format=xlsx."""
    if not request.user.has_perm("registry.view_agreement"):
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
        **admin.site.each_context(request),
        "opts": Agreement._meta,
        "title": report.title if report else _("Annual report"),
        "form": form,
        "report": report,
        "display": report.for_display() if report else None,
        "xlsx_query": f"{request.GET.urlencode()}&format=xlsx" if report else "",
    }
    return TemplateResponse(request, "admin/registry/agreement/annual_report.html", context)
