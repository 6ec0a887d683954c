"""The annual report the centre hands the council: for a Jalali (or
Gregorian) year, what was in force at its end, what was signed, what
lapsed, was suspended or ended, what was done, and which links sleep.

One `Report` holds the tables; `to_xlsx` and the admin's printable page
render the same tables, so the two never disagree.
"""

import datetime
import functools
from collections import Counter
from dataclasses import dataclass, field

import jdatetime
from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from registry import jalali, spreadsheets
from registry.models import (
    PRESIDENCY, Activity, ActivityKind, Agreement, Continent, PeriodSeries, Status, StatusChange, Timeline,
    name_order,
)
from registry.language import LocalNumber, local_digits, localized, persian_active


@dataclass
class Table:
    title: str
    headers: list
    rows: list = field(default_factory=list)


@dataclass
class Report:
    title: str
    start: datetime.date
    end: datetime.date  # exclusive: the first day of the next year
    dormant_years: int
    totals: list  # (label, number)
    by_continent: Table
    by_administration: Table
    signed: Table
    status_changes: Table
    activities: Table
    dormant: Table

    @property
    def tables(self):
        return [self.by_continent, self.by_administration, self.signed, self.status_changes,
                self.activities, self.dormant]

    @property
    def letterhead(self):
        return letterhead()

    @property
    def prepared_on(self):
        return prepared_on()

    @property
    def signed_count(self):
        return len(self.signed.rows)

    def for_display(self):
        """Totals and tables for the printable page: numbers in Persian
        digits when the page is Persian, like its Jalali dates."""
        def cell(value):
            if isinstance(value, datetime.date):
                return local_digits(date_format(value))
            if isinstance(value, int) and not isinstance(value, bool):
                return local_digits(value)
            return value

        totals = [(label, cell(number)) for label, number in self.totals]
        tables = [Table(t.title, t.headers, [[cell(v) for v in row] for row in t.rows]) for t in self.tables]
        return totals, tables


def letterhead():
    """The municipality's and the centre's names, from settings, in the active language."""
    return [
        localized(settings.MUNICIPALITY_NAME_FA, settings.MUNICIPALITY_NAME_EN),
        localized(settings.CENTRE_NAME_FA, settings.CENTRE_NAME_EN),
    ]


def prepared_on(day=None):
    """"Prepared on" Tehran's day, in Jalali (and Gregorian on English pages)."""
    day = day or timezone.localdate()
    if persian_active():
        return _("Prepared on %(date)s") % {"date": jalali.format_date(day)}
    shown = f"{jalali.format_date(day)} ({jalali.format_date(day, language='fa')})"
    return _("Prepared on %(date)s") % {"date": shown}


def current_jalali_year():
    return jdatetime.date.today().year


def _date(value, precision=jalali.DAY):
    return jalali.format_date(value, precision) if value else "—"


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def dormant_links(in_force, end, years):
    """The links of `in_force` with no activity in the `years` before `end`
    (exclusive), signed before then, with their `last_activity` date: the
    one definition of a dormant link, for the annual report and the desk."""
    since = _years_before(end, years)
    recent = Activity.objects.filter(agreement=OuterRef("pk"), date__gte=since, date__lt=end)
    last_activity = (
        Activity.objects.filter(agreement=OuterRef("pk"), date__lt=end).order_by("-date").values("date")[:1]
    )
    return (
        in_force.filter(Q(signed_on__lt=since) | Q(signed_on__isnull=True))
        .filter(~Exists(recent))
        .annotate(last_activity=Subquery(last_activity))
        .select_related("partner__country")
        # Undated links last on either database, then by partner, in the
        # alphabetical order of the report's language.
        .order_by(F("signed_on").asc(nulls_last=True), name_order("partner"), "pk")
    )


