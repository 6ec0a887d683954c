"""Which administration a signing date of a precision falls in: a day in the
one in office; a month or a year that spans a handover is uncertain, with
both candidates, and never given to either."""

import datetime

import pytest
from django.db.models import Count, Q

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
    signed(text)
    agreement = Agreement.objects.with_period(PRESIDENCY).get()
    assert (agreement.period_slug, agreement.period_candidates) == (slug, candidates.replace(" ", " / ") if candidates else None)
    assert agreement.period_uncertain == bool(candidates)


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("text", ["1392/05/11", "1392/05", "1392", "1393", "1376/05", "1370", "1384/05/12"])
def test_a_timeline_labels_a_date_as_with_period_does_in_sql(presidencies, text, language):
    from django.utils import translation

    signed(text)
    agreement = Agreement.objects.with_period(PRESIDENCY).get()
    with translation.override(language):
        assert Timeline.of().label(agreement.signed_on, agreement.signed_precision) == agreement.period_display


@pytest.mark.parametrize(
    "text, slug, candidates",
    [("1392/05/11", "ahmadinejad", []), ("1392/05", None, ["ahmadinejad", "rouhani"]), ("1392", None, ["ahmadinejad", "rouhani"])],
)
def test_placing_a_date_in_python_agrees_with_the_database(presidencies, text, slug, candidates):
    date = jalali.parse(text)
    period, touched = Timeline.of(PRESIDENCY).place(date.date, date.precision)
    assert (period.slug if period else None, [p.slug for p in touched]) == (slug, candidates)


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
    assert Agreement.objects.with_period(timeline).get().period_slug is None
    assert Agreement.objects.filter(~Q(timeline.uncertain())).count() == 1
