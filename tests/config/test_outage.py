"""Database down → 503 (config/middleware.py), SQLite readers during a write
(issue 11, findings 6 and 7). What open data answers is public's: tests/public/test_outage.py."""

import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import RequestFactory

from config.middleware import server_error
from tests.builders import agreement, staff
from tests.outages import database_down

pytestmark = pytest.mark.django_db

PAGES = [
    "/fa/", "/en/", "/fa/agreements/", "/en/agreements/?q=x", "/fa/map/", "/fa/statistics/",
    "/fa/data/", "/en/partners/1/", "/fa/agreements/1/",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_page_answers_503_with_retry_after_when_the_database_is_down(visitor, url):
    agreement()
    with database_down():
        response = visitor.get(url)
    assert response.status_code == 503
    assert int(response["Retry-After"]) == settings.DATABASE_RETRY_AFTER
    assert "<html" in response.content.decode()


def test_the_503_page_speaks_the_visitors_language(visitor):
    with database_down():
        persian = visitor.get("/fa/agreements/").content.decode()
        english = visitor.get("/en/agreements/").content.decode()
    assert 'lang="fa"' in persian and 'dir="rtl"' in persian and "دسترس" in persian
    assert 'lang="en"' in english and "briefly unavailable" in english


def test_signing_in_answers_503_when_the_database_is_down(visitor):
    with database_down():
        response = visitor.post("/admin/login/", {"username": "reza", "password": "x", "next": "/admin/"})
    assert response.status_code == 503


def test_a_staff_page_answers_503_too_when_the_session_cannot_be_read(visitor):
    visitor.force_login(staff("editor"))
    with database_down():
        response = visitor.get("/admin/registry/agreement/")
    assert response.status_code == 503


def test_the_site_recovers_without_a_restart(visitor):
    made = agreement()
    with database_down():
        assert visitor.get("/fa/agreements/").status_code == 503
    assert visitor.get("/fa/agreements/").status_code == 200
    assert visitor.get(f"/fa/agreements/{made.pk}/").status_code == 200
    assert visitor.get("/data/stats.json").status_code == 200


@pytest.mark.parametrize("path, content_type", [
    ("/fa/agreements/", "text/html; charset=utf-8"), ("/fa/data/", "text/html; charset=utf-8"),
    ("/data/stats.json", "application/json"), ("/data/no-such-file", "application/json"),
])
def test_a_database_error_outside_any_view_is_a_503_too(path, content_type):
    request = RequestFactory().get(path)
    try:
        raise OperationalError("could not connect")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and response["Content-Type"] == content_type
    assert response["Retry-After"] == str(settings.DATABASE_RETRY_AFTER)
    assert response["Cache-Control"] == "no-store"


def test_any_other_error_outside_a_view_is_djangos_500():
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(RequestFactory().get("/fa/agreements/"))
    assert response.status_code == 500


# The roles migration makes the viewer, editor and administrator groups.
GROUPS_AFTER_MIGRATE = 3


def run_manage(args, env, timeout=120):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=timeout,
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's locking only")
def test_on_sqlite_the_site_reads_while_another_process_holds_a_write(migrated_sqlite, tmp_path):
    path = tmp_path / "registry.sqlite3"
    shutil.copyfile(migrated_sqlite, path)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "DEBUG": "1", "SQLITE_BUSY_SECONDS": "2"}
    # What a command-line import does: a long write transaction.
    writer = sqlite3.connect(path, timeout=1, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")
    writer.execute("INSERT INTO auth_group (name) VALUES ('importing')")
    try:
        reader = run_manage(
            ["shell", "-c", "from django.contrib.auth.models import Group; print(Group.objects.count())"], env, timeout=60
        )
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert reader.returncode == 0, reader.stderr
    assert reader.stdout.strip().splitlines()[-1] == str(GROUPS_AFTER_MIGRATE)
