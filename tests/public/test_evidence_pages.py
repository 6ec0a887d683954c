"""Evidence on the public site: each agreement's claims beside the record,
its references and their downloads, and the sources in open data."""

import csv
import datetime
import io
import json

import jdatetime
import jsonschema
import pytest

from registry.models import Claim, Fact, FactNote, Source
from tests import builders as build

pytestmark = pytest.mark.django_db

# The shape of CSL-JSON items (CSL 1.0.2's input schema, reduced to the
# variables a registry source can have): a list of items with an id and a
# type from CSL's list, dates as one or two [year, month, day] parts.
DATE = {
    "type": "object",
    "properties": {"date-parts": {"type": "array", "minItems": 1, "maxItems": 2, "items": {
        "type": "array", "minItems": 1, "maxItems": 3, "items": {"type": "integer"}}}},
    "required": ["date-parts"],
    "additionalProperties": False,
}
NAMES = {"type": "array", "items": {"type": "object", "properties": {"literal": {"type": "string"}},
                                    "required": ["literal"], "additionalProperties": False}}
CSL_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "id": {"type": ["string", "number"]},
            "type": {"enum": ["article", "article-journal", "article-newspaper", "document", "legislation",
                              "report", "webpage"]},
            "title": {"type": "string", "minLength": 1},
            "author": NAMES,
            "publisher": {"type": "string"},
            "container-title": {"type": "string"},
            "issued": DATE,
            "accessed": DATE,
            "URL": {"type": "string"},
            "language": {"type": "string"},
        },
        "required": ["id", "type", "title"],
        "additionalProperties": False,
    },
}


@pytest.fixture
def disputed():
    """An agreement recorded as signed on 2014-02-27, a source that agrees and one that says 2006."""
    agreement = build.agreement(signed_on=datetime.date(2014, 2, 27), title_en="Sister city agreement")
    agreeing = Source.objects.create(kind="partner_site", title="AGREEING-PAGE", publisher="Beijing",
                                     url="https://example.org/beijing", published_on=datetime.date(2020, 5, 13))
    differing = Source.objects.create(kind="news", title="DIFFERING-REPORT", publisher="A newspaper")
    Claim.objects.create(agreement=agreement, source=agreeing, fact=Fact.SIGNED_ON, value="2014-02-27")
    Claim.objects.create(agreement=agreement, source=differing, fact=Fact.SIGNED_ON, value="2006",
                         paraphrase="DIFFERING-PARAPHRASE")
    return agreement


def page(client, agreement, language):
    return client.get(f"/{language}/agreements/{agreement.pk}/").content.decode()


def evidence_part(body):
    return body[body.index('id="evidence-heading"'):body.index('id="history-heading"')]


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_claim_that_disagrees_with_the_recorded_signing_date_shows_with_both_sources(client, disputed, language):
    shown = evidence_part(page(client, disputed, language))
    assert "AGREEING-PAGE" in shown and "DIFFERING-REPORT" in shown
    assert "DIFFERING-PARAPHRASE" in shown
    assert 'class="claim-differs"' in shown and 'class="claim-agrees"' in shown
    assert "evidence-differs" in shown


def test_the_persian_page_gives_the_recorded_and_stated_dates_in_jalali(client, disputed):
    shown = evidence_part(page(client, disputed, "fa"))
    recorded = jdatetime.date.fromgregorian(date=disputed.signed_on)
    jalali_day = f"{recorded.year}/{recorded.month}/{recorded.day}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert jalali_day in shown
    assert "2014-02-27" not in shown
    # 2006 as a Gregorian year spans two Jalali years: named by its days.
    assert "۱۳۸۴/۱۰/۱۱" in shown


def test_the_english_page_gives_the_dates_in_gregorian(client, disputed):
    shown = evidence_part(page(client, disputed, "en"))
    assert "2014-02-27" in shown and "2006" in shown
    assert "۱۳۹۲" not in shown


def test_the_staff_note_says_why_the_registry_records_its_value(client, disputed):
    FactNote.objects.create(agreement=disputed, fact=Fact.SIGNED_ON, note_fa="سند امضاشده در دست است.",
                            note_en="The signed document is in the registry.")
    assert "The signed document is in the registry." in evidence_part(page(client, disputed, "en"))
    assert "سند امضاشده در دست است." in evidence_part(page(client, disputed, "fa"))


def test_an_agreeing_claim_shows_as_corroboration(client):
    agreement = build.agreement(signed_on=datetime.date(2014, 2, 27))
    Claim.objects.create(agreement=agreement, source=Source.objects.create(kind="news", title="R"),
                         fact=Fact.SIGNED_ON, value="1392/12/08")
    shown = evidence_part(page(client, agreement, "en"))
    assert "Every source agrees" in shown and "claim-differs" not in shown


