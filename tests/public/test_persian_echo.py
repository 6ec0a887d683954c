"""What a visitor typed comes back in an error as they typed it, and the
numbers of a message are in the page's digits."""

import pytest

pytestmark = pytest.mark.django_db


def notices(client, language="fa", **query):
    return client.get(f"/{language}/agreements/", query).context["notices"]


def test_a_date_typed_in_persian_digits_is_echoed_in_persian_digits(client):
    [notice] = notices(client, in_force_on="۲۶/۰۷/۱۳۹۶")
    assert "«۲۶/۰۷/۱۳۹۶»" in notice
    assert not any(digit in notice for digit in "0123456789")


def test_a_date_typed_in_latin_digits_is_echoed_as_typed(client):
    [notice] = notices(client, "en", in_force_on="26/07/1396")
    assert "26/07/1396" in notice


def test_a_year_out_of_range_names_the_bound_in_persian_digits(client):
    [notice] = notices(client, year_from="۱۲۳")
    assert "۱۳۰۰" in notice and "1300" not in notice


def test_a_page_number_below_one_names_the_bound_in_the_page_s_digits(client):
    [notice] = notices(client, page="۰")
    assert "۱" in notice and "1" not in notice


def test_a_month_that_does_not_exist_is_named_in_persian_digits(client):
    [notice] = notices(client, in_force_on="1396/13/01")
    assert "۱۳" in notice and "13" not in notice.replace("1396/13/01", "")
