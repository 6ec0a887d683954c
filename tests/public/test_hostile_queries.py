"""Every public query parameter under hostile values: never a 500, never an
unescaped reflection (issue 11, finding 9)."""

import pytest
from django.test import Client, override_settings
from hypothesis import example, given, strategies as st

from public.filters import AgreementFilterForm

from tests import builders as build
from tests.hostile import MARKUP, NUMBERS, SQL, WORDS, hostile_text, reflected_markup

pytestmark = pytest.mark.django_db

PARAMETERS = [*AgreementFilterForm.base_fields, "lang", "next", "format", "color", "cursor", "limit"]
PAGES = ["/fa/agreements/", "/en/agreements/", "/fa/map/", "/en/statistics/", "/fa/", "/en/data/"]
DATA = ["/data/agreements.json", "/data/agreements.csv", "/data/agreements.geojson", "/data/stats.json",
        "/data/agreements.xlsx", "/api/v1/agreements", "/api/v1/statistics", "/api/v1/partners"]

queries = st.dictionaries(st.sampled_from(PARAMETERS), hostile_text, min_size=1, max_size=4)
HAND_PICKED = MARKUP + NUMBERS + SQL + WORDS


def every_hand_picked_value(test):
    """Every hand-picked hostile value, each in one parameter or another,
    tried by every run whatever the profile's number of examples: a few
    requests, each with every parameter."""
    for shift in range(0, len(HAND_PICKED), len(PARAMETERS)):
        test = example(query={
            name: HAND_PICKED[(i + shift) % len(HAND_PICKED)] for i, name in enumerate(PARAMETERS)
        })(test)
    return test


tried = []


@pytest.fixture
def registry(db):
    build.agreement(title_en="<b>bold</b> & co", summary_en="<script>alert(1)</script>")


@pytest.mark.parametrize("url", PAGES)
@given(query=queries)
@every_hand_picked_value
def test_no_query_string_breaks_a_public_page_or_comes_back_unescaped(registry, url, query):
    tried.append(query)
    response = Client().get(url, query)
    assert response.status_code < 500
    body = response.content.decode()
    for value in query.values():
        assert not reflected_markup(value, body), value


@pytest.mark.parametrize("url", DATA)
@given(query=queries)
@every_hand_picked_value
def test_no_query_string_breaks_an_open_data_download(registry, url, query):
    tried.append(query)
    with override_settings(DATA_DOWNLOADS_PER_MINUTE=10**9):
        response = Client().get(url, query)
        response.getvalue()  # a streamed download holds its place until read to its end
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response["Content-Type"] == "application/json"


@given(pk=st.one_of(st.integers(min_value=0, max_value=2**70), st.sampled_from(["-1", "٣", "۳", "1e3", "0x1"])))
def test_no_id_in_a_path_breaks_a_page(registry, pk):
    tried.append(pk)
    for path in (f"/fa/agreements/{pk}/", f"/en/partners/{pk}/", f"/documents/{pk}/",
                 f"/api/v1/agreements/{pk}", f"/api/v1/partners/{pk}"):
        with override_settings(DATA_DOWNLOADS_PER_MINUTE=10**9):
            assert Client().get(path).status_code in (200, 404)
