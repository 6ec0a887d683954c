"""No spreadsheet the registry writes holds a live formula (issue 11, finding 1)."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from registry.models import Activity, StatusChange
from registry.spreadsheets import CSV as GuardedCSV
from staff import reports
from staff.resources import CSV as ImportCSV, AgreementResource

from tests.builders import agreement, partner, staff

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '==HYPERLINK("http://evil.example/","click")',
    "+1+2",
    "-1+2",
    "@SUM(A1:A9)",
    "\t=1+2",
    "\r=3+4",
]


def runs_as_formula(value):
    """What Excel and LibreOffice would run: text starting with = + - @ once
    leading blanks are dropped, unless it is a plain signed number."""
    if not isinstance(value, str):
        return False
    text = value.lstrip(" \t\r\n")
    if not text[:1] or text[0] not in "=+-@":
        return False
    try:
        float(text)
        return False
    except ValueError:
        return True


def xlsx_cells(data):
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_no_formula_in_xlsx(data):
    cells = list(xlsx_cells(data))
    assert cells
    formulas = [c.coordinate for c in cells if c.data_type == "f" or runs_as_formula(c.value)]
    assert formulas == []


def assert_no_formula_in_csv(text):
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) > 1
    assert [cell for row in rows for cell in row if runs_as_formula(cell)] == []


@pytest.fixture
def hostile():
    """An agreement whose every free text is a spreadsheet formula, with a
    status change and an activity in the same year, for the annual report."""
    link = agreement(
        partner(name_en=PAYLOADS[1], name_fa=PAYLOADS[2]),
        title_fa=PAYLOADS[0], title_en=PAYLOADS[4], signed_on=datetime.date(2024, 5, 1),
        summary_en=PAYLOADS[3], summary_fa=PAYLOADS[5], source=PAYLOADS[0], signatory_tehran=PAYLOADS[3],
    )
    StatusChange.objects.create(
        agreement=link, status="suspended", date=datetime.date(2024, 7, 1), decided_by=PAYLOADS[3], reason=PAYLOADS[0]
    )
    Activity.objects.create(agreement=link, date=datetime.date(2024, 8, 1), kind="visit",
                            description_fa=PAYLOADS[2], description_en=PAYLOADS[1])
    return link


def test_the_stored_title_with_a_leading_tab_is_a_formula_once_stripped(hostile):
    # The premise of the guard: the save-time strip turns "\t=1+2" into "=1+2".
    assert hostile.title_en == "=1+2"


def test_the_public_csv_and_xlsx_hold_no_formula(client, hostile):
    assert_no_formula_in_csv(client.get("/data/agreements.csv").getvalue().decode("utf-8"))
    assert_no_formula_in_xlsx(client.get("/data/agreements.xlsx").getvalue())


def test_the_public_csv_shows_the_title_with_an_apostrophe_and_keeps_negative_numbers(client, db):
    agreement(partner(latitude=-33.86, longitude=151.2), title_en="==HYPERLINK(\"http://evil.example/\")")
    row = next(csv.DictReader(io.StringIO(client.get("/data/agreements.csv").getvalue().decode("utf-8-sig"))))
    assert row["title_en"] == "'==HYPERLINK(\"http://evil.example/\")"
    assert row["latitude"] == "-33.86"
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/data/agreements.xlsx").getvalue())).active
    headers = [c.value for c in sheet[1]]
    assert sheet.cell(2, headers.index("latitude") + 1).value == -33.86


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_admin_export_holds_no_formula(client, hostile, file_format):
    client.force_login(staff("viewer"))
    index = ["csv", "xlsx", "json"].index(file_format)
    response = client.post(
        reverse("admin:registry_agreement_export"),
        {"format": index, "resource": 0, **{f"agreementresource_{name}": "on" for name in ["id", "title_fa", "title_en", "summary_en", "partner_name_en"]}},
    )
    assert response.status_code == 200, response.content[:500]
    if file_format == "csv":
        assert_no_formula_in_csv(response.content.decode("utf-8"))
    else:
        assert_no_formula_in_xlsx(response.content)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_agreements_command_holds_no_formula(hostile, tmp_path, file_format):
    path = tmp_path / f"agreements.{file_format}"
    call_command("export_agreements", "--format", file_format, "--output", str(path))
    if file_format == "csv":
        assert_no_formula_in_csv(path.read_text(encoding="utf-8"))
    else:
        assert_no_formula_in_xlsx(path.read_bytes())


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_annual_report_xlsx_holds_no_formula(hostile, language):
    with translation.override(language):
        data = reports.to_xlsx(reports.for_gregorian_year(2024))
    assert_no_formula_in_xlsx(data)
    texts = {c.value for c in xlsx_cells(data)}
    assert "'" + PAYLOADS[0] in texts and "'" + PAYLOADS[3] in texts


def test_an_exported_formula_like_title_imports_back_unchanged():
    agreement(partner(name_en="+1+2"), title_fa=PAYLOADS[0], title_en="-1+2", summary_en="@SUM(A1)")
    exported = GuardedCSV().export_data(AgreementResource().export())
    assert "'==HYPERLINK" in exported
    result = AgreementResource().import_data(ImportCSV().create_dataset(exported.encode()), file_name="back.csv")
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["skip"]
