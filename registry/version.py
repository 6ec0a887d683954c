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
covered without signals; `restore` calls bump() itself.

The number only ever moves forward, even across a restore from an older
backup or a database emptied and loaded again: pages were cached and ETags
handed out under every number given before, and a number given twice would
serve them again. So each bump takes one more than the number before it and
never less than the microseconds since 1970 at its change, which no number
given earlier on a server with a sane clock can reach.
"""

import datetime
import threading

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

# Within one transaction only the first commit hook that finds the flag up
# writes: an import of 10,000 rows bumps the version once, not 10,000 times.
_pending = threading.local()

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)

# RegistryVersion's table (registry/models/versioning.py, one row), read and
# written in SQL here: the models call this module on every save, so it
# imports none of them.
TABLE = "registry_registryversion"


def now():
    """The time of a change and of a request; tests replace it to stop the clock."""
    return timezone.now()


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


def bump(using=None, above=0):
    """Raise the version now (outside any transaction's hooks), past `above`
    as well: the number this database gave before it was emptied."""
    database = connections[using or DEFAULT_DB_ALIAS]
    moment = now()
    floor = max(above + 1, int(moment.timestamp() * 1_000_000))
    stamp = database.ops.adapt_datetimefield_value(moment)
    table = database.ops.quote_name(TABLE)
    with database.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET number = CASE WHEN number + 1 > %s THEN number + 1 ELSE %s END, "
            f"changed_at = %s WHERE id = 1",
            [floor, floor, stamp],
        )
        if cursor.rowcount == 0:
            # The row is made by migration 0008; a flushed database has lost it.
            cursor.execute(f"INSERT INTO {table} (id, number, changed_at) VALUES (1, %s, %s)", [floor, stamp])


def current():
    """(number, time of the last change) of the registry's version: one
    primary-key read, written in SQL because it runs on every public request
    and the ORM took longer to build the query than the database to answer."""
    table = connection.ops.quote_name(TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number, changed_at FROM {table} WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return 0, EPOCH
    number, changed_at = row
    if timezone.is_naive(changed_at):  # SQLite keeps UTC without its zone
        changed_at = changed_at.replace(tzinfo=datetime.timezone.utc)
    return number, changed_at
