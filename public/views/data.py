"""Open data: the data page, the downloads and stats.json."""

from django.conf import settings
from django.db.models import Max
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from registry.language import request_language
from registry.models import Agreement

from .. import opendata, opendata_sources, stats, stored_downloads
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


def _download_name(fmt):
    if fmt in ("csv", "xlsx"):
        return f"tehran-partnerships-{timezone.localdate().isoformat()}.{fmt}"
    return None


@require_safe
@limited_downloads
def data_agreements(request, fmt):
    if fmt not in DOWNLOADS:
        raise Http404
    if request.GET or not settings.DOWNLOADS_STORED:
        return _filtered_download(request, fmt)
    base_url = request.build_absolute_uri("/").rstrip("/")

    def build():
        return DOWNLOADS[fmt](filter_form(request), base_url)

    return stored_downloads.serve(
        request, f"agreements.{fmt}", build, opendata.CONTENT_TYPES[fmt], _download_name(fmt)
    )


@cached
def _filtered_download(request, fmt):
    """A download with filters: streamed as it is read, holding one of the
    site's places for building downloads until its last byte is built."""
    form, invalid = _data_form(request)
    if invalid:
        return _bad_request(request, form)
    try:
        place = stored_downloads.take_place(f"agreements.{fmt} filtered")
    except stored_downloads.Busy:
        return stored_downloads.busy(request)
    base_url = request.build_absolute_uri("/").rstrip("/")
    chunks = DOWNLOADS[fmt](form, base_url)
    response = StreamingHttpResponse(
        stored_downloads.held(chunks, place), content_type=opendata.CONTENT_TYPES[fmt]
    )
    if _download_name(fmt):
        response["Content-Disposition"] = f'attachment; filename="{_download_name(fmt)}"'
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
