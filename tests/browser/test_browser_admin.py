"""The admin as staff read it, in Chromium: Persian, right to left, Jalali
dates, its own font; English a click away. The tests only read: the seed,
the one live server and a signed-in browser are the module's (conftest.py:
`served`, `signed_in`)."""

import pytest
from playwright.sync_api import expect

from registry.models import Agreement

from .conftest import in_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_staff_read_an_agreement_in_persian_right_to_left_with_jalali_dates(served, admin_page):
    page = admin_page
    in_language(page, served, "fa")
    quds = Agreement.objects.get(partner__name_en="Quds (Jerusalem)")
    page.goto(f"{served.url}/admin/registry/agreement/{quds.pk}/change/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.input_value("#id_signed_on") == "۱۳۸۰/۱۱"
    assert "بهمن ۱۳۸۰" in page.inner_text(".field-status_display")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith("Vazirmatn")
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")


def test_staff_switch_the_admin_to_english_and_keep_their_page(served, admin_page):
    page = admin_page
    in_language(page, served, "fa")
    page.goto(f"{served.url}/admin/registry/agreement/?status=active")
    with page.expect_navigation():
        page.click(".language-switch button[value=en]")
    # The switch posts and redirects: wait for the English page, not the Persian one leaving.
    expect(page.locator("#changelist")).to_contain_text("26 agreements")
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.url.endswith("/admin/registry/agreement/?status=active")
