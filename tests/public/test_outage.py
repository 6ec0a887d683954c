"""What open data answers when the database is down (public/outage.py): JSON
a program can read, in the caller's language, never the HTML page."""

import json

import pytest

from tests.outages import database_down

pytestmark = pytest.mark.django_db

DATA = ["/data/stats.json", "/data/agreements.csv", "/data/agreements.json"]


@pytest.mark.parametrize("url", DATA)
def test_open_data_answers_json_503_when_the_database_is_down(visitor, url):
    with database_down():
        response = visitor.get(url)
    assert response.status_code == 503 and response["Content-Type"] == "application/json"
    assert json.loads(response.content)["error"]
    assert response["Retry-After"]


def test_open_data_503_is_in_english_for_an_english_client(visitor):
    with database_down():
        response = visitor.get("/data/stats.json", HTTP_ACCEPT_LANGUAGE="en")
    assert "database" in json.loads(response.content)["error"]


def test_open_data_503_is_in_persian_for_a_visitor_who_chose_persian(visitor):
    visitor.cookies["django_language"] = "fa"
    with database_down():
        response = visitor.get("/data/stats.json", HTTP_ACCEPT_LANGUAGE="en")
    error = json.loads(response.content)["error"]
    assert "database" not in error and "پایگاه" in error


def test_open_data_503_tells_caches_it_depends_on_the_language_and_is_not_to_be_kept(visitor):
    with database_down():
        response = visitor.get("/data/stats.json")
    assert {"Accept-Language", "Cookie"} <= {name.strip() for name in response["Vary"].split(",")}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", ["/api/v1/agreements", "/api/v1/statistics", "/api/v1/partners/1"])
def test_the_api_answers_json_503_any_page_may_read_when_the_database_is_down(visitor, url):
    with database_down():
        response = visitor.get(url, HTTP_ORIGIN="https://elsewhere.example")
    assert response.status_code == 503 and response["Content-Type"] == "application/json"
    assert json.loads(response.content)["error"]
    assert response["Retry-After"] and response["Access-Control-Allow-Origin"] == "*"
