import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.models import Agreement

from tests.builders import partner, staff
from tests.public.test_documents import PDF


def management(prefix, total):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def add_page_data(city, **extra):
    return {
        "partner": city.pk, "title_fa": "تفاهم نامه همکاری", "instrument": "mou", "relationship": "cooperation",
        "signed_on": "1380/11", "is_public": "on",
        **management("status_changes", 1), **management("activities", 0), **management("documents", 1),
        **management("claims", 0), **management("fact_notes", 0),
        "status_changes-0-status": "active", "status_changes-0-date": "",
        "documents-0-title": "متن امضاشده", "documents-0-language": "fa",
        "documents-0-file": SimpleUploadedFile("scan.pdf", PDF),
        **extra,
    }


@pytest.mark.django_db
def test_the_add_page_offers_the_initial_status_and_the_scan_on_the_same_page(client):
    client.force_login(staff("editor"))
    page = client.get(reverse("admin:registry_agreement_add")).content.decode()
    assert 'name="status_changes-0-status"' in page and 'name="documents-0-file"' in page
    assert 'id="add_id_partner"' in page  # create the partner in a popup


@pytest.mark.django_db
def test_an_agreement_is_added_with_its_status_and_scan_in_one_post(client):
    client.force_login(staff("editor"))
    response = client.post(reverse("admin:registry_agreement_add"), add_page_data(partner()))
    assert response.status_code == 302
    made = Agreement.objects.get()
    assert (made.signed_on, made.signed_precision) == (datetime.date(2002, 1, 21), "month")
    assert made.documents.get().title == "متن امضاشده"
    # The status left without a date dates from the signing.
    assert (made.recorded_status, made.recorded_status_on) == ("active", made.signed_on)
    assert made.status_changes.get().precision == "month"


@pytest.mark.django_db
def test_a_bad_scan_on_the_add_page_saves_nothing(client):
    client.force_login(staff("editor"))
    data = add_page_data(partner(), **{"documents-0-file": SimpleUploadedFile("scan.pdf", b"<?php echo 1; ?>")})
    response = client.post(reverse("admin:registry_agreement_add"), data)
    assert response.status_code == 200 and Agreement.objects.count() == 0


@pytest.mark.django_db
def test_a_status_change_dated_ahead_is_accepted_and_said_to_be_scheduled(client, today):
    from registry import jalali

    client.force_login(staff("editor"))
    ahead = jalali.format_input(today + datetime.timedelta(days=30), "day", language="en")
    data = add_page_data(partner(), **{
        **management("status_changes", 2),
        "status_changes-0-date": "1380/11",
        "status_changes-1-status": "terminated", "status_changes-1-date": ahead,
    })
    response = client.post(reverse("admin:registry_agreement_add"), data, follow=True)
    made = Agreement.objects.get()
    scheduled = f"زمان‌بندی‌شده: لغوشده از {jalali.format_date(today + datetime.timedelta(days=30))}"
    assert any(scheduled in str(message) for message in response.context["messages"])
    assert list(Agreement.objects.in_force()) == [made]
    page = client.get(reverse("admin:registry_agreement_change", args=[made.pk])).content.decode()
    assert "status-active" in page and scheduled in page
