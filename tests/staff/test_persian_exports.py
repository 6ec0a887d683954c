"""Exports a Persian clerk opens in Excel, and one cell policy for every writer (issue 16, items 3 and 4)."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from registry.models import Agreement, Partner, StatusChange
from staff import reports
from staff.resources import CSV, EXPORT_FORMATS, AgreementResource
from import_export.formats.base_formats import XLSX

from tests.builders import agreement, country, partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(client):
    client.force_login(User.objects.create_superuser("boss", "", "x"))
    return client


def export(client, extension):
    form = client.get(reverse("admin:registry_agreement_export")).context["form"]
    data = {name: "on" for name in form.fields if name.startswith("agreementresource_")}
    index = [i for i, f in enumerate(EXPORT_FORMATS) if f().get_extension() == extension][0]
    data.update({"format": str(index), "resource": "0"})
    return client.post(reverse("admin:registry_agreement_export"), data)


def linked():
    return agreement(partner(geonames_id=1528675, latitude="42.87", longitude="74.59"),
                     instrument="mou", relationship="friendship_cooperation")


def test_the_admin_csv_export_begins_with_a_utf8_byte_order_mark(boss):
    linked()
    body = export(boss, "csv").content
    assert body[:3] == b"\xef\xbb\xbf"
    assert "معاهده خواهر شهری" in body[3:].decode("utf-8")


def test_the_admin_xlsx_export_is_right_to_left_with_persian_headers_and_persian_choice_values(boss):
    linked()
    sheet = openpyxl.load_workbook(io.BytesIO(export(boss, "xlsx").content)).active
    assert sheet.sheet_view.rightToLeft and sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(values_only=True))
    first = dict(zip(rows[0], rows[1]))
    assert first["وضعیت"] == "فعال"
    assert first["نوع سند"] == "یادداشت تفاهم"
    assert first["نوع پیوند"] == "دوستی و همکاری"
    assert first["طرف پیوند: نوع"] == "شهر"
    assert "active" not in rows[1] and "mou" not in rows[1]


def test_the_admin_xlsx_export_imports_back_unchanged(boss):
    made = linked()
    StatusChange.objects.create(agreement=made, status="suspended", date=datetime.date(2001, 3, 1))
    data = export(boss, "xlsx").content
    with translation.override("fa"):
        result = AgreementResource().import_data(XLSX().create_dataset(data), file_name="back.xlsx")
    assert (result.totals["skip"], result.totals["update"], result.totals["invalid"]) == (1, 0, 0)
    assert StatusChange.objects.filter(agreement=made).count() == 2


def test_export_file_names_carry_the_jalali_date_of_tehrans_day(boss, monkeypatch):
    # 21:00 UTC on 4 December 2026 is already 5 December (14 Azar 1405) in Tehran.
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2026, 12, 4, 21, 0, tzinfo=datetime.timezone.utc))
    linked()
    disposition = export(boss, "xlsx")["Content-Disposition"]
    assert 'filename="agreements-1405-09-14.xlsx"' in disposition


def snapshot():
    """The registry's agreements, partners and status histories, without ids and times."""
    return sorted(
        (a.title_fa, a.title_en, a.instrument, a.relationship, a.signed_on, a.signed_precision, a.is_public,
         a.partner.name_en, a.partner.name_fa, a.partner.kind, a.partner.country_id, a.partner.geonames_id,
         tuple(a.status_changes.order_by("pk").values_list("status", "date", "precision")))
        for a in Agreement.objects.select_related("partner")
    )


def test_a_persian_labelled_file_and_a_code_file_import_to_the_same_registry():
    country("KG")
    country("TJ")
    linked()
    agreement(partner("Dushanbe", "دوشنبه", code="TJ", kind="region"), title_fa="تفاهم نامه همکاری",
              instrument="accord", relationship="cooperation", status="suspended")
    with translation.override("fa"):
        labelled = CSV().export_data(AgreementResource(labelled=True).export())
    coded = CSV().export_data(AgreementResource().export())
    assert "فعال" in labelled and "وضعیت" in labelled and ",active," in coded
    expected = snapshot()
    for text in (labelled, coded):
        Agreement.objects.all().delete()
        Partner.objects.all().delete()
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        for row in rows:  # as a colleague's file: no ids nor versions
            row.pop("id", None) or row.pop("شناسه", None)
            row.pop("version", None) or row.pop("نسخه ویرایش", None)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        with translation.override("en"):
            result = AgreementResource().import_data(CSV().create_dataset(out.getvalue().encode()),
                                                     file_name="colleague.csv")
        assert result.totals["new"] == 2, [r.error_dict for r in result.invalid_rows]
        assert snapshot() == expected


def test_the_import_page_lists_the_columns_in_persian_with_their_codes_and_notes(boss):
    body = boss.get(reverse("admin:registry_agreement_import")).content.decode()
    assert "عنوان (فارسی)" in body and "<code dir=\"ltr\">title_fa</code>" in body
    assert "partner_geonames_id" in body and "۱۵۲۸۶۷۵" in body  # the note's example, in Persian digits
    assert reverse("admin:registry_agreement_import_template") in body


