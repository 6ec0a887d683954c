"""A status change dated after a day is scheduled for that day: recorded
now for a date ahead, it leaves today's status as it was on every surface,
and decides the status from its own day on."""

import csv
import datetime
import io
import json

import pytest
from django.utils import timezone

from registry import jalali
from registry.models import StatusChange
from tests import builders as build

pytestmark = pytest.mark.django_db

AHEAD = 60  # days from today to the termination


@pytest.fixture
def terminated_ahead(today):
    """Active since 1391; the council decided today to terminate it in AHEAD days."""
    made = build.agreement(build.partner(latitude=42.87, longitude=74.59), signed_on=jalali.parse("1391/01/01").date)
    StatusChange.objects.create(
        agreement=made, status="terminated", date=today + datetime.timedelta(days=AHEAD), decided_by="شورای شهر",
    )
    return made


def on_day(monkeypatch, day):
    asked = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None, tz=None: day if value is None else asked(value, tz))


def listed(client, query):
    return [a.pk for a in client.get(f"/fa/agreements/?{query}").context["page"]]


def page_status(client, made, day):
    return client.get(f"/fa/agreements/{made.pk}/").context["agreement"].current_status


def list_filters(client, made, day):
    found = {status for status in ("active", "terminated") if made.pk in listed(client, f"status={status}")}
    in_force = made.pk in listed(client, f"in_force_on={day.isoformat()}")
    return found, in_force


def statistics(client, made, day):
    by_status = {row["code"]: row["count"] for row in client.get("/data/stats.json").json()["by_status"]}
    return by_status["active"], by_status["terminated"], client.get("/fa/").context["figures"]["in_force"]


def map_point(client, made, day):
    [point] = client.get("/fa/map/points.json").json()["points"]
    return point[3]


def open_data(client, made, day):
    [record] = json.loads(client.get("/data/agreements.json").getvalue())["agreements"]
    [row] = csv.DictReader(io.StringIO(client.get("/data/agreements.csv").getvalue().decode("utf-8-sig")))
    return record["status"], record["in_force"], row["status"], row["in_force"]


SURFACES = [
    # (what is read, on the day before the termination, on its day)
    (page_status, "active", "terminated"),
    (list_filters, ({"active"}, True), ({"terminated"}, False)),
    (statistics, (1, 0, 1), (0, 1, 0)),
    (map_point, "active", "terminated"),
    (open_data, ("active", True, "active", "true"), ("terminated", False, "terminated", "false")),
]


@pytest.mark.parametrize("read, before, on_its_day", SURFACES, ids=[s[0].__name__ for s in SURFACES])
def test_a_termination_dated_ahead_leaves_the_agreement_in_force_until_its_day(
    client, monkeypatch, terminated_ahead, today, read, before, on_its_day
):
    assert read(client, terminated_ahead, today) == before
    last_day = today + datetime.timedelta(days=AHEAD - 1)
    on_day(monkeypatch, last_day)
    assert read(client, terminated_ahead, last_day) == before
    its_day = today + datetime.timedelta(days=AHEAD)
    on_day(monkeypatch, its_day)
    assert read(client, terminated_ahead, its_day) == on_its_day


def test_the_agreement_page_says_what_is_scheduled_and_from_when(client, terminated_ahead, today):
    html = client.get(f"/fa/agreements/{terminated_ahead.pk}/").content.decode()
    when = jalali.format_date(today + datetime.timedelta(days=AHEAD))
    assert "status-active" in html
    assert f"زمان‌بندی‌شده: لغوشده از {when}" in html


def test_the_english_page_says_it_too(client, terminated_ahead, today):
    html = client.get(f"/en/agreements/{terminated_ahead.pk}/").content.decode()
    assert f"scheduled: terminated from {(today + datetime.timedelta(days=AHEAD)).isoformat()}" in html


def test_a_scheduled_change_is_no_longer_announced_once_its_day_has_come(client, monkeypatch, terminated_ahead, today):
    on_day(monkeypatch, today + datetime.timedelta(days=AHEAD))
    html = client.get(f"/en/agreements/{terminated_ahead.pk}/").content.decode()
    assert "scheduled:" not in html
    assert "status-terminated" in html


def test_the_public_documents_of_a_draft_signed_ahead_wait_for_its_day(client, monkeypatch, today):
    from django.core.files.base import ContentFile

    from registry.models import Document

    draft = build.agreement(status="draft", signed_on=today - datetime.timedelta(days=10))
    StatusChange.objects.create(agreement=draft, status="active", date=today + datetime.timedelta(days=5))
    scan = Document.objects.create(agreement=draft, title="متن", is_public=True, file=ContentFile(b"%PDF-1.4\n", "a.pdf"))
    assert not Document.objects.published().filter(pk=scan.pk).exists()
    on_day(monkeypatch, today + datetime.timedelta(days=5))
    assert Document.objects.published().filter(pk=scan.pk).exists()
