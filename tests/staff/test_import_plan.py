"""An import is a plan, and the status history only grows by import (issue 16, items 1 and 2)."""

import csv
import io

import jdatetime
import pytest
from django.utils import translation

from registry.models import Agreement, Partner, StatusChange
from staff.imports.matching import Gazette
from staff.imports.plan import CHANGE, CREATE, REFUSED, Planner
from staff.imports.rows import RowReader
from staff.resources import CSV, AgreementResource

from tests.builders import agreement, country, partner

pytestmark = pytest.mark.django_db


def gregorian(year, month, day):
    """A Jalali day as the Gregorian date, by jdatetime alone."""
    return jdatetime.date(year, month, day).togregorian()


def exported_rows():
    return list(csv.DictReader(io.StringIO(AgreementResource().export().csv)))


def csv_bytes(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def reimport(rows, dry_run=False):
    return AgreementResource().import_data(CSV().create_dataset(csv_bytes(rows)), dry_run=dry_run,
                                           file_name="renewal.csv")


def history(made):
    return [(change.status, change.date) for change in StatusChange.objects.filter(agreement=made).order_by("pk")]


def renewable():
    """Active since 1395/03/10, for a term ending 1399/12/30."""
    return agreement(signed_on=gregorian(1395, 3, 10), ends_on=gregorian(1399, 12, 30))


def test_a_renewal_keeps_the_first_status_change_and_the_agreement_stays_in_force_before_it():
    made = renewable()
    rows = exported_rows()
    rows[0]["status_date"] = "1400/02/01"
    result = reimport(rows)
    assert result.totals["update"] == 1 and not result.has_validation_errors()
    assert history(made) == [("active", gregorian(1395, 3, 10)), ("active", gregorian(1400, 2, 1))]
    assert Agreement.objects.in_force(gregorian(1399, 12, 30)).filter(pk=made.pk).exists()
    # Between the end of the term and the renewal it had lapsed; after the renewal it is in force again.
    assert not Agreement.objects.in_force(gregorian(1400, 1, 15)).filter(pk=made.pk).exists()
    assert Agreement.objects.in_force(gregorian(1400, 3, 1)).filter(pk=made.pk).exists()


def test_the_preview_of_a_renewal_says_what_it_appends_and_writes_nothing():
    made = renewable()
    rows = exported_rows()
    rows[0]["status_date"] = "1400/02/01"
    with translation.override("en"):
        result = reimport(rows, dry_run=True)
    changes = [after for _label, _before, after in result.rows[0].diff.changes]
    assert "append: active from 1400/02/01" in changes
    assert history(made) == [("active", gregorian(1395, 3, 10))]


def test_an_undated_row_with_another_status_appends_an_undated_change_that_becomes_the_latest():
    made = renewable()
    rows = exported_rows()
    rows[0].update(status="suspended", status_date="")
    reimport(rows)
    assert history(made) == [("active", gregorian(1395, 3, 10)), ("suspended", None)]
    made.refresh_from_db()
    assert made.recorded_status == "suspended"


def test_a_back_dated_row_is_appended_in_its_place_in_time():
    made = renewable()
    StatusChange.objects.create(agreement=made, status="suspended", date=gregorian(1398, 1, 1))
    rows = exported_rows()
    rows[0].update(status="draft", status_date="1394/06/01")
    reimport(rows)
    assert ("draft", gregorian(1394, 6, 1)) in history(made) and len(history(made)) == 3
    made.refresh_from_db()
    assert made.recorded_status == "suspended"  # still the latest in time
    on = Agreement.objects.with_status(gregorian(1394, 8, 1)).get(pk=made.pk)
    assert on.current_status == "draft"
    on = Agreement.objects.with_status(gregorian(1396, 1, 1)).get(pk=made.pk)
    assert on.current_status == "active"


def test_a_row_repeating_a_recorded_change_appends_nothing():
    made = renewable()
    StatusChange.objects.create(agreement=made, status="suspended", date=gregorian(1398, 1, 1))
    rows = exported_rows()
    rows[0].update(status="active", status_date="1395/03/10")  # the first change, as recorded
    result = reimport(rows)
    assert result.totals["skip"] == 1 and len(history(made)) == 2


def test_importing_the_same_renewal_twice_reports_it_unchanged_the_second_time_though_its_version_is_older():
    made = renewable()
    rows = exported_rows()
    rows[0]["status_date"] = "1400/02/01"
    reimport(rows)
    made.refresh_from_db()
    assert int(rows[0]["version"]) < made.version  # the renewal counted a version
    again = reimport(rows)
    assert (again.totals["skip"], again.totals["update"], again.totals["invalid"]) == (1, 0, 0)
    assert len(history(made)) == 2


def test_reimporting_an_unchanged_export_reports_no_change():
    renewable()
    agreement(partner("Dushanbe", "دوشنبه", code="TJ"), title_fa="قرارداد خواهر شهری", status="draft")
    result = reimport(exported_rows())
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 0, 2)


