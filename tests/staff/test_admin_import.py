import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.models import Agreement
from staff.resources import IMPORT_FORMATS, CSV

from tests.builders import country, staff
from .test_import_export import csv_text, row

CSV_FORMAT = str([i for i, f in enumerate(IMPORT_FORMATS) if f is CSV][0])


def upload(client, text, name="links.csv"):
    return client.post(
        reverse("admin:registry_agreement_import"),
        {"format": CSV_FORMAT, "import_file": SimpleUploadedFile(name, text.encode("utf-16"))},
    )


@pytest.mark.django_db
def test_the_admin_import_shows_a_preview_and_writes_nothing_until_confirmed(client):
    country("KG")
    client.force_login(staff("editor"))
    preview = upload(client, csv_text([row(), row(title_fa="تفاهم نامه همکاری")]))
    assert preview.status_code == 200
    assert "confirm_form" in preview.context and Agreement.objects.count() == 0
    confirm = preview.context["confirm_form"].initial
    done = client.post(reverse("admin:registry_agreement_process_import"), confirm)
    assert done.status_code == 302
    assert Agreement.objects.count() == 2


@pytest.mark.django_db
def test_the_admin_import_lists_a_bad_row_and_offers_no_confirmation(client):
    country("KG")
    client.force_login(staff("editor"))
    preview = upload(client, csv_text([row(), row(signed_on="1396/13/01")]))
    assert "confirm_form" not in preview.context
    invalid = preview.context["result"].invalid_rows
    assert [r.number for r in invalid] == [2] and "signed_on" in invalid[0].error_dict
    assert Agreement.objects.count() == 0


@pytest.mark.django_db
def test_the_admin_import_numbers_a_bad_row_as_the_spreadsheet_does_in_persian_digits(client):
    country("KG")
    client.force_login(staff("editor"))
    preview = upload(client, csv_text([row(), row(signed_on="1396/13/01")]))
    # The second data row is row 3 of the sheet, under the header.
    assert "<strong>سطر ۳</strong>" in preview.content.decode()


@pytest.mark.django_db
def test_a_confirmed_admin_import_is_recorded_with_the_file_name_and_the_user(client):
    country("KG")
    editor = staff("editor")
    client.force_login(editor)
    preview = upload(client, csv_text([row()]), name="colleague.csv")
    client.post(reverse("admin:registry_agreement_process_import"), preview.context["confirm_form"].initial)
    record = Agreement.objects.get().history.get()
    assert record.history_user == editor and "colleague.csv" in record.history_change_reason


@pytest.mark.django_db
def test_the_uploaded_file_waits_in_media_storage_between_preview_and_confirm(client, media_root):
    country("KG")
    client.force_login(staff("editor"))
    preview = upload(client, csv_text([row()]))
    name = preview.context["confirm_form"].initial["import_file_name"]
    assert (media_root / "django-import-export" / name).exists()


@pytest.mark.django_db
def test_a_superuser_without_groups_may_import(client):
    country("KG")
    client.force_login(User.objects.create_superuser("root", "", "x"))
    assert upload(client, csv_text([row()])).status_code == 200


@pytest.mark.django_db
def test_a_file_too_long_for_a_web_request_is_refused_with_a_pointer_to_the_command(client, settings):
    settings.IMPORT_ADMIN_MAX_ROWS = 2
    country("KG")
    client.force_login(staff("editor"))
    preview = upload(client, csv_text([row(title_fa=f"تفاهم نامه {n}") for n in range(3)]))
    assert "confirm_form" not in preview.context
    assert "import_agreements" in preview.content.decode()
    assert Agreement.objects.count() == 0


@pytest.mark.django_db
def test_a_viewer_exports_from_the_admin_a_file_the_import_reads_back_unchanged(client):
    from staff.resources import AgreementResource
    from staff.resources import CSV as DetectingCSV

    from tests.builders import agreement

    agreement()
    client.force_login(staff("viewer"))
    form = client.get(reverse("admin:registry_agreement_export")).context["form"]
    data = {name: "on" for name in form.fields if name.startswith("agreementresource_")}
    data.update(resource="0", format="0")
    response = client.post(reverse("admin:registry_agreement_export"), data)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    result = AgreementResource().import_data(DetectingCSV().create_dataset(response.content))
    assert result.totals["skip"] == 1 and not result.has_validation_errors()


@pytest.mark.django_db
def test_unconfirmed_preview_files_are_cleared_after_a_day(client, media_root):
    import os
    import time

    from django.core.management import call_command

    country("KG")
    client.force_login(staff("editor"))
    old = upload(client, csv_text([row()])).context["confirm_form"].initial["import_file_name"]
    new = upload(client, csv_text([row()])).context["confirm_form"].initial["import_file_name"]
    folder = media_root / "django-import-export"
    two_days_ago = time.time() - 48 * 3600
    os.utime(folder / old, (two_days_ago, two_days_ago))
    call_command("clear_import_previews")
    assert not (folder / old).exists() and (folder / new).exists()


@pytest.mark.django_db
def test_a_spreadsheet_over_the_size_limit_is_refused_before_it_is_read(client, settings):
    settings.IMPORT_MAX_BYTES = 100
    country("KG")
    client.force_login(staff("editor"))
    preview = upload(client, csv_text([row(), row(title_fa="تفاهم نامه همکاری")]))
    assert "import_file" in preview.context["form"].errors and "result" not in preview.context
