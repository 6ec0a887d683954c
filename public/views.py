"""The public site: read-only pages in Persian and English, and open data."""


from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Avg, Case, CharField, Count, F, FloatField, Max, Q, Value, When
from django.db.models.functions import Cast, Coalesce
from django.http import Http404, HttpResponseRedirect, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from registry.language import local_digits, localized, supported
from registry.models import Agreement, Partner, Period, Status, Timeline

from . import charts, opendata, stats
from .cache import cached
from .throttle import limited_downloads
from .filters import AgreementFilterForm

PAGE_SIZE = 50
LATEST = 6


def status_colour(status):
    """The status's colour, as static/status.css sets it (map.js reads it there)."""
    return f"var(--status-{status})"


# Colour-blind-safe (Okabe–Ito), one per administration in order; its
# yellow gives way to a brown, since yellow marks Tehran on the map.
ADMINISTRATION_COLOURS = [
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#d55e00",
    "#56b4e9",
    "#8c564b",
    "#000000",
]
# When a partner has several agreements, its marker shows the most alive one.
STATUS_RANK = [Status.ACTIVE, Status.SUSPENDED, Status.LAPSED, Status.TERMINATED, Status.DRAFT]
# From this many points on, the map groups nearby markers into clusters.
CLUSTER_FROM = 500



def _filter_form(request):
    return AgreementFilterForm(request.GET or None)


def _query_without(request, *names):
    """The current query string minus some keys, for links that keep filters."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@require_safe
def root(request):
    """/ goes to the visitor's language: their earlier choice (cookie), else
    the browser's Accept-Language, else Persian."""
    language = supported(translation.get_language_from_request(request))
    response = HttpResponseRedirect(f"/{language}/")
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def _administration_key_expression():
    """The map's administration code of an agreement annotated by with_period():
    its period's slug, UNCERTAIN, or "" when undated."""
    return Case(
        When(period_uncertain=True, then=Value(UNCERTAIN)),
        default=Coalesce(F("period_slug"), Value("")),
        output_field=CharField(),
    )


def _points(rows):
    """The map's point layer, one point per partner with coordinates, from
    (partner id, latitude, longitude, status, administration) rows ordered by
    partner and agreement: [partner id, latitude, longitude, status,
    administration], the status its most alive agreement's, the
    administration its first agreement's. Names and agreements come on
    click (map_partner), so that 20,000 partners are a few hundred KB."""
    rank = {status: i for i, status in enumerate(STATUS_RANK)}
    points = {}
    for partner_id, latitude, longitude, status, administration in rows:
        point = points.get(partner_id)
        if point is None:
            # Five decimals are a metre; four (ten metres) are plenty for a map.
            points[partner_id] = [partner_id, round(latitude, 4), round(longitude, 4), status, administration]
        elif rank[status] < rank[point[3]]:
            point[3] = status
    return list(points.values())


def _point_rows(agreements):
    # Floats from the database: tens of thousands of Decimals cost more than the query.
    return (
        agreements.filter(partner__latitude__isnull=False)
        .with_period()
        .with_status()
        .order_by("partner_id", "pk")
        .values_list(
            "partner_id",
            Cast("partner__latitude", FloatField()),
            Cast("partner__longitude", FloatField()),
            "current_status",
            _administration_key_expression(),
        )
    )


def _partner_details(partner, agreements):
    """What a marker's popup shows: the partner and its agreements (annotated
    by with_status()), ids, titles, statuses and signing dates."""
    return {
        "id": partner.pk,
        "name": partner.name,
        "agreements": [[a.pk, a.title, a.current_status, a.signed_display] for a in agreements],
    }



UNCERTAIN = "uncertain"


def _legends(periods):
    status = [
        {
            "key": s.value,
            "label": _("draft — not concluded") if s == Status.DRAFT else str(s.label),
            "colour": status_colour(s),
        }
        for s in STATUS_RANK
    ]
    administration = [
        {"key": p.slug, "label": p.name, "colour": ADMINISTRATION_COLOURS[i % len(ADMINISTRATION_COLOURS)]}
        for i, p in enumerate(periods)
    ]
    administration.append({"key": UNCERTAIN, "label": _("uncertain (a month or year spanning a handover)"), "colour": "#bbbbbb"})
    administration.append({"key": "", "label": _("no administration (undated)"), "colour": "#ffffff"})
    return {"status": status, "administration": administration}


OUTLINE = "vendor/natural-earth/countries-110m.geojson"


def _home_marker():
    home = settings.HOME_CITY
    return {"name": localized(home["name_fa"], home["name_en"]), "lat": home["latitude"], "lon": home["longitude"]}


