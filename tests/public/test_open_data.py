import csv
import io
import json

import openpyxl
import pytest

from registry.models import Agreement
from public.opendata import COLUMN_NAMES

from tests import builders as build

pytestmark = pytest.mark.django_db


def csv_rows(response):
    text = response.getvalue().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_one_row_per_public_agreement_with_the_stable_columns(client, seeded):
    response = client.get("/data/agreements.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert list(rows[0]) == COLUMN_NAMES
    assert len(rows) == Agreement.objects.public().count()


def test_csv_starts_with_a_byte_order_mark_for_spreadsheet_programs(client, seeded):
    assert client.get("/data/agreements.csv").getvalue().startswith("\ufeff".encode())


def test_csv_takes_the_same_filters_as_the_list(client, seeded):
    rows = csv_rows(client.get("/data/agreements.csv?status=active&continent=EU"))
    assert len(rows) == 9 and {row["continent"] for row in rows} == {"EU"}


def test_csv_gives_the_quds_date_in_iso_and_jalali_with_its_precision(client, seeded):
    row = next(
        r for r in csv_rows(client.get("/data/agreements.csv")) if r["partner_name_en"].startswith("Quds")
    )
    assert (row["signed_on"], row["signed_on_jalali"], row["signed_precision"]) == (
        "2002-01-21",
        "1380/11",
        "month",
    )
    assert row["administration"] == "khatami"
    assert (row["status"], row["status_since"]) == ("active", "2002-01-21")


def test_xlsx_opens_with_the_same_columns_and_rows(client, seeded):
    response = client.get("/data/agreements.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.values)
    assert list(rows[0]) == COLUMN_NAMES
    assert len(rows) - 1 == Agreement.objects.public().count()


def test_xlsx_keeps_numbers_as_numbers_and_empty_cells_empty(client, seeded):
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/data/agreements.xlsx").getvalue())).active
    rows = list(sheet.values)
    bishkek = dict(zip(rows[0], next(r for r in rows[1:] if r[COLUMN_NAMES.index("partner_name_en")] == "Bishkek")))
    assert isinstance(bishkek["id"], int) and isinstance(bishkek["latitude"], float)
    assert bishkek["ends_on"] is None and bishkek["in_force"] == "true"


def test_csv_writes_an_empty_cell_as_nothing(client, seeded):
    bishkek = next(r for r in csv_rows(client.get("/data/agreements.csv")) if r["partner_name_en"] == "Bishkek")
    assert bishkek["ends_on"] == "" and bishkek["latitude"] == "42.87"


def test_a_formula_in_a_title_is_not_exported_as_a_formula(client, db):
    build.agreement(title_en='=HYPERLINK("http://evil.example","click")')
    row = csv_rows(client.get("/data/agreements.csv"))[0]
    assert row["title_en"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/data/agreements.xlsx").getvalue())).active
    cell = sheet.cell(row=2, column=COLUMN_NAMES.index("title_en") + 1)
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_json_lists_the_agreements_with_typed_values(client, seeded):
    data = json.loads(client.get("/data/agreements.json").getvalue())
    assert data["count"] == len(data["agreements"]) == Agreement.objects.public().count()
    assert data["columns"] == COLUMN_NAMES
    bishkek = next(a for a in data["agreements"] if a["partner_name_en"] == "Bishkek")
    assert bishkek["in_force"] is True and bishkek["latitude"] == 42.87
    assert bishkek["signed_on"] == "1994-05-23" and bishkek["signed_on_jalali"] == "1373/03/02"


def test_json_marks_the_paris_draft_as_not_in_force(client, seeded):
    paris = next(
        a for a in json.loads(client.get("/data/agreements.json").getvalue())["agreements"] if a["partner_name_en"] == "Paris"
    )
    assert paris["status"] == "draft" and paris["in_force"] is False


def test_geojson_puts_longitude_before_latitude(client, seeded):
    response = client.get("/data/agreements.geojson")
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.getvalue())
    assert data["type"] == "FeatureCollection"
    bishkek = next(f for f in data["features"] if f["properties"]["partner_name_en"] == "Bishkek")
    assert bishkek["geometry"] == {"type": "Point", "coordinates": [74.59, 42.87]}


def test_geojson_gives_a_partner_without_coordinates_no_geometry(client, db):
    build.agreement(
        build.partner(
            name_en="UN-Habitat", name_fa="اسکان بشر", kind="organisation", latitude=None, longitude=None
        )
    )
    feature = json.loads(client.get("/data/agreements.geojson").getvalue())["features"][0]
    assert feature["geometry"] is None


def test_geojson_takes_the_same_filters(client, seeded):
    data = json.loads(client.get("/data/agreements.geojson?continent=AF").getvalue())
    assert {f["properties"]["continent"] for f in data["features"]} == {"AF"}
    assert len(data["features"]) == 3


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "geojson"])
def test_a_bad_filter_gets_a_400_that_names_it(client, seeded, fmt):
    response = client.get(f"/data/agreements.{fmt}?continent=XX&in_force_on=yesterday")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"continent", "in_force_on"}


def test_an_unknown_format_is_not_found(client, seeded):
    assert client.get("/data/agreements.pdf").status_code == 404


def test_open_data_is_not_language_prefixed(client, seeded):
    assert client.get("/en/data/agreements.csv").status_code == 404
    assert client.get("/data/agreements.csv").status_code == 200


def test_a_control_character_in_a_summary_does_not_break_the_xlsx_download(client, db):
    build.agreement(summary_en="Signed\x01 in Tehran")
    response = client.get("/data/agreements.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    assert "in Tehran" in str(sheet.cell(row=2, column=COLUMN_NAMES.index("summary_en") + 1).value)


def test_a_bad_filter_is_explained_in_english_to_an_english_client(client, seeded):
    response = client.get("/data/stats.json?year_from=1390&year_to=1380", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["errors"] == {"year_to": ["The last year comes before the first one."]}


def test_a_bad_filter_is_explained_in_persian_by_default(client, seeded):
    response = client.get("/data/stats.json?year_from=1390&year_to=1380")
    assert response.json()["error"] == "برخی پالایه‌ها نامعتبرند."
