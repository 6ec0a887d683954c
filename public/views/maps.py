"""The maps: the full map page, its points and popups, and what pages with a
map hand to map.js."""

from django.conf import settings
from django.db.models import CharField, Count, F, FloatField, Q, Value
from django.db.models.functions import Cast, Coalesce
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from registry.language import localized
from registry.models import Partner, Status, Timeline

from ..cache import cached
from ..filters import filter_form, query_without

LATEST = 6


def status_colour(status):
    """The status's colour, as static/status.css sets it (map.js reads it there)."""
    return f"var(--status-{status})"


# One colour per administration, in order: the colour-blind-safe Okabe–Ito
# set first (its yellow gives way to a brown, since yellow marks Tehran),
# then darker and lighter tones of distinct hues, so that the ten
# presidencies since 1980, or a series of mayors as long, never share one.
# Grey (uncertain) and white (undated) stay for the legend's last two rows.
ADMINISTRATION_COLOURS = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#8c564b", "#000000",
    "#7b3294", "#1b7837", "#b2182b", "#35978f", "#f781bf", "#2166ac", "#a6761d", "#66a61e",
    "#e7298a", "#01665e", "#fdae61", "#542788",
]
# When a partner has several agreements, its marker shows the most alive one.
STATUS_RANK = [Status.ACTIVE, Status.SUSPENDED, Status.LAPSED, Status.TERMINATED, Status.DRAFT]
# From this many points on, the map groups nearby markers into clusters.
CLUSTER_FROM = 500

def administration_key(timeline, value, precision):
    """The map's administration code of a signing date (as point_rows()
    gives it from the database): its period's slug, UNCERTAIN, or "" when
    it falls in no period or is unknown."""
    period, candidates = timeline.place(value, precision)
    if period:
        return period.slug
    return UNCERTAIN if candidates else ""


def point_layer(rows):
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


def point_rows(agreements, timeline=None):
    timeline = timeline or Timeline.of()
    # administration_key(), in the database: tens of thousands of rows.
    administration = Coalesce(
        timeline.period_case(lambda period: Value(period.slug), uncertain=UNCERTAIN, output_field=CharField()),
        Value(""),
    )
    # Floats from the database: tens of thousands of Decimals cost more than the query.
    return (
        agreements.filter(partner__latitude__isnull=False)
        .with_status()
        .order_by("partner_id", "pk")
        .values_list(
            "partner_id",
            Cast("partner__latitude", FloatField()),
            Cast("partner__longitude", FloatField()),
            "current_status",
            administration,
        )
    )


def partner_details(partner, agreements):
    """What a marker's popup shows: the partner and its agreements (annotated
    by with_status()), ids, titles, statuses and signing dates."""
    return {
        "id": partner.pk,
        "name": partner.name,
        "agreements": [[a.pk, a.title, a.current_status, a.signed_display] for a in agreements],
    }



UNCERTAIN = "uncertain"


def legends(periods):
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


def home_marker():
    home = settings.HOME_CITY
    return {"name": localized(home["name_fa"], home["name_en"]), "lat": home["latitude"], "lon": home["longitude"]}


# The map's controls in the page's words: Leaflet writes "3000 km", "Zoom in"
# and its own credit in English whatever the page's language.
def control_labels():
    return {
        "km": _("km"), "m": _("m"), "zoom_in": _("Zoom in"), "zoom_out": _("Zoom out"),
        "leaflet": _("A JavaScript library for interactive maps"),
    }


def map_data(periods, fit=True, points=None, points_url=None, details=None, query=""):
    """What map.js draws: the points themselves (a partner's page) or the
    address to fetch them from (the full map), and the popups' details,
    embedded or fetched on click."""
    return {
        "points": points,
        "points_url": points_url,
        "details": details or {},
        "query": query,
        "cluster_from": CLUSTER_FROM,
        "legends": legends(periods),
        "home": home_marker(),
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
            **control_labels(),
        },
    }


def country_map_data(places):
    """The home page's small map: one circle per country, at the mean of its
    partners' coordinates, sized by its partnerships in force, from the rows
    of stats.headline()'s `places`: as many markers as countries however
    large the registry."""
    list_url = reverse("agreements")
    return {
        "kind": "countries",
        "countries": [
            [
                row["partner__country"],
                localized(row["partner__country__name_fa"], row["partner__country__name_en"]),
                float(row["lat"]),
                float(row["lon"]),
                row["placed"],
            ]
            for row in places
        ],
        "list": f"{list_url}?status=active&country=",
        "colour": status_colour(Status.ACTIVE),
        "home": home_marker(),
        "outline": static(OUTLINE),
        "fit": True,
        "labels": {"home": _("Tehran, the home city"), "agreements": _("partnerships in force"), **control_labels()},
    }


@require_safe
@cached
def map_view(request):
    """The map page; its points come from map_points, with the same query string."""
    form = filter_form(request)
    periods = form.timeline().periods
    counts = form.filter().aggregate(
        agreements=Count("pk"),
        partners=Count("partner", distinct=True, filter=Q(partner__latitude__isnull=False)),
    )
    query = query_without(request, "page", "sort")
    points_url = reverse("map-points") + (f"?{query}" if query else "")
    return render(
        request,
        "public/map.html",
        {
            "form": form,
            "notices": form.error_messages(),
            "map_data": map_data(periods, points_url=points_url, query=query),
            "marker_count": counts["partners"],
            "agreement_count": counts["agreements"],
            "data_query": query,
        },
    )


@require_safe
@cached
def map_points(request):
    """The full map's point layer (see point_layer), with the list's filters."""
    form = filter_form(request)
    points = point_layer(point_rows(form.filter(), form.timeline()))
    return JsonResponse({"points": points}, json_dumps_params={"separators": (",", ":")})


@require_safe
@cached
def map_partner(request, pk):
    """One marker's popup: the partner and its agreements that the filters select."""
    form = filter_form(request)
    partner = get_object_or_404(Partner, pk=pk)
    agreements = list(
        form.filter(partner.agreements.all()).with_status().order_by(F("signed_on").asc(nulls_last=True), "pk")
    )
    if not agreements:
        raise Http404
    return JsonResponse(partner_details(partner, agreements), json_dumps_params={"ensure_ascii": False})