# The map's scale bar, in the page's words (Leaflet writes "3000 km").
def _scale_labels():
    return {"km": _("km"), "m": _("m")}


def _map_data(periods, fit=True, points=None, points_url=None, details=None, query=""):
    """What map.js draws: the points themselves (a partner's page) or the
    address to fetch them from (the full map), and the popups' details,
    embedded or fetched on click."""
    return {
        "points": points,
        "points_url": points_url,
        "details": details or {},
        "query": query,
        "cluster_from": CLUSTER_FROM,
        "legends": _legends(periods),
        "home": _home_marker(),
        "outline": static(OUTLINE),
        # Link patterns: the page fills in each id.
        "urls": {
            "partner": reverse("partner", args=[0]),
            "agreement": reverse("agreement", args=[0]),
            "details": reverse("map-partner", args=[0]),
        },
        "fit": fit,
        "labels": {
            "home": _("Tehran, the home city"), "agreements": _("agreements"), "loading": _("Loading…"),
            **_scale_labels(),
        },
    }


@require_safe
@cached
def home(request):
    public = Agreement.objects.public()
    figures = stats.headline(public)
    latest = list(
        public.concluded()
        .with_status()
        .select_related("partner__country")
        .order_by(F("signed_on").desc(nulls_last=True), "-pk")[:LATEST]
    )
    first = (
        public.concluded()
        .filter(signed_on__isnull=False)
        .select_related("partner")
        .order_by("signed_on", "pk")
        .first()
    )
    return render(
        request,
        "public/home.html",
        {
            "figures": figures,
            "first": first,
            "latest": latest,
            "map_data": _country_map_data(public.in_force()),
        },
    )


def _country_map_data(agreements):
    """The home page's small map: one circle per country, at the mean of its
    partners' coordinates, sized by its partnerships in force. One grouped
    query, and as many markers as countries however large the registry."""
    rows = (
        agreements.filter(partner__latitude__isnull=False, partner__country__isnull=False)
        .order_by()
        .values("partner__country", "partner__country__name_fa", "partner__country__name_en")
        .annotate(n=Count("pk"), lat=Avg("partner__latitude"), lon=Avg("partner__longitude"))
    )
    list_url = reverse("agreements")
    return {
        "kind": "countries",
        "countries": [
            [
                row["partner__country"],
                localized(row["partner__country__name_fa"], row["partner__country__name_en"]),
                float(row["lat"]),
                float(row["lon"]),
                row["n"],
            ]
            for row in rows
        ],
        "list": f"{list_url}?status=active&country=",
        "colour": status_colour(Status.ACTIVE),
        "home": _home_marker(),
        "outline": static(OUTLINE),
        "fit": True,
        "labels": {"home": _("Tehran, the home city"), "agreements": _("partnerships in force"), **_scale_labels()},
    }


@require_safe
@cached
def agreement_list(request):
    form = _filter_form(request)
    queryset = (
        form.filter()
        .select_related("partner__country")
        .with_period()
        .with_status()
        .order_by(*form.ordering())
    )
    paginator = Paginator(queryset, PAGE_SIZE)
    messages = form.error_messages()
    number = form.values.get("page") or 1
    if number > paginator.num_pages:
        messages.append(_("There is no page %(number)s; this is the last page.") % {"number": local_digits(number)})
        number = paginator.num_pages
    page = paginator.page(number)
    return render(
        request,
        "public/agreement_list.html",
        {
            "form": form,
            "page": page,
            "notices": messages,
            "query": _query_without(request, "page"),
            "sort_query": _query_without(request, "page", "sort"),
            "data_query": _query_without(request, "page", "sort"),
        },
    )


def _public_agreement(pk):
    return get_object_or_404(Agreement.objects.public().with_status().select_related("partner__country"), pk=pk)


