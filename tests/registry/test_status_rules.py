"""The status on a date: the latest status change placed on or before it,
lapsed after an end date unless a change dated after the end renews it;
undated changes placed by the order staff entered them."""

import datetime

import pytest

from registry.models import Agreement, Status, StatusChange
from tests import builders as build

pytestmark = pytest.mark.django_db

D = datetime.date
A, S, L, T, DR = Status.ACTIVE, Status.SUSPENDED, Status.LAPSED, Status.TERMINATED, Status.DRAFT
SIGNED = D(2012, 3, 20)  # 1391/01/01
ENDS = D(2016, 4, 3)  # 1395/01/15


def make(changes, ends_on=None):
    """An agreement with `changes` [(status, date or None)], entered in that order."""
    agreement = build.agreement(status=None, signed_on=SIGNED, ends_on=ends_on)
    for status, date in changes:
        StatusChange.objects.create(agreement=agreement, status=status, date=date)
    return agreement


def status_on(agreement, day):
    found = Agreement.objects.with_status(day).get(pk=agreement.pk)
    return found.current_status, found.status_since, found.ended_by_term


CASES = [
    # (changes in the order entered, ends_on, day, (status, since, ended by its end date))
    pytest.param([(A, SIGNED)], None, D(2020, 1, 1), (A, SIGNED, False), id="active-since-signing"),
    pytest.param([(A, SIGNED)], None, D(2012, 3, 19), (DR, None, False), id="nothing-before-the-first-change"),
    pytest.param([(A, SIGNED), (S, D(2014, 1, 1))], None, D(2015, 1, 1), (S, D(2014, 1, 1), False), id="latest-dated"),
    pytest.param([(A, SIGNED), (S, D(2014, 1, 1))], None, D(2013, 1, 1), (A, SIGNED, False), id="before-a-later-change"),
    pytest.param([(L, D(2015, 1, 1)), (A, SIGNED)], None, D(2020, 1, 1), (L, D(2015, 1, 1), False),
                 id="entered-late-with-an-earlier-date"),
    pytest.param([(A, SIGNED)], ENDS, ENDS, (A, SIGNED, False), id="in-force-on-its-last-day"),
    pytest.param([(A, SIGNED)], ENDS, D(2016, 4, 4), (L, D(2016, 4, 4), True), id="lapsed-the-day-after-its-end"),
    pytest.param([(A, SIGNED)], ENDS, D(2017, 3, 21), (L, D(2016, 4, 4), True), id="lapsed-on-1396-01-01"),
    pytest.param([(A, SIGNED)], ENDS, D(2025, 3, 20), (L, D(2016, 4, 4), True), id="lapsed-on-1403-12-30"),
    pytest.param([(A, SIGNED)], ENDS, D(2030, 1, 1), (L, D(2016, 4, 4), True), id="lapsed-in-2030"),
    pytest.param([(A, SIGNED), (A, D(2016, 6, 1))], ENDS, D(2017, 1, 1), (A, D(2016, 6, 1), False),
                 id="renewed-after-its-end"),
    pytest.param([(A, SIGNED), (A, D(2016, 6, 1))], ENDS, D(2016, 5, 1), (L, D(2016, 4, 4), True),
                 id="lapsed-between-its-end-and-the-renewal"),
    pytest.param([(A, SIGNED), (S, D(2014, 1, 1))], ENDS, D(2017, 1, 1), (L, D(2016, 4, 4), True),
                 id="a-suspended-agreement-lapses-at-its-end-too"),
    pytest.param([(A, SIGNED), (T, D(2014, 1, 1))], ENDS, D(2017, 1, 1), (T, D(2014, 1, 1), False),
                 id="a-terminated-agreement-stays-terminated"),
    pytest.param([(DR, None)], ENDS, D(2017, 1, 1), (DR, None, False), id="a-draft-never-lapses"),
    pytest.param([(A, None)], ENDS, D(2017, 1, 1), (L, D(2016, 4, 4), True),
                 id="an-undated-change-is-not-after-the-end-date"),
    pytest.param([(A, SIGNED), (L, None)], None, D(2020, 1, 1), (L, None, False),
                 id="active-dated-1391-then-undated-lapsed"),
    pytest.param([(A, None), (L, None)], None, D(2020, 1, 1), (L, None, False), id="new-south-wales"),
    pytest.param([(L, None), (A, SIGNED)], None, D(2020, 1, 1), (A, SIGNED, False),
                 id="an-undated-change-entered-first-stays-first"),
    pytest.param([(A, SIGNED), (L, None), (S, D(2010, 1, 1))], None, D(2020, 1, 1), (L, None, False),
                 id="an-earlier-dated-change-entered-later-does-not-jump-an-undated-one"),
    pytest.param([], None, D(2020, 1, 1), (DR, None, False), id="no-change-is-a-draft"),
]


