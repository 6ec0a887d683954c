"""Layout on Persian and English pages, in Chromium, at desk and phone
widths: Latin values stay beside their Persian labels, dates never wrap,
the map's scale bar holds its Persian words and its buttons speak them,
and maps and the calendar keep still for whoever asks for less motion.
The tests only read: the seed, with Seoul's record filled in, and the one
live server are the module's (conftest.py: `served`)."""

import datetime

import pytest

from registry.models import Agreement, StatusChange

from .conftest import in_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def seoul(served):
    """Seoul's agreement with a Latin signatory and a status change that has
    a date, who decided it and why, for the module."""
    agreement = Agreement.objects.get(partner__name_en="Seoul")
    agreement.signatory_partner = "Gérard Collomb"
    agreement.save()
    StatusChange.objects.create(agreement=agreement, status="suspended", date=datetime.date(2017, 10, 18),
                                decided_by="City Council of Seoul", reason="تا اطلاع ثانوی")
    return agreement


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desk", "phone"])
def test_a_latin_signatory_stays_beside_its_persian_label(served, seoul, open_page, viewport):
    page = open_page(viewport)
    page.goto(f"{served.url}/fa/agreements/{seoul.pk}/")
    value = page.locator("dd bdi", has_text="Gérard Collomb")
    box, cell = value.bounding_box(), value.locator("xpath=..").bounding_box()
    # Right to left: the value starts at the cell's right edge, next to its label.
    assert abs((box["x"] + box["width"]) - (cell["x"] + cell["width"])) < 2


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_status_history_s_dates_do_not_wrap_on_a_phone(served, seoul, open_page, language):
    page = open_page(PHONE)
    page.goto(f"{served.url}/{language}/agreements/{seoul.pk}/")
    lines = page.evaluate("""() => Array.from(document.querySelectorAll('td.date')).map((cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
    })""")
    assert lines and set(lines) == {1}


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desk", "phone"])
def test_the_map_s_scale_bar_holds_its_persian_words_at_every_zoom(served, open_page, viewport):
    page = open_page(viewport)
    # Each zoom step a jump (pages.MOTION), not a glide drawn frame by frame: the bar is the same at its end.
    page.goto(f"{served.url}/fa/map/")
    # The view is the markers' once they are drawn: only then does a zoom step alone move the bar.
    page.wait_for_selector(".outline-loaded.markers-loaded")
    line = page.locator(".leaflet-control-scale-line")
    seen = []
    for _zoom in range(6):
        text = line.inner_text()
        seen.append(text)
        assert "km" not in text and "کیلومتر" in text or " متر" in text
        assert page.evaluate("(line) => line.scrollWidth <= line.clientWidth", line.element_handle()), text
        page.click(".leaflet-control-zoom-in")
        # Half the distance a zoom step: the bar's round number always changes.
        page.wait_for_function(
            "(before) => document.querySelector('.leaflet-control-scale-line').innerText !== before", arg=text
        )
    assert len(set(seen)) == len(seen)


@pytest.mark.parametrize("language, zoom_in, zoom_out, credit", [
    ("fa", "بزرگ‌نمایی", "کوچک‌نمایی", "کتابخانهٔ جاوااسکریپت برای نقشه‌های تعاملی"),
    ("en", "Zoom in", "Zoom out", "A JavaScript library for interactive maps"),
])
def test_the_map_s_buttons_and_credit_speak_the_page_s_language(
    served, open_page, language, zoom_in, zoom_out, credit
):
    page = open_page()
    page.goto(f"{served.url}/{language}/map/")
    page.wait_for_selector(".outline-loaded")
    assert page.get_attribute(".leaflet-control-zoom-in", "title") == zoom_in
    assert page.get_attribute(".leaflet-control-zoom-out", "title") == zoom_out
    assert page.get_attribute(".leaflet-control-attribution a[href='https://leafletjs.com']", "title") == credit
    assert page.locator(".leaflet-control-zoom").count() == 1
    assert page.locator(".leaflet-control-scale").count() == 1


def test_the_partner_map_of_the_admin_speaks_persian_too(served, admin_page):
    in_language(admin_page, served, "fa")
    admin_page.goto(f"{served.url}/admin/registry/partner/add/")
    admin_page.wait_for_selector("#partner-map .leaflet-control-zoom-in")
    assert admin_page.get_attribute("#partner-map .leaflet-control-zoom-in", "title") == "بزرگ‌نمایی"
    assert admin_page.get_attribute("#partner-map .leaflet-control-attribution a", "title") == (
        "کتابخانهٔ جاوااسکریپت برای نقشه‌های تعاملی"
    )


@pytest.mark.parametrize("motion, animated", [("no-preference", True), ("reduce", False)])
def test_who_asks_for_less_motion_gets_maps_that_jump_and_a_calendar_at_once(served, page, motion, animated):
    page.emulate_media(reduced_motion=motion)
    page.goto(f"{served.url}/fa/map/")
    page.wait_for_selector(".outline-loaded.markers-loaded")
    # Leaflet marks the layers it glides on zoom.
    assert (page.locator(".leaflet-zoom-animated").count() > 0) is animated
    page.goto(f"{served.url}/fa/agreements/")
    page.click("details.filter-box summary")
    page.click("#id_in_force_on")
    page.wait_for_selector("jdp-container .jdp-day")
    opening = page.eval_on_selector("jdp-container", "el => getComputedStyle(el).animationName")
    assert (opening != "none") is animated
