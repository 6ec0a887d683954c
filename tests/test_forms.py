import datetime

from registry import jalali
from registry.forms import JalaliDateField


def test_the_jalali_date_field_cleans_a_typed_date_to_a_partial_date():
    # It used to fail with a 500: CharField's length check measured the cleaned value.
    assert JalaliDateField().clean("۱۳۹۶/۷/۲۶") == jalali.PartialDate(datetime.date(2017, 10, 18), jalali.DAY)


def test_the_jalali_date_field_limits_what_may_be_typed():
    assert JalaliDateField().widget.attrs["maxlength"] == "40"
