"""Which administration a signing date of a precision falls in: a day in the
one in office; a month or a year that spans a handover is uncertain, with
both candidates, and never given to either."""

import datetime

import pytest
from django.db.models import CharField, Count, Q, Value
from hypothesis import given
from hypothesis import strategies as st

from registry import jalali
from registry.models import PRESIDENCY, Agreement, Period, PeriodSeries, Timeline
from tests import builders as build

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def presidencies():
    series = PeriodSeries.objects.create(slug=PRESIDENCY, name_fa="ریاست جمهوری", name_en="Presidency")
    for slug, name_fa, start, end in [
        ("khatami", "خاتمی", "1376/05/12", "1384/05/12"),
        ("ahmadinejad", "احمدی‌نژاد", "1384/05/12", "1392/05/12"),
        ("rouhani", "روحانی", "1392/05/12", "1400/05/12"),
    ]:
        Period.objects.create(
            series=series, slug=slug, name_fa=name_fa, name_en=slug.title(),
            start=jalali.parse(start).date, end=jalali.parse(end).date,
        )
    return series


def signed(text):
    date = jalali.parse(text)
    return build.agreement(signed_on=date.date, signed_precision=date.precision)


@pytest.mark.parametrize(
    "text, slug, candidates",
    [
        ("1392/05/11", "ahmadinejad", None),
        ("1392/05/12", "rouhani", None),
        ("1392/05", None, "ahmadinejad rouhani"),  # Mordad 1392: Rouhani took office on the 12th
        ("1392/04", "ahmadinejad", None),
        ("1392/06", "rouhani", None),
        ("1392", None, "ahmadinejad rouhani"),
        ("1393", "rouhani", None),
        ("بهمن ۱۳۸۰", "khatami", None),  # Quds, in the seed
        ("1376/05", None, "khatami"),  # Khatami took office on the 12th; before him, no period is recorded
        ("1370", None, None),  # before every recorded period
    ],
)
def test_a_signing_date_falls_in_an_administration_by_its_precision(presidencies, text, slug, candidates):
    date = jalali.parse(text)
    period, touched = Timeline.of(PRESIDENCY).place(date.date, date.precision)
    expected = (slug, candidates.split() if candidates else [])
    assert (period and period.slug, [p.slug for p in touched]) == expected


@pytest.mark.parametrize("text", ["1392/05/11", "1392/05/12", "1392/05", "1392", "1393", "1376/05", "1370"])
def test_the_databases_filters_and_map_place_a_date_as_python_does(presidencies, text):
    signed(text)
    timeline = Timeline.of(PRESIDENCY)
    agreement = Agreement.objects.get()
    period, candidates = timeline.place(agreement.signed_on, agreement.signed_precision)
    found = {p.slug for p in timeline.periods if Agreement.objects.filter(timeline.holds(p)).exists()}
    assert found == ({period.slug} if period else set())
    assert Agreement.objects.filter(timeline.uncertain()).exists() == bool(candidates)
    on_the_map = Agreement.objects.annotate(
        key=timeline.period_case(lambda p: Value(p.slug), uncertain="?", output_field=CharField())
    ).get().key
    assert on_the_map == (period.slug if period else "?" if candidates else None)


def the_rule(periods, value, precision):
    """What Timeline's docstring says, read literally: the period that holds
    every day the date may name; else every period one of its days falls in."""
    first, after = jalali.span(value, precision)
    days = [first + datetime.timedelta(days=n) for n in range((after - first).days)]

    def holds(period, day):
        return period.start <= day and (period.end is None or day < period.end)

    whole = [p for p in periods if all(holds(p, day) for day in days)]
    if whole:
        return whole[0].slug, []
    return None, [p.slug for p in periods if any(holds(p, day) for day in days)]


@st.composite
def series_and_date(draw):
    """Periods in order, some with gaps between them, the last perhaps still
    running; and a date of a precision, stored as its first day, within a
    year of a handover, where the rule has something to decide."""
    boundaries = sorted(draw(st.sets(st.dates(D(1980, 1, 1), D(2030, 1, 1)), min_size=2, max_size=8)))
    periods = []
    for n, (start, end) in enumerate(zip(boundaries, boundaries[1:])):
        if draw(st.booleans()) or not periods:
            periods.append(Period(slug=f"p{n}", start=start, end=end))
    if draw(st.booleans()):
        periods[-1].end = None
    day = draw(st.sampled_from(boundaries)) + datetime.timedelta(days=draw(st.integers(-370, 370)))
    precision = draw(st.sampled_from([jalali.YEAR, jalali.MONTH, jalali.DAY]))
    return periods, jalali.span(day, precision)[0], precision


@given(series_and_date())
def test_placing_a_date_follows_the_rule_for_any_series(example):
    periods, value, precision = example
    period, candidates = Timeline(periods).place(value, precision)
    assert (period and period.slug, [p.slug for p in candidates]) == the_rule(periods, value, precision)


def test_an_uncertain_date_is_counted_in_no_administration(presidencies):
    signed("1392/05")
    timeline = Timeline.of(PRESIDENCY)
    counts = Agreement.objects.aggregate(
        **{p.slug: Count("pk", filter=timeline.holds(p)) for p in timeline.periods},
        uncertain=Count("pk", filter=timeline.uncertain()),
    )
    assert counts == {"khatami": 0, "ahmadinejad": 0, "rouhani": 0, "uncertain": 1}


def test_a_series_without_handovers_leaves_every_date_certain(db):
    series = PeriodSeries.objects.create(slug="mayor", name_fa="شهردار", name_en="Mayor")
    Period.objects.create(series=series, slug="m", name_fa="م", name_en="M", start=D(2000, 1, 1))
    build.agreement(signed_on=D(2010, 1, 1))
    timeline = Timeline.of("mayor")
    assert timeline.uncertain_spans == [(jalali.MONTH, D(1999, 12, 22), timeline.periods), (jalali.YEAR, D(1999, 3, 21), timeline.periods)]
    assert Agreement.objects.filter(timeline.uncertain()).count() == 0
    assert Agreement.objects.filter(timeline.holds(timeline.periods[0])).count() == 1


def test_with_no_periods_nothing_is_uncertain_or_placed(db):
    build.agreement(signed_on=D(2010, 1, 1))
    timeline = Timeline([])
    assert Agreement.objects.aggregate(n=Count("pk", filter=timeline.uncertain())) == {"n": 0}
    assert timeline.place(D(2010, 1, 1)) == (None, [])
    assert Agreement.objects.filter(~Q(timeline.uncertain())).count() == 1
