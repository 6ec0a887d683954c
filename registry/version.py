"""The registry's version: one number that every write to the registry bumps,
so that anything computed from the registry (the public pages and downloads)
can be cached under it and is stale the moment the data changes.

The number lives in the database (RegistryVersion, one row), where every
worker and every server sees it; a process's own memory would go stale in
the others. It is bumped once the writing transaction commits: a reader never
sees a new version before the data it stands for, and a rolled-back write
bumps nothing.

Writers call changed(): the models' save() and delete(), and their querysets'
update(), delete(), bulk_create() and bulk_update() (registry.models.Versioned
and VersionedQuerySet), so imports, commands, the seed and the admin are all
covered without signals.
"""

import datetime
import threading

from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import F
from django.utils import timezone

# Within one transaction only the first commit hook that finds the flag up
# writes: an import of 10,000 rows bumps the version once, not 10,000 times.
_pending = threading.local()

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)


def changed(using=None):
    """Note a write to the registry; the version goes up when it commits."""
    using = using or DEFAULT_DB_ALIAS
    flags = _pending.__dict__.setdefault("aliases", set())
    flags.add(using)
    transaction.on_commit(lambda: _bump(using), using=using)


def _bump(using):
    flags = _pending.__dict__.setdefault("aliases", set())
    if using not in flags:
        return
    flags.discard(using)
    bump(using)


def bump(using=None):
    """Raise the version now (outside any transaction's hooks)."""
    from .models import RegistryVersion

    now = timezone.now()
    rows = RegistryVersion.objects.using(using or DEFAULT_DB_ALIAS)
    if not rows.filter(pk=1).update(number=F("number") + 1, changed_at=now):
        # The row is made by migration 0007; a flushed database has lost it.
        rows.get_or_create(pk=1, defaults={"number": 1, "changed_at": now})


def current():
    """(number, time of the last change) of the registry's version: one
    primary-key read, written in SQL because it runs on every public request
    and the ORM took longer to build the query than the database to answer."""
    from .models import RegistryVersion

    table = connection.ops.quote_name(RegistryVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number, changed_at FROM {table} WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return 0, EPOCH
    number, changed_at = row
    if timezone.is_naive(changed_at):  # SQLite keeps UTC without its zone
        changed_at = changed_at.replace(tzinfo=datetime.timezone.utc)
    return number, changed_at
