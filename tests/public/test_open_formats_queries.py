"""The API, the data package, the catalogue, QuickStatements, the feeds and
the sitemap run as many SQL queries with 300 agreements, read in chunks of
100, as with 30."""

import pytest
from django.db import connection
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.test.utils import CaptureQueriesContext

from registry.models import Agreement, Partner
from tests.public.test_public_queries import add_agreements, first_public, registry, small_chunks  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

URLS = [
    "/api/v1/agreements",
    "/api/v1/agreements?status=active&continent=EU&sort=partner&limit=20",
    "/api/v1/agreements?administration=khatami&sort=country&in_force_on=1390/01/01&q=شهر",
    "NEXT_PAGE",
    "API_AGREEMENT",
    "/api/v1/partners",
    "API_PARTNER",
    "/api/v1/statistics?year_from=1375",
    "/api/v1/openapi.json",
    "/data/datapackage.json",
    "/data/partners.csv",
    "/data/status-changes.csv",
    "/data/catalog.jsonld",
    "/data/wikidata.qs",
    "/sitemap.xml",
    "/robots.txt",
    "/fa/feed/",
    "/en/feed/",
    "/en/data/api/",
]


def with_wikidata_ids():
    Partner.objects.filter(wikidata_id="").update(wikidata_id=Concat(Value("Q"), Cast("pk", CharField())))


def queries_per_address(client, target):
    counts = {}
    # A visitor's first download of a minute also clears old counts: start the minute first.
    client.get("/data/stats.json")
    for url in URLS:
        if url == "NEXT_PAGE":
            url = client.get("/api/v1/agreements?sort=signed&limit=5").json()["next"].removeprefix("http://testserver")
        url = {
            "API_AGREEMENT": f"/api/v1/agreements/{target.pk}",
            "API_PARTNER": f"/api/v1/partners/{target.partner_id}",
        }.get(url, url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200 and response.getvalue(), url
        counts[url.split("cursor=")[0]] = len(queries.captured_queries)
    return counts


def test_the_open_formats_run_as_many_queries_with_300_agreements_as_with_30(client, registry, settings, clock,  # noqa: F811
                                                                              small_chunks):  # noqa: F811
    settings.DATA_DOWNLOADS_PER_MINUTE = 1000
    with_wikidata_ids()
    target = first_public(registry)
    small = queries_per_address(client, target)
    add_agreements(270, start=30)
    with_wikidata_ids()
    assert Agreement.objects.count() == 300
    assert queries_per_address(client, target) == small
