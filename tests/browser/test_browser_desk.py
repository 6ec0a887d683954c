"""The staff desk in Chromium, where staff change things: the whole story on
an agreement's history page, and an import's preview and result in Persian.
What only reads is walked in test_browser_walks.py."""

import pytest

from registry.models import Agreement

from .desk import english_phrases, persian_problems, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk_page(open_page):
    return open_page(locale="fa-IR")


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
