"""The status intervals against the rule, worked out here day by day from
the README ("How the registry reads time") for random histories: dated and
undated changes, month and year precision, end dates, renewals, and changes
dated ahead of the day asked about (scheduled)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.models import (
    BEGINNING, FOREVER, Agreement, Status, StatusChange, StatusInterval, Why, sync_statuses,
)
from tests import builders as build
from tests.status_rule import FIRST, expected_status, in_time

pytestmark = pytest.mark.django_db

A, DR = Status.ACTIVE, Status.DRAFT
ONE_DAY = datetime.timedelta(days=1)


@st.composite
def dates(draw):
    """A day in a few years (so that changes share days and end dates), or
    the first day of a month or a year, as a partial date is stored."""
    day = FIRST + datetime.timedelta(days=draw(st.integers(0, 6 * 365)))
    precision = draw(st.sampled_from(["day", "day", "month", "year"]))
    if precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = day.replace(month=1, day=1)
    return day, precision


changes = st.lists(
    st.tuples(st.sampled_from(Status.values), st.one_of(st.none(), dates())), max_size=6
)
end_dates = st.one_of(st.none(), dates().map(lambda pair: pair[0]))


def days_to_check(history, ends_on):
    """Every day where the answer can turn, and the days either side."""
    turns = {FIRST - ONE_DAY, datetime.date(2030, 1, 1)}
    for day in [d for _s, d in history if d] + ([ends_on] if ends_on else []):
        turns |= {day - ONE_DAY, day, day + ONE_DAY, day + 2 * ONE_DAY}
    return sorted(turns)


def recorded(history, ends_on):
    agreement = build.agreement(status=None, signed_on=None, ends_on=ends_on)
    StatusChange.objects.bulk_create(
        StatusChange(agreement=agreement, status=status, date=date[0] if date else None,
                     precision=date[1] if date else "day")
        for status, date in history
    )
    sync_statuses([agreement.pk])
    return agreement, [(status, date[0] if date else None) for status, date in history]


@given(history=changes, ends_on=end_dates)
def test_the_interval_table_holds_the_status_the_rule_gives_on_every_day(history, ends_on):
    agreement, history = recorded(history, ends_on)
    rows = list(StatusInterval.objects.filter(agreement=agreement).order_by("start"))
    # The intervals cover all time, one after the other, without gaps.
    assert rows[0].start == BEGINNING and rows[-1].end == FOREVER
    assert all(before.end == after.start for before, after in zip(rows, rows[1:]))
    # The agreement's own copy of the last one, which answers for every day in it.
    agreement.refresh_from_db()
    last = rows[-1]
    assert (agreement.final_status, agreement.final_status_from, agreement.final_status_why,
            agreement.final_status_changed_on) == (last.status, last.start, last.why, last.changed_on)
    for day in days_to_check(history, ends_on):
        (row,) = [r for r in rows if r.start <= day < r.end]
        assert (row.status, row.changed_on, row.why == Why.END_DATE) == expected_status(history, ends_on, day), day


@given(history=changes, ends_on=end_dates)
def test_every_reader_of_the_status_on_a_day_agrees_with_the_rule(history, ends_on):
    agreement, history = recorded(history, ends_on)
    for day in days_to_check(history, ends_on)[::3]:
        status, changed_on, ended = expected_status(history, ends_on, day)
        found = Agreement.objects.with_status(day).get(pk=agreement.pk)
        assert (found.current_status, found.status_changed_on, found.ended_by_term) == (status, changed_on, ended)
        assert found.status_since == (ends_on + ONE_DAY if ended else changed_on)
        chosen = {s for s in Status.values if Agreement.objects.with_status_of(s, day).filter(pk=agreement.pk)}
        assert chosen == {status}
        assert Agreement.objects.in_force(day).filter(pk=agreement.pk).exists() == (status == A)
        assert Agreement.objects.concluded(day).filter(pk=agreement.pk).exists() == (status != DR)


@given(history=changes, ends_on=end_dates)
def test_the_latest_recorded_change_and_the_shown_order_follow_the_same_placing(history, ends_on):
    agreement, history = recorded(history, ends_on)
    agreement.refresh_from_db()
    ordered = [history[i] for i in in_time(history)]
    assert (agreement.recorded_status, agreement.recorded_status_on) == (ordered[-1] if ordered else (DR, None))
    # The history as pages and the admin show it, ordered in SQL.
    assert [(c.status, c.date) for c in agreement.status_changes.oldest_first()] == ordered


WRITTEN = [
    "recorded_status", "recorded_status_on", "recorded_status_precision", "final_status", "final_status_from",
    "final_status_why", "final_status_changed_on", "final_status_precision", "version",
]


@given(histories=st.lists(st.tuples(changes, end_dates), min_size=2, max_size=5))
def test_agreements_synced_together_are_written_as_each_synced_alone(histories):
    # An import syncs its rows together, an edit one agreement: two ways of writing.
    made = [recorded(history, ends_on)[0] for history, ends_on in histories]
    ids = [agreement.pk for agreement in made]
    rows = Agreement.objects.filter(pk__in=ids).order_by("pk")
    before = list(rows.values_list("version", flat=True))
    for agreement in made:
        sync_statuses([agreement.pk])
    alone = list(rows.values_list(*WRITTEN))
    # Nothing any history gives, so that what is read next was written again.
    long_ago = datetime.date(1900, 1, 1)
    rows.update(recorded_status=Status.TERMINATED, recorded_status_on=long_ago, recorded_status_precision="year",
                final_status=Status.SUSPENDED, final_status_from=long_ago, final_status_why=Why.NOTHING,
                final_status_changed_on=long_ago, final_status_precision="year")
    sync_statuses(ids)
    together = list(rows.values_list(*WRITTEN))
    # Each a new edit version, once for each sync.
    assert [row[-1] for row in alone] == [version + 1 for version in before]
    assert [row[-1] for row in together] == [version + 2 for version in before]
    assert [row[:-1] for row in together] == [row[:-1] for row in alone]
