"""Whole-registry downloads are built once per version of the registry, kept
in the media storage with their ETag, handed to nginx or the bucket where the
deployment allows, and built a few at a time for the whole site
(public/stored_downloads.py)."""

import csv
import io
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from moto import mock_aws

from public import stored_downloads
from public.models import BuildPlace, StoredDownload
from public.views import data

from tests.builders import agreement, partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(settings):
    settings.DOWNLOADS_STORED = True
    settings.DOWNLOADS_SERVED_BY = "worker"
    settings.DOWNLOAD_BUILDS_AT_ONCE = 2


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Writes inside it commit, as far as the registry's version knows: it goes up."""

    def commit():
        return django_capture_on_commit_callbacks(execute=True)

    return commit


@pytest.fixture
def registry(committed):
    with committed():
        return agreement(partner("Bishkek", "بیشکک"), title_en="Sister city treaty with Bishkek")


@pytest.fixture
def builds(monkeypatch):
    """How many times each format was built."""
    counted = {}

    def counting(fmt, build):
        def wrapper(*args):
            counted[fmt] = counted.get(fmt, 0) + 1
            return build(*args)

        return wrapper

    for fmt, build in list(data.DOWNLOADS.items()):
        monkeypatch.setitem(data.DOWNLOADS, fmt, counting(fmt, build))
    return counted


def titles(body):
    return [row["title_en"] for row in csv.DictReader(io.StringIO(body.decode("utf-8-sig")))]


def stored_files(media_root):
    folder = media_root / "opendata"
    return sorted(path.name for path in folder.iterdir() if path.is_file()) if folder.exists() else []


def test_the_whole_csv_is_built_once_and_served_again_while_the_registry_is_unchanged(
    client, stored, registry, builds, media_root
):
    first = client.get("/data/agreements.csv")
    again = client.get("/data/agreements.csv")
    assert first.status_code == again.status_code == 200
    body = first.getvalue()
    assert body == again.getvalue()
    assert titles(body) == ["Sister city treaty with Bishkek"]
    assert builds == {"csv": 1}
    assert len(stored_files(media_root)) == 1
    assert first["Content-Disposition"].startswith('attachment; filename="tehran-partnerships-')


def test_a_change_to_the_registry_rebuilds_the_file_on_the_next_request(
    client, stored, registry, builds, committed, media_root
):
    before = client.get("/data/agreements.csv").getvalue()
    with committed():
        agreement(partner("Dushanbe", "دوشنبه", code="TJ"), title_en="Dushanbe MoU")
    after = client.get("/data/agreements.csv").getvalue()
    assert titles(before) == ["Sister city treaty with Bishkek"]
    assert sorted(titles(after)) == ["Dushanbe MoU", "Sister city treaty with Bishkek"]
    assert builds == {"csv": 2}
    assert StoredDownload.objects.count() == 2


def test_the_etag_is_the_sha256_of_the_stored_bytes(client, stored, registry):
    import hashlib

    response = client.get("/data/agreements.json")
    assert response["ETag"] == f'"{hashlib.sha256(response.getvalue()).hexdigest()}"'


def test_a_repeat_visitor_with_the_files_etag_gets_304_without_a_build(client, stored, registry, builds):
    etag = client.get("/data/agreements.geojson")["ETag"]
    repeat = client.get("/data/agreements.geojson", HTTP_IF_NONE_MATCH=etag)
    assert repeat.status_code == 304 and repeat["ETag"] == etag
    assert builds == {"geojson": 1}


