"""Stored markup and script in every free text, rendered by Chromium on the
public pages, the map's pop-ups, the charts, the admin, the history pages
and the printable report: no dialog opens and no element is injected
(issue 11, finding 9)."""

import datetime

import pytest
from playwright.sync_api import expect
from django.contrib.auth.models import User

from registry.models import Activity, Period, PeriodSeries, StatusChange, PRESIDENCY

from tests import builders as build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    "<script>alert('title')</script>",
    '"><img src=x onerror=alert("name")>',
    "<svg onload=alert('svg')>",
    "</textarea><iframe src=javascript:alert('frame')>",
    "'-alert('quote')-'",
    "<b onmouseover=alert('hover')>hover</b>",
    "javascript:alert('link')",
    "{{ 7|add:7 }}<details open ontoggle=alert('toggle')>",
]
INJECTED = "script:not([src]):not([type='application/json']):not([type='application/ld+json']):not([nonce]), img[src='x'], svg[onload], iframe, details[ontoggle], b[onmouseover]"


@pytest.fixture
def hostile_registry(db):
    series = PeriodSeries.objects.get_or_create(slug=PRESIDENCY, defaults={"name_fa": "ریاست", "name_en": "Presidency"})[0]
    Period.objects.create(series=series, slug="hostile", name_fa=PAYLOADS[2], name_en=PAYLOADS[2],
                          label_fa=PAYLOADS[4], label_en=PAYLOADS[4], start=datetime.date(1990, 1, 1))
    city = build.partner(name_en=PAYLOADS[1], name_fa=PAYLOADS[1], latitude=42.87, longitude=74.59)
    made = build.agreement(
        city, title_fa=PAYLOADS[0], title_en=PAYLOADS[0], summary_en=PAYLOADS[3], summary_fa=PAYLOADS[3],
        source=PAYLOADS[6], areas=PAYLOADS[5], signatory_tehran=PAYLOADS[7], internal_notes=PAYLOADS[5],
        signed_on=datetime.date(2024, 4, 1),
    )
    StatusChange.objects.create(agreement=made, status="suspended", date=datetime.date(2024, 6, 1),
                                decided_by=PAYLOADS[7], reason=PAYLOADS[3])
    Activity.objects.create(agreement=made, kind="visit", date=datetime.date(2024, 7, 1),
                            description_fa=PAYLOADS[5], description_en=PAYLOADS[5])
    made.title_en = PAYLOADS[0] + " (2)"
    made.save()
    User.objects.create_superuser("xss-admin", "", "a-long-test-password")
    return made


@pytest.fixture
def page(fresh_page):
    """A page of the test's own: each listens for dialogs."""
    return fresh_page


def visit(page, url, dialogs):
    page.goto(url)
    page.wait_for_load_state("load")
    injected = page.locator(INJECTED).evaluate_all("els => els.map(e => e.outerHTML.slice(0, 80))")
    assert injected == [], url
    assert dialogs == [], url


def test_no_stored_payload_runs_on_the_public_pages_map_and_charts(live_server, page, hostile_registry):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    made = hostile_registry
    for language in ("fa", "en"):
        for path in ["", "agreements/", f"agreements/{made.pk}/", f"partners/{made.partner_id}/", "statistics/",
                     "data/", "agreements/?q=%3Cscript%3Ealert(1)%3C/script%3E"]:
            visit(page, f"{live_server.url}/{language}/{path}", dialogs)
        visit(page, f"{live_server.url}/{language}/map/", dialogs)
        page.wait_for_selector("path.partner-marker")
        page.locator("path.partner-marker").first.dispatch_event("mouseover")
        page.locator("path.partner-marker").first.dispatch_event("click")
        # The popup's details are fetched on click: wait for them, as text.
        expect(page.locator(".leaflet-popup-content")).to_contain_text(PAYLOADS[0])
        assert page.locator(INJECTED).count() == 0 and dialogs == []
        page.check("input[value='administration']")
        assert page.locator(INJECTED).count() == 0 and dialogs == []


def test_no_stored_payload_runs_in_the_admin_history_or_printable_report(live_server, page, hostile_registry):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "xss-admin")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    made = hostile_registry
    latest = made.history.latest().history_id
    for path in [
        "registry/agreement/", f"registry/agreement/{made.pk}/change/", f"registry/agreement/{made.pk}/history/",
        f"registry/agreement/{made.pk}/history/{latest}/", "registry/historicalagreement/",
        "registry/historicalstatuschange/", f"registry/partner/{made.partner_id}/change/", "registry/partner/",
        "registry/activity/", "registry/period/", "registry/agreement/annual-report/?calendar=gregorian&year=2024",
        "registry/agreement/?q=%3Cscript%3Ealert(1)%3C/script%3E",
    ]:
        visit(page, f"{live_server.url}/admin/{path}", dialogs)
    page.goto(f"{live_server.url}/admin/registry/agreement/annual-report/?calendar=gregorian&year=2024")
    assert PAYLOADS[0] in page.locator(".report").inner_text()
