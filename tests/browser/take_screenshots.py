"""`make screenshots`: the pictures in the README, taken in the browser tests'
Chromium on the seed, into docs/screenshots/. Not collected with the tests
(its name does not start with test_); run it by its path."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from registry.models import Activity, Agreement

from .desk import paris_becomes_active, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def shot(browser):
    OUT.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    page = context.new_page()

    def take(name, full_page=False):
        page.wait_for_load_state("networkidle")
        page.screenshot(path=OUT / f"{name}.png", full_page=full_page)

    page.take = take
    yield page
    context.close()


def something_to_attend_to():
    """A few dates due, so that the dashboard shows what it is for."""
    today = timezone.localdate()
    in_force = list(Agreement.objects.in_force().order_by("pk")[:4])
    in_force[0].review_on = today + datetime.timedelta(days=40)
    in_force[1].ends_on = today - datetime.timedelta(days=12)
    in_force[2].review_on = today + datetime.timedelta(days=75)
    for agreement in in_force[:3]:
        agreement.save()
    Activity.objects.create(agreement=in_force[3], date=today - datetime.timedelta(days=30), kind="visit",
                            description_fa="دیدار هیئت شهری")


def test_public_pages(seeded, live_server, shot):
    shot.goto(f"{live_server.url}/fa/")
    shot.take("home-fa")
    shot.goto(f"{live_server.url}/fa/map/")
    shot.wait_for_selector(".outline-loaded")
    shot.take("map-fa")
    shot.goto(f"{live_server.url}/fa/statistics/")
    shot.take("statistics-fa", full_page=True)
    shot.goto(f"{live_server.url}/en/")
    shot.take("home-en")


def test_admin_pages(seeded, live_server, shot):
    something_to_attend_to()
    sign_in(shot, live_server, "fa")
    shot.goto(f"{live_server.url}/admin/")
    shot.take("dashboard-fa", full_page=True)
    paris = Agreement.objects.get(partner__name_en="Paris")
    shot.goto(f"{live_server.url}/admin/registry/agreement/{paris.pk}/change/")
    shot.take("agreement-form-fa", full_page=True)
    paris_becomes_active()
    shot.goto(f"{live_server.url}/admin/registry/agreement/{paris.pk}/history/")
    shot.take("history-fa")
    shot.goto(f"{live_server.url}/admin/registry/agreement/annual-report/")
    shot.locator("#id_year").fill("")
    shot.locator("#id_year").press_sequentially("۱۴۰۳")
    shot.click(".report-form input[type=submit]")
    shot.wait_for_selector(".report-totals")
    shot.take("annual-report-fa")
