"""Public pages and downloads are kept in the cache on the registry's
version: a write of any kind shows on the very next request, and an
unchanged registry answers a repeat visitor with 304."""

import datetime
import gzip

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from registry.models import Agreement, StatusChange
from staff.resources import CSV, AgreementResource

from tests.builders import agreement, country, partner

pytestmark = pytest.mark.django_db

# The list, the statistics (page and JSON), the map and the open data.
WATCHED = [
    "/en/agreements/",
    "/en/statistics/",
    "/data/stats.json",
    "/en/map/points.json",
    "/data/agreements.csv",
    "/data/agreements.geojson",
]


@pytest.fixture
def registry(page_cache, clock, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        bishkek = agreement(
            partner("Bishkek", "بیشکک", latitude=42.87, longitude=74.59), title_en="Sister city treaty with Bishkek"
        )
        agreement(partner("Dushanbe", "دوشنبه", code="TJ", latitude=38.5, longitude=68.8), title_en="Dushanbe MoU")
    return bishkek


def contents(client):
    return {url: client.get(url).getvalue() for url in WATCHED}


def assert_every_page_changed(before, after):
    assert [url for url in WATCHED if before[url] == after[url]] == []


def test_a_repeated_request_is_served_from_the_cache_with_one_query(client, registry, django_assert_num_queries):
    first = client.get("/en/agreements/").content
    with django_assert_num_queries(1):  # the registry's version
        assert client.get("/en/agreements/").content == first


def test_an_admin_edit_shows_on_the_very_next_request(client, registry, django_capture_on_commit_callbacks):
    before = contents(client)
    client.force_login(User.objects.create_superuser("boss", "", "x"))
    form = {
        "partner": registry.partner_id, "title_fa": registry.title_fa, "title_en": registry.title_en,
        "instrument": "treaty", "relationship": "sister_city", "signed_on": "1373/03/02",
        "ends_on": "", "review_on": "",  # "is_public" left out: staff take it off the public site
        "edit_version": registry.version,
        "status_changes-TOTAL_FORMS": "0", "status_changes-INITIAL_FORMS": "0",
        "activities-TOTAL_FORMS": "0", "activities-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "0", "documents-INITIAL_FORMS": "0",
        "claims-TOTAL_FORMS": "0", "claims-INITIAL_FORMS": "0",
        "fact_notes-TOTAL_FORMS": "0", "fact_notes-INITIAL_FORMS": "0",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:registry_agreement_change", args=[registry.pk]), form)
    assert response.status_code == 302
    client.logout()
    after = contents(client)
    assert_every_page_changed(before, after)
    assert b"Bishkek" not in after["/en/agreements/"] and b"Bishkek" not in after["/data/agreements.csv"]


def test_a_status_change_shows_on_the_very_next_request(client, registry, django_capture_on_commit_callbacks):
    before = contents(client)
    with django_capture_on_commit_callbacks(execute=True):
        StatusChange.objects.create(agreement=registry, status="terminated", date=datetime.date(2020, 1, 1))
    after = contents(client)
    assert_every_page_changed(before, after)
    assert b"terminated" in after["/data/agreements.csv"]


def test_an_import_shows_on_the_very_next_request(client, registry, django_capture_on_commit_callbacks):
    before = contents(client)
    country("DE")
    data = (
        "partner_country,partner_name_en,partner_name_fa,partner_latitude,partner_longitude,"
        "title_fa,title_en,instrument,relationship,status,status_date,signed_on\n"
        "DE,Hamburg,هامبورگ,53.55,9.99,تفاهم‌نامه همکاری,Hamburg MoU,mou,cooperation,active,1390/01/01,1390/01/01\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        result = AgreementResource().import_data(CSV().create_dataset(data), file_name="links.csv")
    assert not result.has_errors() and not result.invalid_rows
    after = contents(client)
    assert_every_page_changed(before, after)
    assert b"Hamburg MoU" in after["/en/agreements/"]


def test_a_management_command_shows_on_the_very_next_request(client, registry, django_capture_on_commit_callbacks):
    before = contents(client)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seed", stdout=None)
    after = contents(client)
    assert_every_page_changed(before, after)
    assert b"Saint Petersburg" in after["/data/agreements.csv"]


def test_a_document_upload_shows_on_the_agreement_page(client, registry, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    url = reverse("agreement", args=[registry.pk])
    assert b"Signed scan" not in client.get(url).content
    with django_capture_on_commit_callbacks(execute=True):
        registry.documents.create(title="Signed scan", is_public=True, file=ContentFile(b"%PDF-1.4\n", "scan.pdf"))
    assert b"Signed scan" in client.get(url).content


def test_a_write_that_is_rolled_back_changes_nothing_and_the_next_one_shows(
    client, registry, django_capture_on_commit_callbacks
):
    from django.db import transaction

    before = client.get("/en/agreements/").content
    with pytest.raises(RuntimeError), transaction.atomic():
        Agreement.objects.filter(pk=registry.pk).update(title_en="Never committed")
        raise RuntimeError
    assert client.get("/en/agreements/").content == before
    with django_capture_on_commit_callbacks(execute=True):
        Agreement.objects.filter(pk=registry.pk).update(title_en="Renamed treaty")
    assert b"Renamed treaty" in client.get("/en/agreements/").content


@pytest.mark.parametrize("url", WATCHED)
def test_a_repeat_visitor_gets_304_until_the_registry_changes(
    client, registry, clock, django_capture_on_commit_callbacks, url
):
    clock.advance(2)
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        StatusChange.objects.create(agreement=registry, status="lapsed", date=datetime.date(2021, 1, 1))
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_each_language_is_kept_apart(client, registry):
    assert client.get("/en/agreements/")["Content-Language"] == "en"
    assert b'lang="fa"' in client.get("/fa/agreements/").content
    assert b'lang="en"' in client.get("/en/agreements/").content


def test_the_query_string_is_part_of_what_is_kept(client, registry):
    assert b"Dushanbe" in client.get("/en/agreements/?q=Dushanbe").content
    assert b"Dushanbe" not in client.get("/en/agreements/?q=Bishkek").content


@pytest.mark.parametrize("url", ["/en/agreements/", "/data/agreements.csv", "/data/agreements.json"])
def test_pages_are_gzipped_for_clients_that_take_it_and_plain_for_the_others(client, registry, url):
    # Each read to its end, as a browser does: a streamed download holds its
    # place among the visitor's downloads until then (public/throttle.py).
    plain = client.get(url)
    plain_body = plain.getvalue()
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    zipped_body = zipped.getvalue()
    again = client.get(url).getvalue()  # from the cache, which keeps it compressed
    assert zipped["Content-Encoding"] == "gzip" and not plain.has_header("Content-Encoding")
    assert gzip.decompress(zipped_body) == plain_body == again
    assert "Accept-Encoding" in zipped["Vary"]


def test_a_public_page_carries_no_csrf_token_or_cookie_so_gzip_cannot_leak_one(client, registry):
    for url in ["/fa/", "/en/agreements/", "/fa/map/", "/fa/statistics/", "/fa/data/"]:
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert not response.cookies
        assert b"csrfmiddlewaretoken" not in gzip.decompress(response.getvalue())


def test_an_invalid_filter_is_answered_but_not_kept(client, registry):
    assert client.get("/data/stats.json?status=nonsense").status_code == 400
    assert client.get("/data/stats.json?status=nonsense").status_code == 400


def test_a_large_response_is_kept_apart_among_the_few_large_ones(
    client, registry, settings, django_assert_num_queries
):
    settings.PUBLIC_CACHE_SMALL_BYTES = 100
    first = client.get("/data/agreements.csv").getvalue()
    # The registry's version, and the visitor's download counted, begun and ended (public/throttle.py).
    with django_assert_num_queries(4):
        assert client.get("/data/agreements.csv").getvalue() == first


def test_a_response_too_large_to_keep_is_served_afresh_each_time(client, registry, settings):
    settings.PUBLIC_CACHE_MAX_BYTES = 100
    first = client.get("/data/agreements.csv")
    again = client.get("/data/agreements.csv")
    assert first.getvalue() == again.getvalue()
    assert again.streaming  # built again, not read from the cache


@pytest.mark.parametrize("url", ["/en/agreements/", "/data/agreements.csv"])
def test_two_edits_within_one_second_are_never_answered_304_to_the_first_ones_copy(
    client, registry, clock, django_capture_on_commit_callbacks, url
):
    clock.advance(2)  # 12:00:02.2
    with django_capture_on_commit_callbacks(execute=True):
        Agreement.objects.filter(pk=registry.pk).update(title_en="First edit")
    first = client.get(url)
    assert b"First edit" in first.getvalue()
    clock.advance(0.5)  # 12:00:02.7: the same whole second
    with django_capture_on_commit_callbacks(execute=True):
        Agreement.objects.filter(pk=registry.pk).update(title_en="Second edit")
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    by_tag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_date.status_code == by_tag.status_code == 200
    assert b"Second edit" in by_date.getvalue() and b"Second edit" in by_tag.getvalue()
    assert by_tag["ETag"] != first["ETag"]


def test_last_modified_is_never_ahead_of_the_clock_and_revalidates_once_its_second_is_over(
    client, registry, clock
):
    from django.utils.http import parse_http_date

    assert parse_http_date(client.get("/en/agreements/")["Last-Modified"]) <= clock.timestamp()
    clock.advance(1)
    settled = client.get("/en/agreements/")["Last-Modified"]
    assert client.get("/en/agreements/", HTTP_IF_MODIFIED_SINCE=settled).status_code == 304