def build(start, end, title, dormant_years=None, series=PRESIDENCY):
    """The report for the span [start, end), counted by the periods of
    `series` (a slug: the presidency, or the mayors' once entered)."""
    dormant_years = dormant_years if dormant_years is not None else settings.DORMANT_YEARS
    last_day = end - datetime.timedelta(days=1)
    in_force = Agreement.objects.in_force(last_day)
    timeline = Timeline.of(series)

    def period_key(signed_on, precision):
        # (the period's slug, uncertain): the rows of the table by period.
        period, candidates = timeline.place(signed_on, precision)
        return period.slug if period else None, bool(candidates)

    heading = _("administration") if series == PRESIDENCY else str(PeriodSeries.objects.get(slug=series))
    signed = (
        Agreement.objects.concluded()
        .filter(signed_on__gte=start, signed_on__lt=end)
        .select_related("partner__country")
        .with_status(last_day)
        .order_by("signed_on", name_order("partner"), "pk")
    )
    changes = (
        StatusChange.objects.filter(date__gte=start, date__lt=end)
        .select_related("agreement__partner")
        .order_by("date", name_order("agreement__partner"), "pk")
    )
    activities = (
        Activity.objects.filter(date__gte=start, date__lt=end)
        .select_related("agreement__partner")
        .order_by("date", name_order("agreement__partner"), "pk")
    )
    dormant = dormant_links(in_force, end, dormant_years)

    # Fixed-term agreements that lapsed during the year by their end date
    # (the lapse is the day after it) and were not renewed by the year's end.
    ended = (
        Agreement.objects.filter(
            ends_on__gte=start - datetime.timedelta(days=1), ends_on__lt=last_day
        )
        .with_status(last_day)
        .filter(ended_by_term=True)
        .select_related("partner")
        .order_by("ends_on", "pk")
    )
    ended = list(ended)
    changed = dict(
        changes.filter(status__in=[Status.LAPSED, Status.SUSPENDED, Status.TERMINATED])
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    continent_names = dict(Continent.choices)
    # The status on a day is the costly part of "in force": asked once, by
    # continent and signing date together; each date placed among the periods here.
    force_by_continent, force_by_period = Counter(), Counter()
    for continent, signed_on, precision, n in (
        in_force.values_list("partner__country__continent", "signed_on", "signed_precision")
        .annotate(n=Count("pk")).order_by()
    ):
        force_by_continent[continent] += n
        force_by_period[period_key(signed_on, precision)] += n
    signed = list(signed)
    signed_by_continent = Counter(a.partner.country.continent if a.partner.country else None for a in signed)
    signed_by_period = Counter(period_key(a.signed_on, a.signed_precision) for a in signed)
    by_continent = Table(
        _("By continent"), [_("continent"), _("in force at the end of the year"), _("signed during the year")]
    )
    for code in [*Continent.values, None]:
        # Oceania's zero is news (the study notes it); an empty Antarctica or
        # an empty "no country" row is not.
        if code in (Continent.ANTARCTICA, None) and not (force_by_continent.get(code) or signed_by_continent.get(code)):
            continue
        label = str(continent_names[code]) if code else _("no country (organisations)")
        by_continent.rows.append([label, force_by_continent.get(code, 0), signed_by_continent.get(code, 0)])

    by_administration = Table(
        _("By administration (of the signing date)") if series == PRESIDENCY
        else _("By period: %(series)s (of the signing date)") % {"series": heading},
        [heading, _("in force at the end of the year"), _("signed during the year")],
    )
    keys = [(period.name, (period.slug, False)) for period in timeline.periods]
    keys += [
        (_("uncertain (signed in a month or year that spans a handover)"), (None, True)),
        (_("date unknown"), (None, False)),
    ]
    for label, key in keys:
        in_force_count, signed_count = force_by_period.get(key, 0), signed_by_period.get(key, 0)
        if in_force_count or signed_count:
            by_administration.rows.append([str(label), in_force_count, signed_count])

    signed_table = Table(
        _("Agreements signed"),
        [_("partner"), _("country"), _("title"), _("instrument"), _("relationship"), _("signed on"),
         _("signed on (Gregorian)"), heading, _("status")],
    )
    for agreement in signed:
        country = agreement.partner.country
        signed_table.rows.append([
            str(agreement.partner), str(country) if country else "—", agreement.title,
            agreement.get_instrument_display(), agreement.get_relationship_display(),
            agreement.signed_display, agreement.signed_on,
            timeline.label(agreement.signed_on, agreement.signed_precision) or "—",
            agreement.get_current_status_display(),
        ])

    change_table = Table(
        _("Status changes"),
        [_("date"), _("date (Gregorian)"), _("partner"), _("agreement"), _("status"), _("decided by"), _("reason")],
    )
    # Tens of thousands of rows at full scale: read as plain values, each
    # date and label worked out once.
    date_shown = functools.lru_cache(maxsize=None)(lambda value, precision=jalali.DAY: _date(value, precision))
    statuses, kinds = dict(Status.choices), dict(ActivityKind.choices)

    # By date; on one day, in the order the query gives (partners alphabetically).
    rows = [
        (date, 1, order, [
            date_shown(date, precision), date, localized(partner_fa, partner_en), localized(title_fa, title_en),
            str(statuses[status]), decided_by, localized(reason, reason_en),
        ])
        for order, (date, precision, partner_fa, partner_en, title_fa, title_en, status, decided_by, reason,
                    reason_en) in enumerate(changes.values_list(
                        "date", "precision", "agreement__partner__name_fa", "agreement__partner__name_en",
                        "agreement__title_fa", "agreement__title_en", "status", "decided_by", "reason",
                        "reason_en"))
    ]
    rows += [
        (agreement.status_since, 0, order, [
            agreement.status_since_display, agreement.status_since, str(agreement.partner), agreement.title,
            agreement.get_current_status_display(), "", agreement.status_reason,
        ])
        for order, agreement in enumerate(ended)
    ]
    change_table.rows = [row for *_key, row in sorted(rows, key=lambda r: r[:3])]

    activity_table = Table(
        _("Activities"), [_("date"), _("date (Gregorian)"), _("partner"), _("agreement"), _("kind"), _("description")]
    )
    for date, precision, partner_fa, partner_en, title_fa, title_en, kind, description_fa, description_en in (
        activities.values_list("date", "precision", "agreement__partner__name_fa", "agreement__partner__name_en",
                               "agreement__title_fa", "agreement__title_en", "kind", "description_fa",
                               "description_en")
    ):
        activity_table.rows.append([
            date_shown(date, precision), date, localized(partner_fa, partner_en), localized(title_fa, title_en),
            str(kinds[kind]), localized(description_fa, description_en),
        ])

    dormant_table = Table(
        _("Dormant links"),
        [_("partner"), _("country"), _("title"), _("signed on"), _("last activity")],
    )
    for (partner_fa, partner_en, country_fa, country_en, title_fa, title_en, signed_on, signed_precision,
         last_activity) in dormant.values_list(
            "partner__name_fa", "partner__name_en", "partner__country__name_fa", "partner__country__name_en",
            "title_fa", "title_en", "signed_on", "signed_precision", "last_activity"):
        dormant_table.rows.append([
            localized(partner_fa, partner_en), localized(country_fa, country_en) or "—",
            localized(title_fa, title_en), date_shown(signed_on, signed_precision) if signed_on else "—",
            date_shown(last_activity) if last_activity else _("none recorded"),
        ])

    totals = [
        # Every agreement in force has one continent, or none: the grouped counts add up to the total.
        (_("In force at the end of the year"), sum(force_by_continent.values())),
        (_("Signed during the year"), len(signed_table.rows)),
        (_("Lapsed during the year"), changed.get(Status.LAPSED, 0) + len(ended)),
        (_("Suspended during the year"), changed.get(Status.SUSPENDED, 0)),
        (_("Terminated during the year"), changed.get(Status.TERMINATED, 0)),
        (_("Activities during the year"), len(activity_table.rows)),
        (
            _("Dormant links (in force, no activity for %(years)s years)") % {"years": LocalNumber(dormant_years)},
            len(dormant_table.rows),
        ),
    ]

    return Report(
        title=title, start=start, end=end, dormant_years=dormant_years, totals=totals,
        by_continent=by_continent, by_administration=by_administration, signed=signed_table,
        status_changes=change_table, activities=activity_table, dormant=dormant_table,
    )


def for_jalali_year(year, dormant_years=None, series=PRESIDENCY):
    start, end = jalali.year_bounds(year)
    title = _("Annual report of Tehran's international partnerships, year %(year)s") % {
        "year": local_digits(year) if persian_active() else f"{year} SH"
    }
    return build(start, end, title, dormant_years, series)


def for_gregorian_year(year, dormant_years=None, series=PRESIDENCY):
    start, end = jalali.year_bounds(year)
    title = _("Annual report of Tehran's international partnerships, year %(year)s") % {"year": year}
    return build(start, end, title, dormant_years, series)


# ---------------------------------------------------------------- XLSX


def to_xlsx(report):
    """The report as XLSX bytes: a summary sheet under the letterhead, then
    one sheet per list; every cell and sheet through the registry's cell
    policy (registry.spreadsheets: right to left in Persian, header frozen,
    columns fitted), streamed as it is written."""
    from openpyxl.styles import Alignment, Font

    title_font = Font(bold=True, size=14)
    centred = Alignment(horizontal="center")
    book = spreadsheets.workbook()

    def table_rows(ws, table):
        yield spreadsheets.bold(ws, table.headers)
        for values in table.rows:
            yield [
                spreadsheets.styled(ws, value, number_format="yyyy-mm-dd", alignment=centred)
                if isinstance(value, datetime.date) else spreadsheets.cell(value)
                for value in values
            ]

    summary = [
        *([line] for line in letterhead()),
        [report.title],
        [_("From %(start)s to %(end)s (inclusive)") % {
            "start": _date(report.start), "end": _date(report.end - datetime.timedelta(days=1))}],
        [prepared_on()],
        [],
        *([label, number] for label, number in report.totals),
    ]
    tables = (report.by_continent, report.by_administration)
    # The titles may overflow their column; the tables must not.
    fitted = [*([label, number] for label, number in report.totals),
              *(row for table in tables for row in [table.headers, *table.rows])]
    ws = spreadsheets.add_sheet(book, _("Summary"), fitted, frozen_header=False)
    heading = len(letterhead())
    for number, values in enumerate(summary):
        if number < heading:
            ws.append(spreadsheets.bold(ws, values))
        elif number == heading:
            ws.append([spreadsheets.styled(ws, values[0], font=title_font)])
        elif len(values) == 2:
            ws.append([spreadsheets.cell(values[0]), *spreadsheets.bold(ws, values[1:])])
        else:
            ws.append([spreadsheets.cell(value) for value in values])
    for table in tables:
        ws.append([])
        ws.append([spreadsheets.styled(ws, table.title, font=title_font)])
        for values in table_rows(ws, table):
            ws.append(values)

    for table in (report.signed, report.status_changes, report.activities, report.dormant):
        ws = spreadsheets.add_sheet(book, table.title, [table.headers, *table.rows])
        for values in table_rows(ws, table):
            ws.append(values)
    return spreadsheets.saved(book)
