"""The public pages: home, the list, one agreement, one partner, statistics."""

import datetime

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property
from django.db.models import F, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from registry import evidence
from registry.language import local_digits, request_language
from registry.models import CANDIDATES_SEPARATOR, PRESIDENCY, Agreement, Partner, Period, Timeline, period_label

from .. import charts, linked_data, stats
from ..cache import cached
from ..filters import filter_form, query_without
from .maps import administration_key, country_map_data, map_data, partner_details, point_layer

PAGE_SIZE = 50
LATEST = 6


@require_safe
def root(request):
    """/ goes to the visitor's language: their earlier choice (cookie), else
    the browser's Accept-Language, else Persian."""
    language = request_language(request)
    response = HttpResponseRedirect(f"/{language}/")
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response

@require_safe
@cached
def home(request):
    public = Agreement.objects.public()
    figures = stats.headline(public)
    newest = [F("signed_on").desc(nulls_last=True), "-pk"]
    # The newest ids first, then their status: not the status of every row the order ranks.
    latest = list(
        Agreement.objects.filter(pk__in=public.concluded().order_by(*newest).values("pk")[:LATEST])
        .with_status()
        .select_related("partner__country")
        .order_by(*newest)
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
            "map_data": country_map_data(figures["places"]),
        },
    )


class ListPaginator(Paginator):
    """The list's pages. The count is of the filtered rows alone, and a page
    first picks its ids in the list's order, so that the columns a page
    shows (status) are worked out for its fifty rows, not for every row the
    order has to rank. (A window count beside the ids, in one query, was
    slower on both databases: it has every row ranked, where the page alone
    stops at its last row.)"""

    def __init__(self, rows, filtered, ordering, per_page):
        super().__init__(rows, per_page)
        self.filtered, self.ordering = filtered, ordering

    @cached_property
    def count(self):
        return self.filtered.count()

    def page(self, number):
        number = self.validate_number(number)
        first = (number - 1) * self.per_page
        ids = self.filtered.order_by(*self.ordering).values("pk")[first:first + self.per_page]
        return Page(list(self.object_list.filter(pk__in=ids)), number, self)


@require_safe
@cached
def agreement_list(request):
    form = filter_form(request)
    filtered, ordering = form.filter(), form.ordering()
    # Where each row falls among the periods: Timeline.label, for the page's rows.
    queryset = filtered.select_related("partner__country").with_status().order_by(*ordering)
    paginator = ListPaginator(queryset, filtered, ordering, PAGE_SIZE)
    messages = form.error_messages()
    number = form.values.get("page") or 1
    if number > paginator.num_pages:
        messages.append(_("There is no page %(number)s; this is the last page.") % {"number": local_digits(number)})
        number = paginator.num_pages
    page = paginator.page(number)
    timeline = form.timeline()
    for agreement in page:
        agreement.period_label = timeline.label(agreement.signed_on, agreement.signed_precision)
    return render(
        request,
        "public/agreement_list.html",
        {
            "form": form,
            "page": page,
            # Numbers around this page and at both ends, with gaps between.
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            # The page box's hidden fields: the filters, kept as the links keep them.
            "kept_filters": [(name, value) for name, values in request.GET.lists() if name != "page" for value in values],
            "notices": messages,
            "query": query_without(request, "page"),
            "sort_query": query_without(request, "page", "sort"),
            "data_query": query_without(request, "page", "sort"),
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
            names = CANDIDATES_SEPARATOR.join(candidate.name for candidate in candidates)
            periods.append({"series": series, "period": period, "label": period_label(period and period.name, names)})
    # One query for the agreement this one relates to and those under it
    # (without "pk IS NULL" in the OR, which would scan the whole table).
    linked = Q(parent=agreement) | Q(pk=agreement.parent_id) if agreement.parent_id else Q(parent=agreement)
    # Ordered here: a handful of rows, which SQLite would otherwise find by
    # walking the signing-date index through the whole table.
    related = sorted(
        Agreement.objects.public().filter(linked).select_related("partner").order_by(),
        key=lambda a: (a.signed_on is None, a.signed_on or datetime.date.min, a.pk),
    )
    parent = next((a for a in related if a.pk == agreement.parent_id), None)
    children = [a for a in related if a.parent_id == agreement.pk]
    today = timezone.localdate()
    history = list(agreement.status_changes.oldest_first())
    # What its sources state, compared with the record (registry.evidence): two queries.
    claims = list(agreement.claims.select_related("source", "activity").order_by("pk"))
    references = evidence.sources_of(claims)
    numbers = {source.pk: number for number, source in enumerate(references, start=1)}
    for claim in claims:
        claim.reference_number = numbers[claim.source_id]
    return render(
        request,
        "public/agreement_detail.html",
        {
            "agreement": agreement,
            "periods": periods,
            "parent": parent,
            "children": children,
            "history": history,
            "evidence": evidence.compare(agreement, claims, history, agreement.fact_notes.all()),
            "references": references,
            # Dated after today: not yet the status (StatusChange.is_scheduled).
            "scheduled": [change for change in history if change.is_scheduled(today)],
            "activities": list(agreement.activities.order_by("-date", "-pk")),
            "documents": list(agreement.documents.published(today).order_by("pk")),
            "accessed": today,
            "page_url": request.build_absolute_uri(),
            "json_ld": linked_data.script(
                linked_data.agreement_thing(
                    agreement,
                    request.build_absolute_uri(),
                    request.build_absolute_uri(reverse("partner", args=[agreement.partner_id])),
                )
            ),
        },
    )


@require_safe
@cached
def partner_detail(request, pk):
    partner = get_object_or_404(Partner.objects.select_related("country"), pk=pk)
    agreements = list(
        partner.agreements.public().with_status().order_by(F("signed_on").asc(nulls_last=True), "pk")
    )
    if not agreements:
        # A partner is public through its public agreements only.
        raise Http404
    timeline = Timeline.of()
    for agreement in agreements:
        agreement.period_label = timeline.label(agreement.signed_on, agreement.signed_precision)
    points = []
    if partner.has_coordinates:
        rows = [
            (partner.pk, float(partner.latitude), float(partner.longitude), a.current_status,
             administration_key(timeline, a.signed_on, a.signed_precision))
            for a in sorted(agreements, key=lambda a: a.pk)
        ]
        points = point_layer(rows)
    return render(
        request,
        "public/partner_detail.html",
        {
            "partner": partner,
            "agreements": agreements,
            "json_ld": linked_data.script(linked_data.partner_thing(partner, request.build_absolute_uri())),
            "map_data": map_data(
                timeline.periods, fit=False, points=points,
                details={partner.pk: partner_details(partner, agreements)},
            ),
        },
    )


@require_safe
@cached
def statistics(request):
    form = filter_form(request)
    figures = stats.figures(form.filter(), form.timeline())
    return render(
        request,
        "public/statistics.html",
        {
            "form": form,
            "notices": form.error_messages(),
            "figures": figures,
            "charts": charts.statistics_charts(
                figures, rtl=translation.get_language_bidi(),
                series=form.series_chosen if form.series_chosen and form.series_chosen.slug != PRESIDENCY else None,
            ),
            "data_query": query_without(request, "page", "sort"),
        },
    )


