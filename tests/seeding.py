"""Putting the seed, built once per run (conftest.py `seed_rows`), into a test's database."""


def insert_seed(seed_rows):
    """Insert the seed's rows with their own ids, then move PostgreSQL's
    sequences past them, as loaddata does: a flush that reset the sequences
    (a restore's, say) must not leave the next insert taking a seed row's id."""
    from django.core import serializers
    from django.core.management.color import no_style
    from django.db import connection

    for model, rows in seed_rows:
        model.objects.bulk_create(row.object for row in serializers.deserialize("python", rows))
    statements = connection.ops.sequence_reset_sql(no_style(), [model for model, _rows in seed_rows])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