def test_a_stale_row_that_changes_something_is_refused_naming_what_changed_meanwhile():
    made = renewable()
    rows = exported_rows()
    made.title_en = "Treaty of friendship"
    made.save()
    rows[0]["summary_en"] = "A new summary"
    with translation.override("en"):
        result = reimport(rows)
    assert result.totals["invalid"] == 1
    message = " ".join(result.invalid_rows[0].error_dict["version"])
    assert "title (English)" in message
    made.refresh_from_db()
    assert made.summary_en == ""


def test_a_plan_is_a_plain_value_built_without_writing():
    country("KG")
    known = renewable()
    headers = ["id", "title_fa", "title_en", "instrument", "relationship", "status", "status_date",
               "partner_country", "partner_name_en", "partner_name_fa"]
    reader = RowReader(headers)
    rows = [
        reader.read(2, [str(known.pk), known.title_fa, "Renamed", "treaty", "sister_city", "active", "1395/03/10",
                        "KG", "Bishkek", "بیشکک"]),
        reader.read(3, ["", "تفاهم نامه", "", "mou", "cooperation", "draft", "", "KG", "Osh", "اوش"]),
        reader.read(4, ["", "تفاهم نامه دو", "", "mou", "cooperation", "", "", "KG", "Osh", "اوش"]),
        reader.read(5, [str(known.pk + 100), "x", "", "mou", "cooperation", "draft", "", "KG", "Osh", "اوش"]),
    ]
    plans = Planner(Gazette()).plan(rows)
    assert [plan.action for plan in plans] == [CHANGE, CREATE, REFUSED, REFUSED]
    assert plans[0].fields == ["title_en"] and plans[0].append is None
    assert plans[1].new_partner.name_en == "Osh" and plans[1].append.status == "draft"
    assert "status" in plans[2].errors and "id" in plans[3].errors
    assert Agreement.objects.count() == 1 and history(known) == [("active", gregorian(1395, 3, 10))]
    known.refresh_from_db()
    assert known.title_en == "Sister city treaty"


def test_a_row_without_a_status_on_an_existing_agreement_leaves_its_history_alone():
    made = renewable()
    rows = exported_rows()
    for row in rows:
        del row["status"], row["status_date"]
    rows[0]["title_en"] = "Renamed"
    result = reimport(rows)
    assert result.totals["update"] == 1 and len(history(made)) == 1


def new_rows_csv(count):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["partner_country", "partner_name_en", "partner_name_fa", "title_fa", "instrument",
                     "relationship", "status", "status_date", "signed_on"])
    for n in range(count):
        writer.writerow(["KG", f"City {n}", f"شهر {n}", f"تفاهم نامه {n}", "mou", "cooperation", "active",
                         "1400/01/01", "1399/12/01"])
    return out.getvalue().encode()


