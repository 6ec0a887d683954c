"""Anonymous open-data downloads are limited per visitor (issue 11, finding 9)."""

import pytest
from django.test import Client

from tests.builders import agreement, staff

pytestmark = pytest.mark.django_db


def read(response):
    response.getvalue()
    return response


def test_too_many_downloads_a_minute_get_429_with_retry_after(client, settings):
    settings.DATA_DOWNLOADS_PER_MINUTE = 3
    agreement()
    # Each download read to its end, as a browser does, so that only the rate counts.
    answers = [read(client.get("/data/agreements.csv")).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get("/data/agreements.json")
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["error"]


def test_the_limit_is_per_visitor(settings):
    settings.DATA_DOWNLOADS_PER_MINUTE = 1
    first, second = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    assert first.get("/data/stats.json").status_code == 200
    assert first.get("/data/stats.json").status_code == 429
    assert second.get("/data/stats.json").status_code == 200


def test_behind_a_proxy_the_configured_header_names_the_visitor(settings):
    settings.DATA_DOWNLOADS_PER_MINUTE = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    assert proxy.get("/data/stats.json", HTTP_X_REAL_IP="10.0.0.1").status_code == 200
    assert proxy.get("/data/stats.json", HTTP_X_REAL_IP="10.0.0.2").status_code == 200
    assert proxy.get("/data/stats.json", HTTP_X_REAL_IP="10.0.0.1").status_code == 429


def test_pages_are_never_limited(client, settings):
    settings.DATA_DOWNLOADS_PER_MINUTE = 1
    client.get("/data/stats.json")
    assert client.get("/data/stats.json").status_code == 429
    assert all(client.get(url).status_code == 200 for url in ["/fa/", "/fa/agreements/", "/fa/data/"])


def test_signed_in_staff_are_not_limited(client, settings):
    settings.DATA_DOWNLOADS_PER_MINUTE = 1
    client.force_login(staff("viewer"))
    assert [client.get("/data/stats.json").status_code for _ in range(3)] == [200, 200, 200]


def test_a_visitor_gets_only_so_many_downloads_at_once(settings):
    settings.DATA_DOWNLOADS_AT_ONCE = 1
    agreement()
    # A streamed download holds its place until its last byte is sent.
    first = Client().get("/data/agreements.csv")
    assert first.status_code == 200
    second = Client().get("/data/agreements.csv")
    assert second.status_code == 429 and second["Retry-After"]
    first.getvalue()
    assert Client().get("/data/agreements.csv").status_code == 200  # the place is free again


def test_a_refusal_is_explained_in_english_to_an_english_client(client, settings):
    settings.DATA_DOWNLOADS_PER_MINUTE = 0
    assert "Too many downloads" in client.get("/data/stats.json", HTTP_ACCEPT_LANGUAGE="en").json()["error"]
