"""`make screenshots`: the pictures in the README, taken in the browser
tests' Chromium on the seed plus the demo state of `manage.py load_demo`
(made-up dates from today), into docs/screenshots/, in Vazirmatn. Not
collected with the tests (its name does not start with test_); run it by
its path."""

from pathlib import Path

import pytest
from django.core.management import call_command

from registry.models import Agreement

from .desk import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def shot(browser):
    OUT.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    page = context.new_page()

    def take(name, full_page=False):
        page.wait_for_load_state("networkidle")
        # The page's own font, never a fallback caught before it loaded.
        page.evaluate("document.fonts.ready")
        assert page.evaluate("document.fonts.check('16px Vazirmatn')"), name
        page.screenshot(path=OUT / f"{name}.png", full_page=full_page)

    page.take = take
    yield page
    context.close()


@pytest.fixture
def demo(seeded, settings):
    settings.DEBUG = True  # load_demo refuses to write made-up dates otherwise
    in_force = list(Agreement.objects.in_force().order_by("signed_on", "pk")[:4])  # as load_demo picks them
    call_command("load_demo")
    return in_force


def test_public_pages(demo, live_server, shot):
    shot.goto(f"{live_server.url}/fa/")
    shot.take("home-fa")
    shot.goto(f"{live_server.url}/fa/map/")
    shot.wait_for_selector(".outline-loaded")
    shot.take("map-fa")
    shot.goto(f"{live_server.url}/fa/statistics/")
    shot.take("statistics-fa", full_page=True)
    shot.goto(f"{live_server.url}/en/")
    shot.take("home-en")


def test_admin_pages(demo, live_server, shot):
    sign_in(shot, live_server, "fa")
    shot.goto(f"{live_server.url}/admin/")
    shot.take("dashboard-fa", full_page=True)
    paris = Agreement.objects.get(partner__name_en="Paris")
    shot.goto(f"{live_server.url}/admin/registry/agreement/{paris.pk}/change/")
    shot.take("agreement-form-fa", full_page=True)
    ended = demo[1]
    shot.goto(f"{live_server.url}/admin/registry/agreement/{ended.pk}/history/")
    shot.take("history-fa")
    shot.goto(f"{live_server.url}/admin/registry/agreement/annual-report/")
    shot.locator("#id_year").fill("")
    shot.locator("#id_year").press_sequentially("۱۴۰۳")
    shot.click(".report-form input[type=submit]")
    shot.wait_for_selector(".report-totals")
    shot.take("annual-report-fa")
