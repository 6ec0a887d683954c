"""/data/datapackage.json: the registry as a Frictionless Data Package,
checked by frictionless itself, with the tables it names downloaded as a
user would."""

import csv
import io
import json

import pytest
from frictionless import Package, validate

from registry import version
from registry import seed
from registry.models import Agreement, Source, StatusChange
from tests.public.awkward import FORMULA, SECRET_NOTE, SECRET_TITLE, awkward_registry

pytestmark = pytest.mark.django_db


def download(client, tmp_path):
    """The descriptor and every table it names, saved side by side."""
    descriptor = json.loads(client.get("/data/datapackage.json").content)
    for resource in descriptor["resources"]:
        response = client.get(f"/data/{resource['path']}")
        assert response.status_code == 200, resource["path"]
        (tmp_path / resource["path"]).write_bytes(response.getvalue())
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return descriptor


def rows(tmp_path, name):
    return list(csv.DictReader(io.StringIO((tmp_path / name).read_text(encoding="utf-8-sig"))))


def assert_valid(tmp_path):
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_finds_the_seed_package_valid(client, seeded, tmp_path):
    download(client, tmp_path)
    assert_valid(tmp_path)


def test_the_package_names_its_tables_keys_licence_and_the_registrys_version(client, seeded, tmp_path):
    descriptor = download(client, tmp_path)
    assert [r["name"] for r in descriptor["resources"]] == ["agreements", "partners", "status_changes", "sources"]
    assert descriptor["version"] == str(version.current()[0])
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    tables = {r["name"]: r["schema"] for r in descriptor["resources"]}
    assert tables["status_changes"]["foreignKeys"] == [
        {"fields": ["agreement_id"], "reference": {"resource": "agreements", "fields": ["id"]}}
    ]
    assert {"fields": ["partner_id"], "reference": {"resource": "partners", "fields": ["id"]}} in tables[
        "agreements"
    ]["foreignKeys"]
    for schema in tables.values():
        assert schema["primaryKey"] == ["id"] and schema["missingValues"] == [""]
        for field in schema["fields"]:
            assert field["title"] and field["title_fa"] and field["description"] and field["description_fa"]
    signed = next(f for f in tables["agreements"]["fields"] if f["name"] == "signed_on")
    assert signed["type"] == "date"
    # Opened by frictionless, the tables hold the seed's rows.
    package = Package(str(tmp_path / "datapackage.json"))
    assert len(package.get_resource("agreements").read_rows()) == Agreement.objects.public().count() == 28
    assert len(package.get_resource("partners").read_rows()) == 28
    assert len(package.get_resource("status_changes").read_rows()) == StatusChange.objects.count()
    # Every publicly cited source, the study among them, as the sources table lists them.
    sources = package.get_resource("sources").read_rows()
    assert sorted(row["id"] for row in sources) == sorted(
        Source.objects.filter(claims__agreement__is_public=True).distinct().values_list("pk", flat=True)
    )
    [study] = [row for row in sources if row["kind"] == "study"]
    assert study["title"] == seed.STUDY_SOURCE["title"]


def test_the_package_stays_valid_and_leaks_nothing_with_drafts_hidden_records_and_uncertain_dates(
    client, seeded, tmp_path
):
    made = awkward_registry()
    download(client, tmp_path)
    assert_valid(tmp_path)
    everything = "".join(p.read_text(encoding="utf-8-sig") for p in tmp_path.iterdir())
    assert SECRET_NOTE not in everything and SECRET_TITLE not in everything and "Secretville" not in everything
    agreements = {int(row["id"]): row for row in rows(tmp_path, "agreements.csv")}
    assert made.hidden.pk not in agreements
    assert not any(int(row["agreement_id"]) == made.hidden.pk for row in rows(tmp_path, "status-changes.csv"))
    assert agreements[made.draft.pk]["status"] == "draft"
    uncertain = agreements[made.uncertain.pk]
    assert (uncertain["signed_on"], uncertain["signed_precision"], uncertain["administration"]) == (
        "1997-07-23", "month", ""
    )
    assert uncertain["administration_candidates"] == "rafsanjani / khatami"
    termed = agreements[made.termed.pk]
    assert (termed["status"], termed["status_since"], termed["status_reason"]) == ("lapsed", "2006-01-01", "end_date")
    # A spreadsheet would run it: kept as text, as in every CSV the registry writes.
    assert agreements[made.ended.pk]["title_fa"] == "'" + FORMULA


def test_persian_text_leaves_as_it_is_stored(client, seeded, tmp_path):
    download(client, tmp_path)
    stored = {a.pk: a.title_fa for a in Agreement.objects.public()}
    assert {int(row["id"]): row["title_fa"] for row in rows(tmp_path, "agreements.csv")} == stored


def test_the_history_lists_each_agreements_changes_in_order(client, seeded, tmp_path):
    made = awkward_registry()
    download(client, tmp_path)
    history = [row for row in rows(tmp_path, "status-changes.csv") if int(row["agreement_id"]) == made.ended.pk]
    assert [(r["sequence"], r["status"], r["date"]) for r in history] == [
        ("1", "active", "2005-01-01"), ("2", "terminated", "2010-06-15")
    ]


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_data_page_links_every_open_format_and_says_how_to_use_the_wikidata_file(client, db, language):
    body = client.get(f"/{language}/data/").content.decode()
    for href in ("/data/datapackage.json", "/data/partners.csv", "/data/status-changes.csv", "/data/sources.csv",
                 "/data/catalog.jsonld", "/data/wikidata.qs", f"/{language}/data/api/", f"/{language}/feed/"):
        assert f'href="{href}"' in body, href
    assert "QuickStatements" in body and 'id="wikidata"' in body
