import datetime

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from registry.models import Activity, StatusChange

from tests.builders import agreement, staff


def sheet_rows(path, index):
    book = openpyxl.load_workbook(path)
    return [row for row in book.worksheets[index].iter_rows(values_only=True)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "year, partners",
    [
        (1396, ["Seoul", "Warsaw"]),
        (1394, ["Budapest", "Tbilisi", "Milan"]),
        (1383, ["Sanaa", "Kabul", "Saint Petersburg", "Moscow"]),
    ],
)
def test_the_annual_report_lists_the_agreements_signed_in_a_jalali_year(seeded, tmp_path, year, partners):
    path = tmp_path / "report.xlsx"
    with translation.override("en"):
        call_command("annual_report", "--jalali-year", str(year), "--output", str(path))
    signed = sheet_rows(path, 1)[1:]
    assert [row[0] for row in signed] == partners
    summary = dict((row[0], row[1]) for row in sheet_rows(path, 0) if row[0])
    assert summary["Signed during the year"] == len(partners)


@pytest.mark.django_db
def test_the_annual_report_for_a_gregorian_year_uses_january_to_december(seeded, tmp_path):
    path = tmp_path / "report.xlsx"
    with translation.override("en"):
        call_command("annual_report", "--year", "2017", "--output", str(path))
    # 1396/07/26 (2017-10-18) Seoul is in 2017; 1396/11/02 (2018-01-22) Warsaw is not.
    assert [row[0] for row in sheet_rows(path, 1)[1:]] == ["Seoul"]


@pytest.mark.django_db
def test_the_persian_report_has_right_to_left_sheets(seeded, tmp_path):
    path = tmp_path / "report.xlsx"
    with translation.override("fa"):
        call_command("annual_report", "--jalali-year", "1396", "--output", str(path))
    book = openpyxl.load_workbook(path)
    assert all(ws.sheet_view.rightToLeft for ws in book.worksheets)
    assert len(book.worksheets) == 5


@pytest.mark.django_db
def test_the_report_counts_status_changes_and_links_in_force_at_the_years_end():
    suspended = agreement(signed_on=datetime.date(2010, 1, 1))
    StatusChange.objects.create(agreement=suspended, status="suspended", date=datetime.date(2017, 6, 1))
    agreement(signed_on=datetime.date(2011, 1, 1))
    from staff import reports

    with translation.override("en"):
        report = reports.for_jalali_year(1396)
    totals = dict(report.totals)
    assert totals["In force at the end of the year"] == 1
    assert totals["Suspended during the year"] == 1
    assert [row[4] for row in report.status_changes.rows] == ["suspended"]


@pytest.mark.django_db
def test_a_link_without_activity_for_the_configured_years_is_dormant():
    quiet = agreement(partner_=None, signed_on=datetime.date(2005, 1, 1))
    lively = agreement(title_fa="تفاهم نامه همکاری", signed_on=datetime.date(2005, 1, 1))
    Activity.objects.create(agreement=lively, date=datetime.date(2016, 5, 1), kind="visit")
    Activity.objects.create(agreement=quiet, date=datetime.date(2012, 5, 1), kind="visit")
    from staff import reports

    with translation.override("en"):
        dormant = reports.for_jalali_year(1396, dormant_years=3).dormant.rows
        assert [row[2] for row in dormant] == [quiet.title]
        assert len(reports.for_jalali_year(1396, dormant_years=10).dormant.rows) == 0


@pytest.mark.django_db
def test_the_printable_report_page_and_its_xlsx_download(seeded, client):
    client.force_login(staff("viewer"))
    url = reverse("admin:registry_agreement_annual_report")
    page = client.get(url, {"calendar": "jalali", "year": "1396"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "سئول" in html and "ورشو" in html and 'dir="rtl"' in html
    assert '<td class="number">۲۶</td>' in html  # in force at the year's end, in Persian digits
    download = client.get(url, {"calendar": "jalali", "year": "1396", "format": "xlsx"})
    assert download["Content-Disposition"] == 'attachment; filename="annual-report-1396.xlsx"'


@pytest.mark.django_db
def test_the_persian_printable_report_writes_gregorian_dates_and_years_in_persian_digits(seeded, client):
    client.force_login(staff("viewer"))
    html = client.get(reverse("admin:registry_agreement_annual_report"), {"calendar": "jalali", "year": "1396"})
    html = html.content.decode()
    assert "۱۸ اکتبر ۲۰۱۷" in html and "18 اکتبر 2017" not in html  # Seoul's signing
    assert "۳ سال" in html


@pytest.mark.django_db
def test_a_year_out_of_range_gets_a_message_not_an_error(client):
    client.force_login(staff("viewer"))
    page = client.get(reverse("admin:registry_agreement_annual_report"), {"calendar": "jalali", "year": "2024"})
    assert page.status_code == 200 and page.context["report"] is None and page.context["form"].errors


@pytest.mark.django_db
def test_the_agreement_list_links_the_annual_report_for_a_viewer(client):
    client.force_login(staff("viewer"))
    page = client.get(reverse("admin:registry_agreement_changelist")).content.decode()
    assert reverse("admin:registry_agreement_annual_report") in page


@pytest.mark.django_db
def test_the_annual_reports_lists_put_partners_of_the_same_day_in_persian_order():
    from staff.reports import for_jalali_year
    from tests.builders import partner

    day = datetime.date(2018, 1, 22)  # 1396/11/02
    for name_fa, name_en in [("ورشو", "Warsaw"), ("کابل", "Kabul"), ("پاریس", "Paris")]:
        agreement(partner(name_fa=name_fa, name_en=name_en), signed_on=day)
    report = for_jalali_year(1396)
    assert [row[0] for row in report.signed.rows] == ["پاریس", "کابل", "ورشو"]
    assert [row[2] for row in report.status_changes.rows] == ["پاریس", "کابل", "ورشو"]


@pytest.mark.django_db
def test_the_dormant_list_puts_undated_links_last_in_persian_order(settings):
    from staff.reports import for_jalali_year
    from tests.builders import partner

    for name_fa, name_en in [("ورشو", "Warsaw"), ("پاریس", "Paris")]:
        agreement(partner(name_fa=name_fa, name_en=name_en), signed_on=None)
    agreement(partner(name_fa="یزد", name_en="Yazd"), signed_on=datetime.date(2000, 1, 1))
    report = for_jalali_year(1400, dormant_years=5)
    assert [row[0] for row in report.dormant.rows] == ["یزد", "پاریس", "ورشو"]
