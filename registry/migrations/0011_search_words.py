"""The search columns keep where each word starts (registry.text.fold_words),
so that a search matches at word starts: filled again for every row."""

from django.db import migrations

SEARCHED = ["country", "partner", "agreement"]


def fill_search_columns(apps, schema_editor):
    for model_name in SEARCHED:
        model = apps.get_model("registry", model_name)
        field = model._meta.get_field("search_text")
        rows = list(model.objects.all())
        for row in rows:
            field.pre_save(row, add=False)
        model.objects.bulk_update(rows, ["search_text"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0010_newest_first_index"),
    ]

    operations = [
        migrations.RunPython(fill_search_columns, migrations.RunPython.noop),
    ]
