"""Two editors on one record: the later save of a stale form is refused (issue 11, finding 4)."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse

from registry.models import Agreement, Partner, StatusChange
from registry.spreadsheets import CSV as ExportCSV
from staff.resources import CSV as ImportCSV, AgreementResource, PartnerResource

from tests.builders import agreement, partner, staff
from .test_audit_pages import form_data

pytestmark = pytest.mark.django_db


def editor_client(name):
    client = Client()
    client.force_login(staff("editor", username=name))
    return client


@pytest.fixture
def editors():
    return editor_client("maryam"), editor_client("reza")


def test_a_stale_agreement_form_is_refused_and_the_newer_edit_kept(editors):
    first, second = editors
    made = agreement(summary_en="Old summary")
    url = reverse("admin:registry_agreement_change", args=[made.pk])
    first_form, second_form = form_data(first.get(url)), form_data(second.get(url))
    assert first.post(url, {**first_form, "title_en": "Sister city treaty, amended"}).status_code == 302
    response = second.post(url, {**second_form, "summary_en": "New summary"})
    assert response.status_code == 200
    made.refresh_from_db()
    assert made.title_en == "Sister city treaty, amended" and made.summary_en == "Old summary"
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "maryam" in errors and "Sister city treaty, amended" in errors and "Sister city treaty" in errors


def test_the_refusal_names_the_changed_field_in_the_editors_language(editors):
    first, second = editors
    made = agreement()
    url = reverse("admin:registry_agreement_change", args=[made.pk])
    stale = form_data(second.get(url))
    first.post(url, {**form_data(first.get(url)), "title_en": "Amended"})
    html = second.post(url, stale).content.decode()
    assert "عنوان (انگلیسی)" in html


def test_a_fresh_form_saves_as_before(editors):
    first, second = editors
    made = agreement()
    url = reverse("admin:registry_agreement_change", args=[made.pk])
    first.post(url, {**form_data(first.get(url)), "title_en": "Amended"})
    assert second.post(url, {**form_data(second.get(url)), "summary_en": "Fresh"}).status_code == 302
    made.refresh_from_db()
    assert (made.title_en, made.summary_en) == ("Amended", "Fresh")


def test_a_status_change_added_meanwhile_makes_the_agreement_form_stale(editors):
    first, second = editors
    made = agreement()
    url = reverse("admin:registry_agreement_change", args=[made.pk])
    stale = form_data(second.get(url))
    StatusChange.objects.create(agreement=made, status="suspended", date=datetime.date(2020, 1, 1))
    response = second.post(url, {**stale, "summary_en": "Edited"})
    assert response.status_code == 200
    made.refresh_from_db()
    assert made.summary_en == "" and made.recorded_status == "suspended"


def test_a_stale_partner_form_is_refused(editors):
    first, second = editors
    city = partner()
    url = reverse("admin:registry_partner_change", args=[city.pk])
    first_form, second_form = form_data(first.get(url)), form_data(second.get(url))
    assert first.post(url, {**first_form, "name_en": "Bishkek City"}).status_code == 302
    response = second.post(url, {**second_form, "wikidata_id": "Q9361"})
    assert response.status_code == 200
    city.refresh_from_db()
    assert (city.name_en, city.wikidata_id) == ("Bishkek City", "")


def test_every_save_counts_a_new_version():
    made = agreement()
    before = made.version
    made.summary_en = "x"
    made.save()
    assert made.version == before + 1 == Agreement.objects.get(pk=made.pk).version


def exported_rows(resource):
    return list(csv.DictReader(io.StringIO(ExportCSV().export_data(resource().export()))))


def reimport(resource, rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return resource().import_data(ImportCSV().create_dataset(out.getvalue().encode()), file_name="edited.csv")


def test_an_agreement_row_exported_before_a_later_edit_is_refused_on_import():
    made = agreement()
    rows = exported_rows(AgreementResource)
    made.title_en = "Amended in the admin"
    made.save()
    rows[0]["summary_en"] = "Edited in the spreadsheet"
    result = reimport(AgreementResource, rows)
    assert [r.number for r in result.invalid_rows] == [1]
    assert "version" in result.invalid_rows[0].error_dict
    made.refresh_from_db()
    assert (made.title_en, made.summary_en) == ("Amended in the admin", "")


def test_a_partner_row_exported_before_a_later_edit_is_refused_on_import():
    city = partner()
    rows = exported_rows(PartnerResource)
    Partner.objects.filter(pk=city.pk).first().save()
    rows[0]["name_en"] = "Bishkek City"
    result = reimport(PartnerResource, rows)
    assert result.has_validation_errors()
    city.refresh_from_db()
    assert city.name_en == "Bishkek"


def test_a_row_from_a_current_export_is_applied():
    made = agreement()
    rows = exported_rows(AgreementResource)
    rows[0]["summary_en"] = "Edited in the spreadsheet"
    result = reimport(AgreementResource, rows)
    assert not result.has_validation_errors() and not result.has_errors()
    made.refresh_from_db()
    assert made.summary_en == "Edited in the spreadsheet"


def test_a_colleagues_sheet_without_a_version_column_is_imported_as_before():
    made = agreement()
    rows = exported_rows(AgreementResource)
    for row in rows:
        del row["version"]
    rows[0]["summary_en"] = "Edited"
    assert not reimport(AgreementResource, rows).has_validation_errors()


def test_the_history_page_does_not_list_the_version_as_a_change(admin_client):
    made = agreement()
    made.title_en = "Amended"
    made.save()
    page = admin_client.get(reverse("admin:registry_agreement_history", args=[made.pk])).content.decode()
    assert "Amended" in page and "edit version" not in page and "نسخهٔ ویرایش" not in page


def refusal(response):
    return " ".join(response.context["adminform"].form.non_field_errors())


@pytest.mark.parametrize("model", ["agreement", "partner"])
def test_a_change_posted_without_the_version_it_was_read_at_is_refused_as_a_stale_one(editors, model):
    first, second = editors
    record = agreement() if model == "agreement" else partner()
    url = reverse(f"admin:registry_{model}_change", args=[record.pk])
    stale = form_data(second.get(url))
    field = "title_en" if model == "agreement" else "name_en"
    assert first.post(url, {**form_data(first.get(url)), field: "Saved by maryam"}).status_code == 302
    # A script that never read the form: everything but the version.
    versionless = {**form_data(second.get(url)), field: "Overwritten by a script"}
    del versionless["edit_version"]
    response = second.post(url, versionless)
    assert response.status_code == 200
    record.refresh_from_db()
    assert getattr(record, field) == "Saved by maryam"
    stale_refusal = refusal(second.post(url, {**stale, field: "From a stale form"}))
    assert refusal(response) == stale_refusal and "maryam" in stale_refusal


def test_a_version_that_is_not_a_number_changes_nothing(editors):
    first, _ = editors
    made = agreement()
    url = reverse("admin:registry_agreement_change", args=[made.pk])
    response = first.post(url, {**form_data(first.get(url)), "edit_version": "latest", "title_en": "Forged"})
    assert response.status_code == 200
    made.refresh_from_db()
    assert made.title_en != "Forged"
