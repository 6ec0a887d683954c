"""Linked data about the registry: the DCAT-AP catalogue of its downloads,
and the schema.org descriptions embedded in agreement and partner pages."""

import json

from django.conf import settings
from django.utils.safestring import mark_safe

from registry import jalali
from registry.language import localized

from .datapackage import DESCRIPTION, LICENCE, PUBLISHER, TITLE

WIKIDATA = "http://www.wikidata.org/entity/"
TEHRAN_WIKIDATA = WIKIDATA + "Q3616"
HOME = settings.HOME_CITY
MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
EU_FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"

CATALOGUE_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# (path under /data/, media type, EU file type, title)
DISTRIBUTIONS = [
    ("agreements.csv", "text/csv", "CSV", "Agreements, CSV"),
    ("agreements.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", "Agreements, Excel workbook"),
    ("agreements.json", "application/json", "JSON", "Agreements, JSON"),
    ("agreements.geojson", "application/geo+json", "GEOJSON", "Agreements, GeoJSON"),
    ("partners.csv", "text/csv", "CSV", "Partners, CSV"),
    ("status-changes.csv", "text/csv", "CSV", "Status changes, CSV"),
    ("sources.csv", "text/csv", "CSV", "Sources, CSV"),
    ("stats.json", "application/json", "JSON", "Statistics, JSON"),
    ("datapackage.json", "application/json", "JSON", "Frictionless Data Package descriptor"),
    ("wikidata.qs", "text/plain", "TXT", "Wikidata QuickStatements"),
]


def _texts(pair):
    english, persian = pair
    return [{"@value": english, "@language": "en"}, {"@value": persian, "@language": "fa"}]


def catalogue(base_url, modified):
    """The DCAT-AP catalogue: one dataset, each download a distribution."""
    data = f"{base_url}/data/"
    licence = {"@id": LICENCE["path"]}
    stamp = {"@value": modified.isoformat(), "@type": "xsd:dateTime"} if modified else None
    publisher = {"@id": f"{base_url}/#publisher", "@type": "foaf:Agent", "foaf:name": _texts(PUBLISHER)}
    dataset = {
        "@id": f"{base_url}/data/#dataset",
        "@type": "dcat:Dataset",
        "dct:title": _texts(TITLE),
        "dct:description": _texts(DESCRIPTION),
        "dct:publisher": publisher,
        "dct:identifier": f"{base_url}/data/#dataset",
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": _texts(PUBLISHER),
            "vcard:hasURL": {"@id": f"{base_url}/"},
        },
        "dct:license": licence,
        "dct:language": [
            {"@id": "http://publications.europa.eu/resource/authority/language/FAS"},
            {"@id": "http://publications.europa.eu/resource/authority/language/ENG"},
        ],
        "dct:spatial": {"@id": TEHRAN_WIKIDATA},
        "dcat:keyword": [{"@value": "sister cities", "@language": "en"}, {"@value": "خواهرشهری", "@language": "fa"}],
        "dcat:landingPage": {"@id": f"{base_url}/en/data/"},
        "dcat:distribution": [
            {
                "@id": f"{data}{path}",
                "@type": "dcat:Distribution",
                "dct:title": {"@value": title, "@language": "en"},
                "dcat:accessURL": {"@id": f"{base_url}/en/data/"},
                "dcat:downloadURL": {"@id": f"{data}{path}"},
                "dcat:mediaType": {"@id": MEDIA_TYPES + media_type},
                "dct:format": {"@id": EU_FILE_TYPES + file_type},
                "dct:license": licence,
                **({"dct:modified": stamp} if stamp else {}),
            }
            for path, media_type, file_type, title in DISTRIBUTIONS
        ],
    }
    if stamp:
        dataset["dct:modified"] = stamp
    return {
        "@context": CATALOGUE_CONTEXT,
        "@id": f"{data}catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": _texts(TITLE),
        "dct:description": _texts(DESCRIPTION),
        "dct:publisher": publisher,
        "dct:license": licence,
        "foaf:homepage": {"@id": f"{base_url}/"},
        **({"dct:modified": stamp} if stamp else {}),
        "dcat:dataset": [dataset],
    }


def schema_date(value, precision):
    """An ISO 8601 date at the finest Gregorian precision that holds it
    (2014-02-27, 2002, …); None when unknown or no Gregorian year holds it."""
    placed = jalali.gregorian_precision(value, precision)
    if placed is None:
        return None
    day, known = placed
    return {jalali.DAY: day.isoformat(), jalali.MONTH: f"{day:%Y-%m}", jalali.YEAR: f"{day:%Y}"}[known]


def _same_as(partner):
    links = []
    if partner.wikidata_id:
        links.append(WIKIDATA + partner.wikidata_id)
    if partner.geonames_id:
        links.append(f"https://sws.geonames.org/{partner.geonames_id}/")
    return links


PLACE_TYPES = {"city": "City", "region": "AdministrativeArea", "organisation": "Organization"}


def partner_thing(partner, url):
    thing = {
        "@context": "https://schema.org",
        "@type": PLACE_TYPES.get(partner.kind, "Place"),
        "@id": url,
        "url": url,
        "name": [{"@value": partner.name_fa, "@language": "fa"}]
        + ([{"@value": partner.name_en, "@language": "en"}] if partner.name_en else []),
    }
    same_as = _same_as(partner)
    if same_as:
        thing["sameAs"] = same_as
    if partner.has_coordinates and partner.kind != "organisation":
        thing["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(partner.latitude),
            "longitude": float(partner.longitude),
        }
    if partner.country_id and partner.kind != "organisation":
        thing["containedInPlace"] = {"@type": "Country", "name": partner.country.name, "identifier": partner.country_id}
    return thing


def agreement_thing(agreement, url, partner_url):
    """A Legislation: what a search engine or a reader's tool can take from
    an agreement page. Its legal force is today's status."""
    partner = agreement.partner
    # The partner's Wikidata item names the partner, not the agreement: it
    # is the partner's sameAs, where it cannot be read as the agreement's.
    jurisdiction = {"@type": PLACE_TYPES.get(partner.kind, "Place"), "@id": partner_url, "name": partner.name}
    if _same_as(partner):
        jurisdiction["sameAs"] = _same_as(partner)
    thing = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "@id": url,
        "url": url,
        "name": [{"@value": agreement.title_fa, "@language": "fa"}]
        + ([{"@value": agreement.title_en, "@language": "en"}] if agreement.title_en else []),
        "legislationType": agreement.get_instrument_display(),
        "legislationLegalForce": "https://schema.org/InForce" if agreement.is_in_force else "https://schema.org/NotInForce",
        "legislationJurisdiction": [
            {"@type": "City", "name": localized(HOME["name_fa"], HOME["name_en"]), "sameAs": TEHRAN_WIKIDATA},
            jurisdiction,
        ],
        "inLanguage": "fa",
    }
    signed = schema_date(agreement.signed_on, agreement.signed_precision)
    if signed:
        thing["legislationDate"] = signed
    return thing


def script(thing):
    """A <script type="application/ld+json"> block: a data block, never
    run, so the Content Security Policy leaves it alone; <, > and & are
    escaped as json_script does, so no text can close the element."""
    text = json.dumps(thing, ensure_ascii=False).translate(
        {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
    )
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
