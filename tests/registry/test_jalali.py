import datetime

import jdatetime
import pytest
from django.core.exceptions import ValidationError

from registry import jalali
from registry.jalali import DAY, MONTH, YEAR, PartialDate


@pytest.mark.parametrize(
    "text, expected",
    [
        ("۱۳۷۳/۳/۲", PartialDate(datetime.date(1994, 5, 23), DAY)),
        ("1373/03/02", PartialDate(datetime.date(1994, 5, 23), DAY)),
        ("1373-3-2", PartialDate(datetime.date(1994, 5, 23), DAY)),
        ("١٣٧٣/٣/٢", PartialDate(datetime.date(1994, 5, 23), DAY)),
        (" 1373 / 3 / 2 ", PartialDate(datetime.date(1994, 5, 23), DAY)),
        ("بهمن ۱۳۸۰", PartialDate(datetime.date(2002, 1, 21), MONTH)),
        ("Bahman 1380", PartialDate(datetime.date(2002, 1, 21), MONTH)),
        ("1380/11", PartialDate(datetime.date(2002, 1, 21), MONTH)),
        ("1380", PartialDate(datetime.date(2001, 3, 21), YEAR)),
        ("2017-10-18", PartialDate(datetime.date(2017, 10, 18), DAY)),
        ("2017-10", PartialDate(datetime.date(2017, 10, 1), MONTH)),
    ],
)
def test_parse_reads_jalali_and_iso_dates_of_each_precision(text, expected):
    assert jalali.parse(text) == expected


@pytest.mark.parametrize("text", ["", "   ", None])
def test_parse_returns_none_for_an_empty_date(text):
    assert jalali.parse(text) is None


@pytest.mark.parametrize(
    "text, message",
    [
        ("1399/13/01", "no month 13"),
        ("1400/12/30", "has no day 30"),
        ("1373/02/32", "has no day 32"),
        ("1373/3/2/1", "is not a date"),
        ("yesterday", "is not a date"),
        ("Smarch 1380", "unknown month"),
        ("2019-02-29", "is not a valid date"),
    ],
)
def test_parse_rejects_impossible_dates_with_a_message(text, message, english):
    with pytest.raises(ValidationError) as error:
        jalali.parse(text)
    assert message in error.value.messages[0]


@pytest.mark.parametrize(
    "text, message",
    [("1399/13/01", "ماه ۱۳ وجود ندارد"), ("1400/12/30", "ماه ۱۲ سال ۱۴۰۰ روز ۳۰ ندارد")],
)
def test_parse_explains_impossible_dates_in_persian(text, message):
    with pytest.raises(ValidationError) as error:
        jalali.parse(text)
    assert message in error.value.messages[0]


def test_parse_accepts_the_last_day_of_a_leap_year():
    assert jalali.parse("1403/12/30").date == datetime.date(2025, 3, 20)


@pytest.mark.parametrize("year", [1403, 1402])  # a leap and a common year
def test_every_day_of_a_jalali_year_round_trips(year):
    day = jdatetime.date(year, 1, 1)
    seen = 0
    while day.year == year:
        typed = f"{day.year}/{day.month}/{day.day}"
        parsed = jalali.parse(typed)
        assert parsed == PartialDate(day.togregorian(), DAY)
        assert jalali.parse(jalali.format_input(parsed.date)) == parsed
        assert jalali.parse(jalali.format_date(parsed.date, DAY, "fa")) == parsed
        day += datetime.timedelta(days=1)
        seen += 1
    assert seen == (366 if year == 1403 else 365)


@pytest.mark.parametrize(
    "precision, fa, en",
    [
        (DAY, "۱۳۸۰/۱۱/۱", "2002-01-21"),
        (MONTH, "بهمن ۱۳۸۰", "Bahman 1380 (Jan–Feb 2002)"),
        (YEAR, "۱۳۸۰", "1380 SH (2001–2002)"),
    ],
)
def test_format_date_honours_precision_in_each_language(precision, fa, en):
    value = datetime.date(2002, 1, 21)
    assert jalali.format_date(value, precision, "fa") == fa
    assert jalali.format_date(value, precision, "en") == en


@pytest.mark.parametrize("precision", [DAY, MONTH, YEAR])
def test_format_input_parses_back_to_the_same_date_and_precision(precision):
    value = jalali.parse({DAY: "1380/11/01", MONTH: "1380/11", YEAR: "1380"}[precision])
    assert jalali.parse(jalali.format_input(value.date, precision)) == value


def test_year_bounds_span_a_jalali_year_in_gregorian_dates():
    assert jalali.year_bounds(1396) == (datetime.date(2017, 3, 21), datetime.date(2018, 3, 21))


@pytest.mark.parametrize(
    "text, message",
    [
        ("1380/00", "there is no month 0"),
        ("1380/05/00", "there is no day 0"),
        ("1380/00/05", "there is no month 0"),
        ("2001-00-00", "there is no month 0"),
        ("2001-05-00", "there is no day 0"),
        ("۱۳۸۰/۰۰", "there is no month 0"),
    ],
)
def test_parse_rejects_a_zero_month_or_day(text, message, english):
    with pytest.raises(ValidationError) as error:
        jalali.parse(text)
    assert message in error.value.messages[0]


@pytest.mark.parametrize(
    "text, message",
    [("1380/00", "ماه ۰ وجود ندارد"), ("1380/05/00", "روز ۰ وجود ندارد")],
)
def test_parse_explains_a_zero_month_or_day_in_persian_with_persian_digits(text, message):
    with pytest.raises(ValidationError) as error:
        jalali.parse(text)
    assert message in error.value.messages[0]


@pytest.mark.parametrize(
    "value, precision, first, after",
    [
        (datetime.date(2013, 8, 2), MONTH, datetime.date(2013, 7, 23), datetime.date(2013, 8, 23)),  # Mordad 1392
        (datetime.date(2025, 3, 1), MONTH, datetime.date(2025, 2, 19), datetime.date(2025, 3, 21)),  # Esfand 1403, leap
        (datetime.date(2013, 8, 2), YEAR, datetime.date(2013, 3, 21), datetime.date(2014, 3, 21)),
        (datetime.date(2013, 8, 2), DAY, datetime.date(2013, 8, 2), datetime.date(2013, 8, 3)),
    ],
)
def test_span_gives_the_days_a_date_of_a_precision_may_name(value, precision, first, after):
    assert jalali.span(value, precision) == (first, after)
