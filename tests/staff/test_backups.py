"""manage.py backup DIR / restore DIR (issue 11, finding 10)."""

import datetime
import io
import json
import shutil
import threading

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from registry.models import Activity, Agreement, Document, Partner, RegistryVersion, StatusChange
from staff.models import Place

from tests.builders import agreement, staff

# Flush and restore need real transactions; serialized_rollback gives the
# next tests back the groups the roles migration made.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def snapshot():
    """Everything a restore must give back, read independently of the backup code."""
    return {
        "agreements": sorted(Agreement.objects.values_list("pk", "title_fa", "title_en", "recorded_status", "internal_notes", "version")),
        "partners": sorted(Partner.objects.values_list("pk", "name_fa", "name_en", "country_id")),
        "status": sorted(StatusChange.objects.values_list("pk", "agreement_id", "status", "date")),
        "activities": sorted(Activity.objects.values_list("pk", "agreement_id", "kind")),
        "history": sorted(Agreement.history.values_list("history_id", "id", "title_en", "history_user__username")),
        "users": sorted(User.objects.values_list("username", "password", "is_staff", "is_superuser")),
        "groups": sorted((g.name, sorted(g.permissions.values_list("codename", flat=True))) for g in Group.objects.all()),
        "memberships": sorted(User.groups.through.objects.values_list("user__username", "group__name")),
        "documents": sorted((d.pk, d.file.name, d.file.read()) for d in Document.objects.all()),
    }


@pytest.fixture
def registry():
    # The gazetteer a test before may have committed (conftest.py) is
    # thousands of rows the backups here would copy back and forth.
    Place.objects.all().delete()
    editor = staff("editor", username="maryam")
    made = agreement(internal_notes="Only for the centre")
    made.title_en = "Amended"
    made._history_user = editor
    made.save()
    Activity.objects.create(agreement=made, kind="visit", date=datetime.date(2020, 5, 1))
    Document.objects.create(agreement=made, title="متن", file=SimpleUploadedFile("scan.pdf", PDF), is_public=False)
    return made


def test_a_backup_restores_into_an_empty_database_as_it_was(registry, tmp_path, media_root):
    before = snapshot()
    call_command("backup", str(tmp_path / "backup"))
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root)
    assert Agreement.objects.count() == 0 and not media_root.exists()
    call_command("restore", str(tmp_path / "backup"))
    assert snapshot() == before


def test_the_restored_registry_takes_new_records_without_clashing_ids(registry, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(tmp_path / "backup"))
    newer = agreement(Partner.objects.get(), title_fa="تفاهم نامه تازه")
    assert newer.pk > registry.pk


def test_the_manifest_lists_every_file_with_its_checksum(registry, tmp_path):
    import hashlib

    call_command("backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    document = Document.objects.get()
    stored = manifest["files"][f"media/{document.file.name}"]
    assert stored["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert manifest["records"]["registry.Agreement"] == 1


def test_restore_refuses_a_database_that_holds_records(registry, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    Agreement.objects.filter(pk=registry.pk).update(title_en="Changed after the backup")
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(tmp_path / "backup"))
    assert Agreement.objects.get().title_en == "Changed after the backup"


def test_restore_with_force_replaces_what_the_database_holds(registry, tmp_path):
    before = snapshot()
    call_command("backup", str(tmp_path / "backup"))
    agreement(Partner.objects.get(), title_fa="پس از پشتیبان")
    call_command("restore", str(tmp_path / "backup"), "--force")
    assert snapshot() == before


def test_a_damaged_backup_is_refused_before_anything_is_touched(registry, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    data = tmp_path / "backup" / "data.json"
    data.write_text(data.read_text().replace("Amended", "Tampered"))
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(tmp_path / "backup"))
    assert Agreement.objects.count() == 0


def test_backup_refuses_a_folder_that_is_not_empty(registry, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "data.json").write_text("{}")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "old"))


# What a restore is not meant to give back: rebuilt by migrate, worthless
# in a backup, or (the registry's version) moved on by the restore itself.
NOT_RESTORED = ["contenttypes", "auth.permission", "sessions", "axes", "public", "registry.registryversion"]


def dumped():
    """`dumpdata` as XML, which writes every microsecond (its JSON keeps milliseconds)."""
    out = io.StringIO()
    call_command(
        "dumpdata", format="xml", exclude=NOT_RESTORED, natural_foreign=True, natural_primary=True,
        stdout=out, verbosity=0,
    )
    return out.getvalue()


def test_backup_then_restore_gives_back_every_record_to_the_microsecond(registry, tmp_path):
    exact = datetime.datetime(2024, 3, 20, 9, 15, 42, 123456, tzinfo=datetime.timezone.utc)
    Agreement.objects.filter(pk=registry.pk).update(created_at=exact, updated_at=exact + datetime.timedelta(microseconds=7))
    Agreement.history.filter(id=registry.pk).update(history_date=exact - datetime.timedelta(microseconds=1))
    before = dumped()
    assert "2024-03-20T09:15:42.123456" in before and "2024-03-20T09:15:42.123463" in before
    call_command("backup", str(tmp_path / "backup"))
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(tmp_path / "backup"))
    assert dumped() == before