def test_a_source_cited_by_two_agreements_appears_in_both_reference_lists(client):
    shared = Source.objects.create(kind="study", title="SHARED-STUDY", author="A; B")
    first = build.agreement()
    second = build.agreement(build.partner("Dushanbe", "دوشنبه", code="TJ"))
    for agreement in (first, second):
        Claim.objects.create(agreement=agreement, source=shared, fact=Fact.GENERAL)
    for agreement in (first, second):
        body = page(client, agreement, "fa")
        references = body[body.index('id="references-heading"'):]
        assert "SHARED-STUDY" in references and f'id="source-{shared.pk}"' in references


def test_an_agreement_without_claims_shows_no_evidence_or_reference_list(client):
    body = page(client, build.agreement(), "en")
    assert "evidence-heading" not in body and "references-heading" not in body


def test_the_csl_json_download_validates_as_a_list_of_items(client, disputed):
    response = client.get(f"/data/agreements/{disputed.pk}/sources.csl.json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json"
    items = json.loads(response.content)
    jsonschema.validate(items, CSL_SCHEMA)
    by_title = {item["title"]: item for item in items}
    assert set(by_title) == {"AGREEING-PAGE", "DIFFERING-REPORT"}
    assert by_title["AGREEING-PAGE"]["URL"] == "https://example.org/beijing"
    assert by_title["AGREEING-PAGE"]["issued"] == {"date-parts": [[2020, 5, 13]]}
    assert "issued" not in by_title["DIFFERING-REPORT"]


def test_a_jalali_year_of_publication_is_the_range_of_days_it_covers(client):
    agreement = build.agreement()
    study = Source.objects.create(kind="study", title="Study", published_on=datetime.date(2018, 3, 21),
                                  published_precision="year")
    Claim.objects.create(agreement=agreement, source=study, fact=Fact.GENERAL)
    [item] = json.loads(client.get(f"/data/agreements/{agreement.pk}/sources.csl.json").content)
    first, following = jdatetime.date(1397, 1, 1).togregorian(), jdatetime.date(1398, 1, 1).togregorian()
    last = following - datetime.timedelta(days=1)
    assert item["issued"] == {"date-parts": [[first.year, first.month, first.day], [last.year, last.month, last.day]]}


def test_the_bibtex_download_has_one_entry_per_source_with_its_url(client, disputed):
    body = client.get(f"/data/agreements/{disputed.pk}/sources.bib").content.decode()
    assert body.count("\n@") + body.startswith("@") == 2
    assert "url = {https://example.org/beijing}" in body and "title = {{DIFFERING-REPORT}}" in body


def test_a_non_public_agreement_has_no_reference_downloads(client):
    hidden = build.agreement(is_public=False)
    Claim.objects.create(agreement=hidden, source=Source.objects.create(kind="news", title="T"), fact=Fact.GENERAL)
    assert client.get(f"/data/agreements/{hidden.pk}/sources.csl.json").status_code == 404
    assert client.get(f"/data/agreements/{hidden.pk}/sources.bib").status_code == 404


def test_open_data_lists_each_agreements_sources(client, disputed):
    expected = sorted(disputed.claims.values_list("source_id", flat=True))
    [record] = json.loads(client.get("/data/agreements.json").getvalue())["agreements"]
    assert record["sources"] == expected
    [row] = csv.DictReader(io.StringIO(client.get("/data/agreements.csv").getvalue().decode("utf-8-sig")))
    assert row["sources"] == "; ".join(str(pk) for pk in expected)
    feature = json.loads(client.get("/data/agreements.geojson").getvalue())["features"][0]
    assert feature["properties"]["sources"] == expected


def test_the_sources_table_gives_each_source_and_the_agreements_citing_it(client, disputed):
    data = json.loads(client.get("/data/sources.json").content)
    assert data["count"] == 2
    rows = {row["title"]: row for row in data["sources"]}
    assert rows["AGREEING-PAGE"]["agreements"] == [disputed.pk]
    assert rows["AGREEING-PAGE"]["published_jalali"] == "1399/02/24"
    table = list(csv.DictReader(io.StringIO(client.get("/data/sources.csv").content.decode("utf-8-sig"))))
    assert {row["title"] for row in table} == {"AGREEING-PAGE", "DIFFERING-REPORT"}


def test_statistics_count_the_recorded_signing_year_not_a_claims(client, disputed):
    recorded_year = jdatetime.date.fromgregorian(date=disputed.signed_on).year
    by_year = {row["year"]: row["count"] for row in client.get("/data/stats.json").json()["by_year"]}
    assert by_year == {recorded_year: 1}


@pytest.mark.parametrize("url", ["/data/sources.xml", "/data/agreements/{pk}/sources.ris",
                                 "/data/agreements/999999/sources.bib"])
def test_an_unknown_format_or_agreement_gets_404(client, disputed, url):
    assert client.get(url.format(pk=disputed.pk)).status_code == 404
