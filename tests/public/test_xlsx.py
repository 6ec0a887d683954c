"""The open-data XLSX, written as a stream (public/xlsx.py): it starts before
the database is read, and reads back cell for cell as the CSV does."""

import csv
import io
import random
import zipfile

import openpyxl
import pytest

from public import opendata, xlsx
from public.filters import AgreementFilterForm
from public.opendata import COLUMN_NAMES

from tests import builders as build

pytestmark = pytest.mark.django_db


def workbook(client):
    return openpyxl.load_workbook(io.BytesIO(client.get("/data/agreements.xlsx").getvalue()))


def test_the_first_chunk_leaves_before_the_database_is_read(db, django_assert_num_queries):
    build.agreement()
    chunks = opendata.xlsx_stream(AgreementFilterForm(None))
    with django_assert_num_queries(0):
        assert next(chunks).startswith(b"PK\x03\x04")


def test_the_sheet_is_handed_on_while_its_rows_are_still_being_read():
    read = []
    noise = random.Random(0)

    def rows():
        for number in range(4 * xlsx.BATCH):
            read.append(number)
            # Text that does not compress away, as real titles and summaries do not.
            yield [number, noise.randbytes(100).hex()]

    chunks = xlsx.stream(["number", "text"], rows())
    next(chunks)  # the package's fixed parts
    next(chunks)
    assert 0 < len(read) < 4 * xlsx.BATCH


def test_every_cell_reads_back_as_the_csv_gives_it(client, db):
    build.agreement(
        build.partner(name_en="Sydney", name_fa="سیدنی", latitude=-33.86, longitude=151.2),
        title_fa="تفاهم‌نامهٔ همکاری «شهرهای خواهر»",
        title_en='=HYPERLINK("http://evil.example","click")',
        summary_en="<b>&\"'</b> a > b\nsecond line",
    )
    expected = next(
        csv.DictReader(io.StringIO(client.get("/data/agreements.csv").getvalue().decode("utf-8-sig")))
    )
    header, row = workbook(client).active.values
    assert dict(zip(header, ("" if value is None else str(value) for value in row))) == expected
    assert expected["title_en"].startswith("'=")


def test_ids_and_coordinates_stay_numbers(client, db):
    build.agreement(build.partner(latitude=-33.86, longitude=151.2))
    sheet = workbook(client).active
    numbers = [
        sheet.cell(2, COLUMN_NAMES.index(name) + 1) for name in ("id", "partner_id", "latitude", "longitude")
    ]
    assert [cell.data_type for cell in numbers] == ["n"] * 4
    assert numbers[2].value == -33.86


def test_the_file_is_a_sound_zip_with_the_parts_of_a_workbook(client, db):
    build.agreement()
    package = zipfile.ZipFile(io.BytesIO(client.get("/data/agreements.xlsx").getvalue()))
    assert package.testzip() is None
    assert package.namelist() == [
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
    ]


def test_the_workbook_has_one_sheet_named_agreements_with_its_header_frozen(client, db):
    build.agreement()
    book = workbook(client)
    assert book.sheetnames == ["agreements"]
    assert book.active.freeze_panes == "A2"


def test_the_xlsx_is_not_gzipped_again_for_a_client_that_takes_gzip(client, db, page_cache):
    build.agreement()
    response = client.get("/data/agreements.xlsx", HTTP_ACCEPT_ENCODING="gzip")
    assert not response.has_header("Content-Encoding")
    assert response.getvalue().startswith(b"PK\x03\x04")
