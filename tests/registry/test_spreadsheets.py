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


def test_control_characters_an_xlsx_cannot_hold_become_replacement_characters():
    from registry.spreadsheets import cell

    assert cell("reason\x01and\x0bmore") == "reason\ufffdand\ufffdmore"
    assert cell("line\nbreak\ttab") == "line\nbreak\ttab"  # characters XML holds stay
    assert cell("a\x01b", xlsx=False) == "a\x01b"  # a CSV holds any character


def test_sheet_titles_are_ones_excel_accepts():
    from registry.spreadsheets import sheet_title

    assert sheet_title("a/b:c*d?e[f]g\\h") == "a b c d e f g h"
    assert len(sheet_title("x" * 40)) == 31
    assert sheet_title("") == "Sheet"


def test_a_csv_begins_with_a_byte_order_mark_for_excel():
    assert CSV().export_data(tablib.Dataset(["تهران"], headers=["شهر"])).startswith("\ufeffشهر")


@pytest.mark.parametrize("language, right_to_left", [("fa", True), ("en", False)])
def test_an_xlsx_reads_right_to_left_for_a_persian_reader_with_its_header_frozen(language, right_to_left):
    from django.utils import translation

    dataset = tablib.Dataset(["معاهده خواهر شهری با بیشکک", 1], headers=["عنوان", "n"], title="اسناد")
    with translation.override(language):
        sheet = openpyxl.load_workbook(io.BytesIO(XLSX().export_data(dataset))).active
    assert bool(sheet.sheet_view.rightToLeft) is right_to_left
    assert sheet.freeze_panes == "A2" and sheet.title == "اسناد"
    assert sheet["A1"].font.bold
    # Columns as wide as their longest text, within reason.
    assert sheet.column_dimensions["A"].width == len("معاهده خواهر شهری با بیشکک") + 2
    assert sheet.column_dimensions["B"].width == 10


@pytest.mark.parametrize("xlsx", [False, True])
def test_a_row_of_cells_is_guarded_as_each_cell_would_be(xlsx):
    from registry.spreadsheets import cell, cells

    risky = ["=1+2", "-1+2", "@x", "\u00a0=1", "\u3000+1", "\t=1", "a\x01b", "\n=1", "x\n=1", "-33.86", ""]
    plain = ["title", "معاهده", None, 42, -3.5, "2001-03-21", "a=b"]
    for value in risky + plain:
        row = ["ordinary", value, 7]
        assert list(cells(row, xlsx=xlsx)) == [cell(v, xlsx=xlsx) for v in row], value


def test_every_blank_a_spreadsheet_skips_is_a_risky_first_character():
    import sys

    from registry.spreadsheets import RISKY_FIRST

    blanks = {chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()}
    assert blanks <= RISKY_FIRST
