"""Imports are measured before any row is processed (issue 11, findings 2 and 3)."""

import io
import re
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from registry.models import Agreement
from staff.imports.reading import TooLarge, measure
from staff.resources import IMPORT_FORMATS

from tests.builders import country, staff
from .test_import_export import HEADERS, csv_text, row

pytestmark = pytest.mark.django_db

FORMAT = {file_format().get_title(): str(index) for index, file_format in enumerate(IMPORT_FORMATS)}
IMPORT_URL = "admin:registry_agreement_import"


def upload(client, data, name):
    return client.post(reverse(IMPORT_URL), {
        "format": FORMAT["xlsx" if name.endswith(".xlsx") else "csv"],
        "import_file": SimpleUploadedFile(name, data),
    })


def xlsx_bytes(rows, headers=HEADERS):
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refused(response):
    assert response.status_code == 200
    assert "result" not in response.context and "confirm_form" not in response.context
    return " ".join(response.context["form"].errors["import_file"])


@pytest.fixture
def editor(client):
    country("KG")
    client.force_login(staff("editor"))
    return client


def test_a_csv_over_the_row_limit_is_refused_before_any_row_is_processed(editor, settings):
    rows = settings.IMPORT_ADMIN_MAX_ROWS * 20  # many times the limit, under the byte limit
    text = ",".join(HEADERS) + "\n" + "x\n" * rows
    started = time.monotonic()
    message = refused(upload(editor, text.encode(), "many.csv"))
    assert time.monotonic() - started < 5
    limit = str(settings.IMPORT_ADMIN_MAX_ROWS).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert "import_agreements" in message and limit in message
    assert Agreement.objects.count() == 0


def test_an_xlsx_over_the_row_limit_is_refused(editor, settings):
    settings.IMPORT_ADMIN_MAX_ROWS = 50
    data = xlsx_bytes([["x"] * len(HEADERS)] * 51)
    assert "import_agreements" in refused(upload(editor, data, "many.xlsx"))


def test_a_file_at_the_row_limit_is_previewed(editor, settings):
    settings.IMPORT_ADMIN_MAX_ROWS = 2
    response = upload(editor, csv_text([row(), row(title_fa="تفاهم نامه همکاری")]).encode(), "two.csv")
    assert "confirm_form" in response.context


def test_a_cell_longer_than_any_field_is_refused_naming_its_row_and_column(editor, settings):
    settings.IMPORT_MAX_CELL_CHARS = 1000
    text = csv_text([row(), row(title_en="x" * 1001)])
    message = refused(upload(editor, text.encode(), "long.csv"))
    column = HEADERS.index("title_en") + 1
    digits = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    assert f"ستون {str(column).translate(digits)}" in message and "۳" in message


def test_an_xlsx_whose_one_huge_shared_string_fills_every_row_is_refused_fast(editor, settings):
    # A few kilobytes zipped: one long string, used by every row.
    huge = "A" * 2_000_000
    data = xlsx_bytes([[huge] + [""] * (len(HEADERS) - 1)] * 1500)
    assert len(data) < settings.IMPORT_MAX_BYTES
    started = time.monotonic()
    message = refused(upload(editor, data, "bomb.xlsx"))
    assert time.monotonic() - started < 10
    assert message


