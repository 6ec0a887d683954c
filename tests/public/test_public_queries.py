"""Each public page and download runs the same number of SQL queries with 30
agreements as with 300 read in chunks of 100: nothing is fetched row by row,
nor chunk by chunk."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from public import opendata
from registry.models import (
    PRESIDENCY,
    Agreement,
    Claim,
    Country,
    Partner,
    Period,
    PeriodSeries,
    Source,
    Status,
    StatusChange,
    sync_statuses,
)

pytestmark = pytest.mark.django_db

CONTINENTS = ["AS", "EU", "AF", "NA", "SA", "OC"]
STATUSES = [Status.ACTIVE, Status.ACTIVE, Status.LAPSED, Status.SUSPENDED, Status.DRAFT]


def add_agreements(count, start=0):
    """`count` more partners and agreements with status histories, in bulk."""
    countries = list(Country.objects.order_by("code"))
    partners = Partner.objects.bulk_create(
        Partner(
            name_en=f"City {i}",
            name_fa=f"شهر {i}",
            country=countries[i % len(countries)],
            latitude=(i % 160) - 80,
            longitude=(i % 340) - 170,
        )
        for i in range(start, start + count)
    )
    agreements = Agreement.objects.bulk_create(
        Agreement(
            partner=partner,
            title_fa=f"تفاهم‌نامه {i}",
            title_en=f"Memorandum {i}",
            instrument="mou",
            relationship="cooperation",
            recorded_status=STATUSES[i % len(STATUSES)],
            signed_on=datetime.date(1990 + i % 35, 1 + i % 12, 1) if i % 7 else None,
            is_public=i % 10 != 0,
            internal_notes="x",
        )
        for i, partner in zip(range(start, start + count), partners)
    )
    StatusChange.objects.bulk_create(
        StatusChange(agreement=a, status=a.recorded_status, date=a.signed_on) for a in agreements
    )
    # bulk_create skips save(): the status intervals are written as an import writes them.
    sync_statuses([a.pk for a in agreements])
    # Each agreement cites a shared study and a source of its own, one of them on its signing date.
    study = Source.objects.get_or_create(kind="study", title="The study")[0]
    own = Source.objects.bulk_create(Source(kind="news", title=f"Report {a.pk}", url="https://example.org/")
                                     for a in agreements)
    Claim.objects.bulk_create(
        claim
        for a, source in zip(agreements, own)
        for claim in (
            Claim(agreement=a, source=study, fact="general"),
            Claim(agreement=a, source=source, fact="signed_on", value="x", value_from=a.signed_on,
                  value_to=a.signed_on) if a.signed_on else Claim(agreement=a, source=source, fact="general"),
        )
    )
    return agreements


@pytest.fixture
def registry(db):
    Country.objects.bulk_create(
        Country(
            code=f"{a}{b}", name_en=f"Country {a}{b}", name_fa=f"کشور {a}{b}", continent=CONTINENTS[i % 6]
        )
        for i, (a, b) in enumerate(zip("ABCDEFGHIJ", "KLMNOPQRST"))
    )
    series = PeriodSeries.objects.create(
        slug=PRESIDENCY, name_en="Presidency of Iran", name_fa="ریاست جمهوری"
    )
    for slug, start, end in [
        ("rafsanjani", 1989, 1997),
        ("khatami", 1997, 2005),
        ("ahmadinejad", 2005, 2013),
        ("rouhani", 2013, 2021),
        ("raisi", 2021, None),
    ]:
        Period.objects.create(
            series=series,
            slug=slug,
            name_en=slug.title(),
            name_fa=slug,
            start=datetime.date(start, 8, 3),
            end=datetime.date(end, 8, 3) if end else None,
        )
    return add_agreements(30)


def first_public(agreements):
    return next(a for a in agreements if a.is_public)


URLS = [
    "/fa/",
    "/en/",
    "/fa/agreements/",
    "/en/agreements/?sort=partner&page=2",
    "/fa/agreements/?status=active&continent=EU&year_from=1370&year_to=1400&in_force_on=1390/01/01&q=شهر",
    "/en/agreements/?administration=khatami&country=AK",
    "/fa/map/",
    "/en/map/?status=lapsed",
    "/fa/map/points.json",
    "/en/map/points.json?continent=EU&in_force_on=2000-01-01",
    "MAP_PARTNER",
    "/fa/statistics/",
    "/en/statistics/?status=active&administration=rouhani",
    "/fa/data/",
    "/data/agreements.csv",
    "/data/agreements.xlsx?continent=AS",
    "/data/agreements.json?status=active",
    "/data/agreements.geojson",
    "/data/stats.json",
    "/data/stats.json?in_force_on=2000-01-01",
    "/data/sources.csv",
    "/data/sources.json",
    "AGREEMENT",
    "AGREEMENT_CSL",
    "AGREEMENT_BIB",
    "PARTNER",
]


def queries_per_page(client, target):
    """{address: number of SQL queries} for every public page and download."""
    counts = {}
    for url in URLS:
        url = {
            "AGREEMENT": f"/en/agreements/{target.pk}/",
            "AGREEMENT_CSL": f"/data/agreements/{target.pk}/sources.csl.json",
            "AGREEMENT_BIB": f"/data/agreements/{target.pk}/sources.bib",
            "PARTNER": f"/fa/partners/{target.partner_id}/",
            "MAP_PARTNER": f"/fa/map/partners/{target.partner_id}.json",
        }.get(url, url)
        # Downloads are streamed: their rows are read while the body is.
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200 and response.getvalue(), url
        counts[url] = len(queries.captured_queries)
    return counts


@pytest.fixture
def small_chunks(monkeypatch):
    """Downloads read their rows in chunks (public/opendata.py): chunks of
    100 make 300 agreements three of them and 30 one, so a query run per
    chunk shows as surely as at the production chunk's scale."""
    monkeypatch.setattr(opendata, "CHUNK", 100)


def test_every_public_page_runs_as_many_queries_with_300_agreements_as_with_30(client, registry, clock,
                                                                                small_chunks):
    # One registry grown once for every page: building it per page would
    # make this the slowest test of the suite.
    target = first_public(registry)
    # The visitor's first download in a minute also clears old counts
    # (public/throttle.py): begin that minute before counting, on a stopped clock.
    client.get("/data/stats.json").getvalue()
    small = queries_per_page(client, target)
    add_agreements(270, start=30)
    assert Agreement.objects.count() == 300
    assert queries_per_page(client, target) == small



# The pages worked out from the whole registry on the first request after a
# change (bench/cold.py): besides the registry's version, the filter form's
# periods and countries and a download's count of the visitor's downloads
# (public/throttle.py), one pass over the agreements for their figures (the
# figures also look up the range of signing years, the home page its six
# newest and its first agreements).
FIGURE_PAGES = [
    ("/fa/", 4),
    ("/fa/map/points.json", 4),
    ("/fa/statistics/", 7),
    ("/data/stats.json", 8),
    ("/api/v1/statistics", 8),
]


@pytest.mark.parametrize("url, expected", FIGURE_PAGES)
def test_the_pages_of_figures_run_a_fixed_small_number_of_queries(client, registry, clock, url, expected):
    client.get("/data/stats.json").getvalue()  # begins the visitor's minute of downloads
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries.captured_queries) == expected, [q["sql"][:100] for q in queries.captured_queries]
