"""Settings and probes for running the registry on more than one server.

.ci/cluster runs the real thing (Redis, an S3 server, two app servers behind
nginx); these check each part on its own, without those servers.
"""

import json
import os
import socket
import subprocess
import sys
from functools import lru_cache

import boto3
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse
from moto import mock_aws

from config import health
from config.redis_cache import OutageTolerantRedisCache
from registry.models import Document
from tests.builders import agreement, staff

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BASE_ENV = {
    "PATH": os.environ["PATH"],
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "SECRET_KEY": "a-long-random-production-secret-" + "k" * 40,
    "ALLOWED_HOSTS": "registry.example.org",
}
S3_ENV = {
    "S3_BUCKET": "registry-documents",
    "S3_REGION": "eu-central-1",
    "S3_ACCESS_KEY_ID": "key-id",
    "S3_SECRET_ACCESS_KEY": "secret",
}


def production_settings(**env):
    """The settings a production process reads from this environment."""
    # The settings module alone, without django.setup(): the apps are not
    # needed to read it, and loading them cost each test a quarter second.
    script = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({'CACHES': s.CACHES, 'SESSION_ENGINE': s.SESSION_ENGINE, 'STORAGES': s.STORAGES}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env={**BASE_ENV, **env},
        capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@lru_cache(maxsize=1)
def s3_storage():
    return production_settings(**S3_ENV)["STORAGES"]["default"]


def unreachable_redis():
    """A Redis URL on a loopback port where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def redis_down(settings):
    down = {"BACKEND": "config.redis_cache.OutageTolerantRedisCache", "LOCATION": unreachable_redis()}
    settings.CACHES = {"default": down, "downloads": down}


def test_without_redis_url_each_process_has_its_own_cache_and_sessions_stay_in_the_database():
    found = production_settings()
    assert found["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert found["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_with_redis_url_every_server_shares_the_cache_and_sessions_are_written_through_to_the_database():
    found = production_settings(REDIS_URL="redis://cache.internal:6379/2")
    assert found["CACHES"]["default"]["BACKEND"] == "config.redis_cache.OutageTolerantRedisCache"
    assert found["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/2"
    assert found["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_with_s3_bucket_uploads_go_to_a_private_bucket_with_signed_urls_only():
    storage = s3_storage()
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "registry-documents" and options["region_name"] == "eu-central-1"
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    assert options["endpoint_url"] is None  # AWS itself unless S3_ENDPOINT_URL names another service


def test_an_s3_compatible_service_is_named_by_its_url_and_addressed_by_path():
    options = production_settings(**S3_ENV, S3_ENDPOINT_URL="https://s3.tehran.example")["STORAGES"]["default"]
    assert options["OPTIONS"]["endpoint_url"] == "https://s3.tehran.example"
    assert options["OPTIONS"]["addressing_style"] == "path"


def test_settings_for_several_servers_pass_the_deployment_checks():
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=settings.BASE_DIR,
        env={**BASE_ENV, **S3_ENV, "REDIS_URL": "redis://cache.internal:6379/0"}, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_unreachable_redis_reads_as_an_empty_cache_and_drops_writes():
    cache = OutageTolerantRedisCache(unreachable_redis(), {})
    cache.set("page", "html")
    assert cache.get("page") is None
    assert cache.get("page", "fallback") == "fallback"
    assert cache.get_many(["page", "other"]) == {}
    assert cache.add("page", "html") is False
    assert cache.get_or_set("page", "computed") == "computed"
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    cache.delete("page")
    cache.delete_many(["a", "b"])


def test_counting_in_an_unreachable_redis_fails_as_for_a_missing_key():
    cache = OutageTolerantRedisCache(unreachable_redis(), {})
    with pytest.raises(ValueError):
        cache.incr("version")


@pytest.mark.django_db
def test_a_staff_session_outlives_a_redis_outage(client, settings):
    redis_down(settings)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(staff("viewer"))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200 and response.context["user"].username == "viewer-user"


@pytest.mark.django_db
def test_public_pages_answer_while_redis_is_down(client, settings):
    redis_down(settings)
    agreement(title_en="Sister city treaty with Bishkek")
    for name in ("agreements", "statistics", "map"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("data-stats")).status_code == 200


@pytest.mark.django_db
def test_healthz_answers_without_asking_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ok_when_database_cache_storage_and_migrations_are(client, page_cache):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content.decode().splitlines() == [
        "database: ok", "cache: ok", "storage: ok", "migrations: ok",
    ]


@pytest.mark.django_db
def test_readyz_names_an_unreachable_cache(client, settings):
    redis_down(settings)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "cache: ConnectionError" in response.content.decode()
    assert "database: ok" in response.content.decode()


@pytest.mark.django_db
def test_readyz_names_an_unapplied_migration(client, monkeypatch):
    monkeypatch.setattr(health, "migrated", False)
    # The newest migration recorded, as on a server whose code is ahead of
    # its database. A squashed one is recorded with each it replaces, and is
    # unapplied once one of them is.
    recorded = MigrationRecorder(connection).migration_qs.filter(app="registry")
    latest = recorded.exclude(name__contains="_squashed_").latest("id")
    latest.delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert f"migrations: RuntimeError: 1 migration(s) not applied, first registry.{latest.name}" in (
        response.content.decode()
    )


@pytest.fixture
def bucket(settings):
    """The production S3 settings, against moto's in-process S3."""
    with mock_aws():
        settings.STORAGES = {**settings.STORAGES, "default": s3_storage()}
        yield boto3.client("s3", region_name=S3_ENV["S3_REGION"])


@pytest.mark.django_db
def test_readyz_names_a_storage_it_cannot_write_to(client, bucket):
    response = client.get("/readyz")  # the bucket was never created
    assert response.status_code == 503 and "storage: NoSuchBucket" in response.content.decode()


@pytest.mark.django_db
def test_documents_in_the_bucket_stay_private_and_are_served_by_the_checked_view(client, bucket, page_cache):
    bucket.create_bucket(Bucket="registry-documents", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    made = agreement()
    public = Document.objects.create(agreement=made, title="Treaty", is_public=True,
                                     file=SimpleUploadedFile("scan.pdf", PDF))
    internal = Document.objects.create(agreement=made, title="Notes", is_public=False,
                                       file=SimpleUploadedFile("notes.pdf", PDF + b"internal"))
    grants = bucket.get_object_acl(Bucket="registry-documents", Key=internal.file.name)["Grants"]
    assert not [grant for grant in grants if "AllUsers" in grant["Grantee"].get("URI", "")]
    assert client.get("/readyz").status_code == 200

    served = client.get(reverse("document", args=[public.pk]))
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF
    assert client.get(reverse("document", args=[internal.pk])).status_code == 404
    client.force_login(staff("viewer"))
    served = client.get(reverse("document", args=[internal.pk]))
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF + b"internal"


@pytest.mark.django_db
def test_a_document_whose_file_is_missing_from_the_bucket_is_not_found(client, bucket):
    bucket.create_bucket(Bucket="registry-documents", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    document = Document.objects.create(agreement=agreement(), title="Treaty", is_public=True,
                                       file=SimpleUploadedFile("scan.pdf", PDF))
    bucket.delete_object(Bucket="registry-documents", Key=document.file.name)
    assert client.get(reverse("document", args=[document.pk])).status_code == 404


def test_the_version_module_writes_the_table_the_registry_version_model_names():
    from registry import version
    from registry.models import RegistryVersion

    assert version.TABLE == RegistryVersion._meta.db_table
