"""Nothing internal reaches the public: not a non-public agreement, not its
partner, not internal notes, not a non-public document — on any page or
download, in either language."""

import json
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from registry.models import Document

from tests import builders as build

pytestmark = pytest.mark.django_db

SECRETS = ["SECRET-AGREEMENT-TITLE", "Secretville", "INTERNAL-NOTE-TEXT", "PRIVATE-DOCUMENT-TITLE"]


@pytest.fixture
def registry_with_secrets(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    hidden_partner = build.partner(name_en="Secretville", name_fa="شهر پنهان", latitude=10, longitude=10)
    hidden = build.agreement(hidden_partner, title_en="SECRET-AGREEMENT-TITLE", is_public=False)
    public = build.agreement(
        internal_notes="INTERNAL-NOTE-TEXT",
        signed_on=datetime.date(2012, 1, 1),
        ends_on=datetime.date(2017, 1, 1),
    )
    # A public child of the hidden agreement must not name it either.
    child = build.agreement(public.partner, parent=hidden, parent_link="implements", title_en="Programme")
    Document.objects.create(
        agreement=public,
        title="PRIVATE-DOCUMENT-TITLE",
        is_public=False,
        file=SimpleUploadedFile("scan.pdf", b"%PDF-1.4 private"),
    )
    shown = Document.objects.create(
        agreement=public,
        title="Public scan",
        is_public=True,
        file=SimpleUploadedFile("public.pdf", b"%PDF-1.4 public"),
    )
    private_file = Document.objects.get(title="PRIVATE-DOCUMENT-TITLE").file.name
    return {"hidden": hidden, "public": public, "child": child, "shown": shown, "private_file": private_file}


def public_urls(made):
    urls = [
        "/data/agreements.csv",
        "/data/agreements.json",
        "/data/agreements.geojson",
        "/data/stats.json",
        "/data/agreements.csv?q=secret",
        "/data/agreements.json?status=active",
    ]
    for language in ("fa", "en"):
        urls += [
            f"/{language}/",
            f"/{language}/agreements/",
            f"/{language}/agreements/?q=SECRET",
            f"/{language}/map/",
            f"/{language}/statistics/",
            f"/{language}/data/",
            f"/{language}/agreements/{made['public'].pk}/",
            f"/{language}/agreements/{made['child'].pk}/",
            f"/{language}/partners/{made['public'].partner.pk}/",
        ]
    return urls


def test_no_page_or_download_shows_anything_internal(client, registry_with_secrets):
    for url in public_urls(registry_with_secrets):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.getvalue().decode("utf-8-sig")
        for secret in SECRETS + [registry_with_secrets["private_file"]]:
            assert secret not in body, (url, secret)


def test_the_xlsx_download_shows_nothing_internal(client, registry_with_secrets):
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/data/agreements.xlsx").getvalue())).active
    text = " ".join(str(cell) for row in sheet.values for cell in row)
    for secret in SECRETS:
        assert secret not in text


def test_a_non_public_agreement_has_no_page(client, registry_with_secrets):
    assert client.get(f"/en/agreements/{registry_with_secrets['hidden'].pk}/").status_code == 404


def test_a_partner_with_only_non_public_agreements_has_no_page(client, registry_with_secrets):
    assert client.get(f"/fa/partners/{registry_with_secrets['hidden'].partner.pk}/").status_code == 404


def test_a_public_document_is_linked_through_the_checked_view_not_media(client, registry_with_secrets):
    shown = registry_with_secrets["shown"]
    body = client.get(f"/en/agreements/{registry_with_secrets['public'].pk}/").content.decode()
    assert f'href="/documents/{shown.pk}/"' in body and shown.file.url not in body
    assert b"".join(client.get(f"/documents/{shown.pk}/").streaming_content) == b"%PDF-1.4 public"


def test_a_public_drafts_documents_are_neither_listed_nor_served(client, registry_with_secrets):
    draft = build.agreement(status="draft", title_en="Draft")
    scan = Document.objects.create(
        agreement=draft, title="DRAFT-SCAN", is_public=True, file=SimpleUploadedFile("d.pdf", b"%PDF-1.4 d")
    )
    assert "DRAFT-SCAN" not in client.get(f"/en/agreements/{draft.pk}/").content.decode()
    assert client.get(f"/documents/{scan.pk}/").status_code == 404


def test_the_exports_count_only_public_agreements(client, registry_with_secrets):
    assert json.loads(client.get("/data/agreements.json").getvalue())["count"] == 2
    assert client.get("/data/stats.json").json()["total"] == 2


def test_a_public_child_of_a_hidden_agreement_exports_no_related_id(client, registry_with_secrets):
    child = next(
        a
        for a in json.loads(client.get("/data/agreements.json").getvalue())["agreements"]
        if a["id"] == registry_with_secrets["child"].pk
    )
    assert child["related_agreement_id"] is None and child["related_agreement_link"] is None
