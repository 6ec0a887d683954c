"""The Jalali calendar of date boxes, open, in Chromium: Persian digits on
Persian pages, Latin ones on English pages, named year and month boxes and
readable colours (axe-core: no WCAG 2.1 AA violation while it is open).
The tests only read: the seed and the one live server are the module's
(conftest.py: `served`, `signed_in`)."""

import re

import pytest

from .conftest import in_language
from .desk import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def open_calendar(page, box):
    page.click(box)
    page.wait_for_selector("jdp-container .jdp-day:not(.disabled-day)")
    # Named once the library has built it (static/jalali-dates.js).
    page.wait_for_selector("jdp-container .jdp-year [aria-label]")
    # Read once it has faded in: axe measures the colours of the moment.
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_public_calendar_has_no_wcag_aa_violation_while_open(served, page, language):
    page.goto(f"{served.url}/{language}/agreements/")
    page.click("details.filter-box summary")
    open_calendar(page, "#id_in_force_on")
    # Its colours do not change with the language: measured on the Persian page.
    assert axe_violations(page, colours=language == "fa") == []


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_admin_calendar_has_no_wcag_aa_violation_while_open(served, admin_page, language):
    in_language(admin_page, served, language)
    admin_page.goto(f"{served.url}/admin/registry/agreement/add/")
    open_calendar(admin_page, "#id_signed_on")
    assert axe_violations(admin_page, colours=language == "fa") == []


@pytest.mark.parametrize("language, digits", [("fa", "[۰-۹]"), ("en", "[0-9]")])
def test_the_calendar_shows_and_writes_the_page_s_digits(served, page, language, digits):
    page.goto(f"{served.url}/{language}/agreements/")
    page.click("details.filter-box summary")
    open_calendar(page, "#id_in_force_on")
    days = page.locator("jdp-container .jdp-day:not(.not-in-month)")
    assert re.fullmatch(f"{digits}+", days.first.inner_text().strip())
    days.first.click()
    assert re.fullmatch(f"{digits}{{4}}/{digits}{{2}}/{digits}{{2}}", page.input_value("#id_in_force_on"))
    page.click(".filters button[type=submit]")
    page.wait_for_url("**in_force_on=*")
    assert page.locator(".notice").count() == 0


@pytest.mark.parametrize("language, label", [("fa", "سال"), ("en", "Year (Jalali)")])
def test_the_calendar_s_year_and_month_boxes_are_named_in_the_page_s_language(
    served, page, language, label
):
    page.goto(f"{served.url}/{language}/agreements/")
    page.click("details.filter-box summary")
    open_calendar(page, "#id_in_force_on")
    assert page.get_attribute("jdp-container .jdp-year select", "aria-label") == label
    assert page.get_attribute("jdp-container .jdp-month select", "aria-label")
