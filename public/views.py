"""The public site: read-only pages in Persian and English, and open data."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Avg, Count, F, Max, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from registry.language import localized, supported
from registry.models import PRESIDENCY, Agreement, Partner, Period, Status

from . import charts, opendata, stats
from .throttle import limited_downloads
from .filters import AgreementFilterForm

PAGE_SIZE = 50
LATEST = 6

STATUS_COLOURS = {
    Status.ACTIVE: "#1a7f37",
    Status.SUSPENDED: "#b35c00",
    Status.LAPSED: "#6e7781",
    Status.TERMINATED: "#cf222e",
    Status.DRAFT: "#8250df",
}
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


def _markers(agreements):
    """Map markers, one per partner with coordinates, from agreements that
    carry `period_slug` (with_period). Compact lists, since a map of the
    whole registry carries thousands: [partner id, name, latitude,
    longitude, status, administration, [[agreement id, title, status,
    signing date], …]]; the marker takes its partner's most alive status."""
    partners = {}
    for agreement in agreements:
        partner = agreement.partner
        if not partner.has_coordinates:
            continue
        marker = partners.get(partner.pk)
        if marker is None:
            marker = partners[partner.pk] = [
                partner.pk,
                partner.name,
                float(partner.latitude),
                float(partner.longitude),
                agreement.status,
                agreement.period_slug or "",
                [],
            ]
        elif STATUS_RANK.index(agreement.status) < STATUS_RANK.index(marker[4]):
            marker[4] = agreement.status
        marker[6].append([agreement.pk, agreement.title, agreement.status, agreement.signed_display])
    return list(partners.values())


def _legends(periods):
    status = [
        {
            "key": s.value,
            "label": _("draft — not concluded") if s == Status.DRAFT else str(s.label),
            "colour": STATUS_COLOURS[s],
        }
        for s in STATUS_RANK
    ]
    administration = [
        {"key": p.slug, "label": p.name, "colour": ADMINISTRATION_COLOURS[i % len(ADMINISTRATION_COLOURS)]}
        for i, p in enumerate(periods)
    ]
    administration.append({"key": "", "label": _("no administration (undated)"), "colour": "#ffffff"})
    return {"status": status, "administration": administration}


OUTLINE = "vendor/natural-earth/countries-110m.geojson"


def _home_marker():
    home = settings.HOME_CITY
    return {"name": localized(home["name_fa"], home["name_en"]), "lat": home["latitude"], "lon": home["longitude"]}


def _map_data(agreements, periods, fit=True):
    return {
        "markers": _markers(agreements),
        "legends": _legends(periods),
        "home": _home_marker(),
        "outline": static(OUTLINE),
        # Link patterns: the page fills in each id.
        "urls": {"partner": reverse("partner", args=[0]), "agreement": reverse("agreement", args=[0])},
        "fit": fit,
        "labels": {"home": _("Tehran, the home city"), "agreements": _("agreements")},
    }


def _map_agreements(queryset):
    return queryset.select_related("partner").with_period(PRESIDENCY).order_by("partner_id", "pk")


@require_safe
def home(request):
    public = Agreement.objects.public()
    figures = stats.headline(public)
    latest = list(
        public.concluded()
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
        "colour": STATUS_COLOURS[Status.ACTIVE],
        "home": _home_marker(),
        "outline": static(OUTLINE),
        "fit": True,
        "labels": {"home": _("Tehran, the home city"), "agreements": _("partnerships in force")},
    }


@require_safe
def agreement_list(request):
    form = _filter_form(request)
    queryset = (
        form.filter().select_related("partner__country").with_period(PRESIDENCY).order_by(*form.ordering())
    )
    paginator = Paginator(queryset, PAGE_SIZE)
    messages = form.error_messages()
    number = form.values.get("page") or 1
    if number > paginator.num_pages:
        messages.append(_("There is no page %(number)s; this is the last page.") % {"number": number})
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
    return get_object_or_404(Agreement.objects.public().select_related("partner__country"), pk=pk)


@require_safe
def agreement_detail(request, pk):
    agreement = _public_agreement(pk)
    periods = (
        list(Period.objects.containing(agreement.signed_on).select_related("series").order_by("series_id"))
        if agreement.signed_on
        else []
    )
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
            "history": list(agreement.status_changes.order_by(F("date").asc(nulls_first=True), "pk")),
            "activities": list(agreement.activities.order_by("-date", "-pk")),
            "documents": list(agreement.documents.published().order_by("pk")),
            "accessed": timezone.localdate(),
            "page_url": request.build_absolute_uri(),
        },
    )


@require_safe
def partner_detail(request, pk):
    partner = get_object_or_404(Partner.objects.select_related("country"), pk=pk)
    agreements = list(
        _map_agreements(partner.agreements.public()).order_by(F("signed_on").asc(nulls_last=True), "pk")
    )
    if not agreements:
        # A partner is public through its public agreements only.
        raise Http404
    periods = stats.presidencies()
    return render(
        request,
        "public/partner_detail.html",
        {
            "partner": partner,
            "agreements": agreements,
            "map_data": _map_data(agreements, periods, fit=False),
        },
    )


@require_safe
def map_view(request):
    form = _filter_form(request)
    periods = stats.presidencies()
    agreements = list(_map_agreements(form.filter()))
    data = _map_data(agreements, periods)
    return render(
        request,
        "public/map.html",
        {
            "form": form,
            "notices": form.error_messages(),
            "map_data": data,
            "marker_count": len(data["markers"]),
            "agreement_count": len(agreements),
            "data_query": _query_without(request, "page", "sort"),
        },
    )


@require_safe
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


@require_safe
@limited_downloads
def data_agreements(request, fmt):
    form, invalid = _data_form(request)
    if invalid:
        return _bad_request(request, form)
    base_url = request.build_absolute_uri("/").rstrip("/")
    queryset = opendata.export_queryset(form)
    stamp = timezone.localdate().isoformat()
    if fmt in opendata.TABULAR_FORMATS:
        response = HttpResponse(
            opendata.tabular(queryset, fmt, base_url), content_type=opendata.CONTENT_TYPES[fmt]
        )
        response["Content-Disposition"] = f'attachment; filename="tehran-partnerships-{stamp}.{fmt}"'
        return response
    pattern = opendata.page_pattern()
    records = [opendata.record(a, base_url, pattern) for a in queryset]
    if fmt == "json":
        return JsonResponse(
            {"count": len(records), "columns": opendata.COLUMN_NAMES, "agreements": records},
            json_dumps_params={"ensure_ascii": False},
        )
    if fmt == "geojson":
        response = JsonResponse(
            {"type": "FeatureCollection", "features": [opendata.feature(r) for r in records]},
            json_dumps_params={"ensure_ascii": False},
            content_type="application/geo+json",
        )
        return response
    raise Http404


@require_safe
@limited_downloads
def data_stats(request):
    form, invalid = _data_form(request)
    if invalid:
        return _bad_request(request, form)
    return JsonResponse(
        stats.public_figures(stats.figures(form.filter())), json_dumps_params={"ensure_ascii": False}
    )
