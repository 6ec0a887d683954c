"""Linked data, read back with a JSON-LD processor (pyld), offline: the
DCAT-AP catalogue, and schema.org on agreement and partner pages."""

import json
import re

import pytest
from pyld import jsonld

from registry.models import Agreement, Partner
from tests.public.awkward import SECRET_TITLE, awkward_registry

pytestmark = pytest.mark.django_db

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"


def offline_loader(url, options=None):
    # The schema.org context, reduced to its vocabulary: nothing is fetched.
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": SCHEMA}}}
    raise AssertionError(f"a JSON-LD document reached for {url}")


def expanded(document):
    return jsonld.expand(document, {"documentLoader": offline_loader})


def node(graph, type_):
    return next(n for n in graph if type_ in n.get("@type", []))


def texts(values):
    return {v.get("@language"): v["@value"] for v in values}


def test_the_catalogue_describes_the_dataset_in_both_languages_and_each_download(client, seeded, settings):
    settings.DATA_DOWNLOADS_PER_MINUTE = 100
    response = client.get("/data/catalog.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    flat = jsonld.flatten(json.loads(response.content), None, {"documentLoader": offline_loader})
    graph = flat["@graph"] if isinstance(flat, dict) else flat
    catalogue, dataset = node(graph, DCAT + "Catalog"), node(graph, DCAT + "Dataset")
    assert catalogue[DCAT + "dataset"] == [{"@id": dataset["@id"]}]
    assert texts(dataset[DCT + "title"]) == {
        "en": "Tehran International Partnerships Registry",
        "fa": "سامانه ثبت پیوندهای بین‌المللی تهران",
    }
    assert set(texts(dataset[DCT + "description"])) == {"en", "fa"}
    assert dataset[DCT + "license"] == [{"@id": "https://creativecommons.org/licenses/by/4.0/"}]
    assert dataset[DCT + "modified"][0]["@type"] == "http://www.w3.org/2001/XMLSchema#dateTime"
    contact = next(n for n in graph if n["@id"] == dataset[DCAT + "contactPoint"][0]["@id"])
    assert texts(contact["http://www.w3.org/2006/vcard/ns#fn"])["en"].startswith("Centre for International Relations")
    distributions = [n for n in graph if DCAT + "Distribution" in n.get("@type", [])]
    assert len(distributions) == len(dataset[DCAT + "distribution"]) >= 8
    for distribution in distributions:
        url = distribution[DCAT + "downloadURL"][0]["@id"]
        media_type = distribution[DCAT + "mediaType"][0]["@id"].rsplit("/", 2)
        download = client.get(url.removeprefix("http://testserver"))
        assert download.status_code == 200 and download.getvalue(), url
        assert download["Content-Type"].split(";")[0] == f"{media_type[-2]}/{media_type[-1]}", url
    # It is RDF: the processor turns it into triples.
    assert "<http://www.w3.org/ns/dcat#Dataset>" in jsonld.to_rdf(
        json.loads(response.content), {"format": "application/n-quads", "documentLoader": offline_loader}
    )


def page_things(client, url):
    body = client.get(url).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    return [expanded(json.loads(block))[0] for block in blocks]


def test_an_agreement_page_describes_a_legislation_from_the_record(client, seeded):
    beijing = Agreement.objects.get(partner__wikidata_id="Q956")
    [thing] = page_things(client, f"/en/agreements/{beijing.pk}/")
    assert thing["@type"] == [SCHEMA + "Legislation"]
    assert texts(thing[SCHEMA + "name"]) == {"fa": beijing.title_fa, "en": beijing.title_en}
    assert thing[SCHEMA + "legislationDate"] == [{"@value": "2014-02-27"}]
    assert thing[SCHEMA + "legislationLegalForce"] == [{"@value": "https://schema.org/InForce"}]
    assert thing[SCHEMA + "legislationType"] == [{"@value": "accord"}]
    tehran, partner = thing[SCHEMA + "legislationJurisdiction"]
    assert tehran[SCHEMA + "sameAs"] == [{"@value": "http://www.wikidata.org/entity/Q3616"}]
    assert {"@value": "http://www.wikidata.org/entity/Q956"} in partner[SCHEMA + "sameAs"]
    assert partner["@id"] == f"http://testserver/en/partners/{beijing.partner_id}/"


def test_a_lapsed_or_draft_agreement_is_not_in_force_and_no_date_is_guessed(client, seeded):
    made = awkward_registry()
    wales = Agreement.objects.get(partner__wikidata_id="Q3224")
    for agreement in (made.draft, wales):
        [thing] = page_things(client, f"/fa/agreements/{agreement.pk}/")
        assert thing[SCHEMA + "legislationLegalForce"] == [{"@value": "https://schema.org/NotInForce"}]
    [undated] = page_things(client, f"/fa/agreements/{wales.pk}/")
    assert SCHEMA + "legislationDate" not in undated
    [year_only] = page_things(client, f"/fa/agreements/{made.year_only.pk}/")
    assert SCHEMA + "legislationDate" not in year_only
    [month] = page_things(client, f"/fa/agreements/{made.uncertain.pk}/")
    assert month[SCHEMA + "legislationDate"] == [{"@value": "1997"}]
    assert client.get(f"/fa/agreements/{made.hidden.pk}/").status_code == 404


def test_a_partner_page_describes_the_place_with_its_coordinates_and_identifiers(client, seeded):
    beijing = Partner.objects.get(wikidata_id="Q956")
    [thing] = page_things(client, f"/fa/partners/{beijing.pk}/")
    assert thing["@type"] == [SCHEMA + "City"]
    assert texts(thing[SCHEMA + "name"]) == {"fa": beijing.name_fa, "en": beijing.name_en}
    [geo] = thing[SCHEMA + "geo"]
    assert geo[SCHEMA + "latitude"] == [{"@value": float(beijing.latitude)}]
    assert geo[SCHEMA + "longitude"] == [{"@value": float(beijing.longitude)}]
    assert {"@value": "http://www.wikidata.org/entity/Q956"} in thing[SCHEMA + "sameAs"]


def test_a_region_is_an_administrative_area(client, seeded):
    wales = Partner.objects.get(wikidata_id="Q3224")
    [thing] = page_things(client, f"/en/partners/{wales.pk}/")
    assert thing["@type"] == [SCHEMA + "AdministrativeArea"]


def test_a_title_cannot_close_the_script_block(client, db):
    from tests import builders as build

    made = build.agreement(title_fa="</script><script>alert(1)</script>")
    body = client.get(f"/fa/agreements/{made.pk}/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    assert json.loads(block)["name"][0]["@value"] == "</script><script>alert(1)</script>"
    assert SECRET_TITLE not in body
