"""The read-only JSON API under /api/v1/: the same agreements and counts as
the open data for every filter of the list, cursor pages, its OpenAPI 3.1
document, and the public site's rules (nothing private, cache, limits)."""

import json

import pytest
from django.test import Client, override_settings
from hypothesis import example, given, strategies as st
from openapi_spec_validator import validate

from public.filters import AgreementFilterForm
from registry.models import Agreement, Claim, Partner, Source
from tests.public.awkward import FORMULA, SECRET_NOTE, SECRET_TITLE, awkward_registry
from tests.seeding import committed_seed

pytestmark = pytest.mark.django_db

# Every filter of the list, each with values that select something and
# values that select nothing, in Persian and Latin digits, Jalali and Gregorian.
FILTERS = [
    "",
    "status=active", "status=lapsed", "status=draft", "status=suspended", "status=terminated",
    "continent=EU", "continent=AS", "continent=OC",
    "country=RU", "country=TR",
    "administration=khatami", "administration=rafsanjani", "administration=rouhani",
    "instrument=mou", "instrument=pact",
    "relationship=sister_city", "relationship=cooperation",
    "year_from=1380", "year_from=۱۳۸۰", "year_to=1385", "year_from=2000&year_to=2010",
    "in_force_on=1390/01/01", "in_force_on=2011-03-21", "in_force_on=1380",
    "series=presidency", "series=presidency&administration=khatami",
    "q=پکن", "q=moscow", "q=تفاهم", "q=Brasilia", "q=۱۳۹۲", "q=2014",
    "sort=signed", "sort=partner", "sort=country", "sort=-signed",
    "status=active&continent=EU&sort=partner",
    "page=2",
]


def test_every_filter_of_the_list_is_exercised():
    used = {pair.split("=")[0] for query in FILTERS for pair in query.split("&") if pair}
    assert used == set(AgreementFilterForm.base_fields)


def streamed(client, url):
    return json.loads(client.get(url).getvalue())


def walk(client, query, limit=4):
    """Every page of /api/v1/agreements for a query: (count, ids in order)."""
    url = f"/api/v1/agreements?{query}&limit={limit}"
    ids, counts = [], set()
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        counts.add(body["count"])
        assert len(body["results"]) <= limit
        ids += [record["id"] for record in body["results"]]
        url = body["next"]
    assert len(counts) == 1
    return counts.pop(), ids


@pytest.fixture(scope="module")
def registry(django_db_blocker, seed_rows):
    """The seed and the awkward registry, committed once: this module's tests only read."""
    with committed_seed(django_db_blocker, seed_rows):
        yield awkward_registry()


@pytest.mark.parametrize("query", FILTERS)
def test_the_api_selects_and_counts_the_same_agreements_as_the_open_data(client, registry, query):
    data = streamed(client, f"/data/agreements.json?{query}")
    count, ids = walk(client, query, limit=10)
    assert count == data["count"] == len(ids)
    assert len(set(ids)) == len(ids)  # no record twice across pages
    assert set(ids) == {record["id"] for record in data["agreements"]}


@pytest.mark.parametrize("sort", ["-signed", "signed", "partner", "country"])
@pytest.mark.parametrize("language", ["fa", "en"])
def test_cursor_pages_follow_the_lists_order(client, registry, sort, language):
    _count, ids = walk(client, f"sort={sort}&lang={language}", limit=3)
    form = AgreementFilterForm({"sort": sort})
    from django.utils import translation

    with translation.override(language):
        expected = list(form.filter().order_by(*form.ordering()).values_list("pk", flat=True))
    assert ids == expected


def test_one_record_is_the_open_datas_record_with_its_history(client, registry):
    ended = registry.ended
    record = client.get(f"/api/v1/agreements/{ended.pk}").json()
    row = next(r for r in streamed(client, "/data/agreements.json")["agreements"] if r["id"] == ended.pk)
    assert {key: record[key] for key in row} == row
    assert [(c["status"], c["date"]) for c in record["status_history"]] == [
        ("active", "2005-01-01"), ("terminated", "2010-06-15")
    ]
    assert record["activities"] == [] and record["documents"] == []
    # JSON is no spreadsheet: the title is as stored.
    assert record["title_fa"] == FORMULA


