"""Open data: the data page, the downloads and stats.json."""

from django.db.models import Max
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from registry.language import request_language
from registry.models import Agreement

from .. import opendata, opendata_sources, stats
from ..cache import cached
from ..filters import filter_form
from ..throttle import limited_downloads


@require_safe
@cached
def data_page(request):
    last_change = Agreement.objects.public().aggregate(last=Max("updated_at"))["last"]
    return render(
        request,
        "public/data.html",
        {
            "columns": opendata.COLUMNS,
            "source_columns": opendata_sources.SOURCE_COLUMNS,
            "last_change": last_change,
            "formats": ["csv", "xlsx", "json", "geojson"],
        },
    )


def _bad_request(request, form):
    # Open data has no language prefix: answer in the caller's language
    # (cookie, else Accept-Language, else Persian).
    with translation.override(request_language(request)):
        body = {
            "error": _("Some filters are not valid."),
            "errors": {name: [str(error) for error in errors] for name, errors in form.errors.items()},
        }
    response = JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def _data_form(request):
    form = filter_form(request)
    return form, (form.is_bound and not form.is_valid())


DOWNLOADS = {
    "csv": opendata.csv_stream,
    "xlsx": opendata.xlsx_stream,
    "json": opendata.json_stream,
    "geojson": opendata.geojson_stream,
}


@require_safe
@limited_downloads
@cached
def data_agreements(request, fmt):
    if fmt not in DOWNLOADS:
        raise Http404
    form, invalid = _data_form(request)
    if invalid:
        return _bad_request(request, form)
    base_url = request.build_absolute_uri("/").rstrip("/")
    queryset = opendata.export_queryset(form)
    response = StreamingHttpResponse(DOWNLOADS[fmt](queryset, base_url), content_type=opendata.CONTENT_TYPES[fmt])
    if fmt in ("csv", "xlsx"):
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="tehran-partnerships-{stamp}.{fmt}"'
    return response


@require_safe
@limited_downloads
@cached
def data_stats(request):
    form, invalid = _data_form(request)
    if invalid:
        return _bad_request(request, form)
    return JsonResponse(
        stats.public_figures(stats.figures(form.filter(), form.timeline())), json_dumps_params={"ensure_ascii": False}
    )