def queries_to_import(data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = AgreementResource().import_data(CSV().create_dataset(data), file_name="many.csv")
    assert not result.has_validation_errors()
    return len(captured)


# Rows under one batch of the database's bulk insert (SQLite's takes some 40 agreements a statement).


def test_importing_new_rows_costs_the_same_queries_for_five_rows_as_for_thirty():
    country("KG")
    five = queries_to_import(new_rows_csv(5))
    Agreement.objects.all().delete()
    Partner.objects.all().delete()
    thirty = queries_to_import(new_rows_csv(30))
    assert thirty == five


def test_reimporting_rows_unchanged_costs_the_same_queries_for_five_rows_as_for_forty():
    country("KG")
    five_rows, forty_rows = new_rows_csv(5), new_rows_csv(40)
    queries_to_import(forty_rows)
    five = queries_to_import(five_rows)
    forty = queries_to_import(forty_rows)
    assert forty == five


def test_a_changed_title_is_found_by_search_after_the_import():
    made = renewable()
    rows = exported_rows()
    rows[0]["title_en"] = "Charter of the twin towns"
    reimport(rows)
    assert list(Agreement.objects.search("twin towns")) == [made]
    assert not Agreement.objects.search("Sister city treaty").exists()


@pytest.mark.parametrize("column", ["title_fa", "partner_wikidata_id", "partner_name_en", "status", "id", "signed_on"])
def test_a_nul_character_in_any_cell_refuses_its_row_with_a_message(column):
    country("KG")
    headers = ["id", "partner_country", "partner_name_en", "partner_name_fa", "title_fa", "instrument",
               "relationship", "status", "signed_on", "partner_wikidata_id"]
    values = dict(zip(headers, ["", "KG", "Osh", "اوش", "تفاهم نامه", "mou", "cooperation", "active", "1399/01/01",
                                ""]))
    values[column] = "Q1\x00" if column == "partner_wikidata_id" else values[column] + "\x00"
    out = io.StringIO()
    csv.writer(out).writerows([headers, [values[h] for h in headers]])
    with translation.override("en"):
        result = AgreementResource().import_data(CSV().create_dataset(out.getvalue().encode()), file_name="nul.csv")
    assert "NUL" in " ".join(result.invalid_rows[0].error_dict[column])
    assert Agreement.objects.count() == 0 and Partner.objects.count() == 0


def test_a_confirmation_after_the_registry_changed_writes_nothing_and_says_so(client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from staff.resources import IMPORT_FORMATS
    from tests.builders import staff

    made = renewable()
    rows = exported_rows()
    rows[0]["summary_en"] = "A summary"
    client.force_login(staff("editor"))
    csv_format = str([i for i, f in enumerate(IMPORT_FORMATS) if f is CSV][0])
    preview = client.post(reverse("admin:registry_agreement_import"), {
        "format": csv_format, "import_file": SimpleUploadedFile("edit.csv", csv_bytes(rows))})
    assert preview.context["result"].totals["update"] == 1
    made.title_en = "Edited meanwhile"
    made.save()  # another editor, between the preview and the confirmation
    done = client.post(reverse("admin:registry_agreement_process_import"), preview.context["confirm_form"].initial,
                       follow=True)
    assert done.redirect_chain[-1][0] == reverse("admin:registry_agreement_import")
    assert "چیزی وارد نشد" in done.content.decode()
    made.refresh_from_db()
    assert made.summary_en == "" and made.title_en == "Edited meanwhile"


def test_the_command_prints_what_each_changed_row_changes(tmp_path, capsys):
    from django.core.management import call_command

    renewable()
    rows = exported_rows()
    rows[0].update(status_date="1400/02/01", title_en="Renewed treaty")
    path = tmp_path / "renewal.csv"
    path.write_bytes(csv_bytes(rows))
    with translation.override("en"):
        call_command("import_agreements", str(path))
    out = capsys.readouterr().out
    assert "row 2: updated" in out and "append: active from 1400/02/01" in out
    assert "Sister city treaty → Renewed treaty" in out


@pytest.mark.parametrize("resource", ["agreement", "partner", "activity"])
def test_an_id_too_large_for_the_database_is_refused_as_no_id(resource):
    from staff.resources import ActivityResource, PartnerResource

    country("KG")
    cls = {"agreement": AgreementResource, "partner": PartnerResource, "activity": ActivityResource}[resource]
    data = f"id,title_fa,name_en,description_fa\n1e308,x,y,z\n{2**63},x,y,z\n".encode()
    result = cls().import_data(CSV().create_dataset(data), file_name="huge.csv")
    assert [sorted(invalid.error_dict) for invalid in result.invalid_rows][:2] == [["id"], ["id"]]


def test_new_agreements_imported_in_bulk_read_their_status_from_their_own_history():
    made = renewable()
    rows = exported_rows()
    new = {**rows[0], "id": "", "version": "", "title_fa": "تفاهم‌نامه تازه", "status": "active",
           "status_date": "1401/01/15", "ends_on": "1403/12/29"}
    result = reimport(rows + [new])
    assert result.totals["new"] == 1 and not result.has_validation_errors()
    imported = Agreement.objects.exclude(pk=made.pk).get()
    assert not Agreement.objects.in_force(gregorian(1401, 1, 14)).filter(pk=imported.pk).exists()
    assert Agreement.objects.in_force(gregorian(1401, 1, 15)).filter(pk=imported.pk).exists()
    after_its_term = Agreement.objects.with_status(gregorian(1404, 1, 1)).get(pk=imported.pk)
    assert after_its_term.current_status == "lapsed" and after_its_term.ended_by_term
