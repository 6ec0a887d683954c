"""Partners and countries keep their names' Persian alphabetical order as a
stored key (registry.text.SortKeyField), filled here for existing rows, so
that sorting by name reads an index instead of collating every row."""

from django.db import migrations, models

import registry.text


def fill(apps, schema_editor):
    from registry.text import stored_sort_key

    for name in ("Partner", "Country"):
        model = apps.get_model("registry", name)
        rows = list(model.objects.only("pk", "name_fa", "name_en"))
        for row in rows:
            row.order_fa = stored_sort_key(row.name_fa or row.name_en)
            row.order_en = stored_sort_key(row.name_en or row.name_fa)
        model.objects.bulk_update(rows, ["order_fa", "order_en"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0014_status_intervals'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='partner',
            name='partner_name_fa',
        ),
        migrations.RemoveIndex(
            model_name='partner',
            name='partner_name_en',
        ),
        migrations.AddField(
            model_name='country',
            name='order_en',
            field=registry.text.SortKeyField(sources=['name_en', 'name_fa']),
        ),
        migrations.AddField(
            model_name='country',
            name='order_fa',
            field=registry.text.SortKeyField(sources=['name_fa', 'name_en']),
        ),
        migrations.AddField(
            model_name='partner',
            name='order_en',
            field=registry.text.SortKeyField(sources=['name_en', 'name_fa']),
        ),
        migrations.AddField(
            model_name='partner',
            name='order_fa',
            field=registry.text.SortKeyField(sources=['name_fa', 'name_en']),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='partner',
            index=models.Index(fields=['order_fa', 'id'], name='partner_order_fa'),
        ),
        migrations.AddIndex(
            model_name='partner',
            index=models.Index(fields=['order_en', 'id'], name='partner_order_en'),
        ),
    ]
