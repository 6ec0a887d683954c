import datetime

from registry import jalali
from registry.forms import JalaliDateField


def test_the_jalali_date_field_cleans_a_typed_date_to_a_partial_date():
    # It used to fail with a 500: CharField's length check measured the cleaned value.
    assert JalaliDateField().clean("۱۳۹۶/۷/۲۶") == jalali.PartialDate(datetime.date(2017, 10, 18), jalali.DAY)


def test_the_jalali_date_field_limits_what_may_be_typed():
    assert JalaliDateField().widget.attrs["maxlength"] == "40"


def test_a_date_shown_and_sent_back_unchanged_is_not_a_change():
    # Otherwise saving an agreement re-saved every status change and filled
    # the audit trail with empty "changed" entries.
    assert not JalaliDateField().has_changed("۱۳۷۳/۰۳/۰۲", "۱۳۷۳/۰۳/۰۲")
    assert not JalaliDateField().has_changed(datetime.date(1994, 5, 23), "1373/3/2")


def test_a_date_typed_differently_is_a_change():
    assert JalaliDateField().has_changed("۱۳۷۳/۰۳/۰۲", "1373/03/03")
    assert JalaliDateField().has_changed(None, "1373/03/03")
    assert JalaliDateField().has_changed("1373/03/02", "1373/13/01")
