"""Putting the seed, built once per run (conftest.py `seed_rows`), into a test's database."""

from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection

from registry import version


def insert_seed(seed_rows):
    """Insert the seed's rows as they were read, ids and all, then move
    PostgreSQL's sequences past them, as loaddata does: a flush that reset
    the sequences (a restore's, say) must not leave the next insert taking a
    seed row's id. The registry's version moves as after any write."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, columns, rows in seed_rows:
            if rows:
                cursor.executemany(
                    f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))})"
                    f" VALUES ({', '.join(['%s'] * len(columns))})",
                    rows,
                )
        for statement in connection.ops.sequence_reset_sql(no_style(), [model for model, *_ in seed_rows]):
            cursor.execute(statement)
    version.changed(connection.alias)


# What migrations made, kept when a module's committed rows are cleared: a
# test that restores the database as migrated (serialized_rollback) finds
# these rows with the ids it knows. `flush` would make them again, with new ids.
MIGRATED = {"django_content_type", "auth_permission", "auth_group", "auth_group_permissions", version.TABLE}


@contextmanager
def committed_seed(django_db_blocker, seed_rows):
    """The seed committed for a module whose tests only read it (each in a
    transaction rolled back), and what the block adds; afterwards every
    table but those of MIGRATED is emptied, as a test that commits leaves
    the database. PostgreSQL's sequences stay past the seed's ids, which
    other tests insert again."""
    with django_db_blocker.unblock():
        insert_seed(seed_rows)
        try:
            yield
        finally:
            tables = [table for table in connection.introspection.django_table_names(only_existing=True)
                      if table not in MIGRATED]
            connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, allow_cascade=True))
