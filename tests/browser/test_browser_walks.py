"""The pages staff and the public only read, walked in Chromium on the seed
served once for the module (conftest.py: `served`, `signed_in`): every admin
page in Persian with Persian digits and no English, number boxes that take
۱۴۰۳, English boxes left to right, and no WCAG 2.1 AA violation (axe-core)
on the admin or the public site."""

import re

import pytest

from registry.models import Agreement

from .conftest import in_language
from .desk import (
    ADMIN_PARTS, admin_pages, axe_violations, english_phrases, paris_becomes_active, persian_problems,
)

# Not transactional: the seed is committed once (conftest.py, `served`) and
# these tests only read it.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module", autouse=True)
def paris_in_force(served):
    """A status change beyond the seed's, for the dashboard and the histories."""
    paris_becomes_active()


@pytest.fixture
def visitor_page(open_page):
    """An anonymous visitor's Persian page."""
    return open_page(locale="fa-IR")


@pytest.mark.parametrize("part", ADMIN_PARTS)
def test_every_admin_page_in_persian_reads_in_persian_digits_and_all_and_has_no_wcag_aa_violation(
    served, admin_page, part
):
    """One visit per page for both checks: the walk is the slow part."""
    in_language(admin_page, served, "fa")
    phrases = english_phrases()
    problems = []
    for url in admin_pages(part):
        admin_page.goto(f"{served.url}{url}")
        assert admin_page.get_attribute("html", "lang") == "fa", url
        problems += [f"{url}: {problem}" for problem in persian_problems(admin_page, phrases)]
        problems += [f"{url}: axe {violation}" for violation in axe_violations(admin_page)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("part", ADMIN_PARTS)
def test_the_admin_pages_in_english_have_no_wcag_aa_violation(served, admin_page, part):
    # In Persian, the walk above runs axe too, and measures the same colours.
    in_language(admin_page, served, "en")
    found = {}
    for url in admin_pages(part):
        admin_page.goto(f"{served.url}{url}")
        assert admin_page.get_attribute("html", "lang") == "en", url
        violations = axe_violations(admin_page, colours=False)
        if violations:
            found[url] = violations
    assert not found, "\n".join(f"{url}: {v}" for url, lines in found.items() for v in lines)


PUBLIC_PAGES = ["", "agreements/", "agreements/?status=active&year_from=1380", "map/", "statistics/", "data/"]


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_public_pages_have_no_wcag_aa_violation(served, visitor_page, language):
    paris = Agreement.objects.get(partner__name_en="Paris")
    pages = [*PUBLIC_PAGES, f"agreements/{paris.pk}/", f"partners/{paris.partner_id}/"]
    found = {}
    for url in pages:
        visitor_page.goto(f"{served.url}/{language}/{url}")
        # As in the admin, the colours are the same in both languages: measured in Persian.
        violations = axe_violations(visitor_page, colours=language == "fa")
        if violations:
            found[url] = violations
    assert not found, "\n".join(f"{url}: {v}" for url, lines in found.items() for v in lines)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_report_year_box_takes_persian_digits(served, admin_page, width):
    admin_page.set_viewport_size({"width": width, "height": 900})
    in_language(admin_page, served, "fa")
    admin_page.goto(f"{served.url}/admin/registry/agreement/annual-report/")
    admin_page.fill("#id_year", "")
    admin_page.locator("#id_year").press_sequentially("۱۴۰۳")
    admin_page.click(".report-form input[type=submit]")
    admin_page.wait_for_selector(".report-totals")
    assert "year=%DB%B1%DB%B4%DB%B0%DB%B3" in admin_page.url
    assert admin_page.input_value("#id_year") == "۱۴۰۳"
    assert "۱۴۰۳" in admin_page.inner_text("#content h1")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_list_year_filter_takes_persian_digits(served, visitor_page, width):
    visitor_page.set_viewport_size({"width": width, "height": 900})
    visitor_page.goto(f"{served.url}/fa/agreements/")
    visitor_page.click("details.filter-box summary")
    visitor_page.locator("#id_year_from").press_sequentially("۱۳۹۰")
    visitor_page.click("button:has-text('اعمال')")
    visitor_page.wait_for_url("**year_from=*")
    # 1390 began on 21 March 2011: public agreements signed on or after it.
    expected = Agreement.objects.public().filter(signed_on__gte="2011-03-21").count()
    assert 0 < expected < Agreement.objects.public().count()
    assert visitor_page.locator("table.agreements tbody tr").count() == expected
    assert visitor_page.input_value("#id_year_from") == "۱۳۹۰"
    assert visitor_page.locator(".notice").count() == 0


def test_paris_english_title_box_reads_left_to_right_in_full(served, admin_page):
    in_language(admin_page, served, "fa")
    paris = Agreement.objects.get(partner__name_en="Paris")
    admin_page.goto(f"{served.url}/admin/registry/agreement/{paris.pk}/change/")
    box = admin_page.locator("#id_title_en")
    assert box.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert box.input_value() == paris.title_en
    # The whole title fits: the box scrolls by nothing.
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    assert admin_page.locator("#id_summary_en").evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert admin_page.locator("#id_partner").count() == 1


def test_the_calendar_writes_a_date_the_filter_accepts(served, visitor_page):
    visitor_page.goto(f"{served.url}/fa/agreements/")
    visitor_page.click("details.filter-box summary")
    visitor_page.click("#id_in_force_on")
    visitor_page.wait_for_selector("jdp-container .jdp-day:not(.disabled-day)")
    visitor_page.locator("jdp-container .jdp-day:not(.disabled-day):not(.not-in-month)").first.click()
    value = visitor_page.input_value("#id_in_force_on")
    # The calendar writes the page's digits: Persian on a Persian page.
    assert re.fullmatch(r"۱[۳۴][۰-۹]{2}/[۰-۹]{2}/[۰-۹]{2}", value)
    visitor_page.click("button:has-text('اعمال')")
    visitor_page.wait_for_url("**in_force_on=*")
    assert visitor_page.locator(".notice").count() == 0
