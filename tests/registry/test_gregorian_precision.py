"""jalali.gregorian_precision: a date of the registry at the finest
Gregorian precision that holds every day it may name, never a guess."""

import datetime

import pytest

from registry import jalali


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("1392/12/08", (datetime.date(2014, 2, 27), jalali.DAY)),
        # Bahman 1380: 21 January – 19 February 2002.
        ("1380/11", (datetime.date(2002, 1, 1), jalali.YEAR)),
        # Dey 1380: 22 December 2001 – 20 January 2002, across a Gregorian new year.
        ("1380/10", None),
        # A Jalali year always straddles two Gregorian ones.
        ("1380", None),
    ],
)
def test_a_date_is_given_at_the_gregorian_precision_that_holds_it(typed, expected):
    parsed = jalali.parse(typed)
    assert jalali.gregorian_precision(parsed.date, parsed.precision) == expected


def test_an_unknown_date_stays_unknown():
    assert jalali.gregorian_precision(None, jalali.DAY) is None
