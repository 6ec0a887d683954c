"""A new editor's first day, in the browser."""

import datetime

import pytest
from django.contrib.auth.models import User

from registry.models import Agreement

from tests.builders import country, role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_as_new_editor(page, live_server):
    # The editor group as migrated, even after a test that emptied the
    # tables the roles migration and post_migrate filled (builders.role).
    user = User.objects.create_user("new-editor", password="a long password 1", is_staff=True)
    user.groups.add(role("editor"))
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "new-editor")
    page.fill("#id_password", "a long password 1")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def test_a_new_editor_adds_an_agreement_with_a_jalali_date_and_places_its_partner_on_the_map(page, live_server):
    country("KR", "South Korea", "کره جنوبی", "AS")
    country("PL", "Poland", "لهستان", "EU")
    sign_in_as_new_editor(page, live_server)
    page.goto(f"{live_server.url}/admin/registry/agreement/add/")

    # The partner does not exist yet: create it from the "+" beside the partner field.
    with page.expect_popup() as opened:
        page.click("#add_id_partner")
    popup = opened.value
    popup.wait_for_selector("#partner-map.leaflet-container")
    popup.fill("#id_name_fa", "سئول")
    popup.fill("#id_name_en", "Seoul")
    popup.click("#id_country + .select2 .select2-selection")
    popup.fill(".select2-search__field", "Korea")
    popup.click(".select2-results__option:has-text('کره جنوبی')")
    popup.click("#partner-map", position={"x": 520, "y": 120})
    assert popup.input_value("#id_latitude") and popup.input_value("#id_longitude")
    # Listening before the click: the popup can close before a wait begun after it.
    with popup.expect_event("close"):
        popup.click("input[name=_save]")

    page.fill("#id_title_fa", "تفاهم نامه روابط دوستی")
    page.select_option("#id_instrument", "mou")
    page.select_option("#id_relationship", "friendship")
    page.fill("#id_signed_on", "۱۳۹۶/۷/۲۶")
    page.select_option("#id_status_changes-0-status", "active")
    page.fill("#id_status_changes-0-date", "1396/07/26")
    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/registry/agreement/")

    made = Agreement.objects.select_related("partner").get()
    assert made.signed_on == datetime.date(2017, 10, 18) and made.signed_precision == "day"
    assert made.recorded_status == "active" and made.is_public
    assert made.partner.name_en == "Seoul" and made.partner.country_id == "KR"
    assert made.partner.latitude is not None and made.partner.longitude is not None

    # And the public finds it at once, typed with an Arabic yeh and a ZWNJ-less title.
    page.goto(f"{live_server.url}/fa/agreements/?q=تفاهم نامه روابط دوستي")
    page.click(f"a[href='/fa/agreements/{made.pk}/']")
    page.wait_for_url(f"{live_server.url}/fa/agreements/{made.pk}/")
    assert "سئول" in page.inner_text("main")
    assert "۱۳۹۶/۷/۲۶" in page.inner_text("main")


def test_the_gazetteer_offers_each_tripoli_and_fills_the_chosen_one(gazetteer, page, live_server):
    country("LY", "Libya", "لیبی", "AF")
    country("LB", "Lebanon", "لبنان", "AS")
    sign_in_as_new_editor(page, live_server)
    page.goto(f"{live_server.url}/admin/registry/partner/add/")
    page.fill("#gazetteer-query", "Tripoli")
    page.keyboard.press("Enter")
    page.wait_for_selector(".gazetteer-choice >> nth=1")
    page.click(".gazetteer-choice[data-geonames-id='266826']")  # Tripoli, Lebanon
    assert page.input_value("#id_country") == "LB"
    assert page.input_value("#id_name_en") == "Tripoli"
    assert page.input_value("#id_geonames_id") == "266826"
    assert page.input_value("#id_latitude").startswith("34.43")
