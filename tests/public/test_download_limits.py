"""Anonymous open-data downloads are limited per visitor (issue 11, finding 9),
one limit however many workers serve them (issue 20)."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.builders import agreement, staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def stopped(clock):
    """No count may depend on when the test runs: the clock stands still
    unless the test moves it."""
    return clock


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


@pytest.mark.parametrize("forged", ["10.0.0.1\x00' OR 1=1", "9" * 10_000, "\u202e10.0.0.1", "۱۰.۰.۰.۱", "unknown"])
def test_a_header_that_names_no_address_counts_as_the_proxys_own(settings, forged):
    settings.DATA_DOWNLOADS_PER_MINUTE = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    assert proxy.get("/data/stats.json", HTTP_X_REAL_IP=forged).status_code == 200
    assert proxy.get("/data/stats.json").status_code == 429  # the proxy's own count
    assert proxy.get("/data/stats.json", HTTP_X_REAL_IP="10.0.0.2").status_code == 200


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


def test_a_visitors_minute_starts_with_their_first_download(settings, clock):
    settings.DATA_DOWNLOADS_PER_MINUTE = 2
    visitor = Client(REMOTE_ADDR="10.0.0.1")
    assert visitor.get("/data/stats.json").status_code == 200
    clock.advance(50)
    assert visitor.get("/data/stats.json").status_code == 200
    clock.advance(9)
    refused = visitor.get("/data/stats.json")
    assert refused.status_code == 429 and refused["Retry-After"] == "1"
    clock.advance(1)  # a minute after the first download
    assert visitor.get("/data/stats.json").status_code == 200


def test_a_refused_download_does_not_extend_the_wait(settings, clock):
    settings.DATA_DOWNLOADS_PER_MINUTE = 1
    visitor = Client(REMOTE_ADDR="10.0.0.1")
    visitor.get("/data/stats.json")
    for _ in range(5):
        clock.advance(10)
        assert visitor.get("/data/stats.json").status_code == 429
    clock.advance(10)
    assert visitor.get("/data/stats.json").status_code == 200


# One worker: a process of its own, sharing nothing with the other but the database.
WORKER = """
import json, sys
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
visitor = Client(REMOTE_ADDR="10.0.0.7")
print(json.dumps([visitor.get("/data/stats.json").status_code for _ in range(int(sys.argv[1]))]))
"""


def worker_env(path, **env):
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{path}",
        **env,
    }


def worker_database(migrated_sqlite, tmp_path, **env):
    """A copy of the migrated file for this test, and the environment of a worker process using it."""
    copy = tmp_path / "registry.sqlite3"
    shutil.copyfile(migrated_sqlite, copy)
    return copy, worker_env(copy, **env)


def start_worker(env, downloads):
    return subprocess.Popen([sys.executable, "-c", WORKER, str(downloads)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=django_settings.BASE_DIR, env=env)


def answers_of(worker):
    out, err = worker.communicate(timeout=120)
    assert worker.returncode == 0, err
    return json.loads(out)


def test_two_worker_processes_count_one_limit_together(migrated_sqlite, tmp_path):
    _, env = worker_database(
        migrated_sqlite, tmp_path, DATA_DOWNLOADS_PER_MINUTE="5", DATA_DOWNLOADS_AT_ONCE="5"
    )
    # Both at once, four downloads each, well within one minute of the wall clock.
    workers = [start_worker(env, 4) for _ in range(2)]
    answers = answers_of(workers[0]) + answers_of(workers[1])
    assert sorted(answers) == [200] * 5 + [429] * 3


def test_on_sqlite_a_long_write_elsewhere_does_not_hold_a_download_back(migrated_sqlite, tmp_path):
    path, env = worker_database(migrated_sqlite, tmp_path, SQLITE_BUSY_SECONDS="60")
    importing = sqlite3.connect(path, isolation_level=None)
    importing.execute("BEGIN IMMEDIATE")  # as import_agreements holds the write lock
    try:
        worker = start_worker(env, 1)
        # Served (uncounted) after a second's wait, not after SQLITE_BUSY_SECONDS.
        assert answers_of(worker) == [200]
    finally:
        importing.rollback()
        importing.close()