def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused_before_it_is_opened(editor, settings):
    settings.IMPORT_MAX_XLSX_BYTES = 100_000
    data = xlsx_bytes([["Bishkek" * 10] * len(HEADERS)] * 500)
    unpacked = sum(m.file_size for m in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert len(data) < settings.IMPORT_MAX_XLSX_BYTES < unpacked
    assert "بازشده" in refused(upload(editor, data, "bomb.xlsx"))


def test_the_refusal_is_in_english_for_an_english_editor(client, settings):
    from django.utils import translation

    settings.IMPORT_ADMIN_MAX_ROWS = 1
    country("KG")
    client.force_login(staff("editor"))
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        response = client.post(reverse(IMPORT_URL), {
            "format": FORMAT["csv"],
            "import_file": SimpleUploadedFile("two.csv", csv_text([row(), row()]).encode()),
        }, HTTP_ACCEPT_LANGUAGE="en")
    assert "more than 1 rows" in refused(response)


def test_measure_counts_the_rows_of_a_csv_in_any_of_the_encodings_the_import_reads():
    text = csv_text([row(), row(title_fa="تفاهم نامه")])
    for encoding in ["utf-8", "utf-8-sig", "utf-16", "cp1256"]:
        data = text.encode(encoding, errors="replace")
        assert measure(io.BytesIO(data)) == 2


def test_measure_stops_at_the_first_limit_passed():
    with pytest.raises(TooLarge):
        measure(io.BytesIO(b"a\n" + b"1\n" * 10), max_rows=5)


def test_confirming_an_import_whose_preview_is_gone_sends_the_user_back_to_upload(editor):
    preview = upload(editor, csv_text([row()]).encode(), "one.csv")
    confirm = preview.context["confirm_form"].initial
    first = editor.post(reverse("admin:registry_agreement_process_import"), confirm)
    assert first.status_code == 302 and Agreement.objects.count() == 1
    again = editor.post(reverse("admin:registry_agreement_process_import"), confirm, follow=True)
    assert again.status_code == 200
    assert again.redirect_chain[-1][0] == reverse(IMPORT_URL)
    assert "بارگذاری" in again.content.decode()
    assert Agreement.objects.count() == 1


def test_confirming_after_the_previews_were_cleared_is_not_an_error(editor):
    preview = upload(editor, csv_text([row()]).encode(), "one.csv")
    call_command("clear_import_previews", "--older-than-hours", "0")
    response = editor.post(reverse("admin:registry_agreement_process_import"), preview.context["confirm_form"].initial)
    assert response.status_code == 302 and response["Location"] == reverse(IMPORT_URL)
    assert Agreement.objects.count() == 0


@pytest.fixture
def small_parts(monkeypatch):
    from staff.management.commands import import_agreements

    monkeypatch.setattr(import_agreements, "CHUNK_ROWS", 2)


def titled_rows(count):
    return [row(title_fa=f"تفاهم نامه شماره {n}") for n in range(count)]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_command_imports_a_file_in_parts_as_one_whole(small_parts, tmp_path, kind):
    country("KG")
    path = tmp_path / f"links.{kind}"
    rows = titled_rows(5)
    if kind == "csv":
        path.write_text(csv_text(rows), encoding="utf-8")
    else:
        path.write_bytes(xlsx_bytes([[r[h] for h in HEADERS] for r in rows]))
    call_command("import_agreements", str(path), "--quiet-rows")
    assert Agreement.objects.count() == 5


def test_a_row_repeating_an_agreement_of_an_earlier_part_is_refused_not_doubled(small_parts, tmp_path, capsys):
    from django.core.management import CommandError

    country("KG")
    path = tmp_path / "links.csv"
    path.write_text(csv_text(titled_rows(5) + [titled_rows(1)[0]]), encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_agreements", str(path), "--quiet-rows")
    assert re.search("row 7: (Row 2 of this file|سطر ۲ این فایل)", capsys.readouterr().err)
    assert Agreement.objects.count() == 0


def test_an_invalid_row_in_a_later_part_leaves_nothing_written(small_parts, tmp_path, capsys):
    from django.core.management import CommandError

    country("KG")
    path = tmp_path / "links.csv"
    path.write_text(csv_text(titled_rows(5) + [row(signed_on="1396/13/01")]), encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_agreements", str(path), "--quiet-rows")
    assert "row 7: signed_on:" in capsys.readouterr().err
    assert Agreement.objects.count() == 0


def test_the_command_refuses_a_cell_longer_than_any_field_before_writing(tmp_path, settings):
    from django.core.management import CommandError

    settings.IMPORT_MAX_CELL_CHARS = 100
    country("KG")
    path = tmp_path / "links.csv"
    path.write_text(csv_text([row(), row(title_en="x" * 101)]), encoding="utf-8")
    with pytest.raises(CommandError, match="101|۱۰۱"):
        call_command("import_agreements", str(path))
    assert Agreement.objects.count() == 0


def test_a_dry_run_in_parts_writes_nothing(small_parts, tmp_path):
    country("KG")
    path = tmp_path / "links.csv"
    path.write_text(csv_text(titled_rows(5)), encoding="utf-8")
    call_command("import_agreements", str(path), "--dry-run", "--quiet-rows")
    assert Agreement.objects.count() == 0


BOMB_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="links" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        '<Relationship Id="rId2" Target="sharedStrings.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
        "</Relationships>"
    ),
}


def shared_strings_bomb(rows=2000, columns=5, length=20_000, kinds=5):
    """An XLSX written by hand whose shared-strings table holds `kinds`
    strings of `length` characters, each of rows × columns cells referring
    to one: small in bytes and unpacked, rows × columns × length characters
    in meaning."""
    strings = "".join(f"<si><t>{chr(ord('A') + n) * length}</t></si>" for n in range(kinds))
    letters = "ABCDEFGHIJ"
    header = "".join(f'<c r="{letters[c]}1" t="inlineStr"><is><t>{HEADERS[c]}</t></is></c>' for c in range(columns))
    body = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{letters[c]}{r}" t="s"><v>{(r + c) % kinds}</v></c>' for c in range(columns))
        + "</row>"
        for r in range(2, rows + 2)
    )
    parts = {
        **BOMB_PARTS,
        "xl/sharedStrings.xml": f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                                f'count="{rows * columns}" uniqueCount="{kinds}">{strings}</sst>',
        "xl/worksheets/sheet1.xml": '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                    f'<sheetData><row r="1">{header}</row>{body}</sheetData></worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + text)
    return out.getvalue()


