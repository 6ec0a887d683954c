import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from registry.uploads import validate_document
from registry.models import Document

from tests.builders import agreement, staff

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
PHP = b"<?php system($_GET['c']); ?>\n"


@pytest.mark.parametrize("name, data", [("scan.pdf", PDF), ("scan.png", PNG), ("scan.JPG", JPEG)])
def test_pdf_jpeg_and_png_scans_are_accepted(name, data):
    validate_document(SimpleUploadedFile(name, data))


def test_a_php_file_renamed_pdf_is_refused_with_a_clear_message():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        validate_document(SimpleUploadedFile("scan.pdf", PHP))
    assert "not a PDF, JPEG or PNG" in refused.value.messages[0]


def test_a_png_named_pdf_is_refused_so_it_is_never_served_as_a_pdf():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        validate_document(SimpleUploadedFile("scan.pdf", PNG))
    assert "image/png" in refused.value.messages[0]


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.DOCUMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError):
        validate_document(SimpleUploadedFile("scan.pdf", PDF + b"0" * 200))


@pytest.mark.django_db
def test_the_admin_refuses_a_php_file_renamed_pdf_and_saves_nothing(client):
    made = agreement()
    client.force_login(staff("editor"))
    response = client.post(
        reverse("admin:registry_document_add"),
        {"agreement": made.pk, "title": "scan", "language": "fa", "file": SimpleUploadedFile("x.pdf", PHP)},
    )
    assert response.status_code == 200 and "file" in response.context["adminform"].form.errors
    assert Document.objects.count() == 0


def stored(made, data=PDF, name="scan.pdf", **extra):
    return Document.objects.create(agreement=made, title="متن تفاهم نامه", file=SimpleUploadedFile(name, data), **extra)


@pytest.mark.django_db
def test_documents_are_stored_under_unguessable_names():
    document = stored(agreement())
    assert document.file.name.startswith("documents/") and "scan" not in document.file.name
    assert len(document.file.name) > len("documents/") + 30


@pytest.mark.django_db
def test_a_public_document_is_served_to_anyone_with_a_safe_type_and_disposition(client):
    document = stored(agreement(), is_public=True)
    response = client.get(reverse("document", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;") and ".pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.django_db
@pytest.mark.parametrize(
    "document_public, agreement_public, status",
    [(False, True, "active"), (True, False, "active"), (True, True, "draft")],
)
def test_a_non_public_document_is_not_found_for_visitors(client, document_public, agreement_public, status):
    document = stored(agreement(is_public=agreement_public, status=status), is_public=document_public)
    assert client.get(reverse("document", args=[document.pk])).status_code == 404


@pytest.mark.django_db
def test_a_non_public_document_is_served_to_signed_in_staff(client):
    document = stored(agreement(), is_public=False)
    client.force_login(staff("viewer"))
    response = client.get(reverse("document", args=[document.pk]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_missing_document_is_not_found(client):
    assert client.get(reverse("document", args=[999])).status_code == 404


@pytest.mark.django_db
def test_the_admin_links_a_stored_scan_through_the_checked_view_not_media(client):
    document = stored(agreement())
    client.force_login(staff("editor"))
    page = client.get(reverse("admin:registry_document_change", args=[document.pk])).content.decode()
    assert f'href="{reverse("document", args=[document.pk])}"' in page
    assert "/media/" not in page
