"""Backups the registry can restore on SQLite or PostgreSQL alike: the
records as Django fixtures (natural keys for users, groups and permissions,
so that ids need not match), the uploaded documents as files, and a
manifest with each file's SHA-256 so that a damaged backup is refused
before anything is touched. A restore gives back exactly what was backed
up, to the microsecond, and counts as a change of the registry."""

import datetime
import hashlib
import json
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, router, transaction
from django.db.migrations.recorder import MigrationRecorder

from registry import version

FORMAT = 1
DATA = "data.json"
MANIFEST = "manifest.json"
MEDIA = "media"
# Rebuilt by `migrate` (content types, permissions) or worthless in a backup
# (sessions, sign-in attempts, download counts, and the registry's version,
# which a restore moves on rather than back: registry/version.py).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "public", "registry.RegistryVersion"]


class BackupError(Exception):
    pass


class ExactEncoder(DjangoJSONEncoder):
    """Django's fixture encoder cuts times to the millisecond (as JavaScript
    keeps them); a backup keeps every microsecond the database holds."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def records():
    """Every record a backup keeps, model by model in an order that loaddata
    can follow (as `dumpdata` reads them)."""
    excluded = {label for label in EXCLUDED if "." not in label}
    excluded_models = {apps.get_model(label) for label in EXCLUDED if "." in label}
    chosen = [(config, None) for config in apps.get_app_configs()
              if config.models_module is not None and config.label not in excluded]
    for model in serializers.sort_dependencies(chosen, allow_cycles=True):
        if model in excluded_models or model._meta.proxy:
            continue
        if router.allow_migrate_model(DEFAULT_DB_ALIAS, model):
            yield from model._base_manager.order_by(model._meta.pk.name).iterator()


def write_records(path):
    with open(path, "w", encoding="utf-8") as out:
        serializers.serialize(
            "json", records(), indent=1, use_natural_foreign_keys=True, use_natural_primary_keys=True,
            stream=out, cls=ExactEncoder,
        )


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while piece := f.read(1 << 20):
            digest.update(piece)
    return digest.hexdigest()


def document_names():
    Document = apps.get_model("registry", "Document")
    return sorted(name for name in Document.objects.values_list("file", flat=True) if name)


def backup(folder):
    """Write a backup into `folder`, which must be empty or new. Returns the manifest."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: give a new folder for each backup.")
    (folder / MEDIA).mkdir(parents=True, exist_ok=True)
    # One consistent moment: the records and the list of documents are read
    # in one transaction, on PostgreSQL in one snapshot (not one per query),
    # so that a status change saved meanwhile cannot point at an agreement the
    # backup lacks. Inside a caller's transaction, that one's isolation holds.
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        write_records(folder / DATA)
        names = document_names()
    missing = []
    for name in names:
        target = folder / MEDIA / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with default_storage.open(name, "rb") as source, open(target, "wb") as out:
                for chunk in source.chunks():
                    out.write(chunk)
        except FileNotFoundError:
            missing.append(name)
    files = {
        str(path.relative_to(folder)): {"sha256": sha256(path), "bytes": path.stat().st_size}
        for path in sorted(folder.rglob("*")) if path.is_file()
    }
    manifest = {
        "format": FORMAT,
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "database": connection.vendor,
        "migrations": latest_migrations(),
        "records": record_counts(),
        "files": files,
        "missing_documents": missing,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest


def latest_migrations():
    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return latest


def record_counts():
    counted = [
        "registry.Agreement", "registry.Partner", "registry.Document", "registry.Source", "registry.Claim",
        "auth.User", "auth.Group",
    ]
    return {label: apps.get_model(label).objects.count() for label in counted}


def verify(folder):
    """The manifest, once every file it lists is present with its checksum."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"No readable {MANIFEST} in {folder}: {error}")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder} was written by another version of the backup command.")
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"{name} is missing from the backup.")
        if sha256(path) != expected["sha256"]:
            raise BackupError(f"{name} does not match its checksum: the backup is damaged.")
    return manifest


def is_empty():
    User = apps.get_model("auth", "User")
    Agreement = apps.get_model("registry", "Agreement")
    Partner = apps.get_model("registry", "Partner")
    return not (User.objects.exists() or Agreement.objects.exists() or Partner.objects.exists())


def restore(folder, force=False):
    """Load a verified backup into this database (migrated first) and its
    documents into media storage. Refuses a database that holds records,
    unless force, which empties it first. All or nothing: a backup the
    database refuses part-way leaves it as it was."""
    folder = Path(folder)
    manifest = verify(folder)
    call_command("migrate", interactive=False, verbosity=0)
    try:
        replace_records(folder / DATA, force)
    except (DatabaseError, DeserializationError) as error:
        raise BackupError(f"This database refused the backup, and nothing was changed: {error}")
    restore_media(folder / MEDIA)
    return manifest


def replace_records(data, force):
    # Pages were cached under every version this database gave: the restored
    # registry takes a later one, never the backup's own.
    given, _changed_at = version.current()
    with transaction.atomic():
        if not is_empty():
            if not force:
                raise BackupError("This database already holds records; restore into an empty one, or use "
                                  "--force to replace everything in it.")
            call_command("flush", interactive=False, verbosity=0)
        # The groups that migrations made are replaced by the backup's own.
        apps.get_model("auth", "Group").objects.all().delete()
        call_command("loaddata", str(data), verbosity=0)
        # In the same transaction: no reader sees the restored records under an older version.
        version.bump(above=given)


def restore_media(media):
    for path in sorted(media.rglob("*")):
        if path.is_file():
            name = str(path.relative_to(media))
            if default_storage.exists(name):
                default_storage.delete(name)
            with open(path, "rb") as f:
                saved = default_storage.save(name, File(f))
            if saved != name:
                raise BackupError(f"The storage renamed {name} to {saved}.")