def test_a_change_to_non_public_data_keeps_the_files_bytes_and_etag(
    client, stored, registry, committed, media_root
):
    etag = client.get("/data/agreements.csv")["ETag"]
    with committed():
        agreement(partner("Paris", "پاریس", code="FR"), title_en="Hidden draft", is_public=False)
    # A new version of the registry, so the file is built again: to the same bytes.
    assert client.get("/data/agreements.csv", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert StoredDownload.objects.count() == 2
    assert len(stored_files(media_root)) == 1


def test_non_public_agreements_and_internal_notes_never_enter_the_stored_files(
    client, stored, committed, media_root
):
    with committed():
        agreement(partner("Bishkek", "بیشکک"), title_en="Public treaty", internal_notes="NOTE-7731 internal")
        agreement(partner("Paris", "پاریس", code="FR"), title_en="Secret draft 4412", is_public=False)
    for fmt in ("csv", "xlsx", "json", "geojson"):
        response = client.get(f"/data/agreements.{fmt}")
        assert response.status_code == 200
        response.getvalue()
    files = list((media_root / "opendata").iterdir())
    assert len(files) == 4
    for path in files:
        raw = path.read_bytes()
        if path.suffix == ".xlsx":
            import zipfile

            raw = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
        text = raw.decode("utf-8")
        assert "Public treaty" in text
        assert "Secret draft 4412" not in text and "NOTE-7731" not in text


def test_with_nginx_configured_the_worker_hands_the_stored_file_to_nginx(
    client, stored, registry, settings, media_root
):
    settings.DOWNLOADS_SERVED_BY = "nginx"
    response = client.get("/data/agreements.csv")
    location = response["X-Accel-Redirect"]
    assert response.status_code == 200 and response.content == b""
    assert location.startswith("/stored-downloads/opendata/agreements-") and location.endswith(".csv")
    on_disk = media_root / location.removeprefix("/stored-downloads/")
    assert titles(on_disk.read_bytes()) == ["Sister city treaty with Bishkek"]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["ETag"]


def test_with_a_bucket_the_download_is_a_redirect_to_a_short_lived_signed_url(client, stored, registry, settings):
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="registry-test")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {"bucket_name": "registry-test", "region_name": "us-east-1", "default_acl": "private"},
            },
        }
        settings.DOWNLOADS_SERVED_BY = "storage"
        response = client.get("/data/agreements.xlsx")
        assert response.status_code == 302
        url = urlsplit(response["Location"])
        query = parse_qs(url.query)
        assert "/opendata/agreements-" in url.path and url.path.endswith(".xlsx")
        # Signed, and so expiring (query-string authentication, v2 or v4 as boto3 chooses).
        assert {"Signature", "Expires"} <= query.keys() or {"X-Amz-Signature", "X-Amz-Expires"} <= query.keys()
        assert query["response-content-disposition"][0].startswith("attachment;")
        name = StoredDownload.objects.get().name
        body = boto3.client("s3", region_name="us-east-1").get_object(Bucket="registry-test", Key=name)["Body"]
        assert body.read(2) == b"PK"


def test_when_every_place_to_build_is_taken_a_download_waits_its_turn_with_503_and_retry_after(
    client, stored, registry, settings
):
    settings.DOWNLOAD_BUILDS_AT_ONCE = 1
    place = stored_downloads.take_place("another download")
    refused = client.get("/data/agreements.csv", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 503 and int(refused["Retry-After"]) > 0
    assert "try again" in refused.json()["error"]
    stored_downloads.free_place(place)
    assert client.get("/data/agreements.csv").status_code == 200


def test_the_bound_is_shared_by_filtered_downloads_which_hold_a_place_until_their_last_byte(
    client, stored, registry, settings
):
    settings.DOWNLOAD_BUILDS_AT_ONCE = 1
    streaming = client.get("/data/agreements.csv?continent=AS")
    assert client.get("/data/agreements.json?continent=AS").status_code == 503
    assert client.get("/data/agreements.json").status_code == 503
    streaming.getvalue()
    assert client.get("/data/agreements.json?continent=AS").status_code == 200


def test_a_place_whose_builder_died_frees_itself(client, stored, registry, settings):
    import datetime

    from django.utils import timezone

    settings.DOWNLOAD_BUILDS_AT_ONCE = 1
    stored_downloads.take_place("a worker killed mid-build")
    BuildPlace.objects.update(taken_until=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/data/agreements.csv").status_code == 200


def test_the_503_is_explained_in_persian_by_default(client, stored, registry, settings):
    settings.DOWNLOAD_BUILDS_AT_ONCE = 1
    stored_downloads.take_place("another download")
    assert "دوباره" in client.get("/data/agreements.csv").json()["error"]
