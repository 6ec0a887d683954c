"""Putting the seed and the gazetteer, each built once per run (conftest.py
`seed_rows`, `gazetteer_loaded_once`), into a test's database."""

from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection

from registry import version


def read_rows(models):
    """Each model's rows as stored, ids and all, as (model, columns, rows):
    putting them back in SQL costs a fraction of building them again."""
    quote = connection.ops.quote_name
    tables = []
    with connection.cursor() as cursor:
        for model in models:
            columns = [field.column for field in model._meta.concrete_fields]
            cursor.execute(
                f"SELECT {', '.join(map(quote, columns))} FROM {quote(model._meta.db_table)}"
                f" ORDER BY {quote(model._meta.pk.column)}"
            )
            tables.append((model, columns, cursor.fetchall()))
    return tables


def insert_rows(tables):
    """Insert rows as read_rows() read them, ids and all, then move
    PostgreSQL's sequences past them, as loaddata does: a flush that reset
    the sequences (a restore's, say) must not leave the next insert taking a
    row's id."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, columns, rows in tables:
            if rows:
                cursor.executemany(
                    f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))})"
                    f" VALUES ({', '.join(['%s'] * len(columns))})",
                    rows,
                )
        for statement in connection.ops.sequence_reset_sql(no_style(), [model for model, *_ in tables]):
            cursor.execute(statement)


def insert_seed(seed_rows):
    """Insert the seed's rows (insert_rows); the registry's version moves as
    after any write."""
    insert_rows(seed_rows)
    version.changed(connection.alias)


# What migrations made, kept when a module's committed rows are cleared, as
# a test that commits leaves them: a later test that restores the database
# as migrated (serialized_rollback) finds them with the ids it knows, where
# `flush` would make them again with new ones.
MIGRATED = {"django_content_type", "auth_permission", "auth_group", "auth_group_permissions", version.TABLE}


@contextmanager
def committed_seed(django_db_blocker, seed_rows):
    """The seed committed for a module whose tests only read it (each in a
    transaction rolled back), and what the block adds; afterwards the
    database is as migrated again. PostgreSQL's sequences stay past the
    seed's ids, which other tests insert again."""
    quote = connection.ops.quote_name
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {quote(version.TABLE)}")
            migrated_version = cursor.fetchall()
        insert_seed(seed_rows)
        try:
            yield
        finally:
            tables = [table for table in connection.introspection.django_table_names(only_existing=True)
                      if table not in MIGRATED]
            connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, allow_cascade=True))
            # The seed moved the version on the wall clock, past the stopped
            # clock of a later test: it goes back to the migrated number.
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {quote(version.TABLE)}")
                for row in migrated_version:
                    cursor.execute(
                        f"INSERT INTO {quote(version.TABLE)} VALUES ({', '.join(['%s'] * len(row))})", row
                    )
