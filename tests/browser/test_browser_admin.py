import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from registry.models import Agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server):
    User.objects.create_superuser("editor", "", "a-long-test-password")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    with page.expect_navigation():
        page.click("input[type=submit]")


def test_staff_read_an_agreement_in_persian_right_to_left_with_jalali_dates(seeded, live_server, page):
    log_in(page, live_server)
    quds = Agreement.objects.get(partner__name_en="Quds (Jerusalem)")
    page.goto(f"{live_server.url}/admin/registry/agreement/{quds.pk}/change/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.input_value("#id_signed_on") == "۱۳۸۰/۱۱"
    assert "بهمن ۱۳۸۰" in page.inner_text(".field-status_display")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith("Vazirmatn")
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")


def test_staff_switch_the_admin_to_english_and_keep_their_page(seeded, live_server, page):
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/registry/agreement/?status=active")
    with page.expect_navigation():
        page.click(".language-switch button[value=en]")
    # The switch posts and redirects: wait for the English page, not the Persian one leaving.
    expect(page.locator("#changelist")).to_contain_text("26 agreements")
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.url.endswith("/admin/registry/agreement/?status=active")