def visible(client, url="/en/agreements/"):
    response = client.get(url)
    return response.getvalue().decode(), response["ETag"]


@pytest.fixture
def served(page_cache, client):
    """Pages kept in the cache as in production, and a visitor reading them."""
    return client


def test_after_a_restore_no_withdrawn_content_is_served_and_no_old_etag_is_revalidated(registry, served, tmp_path):
    other = agreement(Partner.objects.get(), title_fa="تفاهم نامه دوم", title_en="Second MoU")
    call_command("backup", str(tmp_path / "backup"))
    Agreement.objects.filter(pk=registry.pk).update(title_en="Withdrawn title")
    page, withdrawn_etag = visible(served)
    assert "Withdrawn title" in page
    call_command("restore", str(tmp_path / "backup"), "--force")
    page, etag = visible(served)
    assert "Withdrawn title" not in page and "Amended" in page
    Agreement.objects.filter(pk=other.pk).update(title_en="Second MoU, amended")
    page, etag = visible(served)
    assert "Withdrawn title" not in page and "Second MoU, amended" in page
    assert served.get("/en/agreements/", HTTP_IF_NONE_MATCH=withdrawn_etag).status_code == 200
    assert etag != withdrawn_etag


def version_number():
    return RegistryVersion.objects.get().number


def test_the_registry_version_only_moves_forward_across_restores(clock, registry, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    numbers = [version_number()]
    for step in range(3):
        Agreement.objects.filter(pk=registry.pk).update(title_en=f"Edit {step}")
        numbers.append(version_number())
    # On a stopped clock, so that only the count carried over keeps it moving.
    call_command("restore", str(tmp_path / "backup"), "--force")
    numbers.append(version_number())
    Agreement.objects.filter(pk=registry.pk).update(title_en="After the restore")
    numbers.append(version_number())
    assert numbers == sorted(set(numbers))


def test_a_database_emptied_by_hand_then_restored_takes_a_later_version_than_any_before(clock, registry, tmp_path):
    Agreement.objects.filter(pk=registry.pk).update(title_en="Before the backup")
    call_command("backup", str(tmp_path / "backup"))
    Agreement.objects.filter(pk=registry.pk).update(title_en="After the backup")
    given = version_number()
    call_command("flush", interactive=False, verbosity=0)  # the version's row goes with everything else
    clock.advance(1)
    call_command("restore", str(tmp_path / "backup"))
    assert version_number() > given


def test_a_restore_that_fails_part_way_leaves_the_database_as_it_was(registry, tmp_path):
    import hashlib

    call_command("backup", str(tmp_path / "backup"))
    data = tmp_path / "backup" / "data.json"
    records = json.loads(data.read_text())
    # A record the database refuses, after every record it takes: as a backup
    # of a newer schema, or one edited by hand, would be.
    records.append({"model": "registry.activity", "pk": 999, "fields": {"agreement": 424242, "kind": "visit"}})
    data.write_text(json.dumps(records))
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"]["data.json"] = {"sha256": hashlib.sha256(data.read_bytes()).hexdigest(),
                                      "bytes": data.stat().st_size}
    manifest_path.write_text(json.dumps(manifest))
    Agreement.objects.filter(pk=registry.pk).update(title_en="Kept when the restore fails")
    before = snapshot()
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("restore", str(tmp_path / "backup"), "--force")
    assert snapshot() == before


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite lets no one write while the backup reads: nothing to race")
def test_records_saved_while_a_backup_reads_are_wholly_in_it_or_wholly_out(registry, tmp_path, monkeypatch):
    from staff import backups

    reading = backups.records

    def slow_records():
        for number, record in enumerate(reading()):
            if number == 0:
                # Another editor saves an agreement with its status while the backup reads.
                thread = threading.Thread(target=save_elsewhere)
                thread.start()
                thread.join()
            yield record

    def save_elsewhere():
        try:
            made = agreement(Partner.objects.get(), title_fa="تفاهم نامه همزمان")
            StatusChange.objects.create(agreement=made, status="suspended", date=datetime.date(2021, 1, 1))
        finally:
            connection.close()

    monkeypatch.setattr(backups, "records", slow_records)
    agreements_before = Agreement.objects.count()
    call_command("backup", str(tmp_path / "backup"))
    monkeypatch.setattr(backups, "records", reading)
    call_command("restore", str(tmp_path / "backup"), "--force")
    assert Agreement.objects.count() == agreements_before
    assert not StatusChange.objects.filter(agreement__title_fa="تفاهم نامه همزمان").exists()
