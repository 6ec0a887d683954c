"""The registry's figures, counted in the database.

Each function takes a queryset of agreements (already filtered by the public
filter form) and runs a fixed number of queries whatever the number of rows:
the counts per category are conditional aggregates of one query, not loops.
"""

import bisect

from django.db.models import Count, Max, Min, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from registry import jalali
from registry.models import Continent, Instrument, Relationship, Status, Timeline

# Antarctica has no cities to twin with; it is listed only if it ever counts.
CONTINENTS = [c for c in Continent if c != Continent.ANTARCTICA]
STATUSES = [s for s in Status if s != Status.DRAFT]
UNCERTAIN = _("uncertain (signed in a month or year that spans a handover)")


def _names(label):
    with translation.override("en"):
        name_en = str(label)
    with translation.override("fa"):
        name_fa = str(label)
    return name_en, name_fa


def _choice_rows(choices, counts, prefix):
    rows = []
    for choice in choices:
        name_en, name_fa = _names(choice.label)
        rows.append(
            {
                "code": choice.value,
                "name_en": name_en,
                "name_fa": name_fa,
                "count": counts[f"{prefix}_{choice.value}"],
            }
        )
    return rows


def _grouped(queryset, field):
    """{value: count} for one column, counted by GROUP BY in the database."""
    rows = queryset.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n")
    return {value: count for value, count in rows}


def figures(agreements):
    """Counts of concluded agreements (drafts never count) by administration,
    continent, signing year, instrument, relationship and status, and the
    administration × continent table: one query per table, eight in all."""
    concluded = agreements.concluded().with_status()
    timeline = Timeline.of()
    periods = timeline.periods
    # A month or a year that spans a handover counts in a row of its own.
    in_period = {f"period_{period.pk}": Count("pk", filter=timeline.holds(period)) for period in periods}
    in_period["uncertain"] = Count("pk", filter=timeline.uncertain())
    counts = concluded.aggregate(
        total=Count("pk"),
        undated=Count("pk", filter=Q(signed_on__isnull=True)),
        first=Min("signed_on"),
        last=Max("signed_on"),
        **in_period,
    )
    continent_field = "partner__country__continent"
    # One row per continent, one column per administration (and one for the
    # undated, so that the table adds up to the total).
    cross_rows = {
        row[continent_field]: row
        for row in concluded.order_by()
        .values(continent_field)
        .annotate(n=Count("pk"), undated=Count("pk", filter=Q(signed_on__isnull=True)), **in_period)
    }
    for prefix, field in (
        ("status", "current_status"),
        ("instrument", "instrument"),
        ("relationship", "relationship"),
    ):
        for value, count in _grouped(concluded, field).items():
            counts[f"{prefix}_{value}"] = count
    for continent, row in cross_rows.items():
        counts[f"continent_{continent}"] = row["n"]
    counts = {
        **{
            f"{p}_{c.value}": 0
            for p, choices in (
                ("status", Status),
                ("instrument", Instrument),
                ("relationship", Relationship),
                ("continent", Continent),
            )
            for c in choices
        },
        **counts,
    }

    continents = CONTINENTS + ([Continent.ANTARCTICA] if counts["continent_AN"] else [])
    by_continent = _choice_rows(continents, counts, "continent")
    if counts.get("continent_None"):
        name_en, name_fa = _names(_("no country (international organisations)"))
        by_continent.append(
            {"code": None, "name_en": name_en, "name_fa": name_fa, "count": counts["continent_None"]}
        )

    by_administration = [
        {
            "slug": period.slug,
            "name_en": period.name_en,
            "name_fa": period.name_fa,
            "start": period.start.isoformat(),
            "end": period.end.isoformat() if period.end else None,
            "count": counts[f"period_{period.pk}"],
        }
        for period in periods
    ]
    cross = [
        {
            "slug": period.slug,
            "name_en": period.name_en,
            "name_fa": period.name_fa,
            "counts": [
                cross_rows.get(continent.value, {}).get(f"period_{period.pk}", 0) for continent in continents
            ],
            "total": counts[f"period_{period.pk}"],
        }
        for period in periods
        if counts[f"period_{period.pk}"]
    ]
    if counts["uncertain"]:
        name_en, name_fa = _names(UNCERTAIN)
        cross.append(
            {
                "slug": None,
                "name_en": name_en,
                "name_fa": name_fa,
                "counts": [cross_rows.get(continent.value, {}).get("uncertain", 0) for continent in continents],
                "total": counts["uncertain"],
            }
        )
    if counts["undated"]:
        name_en, name_fa = _names(_("undated"))
        cross.append(
            {
                "slug": None,
                "name_en": name_en,
                "name_fa": name_fa,
                "counts": [cross_rows.get(continent.value, {}).get("undated", 0) for continent in continents],
                "total": counts["undated"],
            }
        )
    return {
        "total": counts["total"],
        "by_administration": by_administration,
        "uncertain": counts["uncertain"],
        "undated": counts["undated"],
        "by_continent": by_continent,
        "by_year": by_year(concluded, counts["first"], counts["last"]),
        "by_instrument": _choice_rows(Instrument, counts, "instrument"),
        "by_relationship": _choice_rows(Relationship, counts, "relationship"),
        "by_status": _choice_rows(STATUSES, counts, "status"),
        "administration_by_continent": {
            "continents": [row["code"] for row in by_continent if row["code"]],
            "rows": cross,
            "totals": [sum(column) for column in zip(*(row["counts"] for row in cross))],
            "total": sum(row["total"] for row in cross),
        },
    }


def by_year(concluded, first, last):
    """Counts per Jalali year of signing, every year from the first to the
    last one, empty years included so that a timeline has no holes. Jalali
    years do not start on a Gregorian month, so the database counts per
    signing day (one GROUP BY) and the days are put in their years here."""
    if first is None:
        return []
    years = range(jalali.to_jalali(first).year, jalali.to_jalali(last).year + 1)
    bounds = {year: jalali.year_bounds(year) for year in years}
    starts = [start for start, _end in bounds.values()]
    counts = dict.fromkeys(years, 0)
    for day, n in _grouped(concluded.filter(signed_on__isnull=False), "signed_on").items():
        counts[years[bisect.bisect_right(starts, day) - 1]] += n
    return [
        {"year": year, "start": start.isoformat(), "end": end.isoformat(), "count": counts[year]}
        for year, (start, end) in bounds.items()
    ]


def public_figures(data):
    """The figures as /data/stats.json publishes them: the issue's keys."""
    keys = (
        "total",
        "by_administration",
        "uncertain",
        "undated",
        "by_continent",
        "by_year",
        "by_instrument",
        "by_relationship",
        "by_status",
    )
    return {key: data[key] for key in keys}


def headline(agreements):
    """Home-page figures over public agreements: partnerships in force, the
    countries and continents they reach, and the first and latest concluded
    signing dates. One query."""
    in_force = Q(current_status=Status.ACTIVE)
    concluded = ~Q(recorded_status=Status.DRAFT)
    return agreements.with_status().aggregate(
        in_force=Count("pk", filter=in_force),
        concluded=Count("pk", filter=concluded),
        countries=Count("partner__country", filter=in_force, distinct=True),
        continents=Count("partner__country__continent", filter=in_force, distinct=True),
        first=Min("signed_on", filter=concluded),
        last=Max("signed_on", filter=concluded),
    )
