"""Dates with a precision, typed and shown in the Jalali calendar.

A date is stored as a Gregorian `date` plus a precision (day, month or year);
a month- or year-precise date is stored as the first day of its Jalali month or
year, so that it sorts and filters like any other date.
"""

import datetime
import functools
import re
from dataclasses import dataclass

import jdatetime
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .text import for_parsing, normalize
from .language import LocalNumber, local_digits, persian_active

DAY, MONTH, YEAR = "day", "month", "year"

MONTHS_FA = jdatetime.date.j_months_fa
MONTHS_EN = [
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
]
GREGORIAN_MONTHS_EN = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]

# The years a record can name: a typed year below GREGORIAN_FROM is Jalali,
# from it on Gregorian (Jalali years we keep are below 1500, Gregorian ones
# from 1900).
JALALI_YEARS = range(1300, 1500)
GREGORIAN_YEARS = range(1900, 2200)
GREGORIAN_FROM = 1700

_NUMERIC = re.compile(r"^(\d{3,4})(?:[/\-.](\d{1,2})(?:[/\-.](\d{1,2}))?)?$")
_MONTH_NAME = re.compile(r"^(\D+?)\s+(\d{3,4})$")


@dataclass(frozen=True)
class PartialDate:
    date: datetime.date
    precision: str = DAY


def _month_number(name):
    name = for_parsing(name).lower()
    for number, candidates in enumerate(zip(MONTHS_FA, MONTHS_EN), start=1):
        if name in {for_parsing(c).lower() for c in candidates}:
            return number
    return None


def _jalali(year, month, day, text):
    try:
        return jdatetime.date(year, month, day).togregorian()
    except ValueError:
        if not 1 <= month <= 12:
            raise ValidationError(
                _("“%(value)s”: there is no month %(month)s in the Jalali calendar."),
                code="invalid_month",
                params={"value": text, "month": LocalNumber(month)},
            )
        raise ValidationError(
            _("“%(value)s”: month %(month)s of %(year)s has no day %(day)s."),
            code="invalid_day",
            params={"value": text, "year": LocalNumber(year), "month": LocalNumber(month), "day": LocalNumber(day)},
        )


def _gregorian(year, month, day, text):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not a valid date."), code="invalid", params={"value": text}
        )


def parse(text):
    """Parse a Jalali (or Gregorian ISO) date of day, month or year precision.

    Accepts ۱۳۷۳/۳/۲, 1373/03/02, 1373-3-2, بهمن ۱۳۸۰, 1380/11, 1380 and
    2017-10-18; returns None for empty input and raises ValidationError with
    a message for anything else.
    """
    if isinstance(text, datetime.date):
        return PartialDate(text, DAY)
    # Messages echo the date as it was typed, in its own digits (۲۶/۰۷/۱۳۹۶).
    original = normalize(str(text or ""))
    text = for_parsing(original)
    if not text:
        return None
    match = _MONTH_NAME.match(text)
    if match:
        month = _month_number(match.group(1))
        if month is None:
            raise ValidationError(
                _("“%(value)s”: unknown month name."), code="invalid", params={"value": original}
            )
        year = int(match.group(2))
        return PartialDate(_jalali(year, month, 1, original), MONTH)
    match = _NUMERIC.match(text.replace(" ", ""))
    if not match:
        raise ValidationError(
            _("“%(value)s” is not a date. Write it like 1373/03/02, 1380/11 or 1380."),
            code="invalid",
            params={"value": original},
        )
    year, month, day = (int(g) if g else None for g in match.groups())
    if month == 0:
        raise ValidationError(
            _("“%(value)s”: months are numbered from 1 to 12; there is no month 0."),
            code="invalid_month",
            params={"value": original},
        )
    if day == 0:
        raise ValidationError(
            _("“%(value)s”: days are numbered from 1; there is no day 0."),
            code="invalid_day",
            params={"value": original},
        )
    precision = DAY if day else MONTH if month else YEAR
    convert = _gregorian if year >= GREGORIAN_FROM else _jalali
    return PartialDate(convert(year, month or 1, day or 1, original), precision)


