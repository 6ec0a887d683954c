"""Evidence never leaks: a non-public agreement's claims and a source cited
only by it stay off every public page and download, and a source's
staff-only notes are never shown, in either language."""

import pytest

from registry.models import Claim, Fact, Source
from tests import builders as build

pytestmark = pytest.mark.django_db

SECRETS = ["HIDDEN-SOURCE-TITLE", "HIDDEN-CLAIM-PARAPHRASE", "HIDDEN-LOCATOR", "SOURCE-INTERNAL-NOTE"]


@pytest.fixture
def made():
    public = build.agreement()
    hidden = build.agreement(build.partner("Secretville", "شهر پنهان", geonames_id=99), is_public=False)
    shared = Source.objects.create(kind="news", title="Shared report", internal_notes="SOURCE-INTERNAL-NOTE")
    only_hidden = Source.objects.create(kind="resolution", title="HIDDEN-SOURCE-TITLE")
    Claim.objects.create(agreement=public, source=shared, fact=Fact.SIGNED_ON, value="1373/03/02")
    Claim.objects.create(agreement=hidden, source=shared, fact=Fact.TERM, value="5 years",
                         paraphrase="HIDDEN-CLAIM-PARAPHRASE", locator="HIDDEN-LOCATOR")
    Claim.objects.create(agreement=hidden, source=only_hidden, fact=Fact.GENERAL)
    return {"public": public, "hidden": hidden, "shared": shared}


def urls(made):
    pk = made["public"].pk
    found = [
        "/data/sources.csv", "/data/sources.json", "/data/agreements.csv", "/data/agreements.json",
        "/data/agreements.geojson", f"/data/agreements/{pk}/sources.csl.json", f"/data/agreements/{pk}/sources.bib",
    ]
    for language in ("fa", "en"):
        found += [f"/{language}/agreements/{pk}/", f"/{language}/data/", f"/{language}/agreements/"]
    return found


def test_no_page_or_download_shows_a_hidden_agreements_evidence_or_a_staff_note(client, made):
    for url in urls(made):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.getvalue().decode("utf-8-sig")
        for secret in SECRETS:
            assert secret not in body, (url, secret)


def test_the_sources_table_names_only_the_public_agreements_citing_a_source(client, made):
    [row] = client.get("/data/sources.json").json()["sources"]
    assert (row["title"], row["agreements"]) == ("Shared report", [made["public"].pk])
    assert "internal_notes" not in row