def test_an_xlsx_whose_shared_strings_stand_for_200_million_characters_is_refused_within_seconds(editor, settings):
    data = shared_strings_bomb()
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert len(data) < 200_000 and sum(m.file_size for m in archive.infolist()) < 2_000_000
    assert 2000 * 5 * 20_000 >= 20 * settings.IMPORT_MAX_TOTAL_CHARS  # what it means, against the bound
    started = time.monotonic()
    message = refused(upload(editor, data, "shared.xlsx"))
    assert time.monotonic() - started < 10
    limit = f"{settings.IMPORT_MAX_TOTAL_CHARS:,}".replace(",", "٬").translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert "نویسه" in message and limit in message
    assert Agreement.objects.count() == 0


def test_measuring_a_shared_strings_bomb_takes_no_more_memory_than_its_bound(settings):
    import tracemalloc

    data = shared_strings_bomb()
    bound = settings.IMPORT_MAX_TOTAL_CHARS
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge):
            measure(io.BytesIO(data), max_total_chars=bound)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Cells are counted, not kept: far below the bytes the bound stands for (4 a character, at most).
    assert peak < bound


def test_the_total_of_characters_counts_every_cell_of_every_row():
    text = "a,b\n" + "xxxx,yyyy\n" * 10  # 8 characters a row, 80 in the rows, 2 in the header
    assert measure(io.BytesIO(text.encode()), max_total_chars=82) == 10
    with pytest.raises(TooLarge):
        measure(io.BytesIO(text.encode()), max_total_chars=81)


def test_a_partner_named_first_by_a_refused_row_is_only_checked_in_later_parts(small_parts, tmp_path, capsys):
    from django.core.management import CommandError

    country("KG")
    path = tmp_path / "links.csv"
    rows = [row(partner_name_en="Osh", title_fa="تفاهم نامه یک", signed_on="1396/13/01")]  # refused, names Osh
    rows += titled_rows(2) + [row(partner_name_en="Osh", title_fa="تفاهم نامه دو")]  # a later part uses Osh
    path.write_text(csv_text(rows), encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_agreements", str(path), "--quiet-rows")
    assert "row 2: signed_on:" in capsys.readouterr().err
    assert Agreement.objects.count() == 0
