"""The README's rule for the status on a day ("How the registry reads time"),
worked out day by day in plain Python, apart from the code under test
(registry.models.intervals), for tests to compute what they expect."""

import datetime

from registry.models import Status

A, S, L, DR = Status.ACTIVE, Status.SUSPENDED, Status.LAPSED, Status.DRAFT
FIRST = datetime.date(2010, 1, 1)


def placed(history, index):
    """The day the change entered `index`-th is placed on (None: before everything)."""
    date = history[index][1]
    if date is not None:
        return date
    # "right after the latest-dated change entered before it, or before everything when none was"
    return max((d for _s, d in history[:index] if d is not None), default=None)


def in_time(history):
    """The entry indexes in time order; ties to the one entered later."""
    return sorted(range(len(history)), key=lambda i: (placed(history, i) is not None, placed(history, i) or datetime.date.min, i))


def expected_status(history, ends_on, day):
    """(status, date of the change it comes from, ended by its term) on
    `day`, straight from the README's words, for `history` [(status, date)]
    in the order entered."""

    def placed_on(index):
        return placed(history, index)

    known = [i for i in range(len(history)) if placed_on(i) is None or placed_on(i) <= day]
    if not known:
        return DR, None, False  # "no change at all is a draft"
    latest = max(known, key=lambda i: (placed_on(i) is not None, placed_on(i) or datetime.date.min, i))
    status, date = history[latest]
    renewed = any(d is not None and ends_on < d <= day for _s, d in history) if ends_on else False
    if ends_on is not None and ends_on < day and status in (A, S) and not renewed:
        return L, None, True
    return status, date, False