def test_one_agreement_lists_the_sources_its_claims_cite(client, registry):
    beijing = Agreement.objects.get(partner__wikidata_id="Q956")
    record = client.get(f"/api/v1/agreements/{beijing.pk}").json()
    cited = set(Claim.objects.filter(agreement=beijing).values_list("source_id", flat=True))
    assert {source["id"] for source in record["sources"]} == cited and len(cited) > 1
    assert record["sources"][0]["title"] == Source.objects.order_by("pk").filter(pk__in=cited)[0].title
    assert all(beijing.pk in source["agreements"] for source in record["sources"])


def test_nothing_private_leaves_through_the_api(client, registry):
    hidden = registry.hidden
    assert client.get(f"/api/v1/agreements/{hidden.pk}").status_code == 404
    assert client.get(f"/api/v1/partners/{hidden.partner_id}").status_code == 404
    bodies = [
        client.get(url).content.decode()
        for url in (
            "/api/v1/agreements?limit=500", "/api/v1/partners?limit=500",
            f"/api/v1/agreements/{registry.ended.pk}", f"/api/v1/partners/{registry.ended.partner_id}",
            "/api/v1/agreements?q=SECRET",
        )
    ]
    for body in bodies:
        assert SECRET_NOTE not in body and SECRET_TITLE not in body and "Secretville" not in body
    assert client.get("/api/v1/agreements?q=SECRET").json()["count"] == 0


def test_drafts_are_marked_and_never_counted(client, registry):
    record = client.get(f"/api/v1/agreements/{registry.draft.pk}").json()
    assert (record["status"], record["in_force"]) == ("draft", False)
    statistics = client.get("/api/v1/statistics").json()
    assert statistics == client.get("/data/stats.json").json()
    assert statistics["total"] == Agreement.objects.public().exclude(recorded_status="draft").count()


def test_partners_are_those_of_public_agreements(client, registry):
    ids = []
    url = "/api/v1/partners?limit=7"
    while url:
        body = client.get(url).json()
        ids += [p["id"] for p in body["results"]]
        url = body["next"]
    expected = Partner.objects.filter(agreements__is_public=True).distinct().order_by("pk")
    assert ids == list(expected.values_list("pk", flat=True))
    assert body["count"] == len(ids)


