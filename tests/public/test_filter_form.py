import datetime

import pytest
from django.core.exceptions import ValidationError

from public.filters import AgreementFilterForm
from registry import jalali
from registry.forms import JalaliDateField

pytestmark = pytest.mark.django_db


def test_a_jalali_date_field_cleans_a_date_typed_in_persian_digits():
    assert JalaliDateField().clean("۱۳۷۳/۳/۲").date == datetime.date(1994, 5, 23)


def test_a_jalali_date_field_refuses_overlong_text_with_a_message():
    with pytest.raises(ValidationError) as raised:
        JalaliDateField().clean("1" * 41)
    assert raised.value.code == "max_length"


def test_a_year_box_reads_small_years_as_jalali_and_large_ones_as_gregorian():
    assert jalali.year_bounds(1380) == (datetime.date(2001, 3, 21), datetime.date(2002, 3, 21))
    assert jalali.year_bounds(2001) == (datetime.date(2001, 1, 1), datetime.date(2002, 1, 1))


@pytest.mark.parametrize("year_from, year_to", [("1380", "1380"), ("2001", "1380"), ("1380", "2002")])
def test_a_year_range_may_mix_calendars(year_from, year_to):
    assert AgreementFilterForm({"year_from": year_from, "year_to": year_to}).is_valid()


def test_a_year_range_that_ends_before_it_starts_is_refused():
    form = AgreementFilterForm({"year_from": "1390", "year_to": "2001"})
    assert not form.is_valid() and "year_to" in form.errors


def test_the_filter_form_keeps_the_valid_fields_when_others_are_invalid():
    form = AgreementFilterForm({"status": "active", "continent": "Atlantis"})
    assert form.values["status"] == "active"
    assert "continent" not in form.values
    assert form.error_messages()


def test_an_empty_filter_form_filters_nothing_but_non_public_agreements():
    from tests import builders as build

    shown = build.agreement()
    build.agreement(is_public=False)
    assert list(AgreementFilterForm().filter()) == [shown]
