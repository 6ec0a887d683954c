import openpyxl
import io
import pytest
import tablib

from registry.spreadsheets import CSV, XLSX, safe_cell, unguarded


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example/","click")', '==HYPERLINK("x")', "+1+2", "-1+2", "@SUM(A1:A9)",
     "\t=1+2", "\r=1+2", "  =1+2", "-cmd|' /C calc'!A0"],
)
def test_a_text_a_spreadsheet_would_run_is_written_with_a_visible_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Sister city treaty", "معاهده خواهر شهری", "a=b", "", None, 42, -33.86, "-33.86", "+98", "1e5"])
def test_other_values_and_numbers_written_as_text_are_left_as_they_are(value):
    assert safe_cell(value) == value


def test_reading_a_guarded_cell_back_gives_the_stored_text():
    for text in ["=1+2", "-1+2", "'quoted", "plain"]:
        assert unguarded(safe_cell(text)) == text


def test_the_guarded_csv_and_xlsx_formats_keep_formulae_as_text_and_numbers_as_numbers():
    dataset = tablib.Dataset(["=1+2", -5, "@x", 3.5], headers=["a", "b", "c", "d"])
    assert CSV().export_data(dataset).splitlines()[1] == "'=1+2,-5,'@x,3.5"
    sheet = openpyxl.load_workbook(io.BytesIO(XLSX().export_data(dataset))).active
    cells = [cell for cell in sheet[2]]
    assert [c.value for c in cells] == ["'=1+2", -5, "'@x", 3.5]
    assert [c.data_type for c in cells] == ["s", "n", "s", "n"]