@pytest.mark.parametrize(
    "query, name",
    [("status=asleep", "status"), ("year_from=abc", "year_from"), ("in_force_on=1390/13/40", "in_force_on"),
     ("cursor=not-a-cursor", "cursor"), ("limit=0", "limit"), ("limit=x", "limit"), ("country=XX", "country"),
     ("lang=de", "lang")],
)
def test_a_bad_parameter_gets_a_400_that_names_it(client, registry, query, name):
    response = client.get(f"/api/v1/agreements?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert name in response.json()["errors"]


def test_a_cookie_never_changes_an_answer(client, registry):
    in_persian = client.get("/api/v1/agreements?sort=partner").json()
    client.cookies["django_language"] = "en"
    assert client.get("/api/v1/agreements?sort=partner").json() == in_persian
    assert client.get("/api/v1/agreements?sort=partner&lang=en").json() != in_persian


def test_a_cursor_for_another_order_is_refused(client, registry):
    following = client.get("/api/v1/agreements?limit=2&sort=partner").json()["next"]
    cursor = following.split("cursor=")[1]
    assert client.get(f"/api/v1/agreements?sort=signed&cursor={cursor}").status_code == 400


def test_the_openapi_document_is_valid_openapi_3_1(client, registry):
    response = client.get("/api/v1/openapi.json")
    document = response.json()
    assert document["openapi"] == "3.1.0"
    validate(document)
    assert set(document["paths"]) == {
        "/api/v1/agreements", "/api/v1/agreements/{pk}", "/api/v1/partners", "/api/v1/partners/{pk}",
        "/api/v1/statistics",
    }
    parameters = {p["name"] for p in document["paths"]["/api/v1/agreements"]["get"]["parameters"]}
    assert parameters == (set(AgreementFilterForm.base_fields) - {"page"}) | {"cursor", "limit", "lang"}


def test_answers_carry_an_etag_and_a_repeat_gets_304(client, registry):
    first = client.get("/api/v1/agreements?status=active")
    assert first.status_code == 200 and first["ETag"]
    again = client.get("/api/v1/agreements?status=active", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["Access-Control-Allow-Origin"] == "*"


def test_any_origin_may_read_the_api(client, registry):
    for url in ("/api/v1/agreements", "/api/v1/statistics", "/api/v1/openapi.json", "/api/v1/partners"):
        assert client.get(url, HTTP_ORIGIN="https://example.org")["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("url", ["/api/v1/agreements", "/api/v1/statistics", "/api/v1/openapi.json", "/api/v1/"])
def test_a_head_request_is_answered_as_a_get_without_its_body(client, registry, url):
    response = client.head(url)
    assert response.status_code == 200 and response["ETag"] == client.get(url)["ETag"]
    assert response.content == b""


def test_a_browsers_preflight_is_answered_for_any_origin(client, registry):
    response = client.options(
        "/api/v1/agreements?status=active", HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET", HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 204 and response["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert client.post("/api/v1/agreements").status_code == 405


def test_the_download_limits_apply_to_the_api(client, registry, settings):
    settings.DATA_DOWNLOADS_PER_MINUTE = 3
    statuses = [client.get("/api/v1/agreements").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_a_cached_answer_is_the_same_answer(client, registry, page_cache):
    from registry import version

    version.bump()
    first = client.get("/api/v1/agreements?continent=EU").json()
    assert client.get("/api/v1/agreements?continent=EU").json() == first


def test_the_api_page_describes_it_in_both_languages(client, registry):
    for language, heading in (("fa", "رابط برنامه‌نویسی JSON"), ("en", "The JSON API")):
        body = client.get(f"/{language}/data/api/").content.decode()
        assert heading in body and "/api/v1/openapi.json" in body
        for name in set(AgreementFilterForm.base_fields) - {"page"}:
            assert f"<code>{name}</code>" in body


@pytest.mark.parametrize(
    "url, schema",
    [
        ("/api/v1/agreements?limit=3", "AgreementPage"),
        ("/api/v1/agreements/DRAFT", "AgreementDetail"),
        ("/api/v1/agreements/ENDED", "AgreementDetail"),
        ("/api/v1/partners?limit=3", "PartnerPage"),
        ("/api/v1/partners/ENDED_PARTNER", "PartnerDetail"),
        ("/api/v1/agreements?status=asleep", "Errors"),
    ],
)
def test_every_answer_has_the_shape_its_openapi_document_gives(client, registry, url, schema):
    import jsonschema

    document = client.get("/api/v1/openapi.json").json()
    url = (url.replace("DRAFT", str(registry.draft.pk)).replace("ENDED_PARTNER", str(registry.ended.partner_id))
           .replace("ENDED", str(registry.ended.pk)))
    body = client.get(url).json()
    validator = jsonschema.Draft202012Validator({"$ref": f"#/components/schemas/{schema}", **document})
    assert list(validator.iter_errors(body)) == []
    # And nothing the document leaves out.
    described = document["components"]["schemas"][schema]["properties"]
    assert set(body) == set(described)


keys = st.one_of(st.none(), st.integers(min_value=-(2**80), max_value=2**80), st.text(max_size=30),
                 st.sampled_from(["2002-01-21", "2002-13-45", "۱۳۸۰", "0"]), st.booleans(), st.floats())


@given(sort=st.sampled_from(["-signed", "signed", "partner", "country", "id"]),
       after=st.one_of(st.lists(keys, min_size=0, max_size=4), keys, st.dictionaries(st.text(max_size=3), keys)))
# What a sort key cannot hold, as found before: a row number past 64 bits, a
# date that is not one, a number where a name or a date goes, not a list.
@example(sort="id", after=[2**70])
@example(sort="signed", after=["2002-13-45", 1])
@example(sort="partner", after=[1.5, True])
@example(sort="-signed", after={"a": None})
def test_no_cursor_breaks_a_page(db, sort, after):
    import base64

    cursor = base64.urlsafe_b64encode(json.dumps({"sort": sort, "after": after}).encode()).decode()
    with override_settings(DATA_DOWNLOADS_PER_MINUTE=10**9):
        for url in (f"/api/v1/agreements?sort={sort}&cursor={cursor}", f"/api/v1/partners?cursor={cursor}"):
            assert Client().get(url).status_code in (200, 400)
