"""The registry's figures, counted in the database.

Each function takes a queryset of agreements (already filtered by the public
filter form) and runs a fixed number of queries whatever the number of rows:
the counts per category are conditional aggregates of one query, not loops.
"""


from django.db.models import Case, CharField, Count, IntegerField, Max, Min, Q, Value, When
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


def figures(agreements, timeline=None):
    """Counts of concluded agreements (drafts never count) by administration
    (the periods of `timeline`, a Timeline: the presidency by default),
    continent, signing year, instrument, relationship and status, and the
    administration × continent table: one query per table, eight in all."""
    concluded = agreements.concluded()
    timeline = timeline or Timeline.of()
    periods = timeline.periods
    counts = concluded.aggregate(
        total=Count("pk"),
        undated=Count("pk", filter=Q(signed_on__isnull=True)),
        first=Min("signed_on"),
        last=Max("signed_on"),
    )
    # One row per continent and administration; a month or a year that
    # spans a handover counts in a row of its own ("uncertain"), the undated
    # in theirs, so that the table adds up to the total.
    counts.update({f"period_{period.pk}": 0 for period in periods}, uncertain=0)
    continent_field = "partner__country__continent"
    placed = concluded.annotate(
        period=timeline.period_case(
            lambda period: Value(f"period_{period.pk}"), uncertain="uncertain", output_field=CharField()
        )
    )
    cross_rows = {}
    for row in (
        placed.order_by()
        .values(continent_field, "period")
        .annotate(n=Count("pk"), undated=Count("pk", filter=Q(signed_on__isnull=True)))
    ):
        continent = cross_rows.setdefault(row[continent_field], {"n": 0, "undated": 0})
        continent["n"] += row["n"]
        continent["undated"] += row["undated"]
        if row["period"]:
            continent[row["period"]] = row["n"]
            counts[row["period"]] += row["n"]
    for prefix, rows, field in (
        ("status", concluded.with_status(), "current_status"),
        ("instrument", concluded, "instrument"),
        ("relationship", concluded, "relationship"),
    ):
        for value, count in _grouped(rows, field).items():
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
    years do not start on a Gregorian month, so the database puts each date
    in its year by the years' bounds (a Case, the years in order) and
    counts per year."""
    if first is None:
        return []
    years = range(jalali.to_jalali(first).year, jalali.to_jalali(last).year + 1)
    bounds = {year: jalali.year_bounds(year) for year in years}
    year_of = Case(
        *[When(signed_on__lt=end, then=Value(year)) for year, (_start, end) in bounds.items()],
        output_field=IntegerField(),
    )
    counts = dict.fromkeys(years, 0)
    counts.update(_grouped(concluded.filter(signed_on__isnull=False).annotate(year=year_of), "year"))
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
    concluded = ~Q(current_status=Status.DRAFT)
    return agreements.with_status().aggregate(
        in_force=Count("pk", filter=in_force),
        concluded=Count("pk", filter=concluded),
        countries=Count("partner__country", filter=in_force, distinct=True),
        continents=Count("partner__country__continent", filter=in_force, distinct=True),
        first=Min("signed_on", filter=concluded),
        last=Max("signed_on", filter=concluded),
    )
