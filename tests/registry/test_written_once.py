"""Rules written once and read everywhere: where a signing date falls among
periods («A», or «uncertain: A or B»), the language of a page and of a
request without a prefix, and the page's digits."""

import datetime
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import translation

from registry.language import local_digits, page_language, request_language
from registry.models import Period, PeriodSeries, Timeline, period_label
from tests import builders as build

pytestmark = pytest.mark.django_db


def test_a_period_is_named_alone_and_an_uncertain_date_names_its_candidates():
    with translation.override("en"):
        assert period_label("Rouhani", None) == "Rouhani"
        assert period_label(None, "Ahmadinejad / Rouhani") == "uncertain: Ahmadinejad or Rouhani"
        assert period_label(None, None) == ""
    with translation.override("fa"):
        assert period_label(None, "احمدی‌نژاد / روحانی") == "نامعلوم: احمدی‌نژاد یا روحانی"


@pytest.fixture
def handover():
    series = PeriodSeries.objects.get_or_create(slug="presidency", defaults={"name_fa": "ریاست جمهوری",
                                                                             "name_en": "Presidency"})[0]
    Period.objects.create(series=series, slug="ahmadinejad", name_fa="احمدی‌نژاد", name_en="Ahmadinejad",
                          start=datetime.date(2005, 8, 3), end=datetime.date(2013, 8, 3))
    Period.objects.create(series=series, slug="rouhani", name_fa="روحانی", name_en="Rouhani",
                          start=datetime.date(2013, 8, 3))
    # Mordad 1392 (23 July – 22 August 2013): Rouhani took office within it.
    return build.agreement(signed_on=datetime.date(2013, 7, 23), signed_precision="month")


def test_every_surface_says_uncertain_the_same_way(client, handover, english):
    expected = "uncertain: Ahmadinejad or Rouhani"
    assert Timeline.of().label(handover.signed_on, handover.signed_precision) == expected
    assert expected in client.get("/en/agreements/").content.decode()
    assert expected in client.get(f"/en/agreements/{handover.pk}/").content.decode()
    assert expected in client.get(f"/en/partners/{handover.partner.pk}/").content.decode()


@pytest.mark.parametrize("cookie, accept, expected", [
    ("en", "fa", "en"), (None, "en-GB,en;q=0.9", "en"), (None, "de", "fa"), ("xx", None, "fa"),
])
def test_a_request_without_a_language_prefix_takes_the_cookie_then_the_browser_then_persian(cookie, accept, expected):
    request = RequestFactory().get("/data/stats.json", HTTP_ACCEPT_LANGUAGE=accept or "")
    if cookie:
        request.COOKIES["django_language"] = cookie
    assert request_language(request) == expected


@pytest.mark.parametrize("path, cookie, expected", [
    ("/en/agreements/", "fa", "en"), ("/admin/", "en", "en"), ("/admin/", None, "fa"), ("/admin/", "xx", "fa"),
])
def test_a_page_takes_its_prefix_then_the_cookie_then_persian(path, cookie, expected):
    request = RequestFactory().get(path, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    if cookie:
        request.COOKIES["django_language"] = cookie
    assert page_language(request) == expected


def test_digits_follow_the_language_and_a_decimal_takes_the_persian_separator():
    with translation.override("fa"):
        assert local_digits(1403) == "۱۴۰۳"
        assert local_digits(Decimal("35.70")) == "۳۵٫۷۰"
        assert local_digits(1403, "en") == "1403"
    with translation.override("en"):
        assert local_digits(1403) == "1403"
        assert local_digits(1403, "fa") == "۱۴۰۳"