@pytest.mark.parametrize("changes, ends_on, day, expected", CASES)
def test_the_status_on_a_date(changes, ends_on, day, expected):
    assert status_on(make(changes, ends_on), day) == expected


@pytest.mark.parametrize("changes, ends_on, day, expected", CASES)
def test_filtering_by_status_on_a_date_finds_exactly_the_agreement_with_that_status(changes, ends_on, day, expected):
    agreement = make(changes, ends_on)
    found = {status for status in Status.values if Agreement.objects.with_status_of(status, day).filter(pk=agreement.pk)}
    assert found == {expected[0]}
    assert Agreement.objects.in_force(day).filter(pk=agreement.pk).exists() == (expected[0] == A)


@pytest.mark.parametrize(
    "changes, ends_in_days, expected",
    [
        ([(A, SIGNED)], -1, L),
        ([(A, SIGNED)], 0, A),
        ([(A, SIGNED), (S, D(2014, 1, 1))], -1, L),
        ([(A, SIGNED), (L, None)], None, L),
        ([(A, None), (L, None)], None, L),
        ([(L, None), (A, SIGNED)], None, A),
        ([(A, SIGNED), (A, "today")], -1, A),
    ],
)
def test_the_status_today_reads_the_same_rule_as_the_status_on_a_date(changes, ends_in_days, expected, clock):
    today = datetime.date(2025, 6, 15)
    clock(today)
    changes = [(status, today if date == "today" else date) for status, date in changes]
    ends_on = today + datetime.timedelta(days=ends_in_days) if ends_in_days is not None else None
    agreement = make(changes, ends_on)
    now = Agreement.objects.with_status().get(pk=agreement.pk)
    on_today = Agreement.objects.with_status(today).get(pk=agreement.pk)
    assert now.current_status == on_today.current_status == expected
    assert now.status_since == on_today.status_since
    assert [a.pk for a in Agreement.objects.with_status_of(expected)] == [agreement.pk]


def test_the_latest_recorded_change_follows_the_order_staff_entered_undated_changes_in():
    agreement = make([(A, SIGNED), (L, None)])
    agreement.refresh_from_db()
    assert (agreement.recorded_status, agreement.recorded_status_on) == (L, None)


def test_an_agreement_with_no_end_date_stays_active_whatever_the_day():
    agreement = make([(A, SIGNED)])
    assert status_on(agreement, D(2100, 1, 1)) == (A, SIGNED, False)


def test_the_status_reason_names_the_end_date_in_the_users_language(english):
    make([(A, SIGNED)], ENDS)
    assert Agreement.objects.with_status(D(2020, 1, 1)).get().status_reason == "ended on 2016-04-03"


def test_the_status_reason_names_the_end_date_in_jalali_on_persian_pages():
    make([(A, SIGNED)], ENDS)
    assert Agreement.objects.with_status(D(2020, 1, 1)).get().status_reason == "پایان یافته در ۱۳۹۵/۱/۱۵"
