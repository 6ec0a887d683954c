"""The registry's figures, counted in the database.

Each function takes a queryset of agreements (already filtered by the public
filter form) and runs a fixed number of queries whatever the number of rows:
the counts per category are conditional aggregates of one query, not loops.
"""


from django.db.models import Avg, Case, CharField, Count, IntegerField, Max, Min, Q, Value, When
from django.utils.translation import gettext_lazy as _

from registry import jalali
from registry.language import in_each_language
from registry.models import Agreement, Continent, Instrument, Relationship, Status, Timeline

# Antarctica has no cities to twin with; it is listed only if it ever counts.
CONTINENTS = [c for c in Continent if c != Continent.ANTARCTICA]
STATUSES = [s for s in Status if s != Status.DRAFT]
UNCERTAIN = _("uncertain (signed in a month or year that spans a handover)")


def _choice_rows(choices, counts, prefix):
    rows = []
    for choice in choices:
        name_en, name_fa = in_each_language(choice.label)
        rows.append(
            {
                "code": choice.value,
                "name_en": name_en,
                "name_fa": name_fa,
                "count": counts[f"{prefix}_{choice.value}"],
            }
        )
    return rows


# The tables counted alongside the administration × continent one, in the
# same pass over the rows: (prefix, column, choices).
CATEGORIES = [
    ("status", "current_status", STATUSES),
    ("instrument", "instrument", Instrument),
    ("relationship", "relationship", Relationship),
]


def figure_groups(agreements, timeline):
    """The one query of figures(): the concluded agreements grouped by
    continent, administration and year, with the other tables as
    conditional counts of each group. A month or a year that spans a
    handover counts in an administration of its own ("uncertain"), the
    undated (no year) in theirs, so that the administration × continent
    table adds up to the total."""
    categories = {
        f"{prefix}_{choice.value}": Count("pk", filter=Q(**{field: choice.value}))
        for prefix, field, choices in CATEGORIES
        for choice in choices
    }
    return (
        agreements.concluded()
        .with_status()
        .annotate(
            period=timeline.period_case(
                lambda period: Value(f"period_{period.pk}"), uncertain="uncertain", output_field=CharField()
            ),
            year=_year_of_signing(),
        )
        .order_by()
        .values("partner__country__continent", "period", "year")
        .annotate(n=Count("pk"), **categories)
    )


def figures(agreements, timeline=None):
    """Counts of concluded agreements (drafts never count) by administration
    (the periods of `timeline`, a Timeline: the presidency by default),
    continent, signing year, instrument, relationship and status, and the
    administration × continent table. One pass over the rows whatever the
    filters: grouped by continent, administration and year, with the other
    tables as conditional counts of each group (and a look at the signing
    dates' index for the range of years)."""
    timeline = timeline or Timeline.of()
    periods = timeline.periods
    groups = figure_groups(agreements, timeline)
    categories = [f"{prefix}_{choice.value}" for prefix, _field, choices in CATEGORIES for choice in choices]
    continent_field = "partner__country__continent"
    counts = {
        **{f"{p}_{c.value}": 0 for p, choices in (("status", Status), ("continent", Continent)) for c in choices},
        **dict.fromkeys(categories, 0),
        **{f"period_{period.pk}": 0 for period in periods},
        "total": 0,
        "undated": 0,
        "uncertain": 0,
    }
    cross_rows, years = {}, {}
    for row in groups:
        n = row["n"]
        continent = cross_rows.setdefault(row[continent_field], {"n": 0, "undated": 0})
        continent["n"] += n
        if row["year"] is None:
            continent["undated"] += n
            counts["undated"] += n
        else:
            years[row["year"]] = years.get(row["year"], 0) + n
        if row["period"]:
            continent[row["period"]] = continent.get(row["period"], 0) + n
            counts[row["period"]] += n
        counts["total"] += n
        for key in categories:
            counts[key] += row[key]
    for continent, row in cross_rows.items():
        counts[f"continent_{continent}"] = row["n"]

    continents = CONTINENTS + ([Continent.ANTARCTICA] if counts["continent_AN"] else [])
    by_continent = _choice_rows(continents, counts, "continent")
    if counts.get("continent_None"):
        name_en, name_fa = in_each_language(_("no country (international organisations)"))
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
        name_en, name_fa = in_each_language(UNCERTAIN)
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
        name_en, name_fa = in_each_language(_("undated"))
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
        "by_year": by_year(years),
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


def _year_of_signing():
    """Case: the Jalali year of signing (NULL when undated). Jalali years do
    not start on a Gregorian month, so the database places each date among
    the years' bounds, from the first signing year in the registry to the
    last, halving them (a few comparisons a row, not one per year)."""
    span = Agreement.objects.aggregate(first=Min("signed_on"), last=Max("signed_on"))
    if span["first"] is None:
        return Value(None, output_field=IntegerField())
    years = range(jalali.to_jalali(span["first"]).year, jalali.to_jalali(span["last"]).year + 1)

    def among(years):
        if len(years) == 1:
            return Value(years[0])
        middle = len(years) // 2
        return Case(
            When(signed_on__lt=jalali.year_bounds(years[middle])[0], then=among(years[:middle])),
            default=among(years[middle:]),
            output_field=IntegerField(),
        )

    return Case(When(signed_on__isnull=False, then=among(years)), default=None, output_field=IntegerField())


def by_year(counts):
    """Counts per Jalali year of signing ({year: count}), every year from the
    first to the last, empty years included so that a timeline has no holes."""
    if not counts:
        return []
    years = range(min(counts), max(counts) + 1)
    rows = []
    for year in years:
        start, end = jalali.year_bounds(year)
        rows.append({"year": year, "start": start.isoformat(), "end": end.isoformat(), "count": counts.get(year, 0)})
    return rows


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
    signing dates; and `places`, for the home page's map, the countries with
    partnerships in force at partners on the map, each with their number
    (`placed`) and mean position (`lat`, `lon`), in the order of their codes.
    One query, a row per country and status: the status is worked out once a
    row, not once per figure."""
    country = "partner__country"
    on_map = Q(partner__latitude__isnull=False)
    rows = (
        agreements.with_status()
        .order_by()
        .values(country, "partner__country__continent", "partner__country__name_fa", "partner__country__name_en",
                "current_status")
        .annotate(
            n=Count("pk"),
            first=Min("signed_on"),
            last=Max("signed_on"),
            placed=Count("pk", filter=on_map),
            lat=Avg("partner__latitude", filter=on_map),
            lon=Avg("partner__longitude", filter=on_map),
        )
    )
    in_force, concluded = [], []
    for row in rows:
        if row["current_status"] == Status.ACTIVE:
            in_force.append(row)
        if row["current_status"] != Status.DRAFT:
            concluded.append(row)
    return {
        "in_force": sum(row["n"] for row in in_force),
        "concluded": sum(row["n"] for row in concluded),
        "countries": len({row[country] for row in in_force} - {None}),
        "continents": len({row["partner__country__continent"] for row in in_force} - {None}),
        "first": min((row["first"] for row in concluded if row["first"]), default=None),
        "last": max((row["last"] for row in concluded if row["last"]), default=None),
        "places": sorted(
            (row for row in in_force if row[country] is not None and row["placed"]), key=lambda row: row[country]
        ),
    }