@functools.lru_cache(maxsize=8192)
def to_jalali(value):
    # Cached: an export converts the same few thousand dates over and over.
    # The locale given, jdatetime does not ask the process for it each time
    # (the registry names months itself: MONTHS_FA).
    return jdatetime.date.fromgregorian(date=value, locale=jdatetime.FA_LOCALE)


def format_input(value, precision=DAY, language=None):
    """The text a staff member would type for this date: 1380/11, 1373/03/02,
    in Persian digits on Persian pages."""
    if value is None:
        return ""
    j = to_jalali(value)
    if precision == YEAR:
        text = f"{j.year}"
    elif precision == MONTH:
        text = f"{j.year}/{j.month:02d}"
    else:
        text = f"{j.year}/{j.month:02d}/{j.day:02d}"
    return local_digits(text, language)


def format_date(value, precision=DAY, language=None):
    """A date for reading: Jalali with Persian digits in fa, Gregorian in en."""
    if value is None:
        return ""
    if persian_active(language):
        j = to_jalali(value)
        if precision == YEAR:
            text = f"{j.year}"
        elif precision == MONTH:
            text = f"{MONTHS_FA[j.month - 1]} {j.year}"
        else:
            text = f"{j.year}/{j.month}/{j.day}"
        return local_digits(text, language)
    # A Jalali month or year straddles two Gregorian ones: name the Jalali
    # one and the Gregorian span it covers.
    j = to_jalali(value)
    if precision == YEAR:
        first = year_bounds(j.year)[0].year
        return f"{j.year} SH ({first}–{first + 1})"
    if precision == MONTH:
        last = _month_end(j).togregorian()
        first_month = GREGORIAN_MONTHS_EN[value.month - 1][:3]
        last_month = GREGORIAN_MONTHS_EN[last.month - 1][:3]
        years = f"{value.year}" if value.year == last.year else f"{value.year}–{last.year}"
        return f"{MONTHS_EN[j.month - 1]} {j.year} ({first_month}–{last_month} {years})"
    return value.isoformat()


def _month_end(j):
    days = 31 if j.month <= 6 else 30 if j.month <= 11 else 30 if j.isleap() else 29
    return jdatetime.date(j.year, j.month, days)


def year_bounds(year):
    """The first day of a year and the first day of the next, in Gregorian
    dates: a Jalali year below GREGORIAN_FROM, a Gregorian one from it on."""
    if year >= GREGORIAN_FROM:
        return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    return jdatetime.date(year, 1, 1).togregorian(), jdatetime.date(year + 1, 1, 1).togregorian()


def span(value, precision=DAY):
    """The days a date of this precision may name, as [first, next): its
    day, or the Jalali month or year it falls in."""
    if precision == YEAR:
        return year_bounds(to_jalali(value).year)
    if precision == MONTH:
        j = to_jalali(value)
        first = jdatetime.date(j.year, j.month, 1)
        return first.togregorian(), (_month_end(j) + datetime.timedelta(days=1)).togregorian()
    return value, value + datetime.timedelta(days=1)


def gregorian_precision(value, precision=DAY):
    """(first day, "day"/"month"/"year") for the finest Gregorian precision
    that holds every day a date of this precision may name: a Jalali month
    straddles two Gregorian months, so it is given as a Gregorian year when
    it lies in one. None when the date is unknown, or when even a Gregorian
    year cannot hold it (a Jalali year): never a guess."""
    if value is None:
        return None
    first, after = span(value, precision)
    last = after - datetime.timedelta(days=1)
    if first == last:
        return first, DAY
    if (first.year, first.month) == (last.year, last.month):
        return first.replace(day=1), MONTH
    if first.year == last.year:
        return first.replace(month=1, day=1), YEAR
    return None
