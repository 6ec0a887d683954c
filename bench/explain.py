"""EXPLAIN ANALYZE of the heavy public queries, on the bench's database
(bench/scale.py runs it on PostgreSQL and keeps the plans in bench/plans-postgresql.txt)."""

import datetime

import django

django.setup()

from django.db.models import Count, F, Q  # noqa: E402

from public import opendata, stats  # noqa: E402
from public.filters import AgreementFilterForm  # noqa: E402
from public.views.maps import point_rows  # noqa: E402
from registry.models import Agreement, Status, Timeline  # noqa: E402


def form(query):
    return AgreementFilterForm(query or None)


def plans():
    in_force = form({"in_force_on": "1395/01/01"})
    listed = in_force.filter().select_related("partner__country").with_status()
    yield "list, in force on a date: count", in_force.filter().order_by()
    yield "list, in force on a date: page 1", listed.order_by(*in_force.ordering())[:50]
    by_partner = form({"sort": "partner"})
    yield "list, page 100 sorted by partner", (
        by_partner.filter().select_related("partner__country").with_status()
        .order_by(*by_partner.ordering())[4950:5000]
    )
    yield "list, page 1, newest first", (
        Agreement.objects.public().select_related("partner__country").with_status()
        .order_by(F("signed_on").desc(nulls_last=True), "-pk")[:50]
    )
    yield "filter form: countries with a public partnership", form({}).fields["country"].queryset
    yield "statistics: the figures' one grouped pass", stats.figure_groups(form({}).filter(), Timeline.of())
    yield "home: figures and countries in force", (
        Agreement.objects.public().with_status().order_by("partner__country").values("partner__country")
        .annotate(n=Count("pk", filter=Q(current_status=Status.ACTIVE)))
    )
    yield "map points, everything", point_rows(form({}).filter())
    yield "open data, everything", opendata.export_queryset(form({}))
    yield "annual report: in force on the last day", Agreement.objects.in_force(datetime.date(2025, 3, 20))


def main():
    for title, queryset in plans():
        print(f"=== {title}\n{queryset.explain(analyze=True)}\n", flush=True)


if __name__ == "__main__":
    main()