@require_safe
@cached
def agreement_detail(request, pk):
    agreement = _public_agreement(pk)
    # Where the signing date falls in each series of periods (one query).
    by_series = {}
    for period in Period.objects.select_related("series").order_by("series_id", "start"):
        by_series.setdefault(period.series, []).append(period)
    periods = []
    for series, series_periods in by_series.items():
        period, candidates = Timeline(series_periods).place(agreement.signed_on, agreement.signed_precision)
        if period or candidates:
            periods.append({"series": series, "period": period, "candidates": candidates})
    # One query for the agreement this one relates to and those under it
    # (without "pk IS NULL" in the OR, which would scan the whole table).
    linked = Q(parent=agreement) | Q(pk=agreement.parent_id) if agreement.parent_id else Q(parent=agreement)
    related = list(Agreement.objects.public().filter(linked).select_related("partner"))
    parent = next((a for a in related if a.pk == agreement.parent_id), None)
    children = [a for a in related if a.parent_id == agreement.pk]
    return render(
        request,
        "public/agreement_detail.html",
        {
            "agreement": agreement,
            "periods": periods,
            "parent": parent,
            "children": children,
            "history": list(agreement.status_changes.oldest_first()),
            "activities": list(agreement.activities.order_by("-date", "-pk")),
            "documents": list(agreement.documents.published().order_by("pk")),
            "accessed": timezone.localdate(),
            "page_url": request.build_absolute_uri(),
        },
    )


@require_safe
@cached
def partner_detail(request, pk):
    partner = get_object_or_404(Partner.objects.select_related("country"), pk=pk)
    timeline = Timeline.of()
    agreements = list(
        partner.agreements.public().with_period(timeline).with_status()
        .annotate(administration_key=_administration_key_expression())
        .order_by(F("signed_on").asc(nulls_last=True), "pk")
    )
    if not agreements:
        # A partner is public through its public agreements only.
        raise Http404
    periods = timeline.periods
    points = []
    if partner.has_coordinates:
        rows = [
            (partner.pk, float(partner.latitude), float(partner.longitude), a.current_status, a.administration_key)
            for a in sorted(agreements, key=lambda a: a.pk)
        ]
        points = _points(rows)
    return render(
        request,
        "public/partner_detail.html",
        {
            "partner": partner,
            "agreements": agreements,
            "map_data": _map_data(
                periods, fit=False, points=points, details={partner.pk: _partner_details(partner, agreements)}
            ),
        },
    )


@require_safe
@cached
def map_view(request):
    """The map page; its points come from map_points, with the same query string."""
    form = _filter_form(request)
    periods = Timeline.of().periods
    counts = form.filter().aggregate(
        agreements=Count("pk"),
        partners=Count("partner", distinct=True, filter=Q(partner__latitude__isnull=False)),
    )
    query = _query_without(request, "page", "sort")
    points_url = reverse("map-points") + (f"?{query}" if query else "")
    return render(
        request,
        "public/map.html",
        {
            "form": form,
            "notices": form.error_messages(),
            "map_data": _map_data(periods, points_url=points_url, query=query),
            "marker_count": counts["partners"],
            "agreement_count": counts["agreements"],
            "data_query": query,
        },
    )


@require_safe
@cached
def map_points(request):
    """The full map's point layer (see _points), with the list's filters."""
    form = _filter_form(request)
    points = _points(_point_rows(form.filter()))
    return JsonResponse({"points": points}, json_dumps_params={"separators": (",", ":")})


@require_safe
@cached
def map_partner(request, pk):
    """One marker's popup: the partner and its agreements that the filters select."""
    form = _filter_form(request)
    partner = get_object_or_404(Partner, pk=pk)
    agreements = list(
        form.filter(partner.agreements.all()).with_status().order_by(F("signed_on").asc(nulls_last=True), "pk")
    )
    if not agreements:
        raise Http404
    return JsonResponse(_partner_details(partner, agreements), json_dumps_params={"ensure_ascii": False})


@require_safe
@cached
def statistics(request):
    form = _filter_form(request)
    figures = stats.figures(form.filter())
    return render(
        request,
        "public/statistics.html",
        {
            "form": form,
            "notices": form.error_messages(),
            "figures": figures,
            "charts": charts.statistics_charts(figures, rtl=translation.get_language_bidi()),
            "data_query": _query_without(request, "page", "sort"),
        },
    )


@require_safe
@cached
def data_page(request):
    last_change = Agreement.objects.public().aggregate(last=Max("updated_at"))["last"]
    return render(
        request,
        "public/data.html",
        {
            "columns": opendata.COLUMNS,
            "last_change": last_change,
            "formats": ["csv", "xlsx", "json", "geojson"],
        },
    )


def _bad_request(request, form):
    # Open data has no language prefix: answer in the caller's language
    # (cookie, else Accept-Language, else Persian).
    with translation.override(supported(translation.get_language_from_request(request))):
        body = {
            "error": _("Some filters are not valid."),
            "errors": {name: [str(error) for error in errors] for name, errors in form.errors.items()},
        }
    response = JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def _data_form(request):
    form = _filter_form(request)
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
        stats.public_figures(stats.figures(form.filter())), json_dumps_params={"ensure_ascii": False}
    )
