from django.db import migrations, models
from django.db.models import F

NEWEST_FIRST = models.Index(F("signed_on").desc(nulls_last=True), F("id").desc(), name="agreement_newest_first")


def add_index(apps, schema_editor):
    # SQLite cannot keep NULLS LAST in an index (and sorts an office registry quickly without one).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("registry", "Agreement"), NEWEST_FIRST)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("registry", "Agreement"), NEWEST_FIRST)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0009_edit_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="agreement", index=NEWEST_FIRST)],
            database_operations=[migrations.RunPython(add_index, remove_index)],
        ),
    ]