def test_the_empty_template_is_headed_with_the_columns_the_import_reads(boss):
    response = boss.get(reverse("admin:registry_agreement_import_template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    assert "عنوان (فارسی)" in headers and sheet.max_row == 1
    # Filled in with one row, it imports.
    country("KG")
    values = {"طرف پیوند: کشور": "KG", "طرف پیوند: نام (انگلیسی)": "Bishkek", "طرف پیوند: نام (فارسی)": "بیشکک",
              "عنوان (فارسی)": "تفاهم نامه", "نوع سند": "یادداشت تفاهم", "نوع پیوند": "همکاری", "وضعیت": "فعال"}
    sheet.append([values.get(header, "") for header in headers])
    out = io.BytesIO()
    sheet.parent.save(out)
    result = AgreementResource().import_data(XLSX().create_dataset(out.getvalue()), file_name="filled.xlsx")
    assert result.totals["new"] == 1, [r.error_dict for r in result.invalid_rows]
    assert Agreement.objects.get().instrument == "mou"


# ---------------------------------------------------------------- control characters

CONTROL = "\x01"


@pytest.fixture
def pasted_from_a_scan():
    """An agreement whose every stored text holds a control character."""
    made = agreement(
        partner(f"Bish{CONTROL}kek", f"بیش{CONTROL}کک"), title_fa=f"معاهده{CONTROL} خواهر شهری",
        title_en=f"Sister{CONTROL} city", summary_fa=f"خلاصه{CONTROL}", summary_en=f"Summary{CONTROL}",
        source=f"source{CONTROL}", areas=f"areas{CONTROL}", internal_notes=f"notes{CONTROL}",
        signatory_tehran=f"mayor{CONTROL}", signed_on=datetime.date(2017, 10, 18),
    )
    change = StatusChange.objects.create(agreement=made, status="suspended", date=datetime.date(2017, 12, 1),
                                         reason="x")
    # A vertical tab the models' normalisation would turn into a line break: written as it came.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE registry_statuschange SET reason = %s WHERE id = %s",
                       [f"reason{CONTROL}and\x0bmore", change.pk])
    return made


def texts(data):
    book = openpyxl.load_workbook(io.BytesIO(data))
    return " ".join(str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                    for value in row if value is not None)


def test_a_control_character_breaks_no_open_data_xlsx(client, pasted_from_a_scan):
    response = client.get(reverse("data-agreements", args=["xlsx"]))
    written = texts(b"".join(response.streaming_content))
    assert f"معاهده\N{REPLACEMENT CHARACTER} خواهر شهری" in written


def test_a_control_character_breaks_no_admin_xlsx_export(boss, pasted_from_a_scan):
    written = texts(export(boss, "xlsx").content)
    assert "notes\N{REPLACEMENT CHARACTER}" in written


def test_a_control_character_breaks_no_export_agreements_xlsx(tmp_path, pasted_from_a_scan):
    path = tmp_path / "all.xlsx"
    call_command("export_agreements", "--format", "xlsx", "--output", str(path))
    assert "Sister\N{REPLACEMENT CHARACTER} city" in texts(path.read_bytes())


def test_a_control_character_in_a_stored_reason_breaks_no_annual_report(boss, pasted_from_a_scan):
    response = boss.get(reverse("admin:registry_agreement_annual_report"),
                        {"calendar": "gregorian", "year": "2017", "format": "xlsx"})
    assert response.status_code == 200
    assert "reason\N{REPLACEMENT CHARACTER}and\N{REPLACEMENT CHARACTER}more" in texts(response.content)


def test_the_annual_report_carries_the_letterhead_and_the_jalali_day_it_was_prepared(monkeypatch, settings):
    settings.MUNICIPALITY_NAME_FA, settings.CENTRE_NAME_FA = "شهرداری آزمایشی", "مرکز آزمایشی"
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2026, 12, 4, 21, 0, tzinfo=datetime.timezone.utc))
    with translation.override("fa"):
        report = reports.for_jalali_year(1405)
        written = texts(reports.to_xlsx(report))
    assert "شهرداری آزمایشی" in written and "مرکز آزمایشی" in written
    assert "تاریخ تهیه: ۱۴۰۵/۹/۱۴" in written


def test_the_printable_report_is_headed_by_the_letterhead_and_numbers_its_pages(boss, settings):
    settings.CENTRE_NAME_FA = "مرکز آزمایشی"
    response = boss.get(reverse("admin:registry_agreement_annual_report"), {"calendar": "jalali", "year": "1403"})
    body = response.content.decode()
    assert "مرکز آزمایشی" in body and "تاریخ تهیه" in body and "report-fa" in body
    css = (settings.BASE_DIR / "staff/static/staff/annual-report.css").read_text()
    assert "counter(page, persian)" in css


@pytest.mark.parametrize("model, note", [("partner", "خوانندهٔ فارسی‌زبان"), ("activity", "آنچه انجام شد، به فارسی")])
def test_every_import_page_notes_what_each_column_holds(boss, model, note):
    response = boss.get(reverse(f"admin:registry_{model}_import"))
    columns = response.context["import_columns"]
    assert all(text for _label, _code, text in columns)
    assert note in response.content.decode()
