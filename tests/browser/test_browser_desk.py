"""The staff desk in Chromium, as staff with a Persian keyboard use it: every
page in Persian with Persian digits, number boxes that take ۱۴۰۳, English
boxes left to right, the whole story on an agreement's history page, and
no WCAG 2.1 AA violation (axe-core) on the admin or the public site."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from registry.models import Agreement

from .desk import VISIBLE_TEXT, admin_pages, axe_violations, paris_becomes_active, sign_in, with_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "fa" / "LC_MESSAGES" / "django.po"

# Seen in the Persian admin before this was fixed (issue 9), whichever
# catalogue should translate them.
SEEN_IN_ENGLISH = [
    "This exporter will export the following fields",
    "Select all",
    "Partner Geonames Id",
    "Title Fa",
    "Import finished",
    "Please correct the error",
    "Tablib Dataset",
    "selected",
    "Recent actions",
    "Show all",
    "Save and add another",
    "Change history",
]


def english_phrases():
    """Every phrase of two words or more that the project's catalogue
    translates, and those seen in English before: none may show on a
    Persian page."""
    with open(CATALOGUE, "rb") as po:
        catalogue = read_po(po)
    phrases = set(SEEN_IN_ENGLISH)
    for message in catalogue:
        for msgid in message.id if isinstance(message.id, tuple) else [message.id]:
            text = re.sub(r"%\(\w+\)s|\{\w*\}|%s", "\x00", msgid)
            for part in text.split("\x00"):
                part = part.strip(" .,:;()“”")
                if len(part.split()) >= 2 and message.string:
                    phrases.add(part)
    return sorted(phrases)


@pytest.fixture
def desk_page(browser):
    # axe-core comes in through the browser (an init script), so the pages keep their own CSP.
    context = with_axe(
        browser.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900})
    )
    page = context.new_page()
    yield page
    context.close()


def persian_problems(page, phrases):
    """English phrases and Latin digits a reader sees on a Persian page."""
    problems = []
    for text in page.evaluate(VISIBLE_TEXT):
        english = [phrase for phrase in phrases if phrase in text]
        if english:
            problems.append(f"English {english[0]!r} in {text[:80]!r}")
        if re.search(r"[0-9]", text):
            problems.append(f"Latin digits in {text[:80]!r}")
    return problems


def test_every_admin_page_in_persian_reads_in_persian_digits_and_all_and_has_no_wcag_aa_violation(
    seeded, live_server, desk_page
):
    """One visit per page for both checks: the walk is the slow part."""
    sign_in(desk_page, live_server, "fa")
    paris_becomes_active()
    phrases = english_phrases()
    problems = []
    for url in admin_pages():
        desk_page.goto(f"{live_server.url}{url}")
        assert desk_page.get_attribute("html", "lang") == "fa", url
        problems += [f"{url}: {problem}" for problem in persian_problems(desk_page, phrases)]
        problems += [f"{url}: axe {violation}" for violation in axe_violations(desk_page)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_report_year_box_takes_persian_digits(seeded, live_server, desk_page, width):
    desk_page.set_viewport_size({"width": width, "height": 900})
    sign_in(desk_page, live_server, "fa")
    desk_page.goto(f"{live_server.url}/admin/registry/agreement/annual-report/")
    desk_page.fill("#id_year", "")
    desk_page.locator("#id_year").press_sequentially("۱۴۰۳")
    desk_page.click(".report-form input[type=submit]")
    desk_page.wait_for_selector(".report-totals")
    assert "year=%DB%B1%DB%B4%DB%B0%DB%B3" in desk_page.url
    assert desk_page.input_value("#id_year") == "۱۴۰۳"
    assert "۱۴۰۳" in desk_page.inner_text("#content h1")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_list_year_filter_takes_persian_digits(seeded, live_server, desk_page, width):
    desk_page.set_viewport_size({"width": width, "height": 900})
    desk_page.goto(f"{live_server.url}/fa/agreements/")
    desk_page.click("details.filter-box summary")
    desk_page.locator("#id_year_from").press_sequentially("۱۳۹۰")
    desk_page.click("button:has-text('اعمال')")
    desk_page.wait_for_url("**year_from=*")
    # 1390 began on 21 March 2011: public agreements signed on or after it.
    expected = Agreement.objects.public().filter(signed_on__gte="2011-03-21").count()
    assert 0 < expected < Agreement.objects.public().count()
    assert desk_page.locator("table.agreements tbody tr").count() == expected
    assert desk_page.input_value("#id_year_from") == "۱۳۹۰"
    assert desk_page.locator(".notice").count() == 0


def test_paris_english_title_box_reads_left_to_right_in_full(seeded, live_server, desk_page):
    sign_in(desk_page, live_server, "fa")
    paris = Agreement.objects.get(partner__name_en="Paris")
    desk_page.goto(f"{live_server.url}/admin/registry/agreement/{paris.pk}/change/")
    box = desk_page.locator("#id_title_en")
    assert box.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert box.input_value() == paris.title_en
    # The whole title fits: the box scrolls by nothing.
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    assert desk_page.locator("#id_summary_en").evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert desk_page.locator("#id_partner").count() == 1


def test_paris_history_shows_its_draft_becoming_active(seeded, live_server, desk_page):
    sign_in(desk_page, live_server, "fa")
    paris = Agreement.objects.get(partner__name_en="Paris")
    desk_page.goto(f"{live_server.url}/admin/registry/agreement/{paris.pk}/change/")
    desk_page.click("#status_changes-group .add-row a")
    desk_page.select_option("#id_status_changes-1-status", "active")
    desk_page.fill("#id_status_changes-1-date", "۱۴۰۳/۰۲/۰۱")
    desk_page.click("input[name=_continue]")
    desk_page.wait_for_selector(".messagelist .success")
    desk_page.goto(f"{live_server.url}/admin/registry/agreement/{paris.pk}/history/")
    newest = desk_page.locator("#change-history tbody tr").first
    assert "وضعیت سند: پیش‌نویس ← فعال" in newest.inner_text().replace("\u00a0", " ")
    assert "desk-admin" in newest.inner_text()


PUBLIC_PAGES = ["", "agreements/", "agreements/?status=active&year_from=1380", "map/", "statistics/", "data/"]


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_public_pages_have_no_wcag_aa_violation(seeded, live_server, desk_page, language):
    paris = Agreement.objects.get(partner__name_en="Paris")
    pages = [*PUBLIC_PAGES, f"agreements/{paris.pk}/", f"partners/{paris.partner_id}/"]
    found = {}
    for url in pages:
        desk_page.goto(f"{live_server.url}/{language}/{url}")
        violations = axe_violations(desk_page)
        if violations:
            found[url] = violations
    assert not found, "\n".join(f"{url}: {v}" for url, lines in found.items() for v in lines)


def test_the_admin_pages_in_english_have_no_wcag_aa_violation(seeded, live_server, desk_page):
    # In Persian, the walk above runs axe too.
    sign_in(desk_page, live_server, "en")
    paris_becomes_active()
    found = {}
    for url in admin_pages():
        desk_page.goto(f"{live_server.url}{url}")
        assert desk_page.get_attribute("html", "lang") == "en", url
        violations = axe_violations(desk_page)
        if violations:
            found[url] = violations
    assert not found, "\n".join(f"{url}: {v}" for url, lines in found.items() for v in lines)


def test_the_calendar_writes_a_date_the_filter_accepts(seeded, live_server, desk_page):
    desk_page.goto(f"{live_server.url}/fa/agreements/")
    desk_page.click("details.filter-box summary")
    desk_page.click("#id_in_force_on")
    desk_page.wait_for_selector("jdp-container .jdp-day:not(.disabled-day)")
    desk_page.locator("jdp-container .jdp-day:not(.disabled-day):not(.not-in-month)").first.click()
    value = desk_page.input_value("#id_in_force_on")
    assert re.fullmatch(r"1[34]\d\d/\d\d/\d\d", value)
    desk_page.click("button:has-text('اعمال')")
    desk_page.wait_for_url("**in_force_on=*")
    assert desk_page.locator(".notice").count() == 0


def test_an_import_preview_and_its_result_read_in_persian(seeded, live_server, desk_page, tmp_path):
    from staff.resources import AgreementResource

    sign_in(desk_page, live_server, "fa")
    dataset = AgreementResource(labelled=True).export()
    rows = [list(row) for row in dataset]
    title = dataset.headers.index("عنوان (انگلیسی)")
    rows[0][title] = "Treaty of friendship, as signed"
    file = tmp_path / "links.csv"
    file.write_text(dataset.__class__(*rows, headers=dataset.headers).csv, encoding="utf-8")

    desk_page.goto(f"{live_server.url}/admin/registry/agreement/import/")
    desk_page.set_input_files("#id_import_file", str(file))
    desk_page.select_option("#id_format", label="csv")
    desk_page.click("#content input[type=submit]")
    desk_page.wait_for_selector("table.import-changes")
    phrases = english_phrases()
    assert persian_problems(desk_page, phrases) == []
    assert desk_page.locator("table.import-changes tbody tr").count() == 1
    assert "Treaty of friendship, as signed" in desk_page.inner_text("table.import-changes")

    desk_page.click("input[name=confirm]")
    desk_page.wait_for_selector(".messagelist .success")
    message = desk_page.inner_text(".messagelist .success")
    skipped = len(rows) - 1
    assert "۱ به‌روز شده" in message and f"{''.join('۰۱۲۳۴۵۶۷۸۹'[int(d)] for d in str(skipped))} بی‌تغییر" in message
    assert persian_problems(desk_page, phrases) == []
