"""The newest-first index (0010) holds the public agreements only, and their
status columns besides (INCLUDE): the public list filtered by status or "in
force on a day", and its count, read the index without the table. Only on
PostgreSQL, as 0010: SQLite cannot keep NULLS LAST in an index."""

from django.db import migrations, models
from django.db.models import F, Q

BEFORE = models.Index(F("signed_on").desc(nulls_last=True), F("id").desc(), name="agreement_newest_first")
AFTER = models.Index(
    F("signed_on").desc(nulls_last=True), F("id").desc(),
    include=["final_status", "final_status_from"], condition=Q(is_public=True),
    name="agreement_newest_first",
)


def replace(old, new):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            model = apps.get_model("registry", "Agreement")
            schema_editor.remove_index(model, old)
            schema_editor.add_index(model, new)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0016_agreement_public_by_partner_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="agreement", name="agreement_newest_first"),
                migrations.AddIndex(model_name="agreement", index=AFTER),
            ],
            database_operations=[migrations.RunPython(replace(BEFORE, AFTER), replace(AFTER, BEFORE))],
        ),
    ]
