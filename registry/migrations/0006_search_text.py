"""Text stored by one policy, searched through folded columns, sorted in
Persian order.

- Every free-text field becomes a NormalizedCharField/NormalizedTextField
  (no change to the columns); existing rows are brought to that spelling.
- The search columns, SQL expressions until now (SQLite cannot nest the
  REPLACE() calls accent and digit folding would need), become plain
  columns that registry.text.fold fills on save; countries get one too.
  A generated column cannot be altered into a plain one: removed, re-added.
- PostgreSQL gets the "persian" ICU collation that SQLite's connections get
  from registry.apps.
"""

import registry.text
from django.contrib.postgres.operations import CreateCollation
from django.db import migrations

# Which models hold text, and their search columns: frozen here, so that a
# later model change does not change what this migration did.
TEXT_MODELS = [
    "country", "partner", "agreement", "statuschange", "periodseries", "period", "activity", "document",
]


def renormalize(apps, schema_editor):
    """Bring stored text to the policy and fill the search columns, with the
    fields' own to_python() and pre_save(): the same code every save runs."""
    for model_name in TEXT_MODELS:
        model = apps.get_model("registry", model_name)
        fields = [
            f for f in model._meta.concrete_fields
            if isinstance(f, (registry.text.NormalizedCharField, registry.text.NormalizedTextField,
                              registry.text.FoldedField))
        ]
        rows = list(model.objects.all())
        for row in rows:
            for field in fields:
                field.pre_save(row, add=False)
        if rows and fields:
            model.objects.bulk_update(rows, [f.name for f in fields], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0005_status_rules'),
    ]

    operations = [
        CreateCollation("persian", provider="icu", locale="fa"),
        migrations.AddField(
            model_name='country',
            name='search_text',
            field=registry.text.FoldedField(sources=['code', 'name_fa', 'name_en']),
        ),
        migrations.AlterField(
            model_name='activity',
            name='description_en',
            field=registry.text.NormalizedTextField(blank=True, verbose_name='description (English)'),
        ),
        migrations.AlterField(
            model_name='activity',
            name='description_fa',
            field=registry.text.NormalizedTextField(blank=True, verbose_name='description (Persian)'),
        ),
        migrations.AlterField(
            model_name='agreement',
            name='areas',
            field=registry.text.NormalizedTextField(blank=True, verbose_name='areas of cooperation'),
        ),
        migrations.AlterField(
            model_name='agreement',
            name='internal_notes',
            field=registry.text.NormalizedTextField(blank=True, help_text='Never shown to the public.', verbose_name='internal notes'),
        ),
        migrations.RemoveField(model_name='agreement', name='search_text'),
        migrations.AddField(
            model_name='agreement',
            name='search_text',
            field=registry.text.FoldedField(sources=['title_fa', 'title_en', 'signatory_tehran', 'signatory_partner']),
        ),
        migrations.AlterField(
            model_name='agreement',
            name='signatory_partner',
            field=registry.text.NormalizedCharField(blank=True, max_length=300, verbose_name='signatory for the partner'),
        ),
        migrations.AlterField(
            model_name='agreement',
            name='signatory_tehran',
            field=registry.text.NormalizedCharField(blank=True, max_length=300, verbose_name='signatory for Tehran'),
        ),
        migrations.AlterField(
            model_name='agreement',
            name='source',
            field=registry.text.NormalizedTextField(blank=True, verbose_name='source / citation'),
        ),
        migrations.AlterField(
            model_name='agreement',
            name='summary_en',
            field=registry.text.NormalizedTextField(blank=True, verbose_name='public summary (English)'),
        ),
        migrations.AlterField(
            model_name='agreement',
            name='summary_fa',
            field=registry.text.NormalizedTextField(blank=True, verbose_name='public summary (Persian)'),
        ),
        migrations.AlterField(
            model_name='agreement',
            name='title_en',
            field=registry.text.NormalizedCharField(blank=True, max_length=300, verbose_name='title (English)'),
        ),
        migrations.AlterField(
            model_name='agreement',
            name='title_fa',
            field=registry.text.NormalizedCharField(help_text="The document's own title, verbatim.", max_length=300, verbose_name='title (Persian)'),
        ),
        migrations.AlterField(
            model_name='country',
            name='name_en',
            field=registry.text.NormalizedCharField(max_length=100, verbose_name='name (English)'),
        ),
        migrations.AlterField(
            model_name='country',
            name='name_fa',
            field=registry.text.NormalizedCharField(max_length=100, verbose_name='name (Persian)'),
        ),
        migrations.AlterField(
            model_name='document',
            name='title',
            field=registry.text.NormalizedCharField(max_length=300, verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='historicalactivity',
            name='description_en',
            field=registry.text.NormalizedTextField(blank=True, verbose_name='description (English)'),
        ),
        migrations.AlterField(
            model_name='historicalactivity',
            name='description_fa',
            field=registry.text.NormalizedTextField(blank=True, verbose_name='description (Persian)'),
        ),
        migrations.AlterField(
            model_name='historicalagreement',
            name='areas',
            field=registry.text.NormalizedTextField(blank=True, verbose_name='areas of cooperation'),
        ),
        migrations.AlterField(
            model_name='historicalagreement',
            name='internal_notes',
            field=registry.text.NormalizedTextField(blank=True, help_text='Never shown to the public.', verbose_name='internal notes'),
        ),
        migrations.AlterField(
            model_name='historicalagreement',
            name='signatory_partner',
            field=registry.text.NormalizedCharField(blank=True, max_length=300, verbose_name='signatory for the partner'),
        ),
        migrations.AlterField(
            model_name='historicalagreement',
            name='signatory_tehran',
            field=registry.text.NormalizedCharField(blank=True, max_length=300, verbose_name='signatory for Tehran'),
        ),
        migrations.AlterField(
            model_name='historicalagreement',
            name='source',
            field=registry.text.NormalizedTextField(blank=True, verbose_name='source / citation'),
        ),
        migrations.AlterField(
            model_name='historicalagreement',
            name='summary_en',
            field=registry.text.NormalizedTextField(blank=True, verbose_name='public summary (English)'),
        ),
        migrations.AlterField(
            model_name='historicalagreement',
            name='summary_fa',
            field=registry.text.NormalizedTextField(blank=True, verbose_name='public summary (Persian)'),
        ),
        migrations.AlterField(
            model_name='historicalagreement',
            name='title_en',
            field=registry.text.NormalizedCharField(blank=True, max_length=300, verbose_name='title (English)'),
        ),
        migrations.AlterField(
            model_name='historicalagreement',
            name='title_fa',
            field=registry.text.NormalizedCharField(help_text="The document's own title, verbatim.", max_length=300, verbose_name='title (Persian)'),
        ),
        migrations.AlterField(
            model_name='historicaldocument',
            name='title',
            field=registry.text.NormalizedCharField(max_length=300, verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='historicalpartner',
            name='name_en',
            field=registry.text.NormalizedCharField(max_length=200, verbose_name='name (English)'),
        ),
        migrations.AlterField(
            model_name='historicalpartner',
            name='name_fa',
            field=registry.text.NormalizedCharField(max_length=200, verbose_name='name (Persian)'),
        ),
        migrations.AlterField(
            model_name='historicalstatuschange',
            name='decided_by',
            field=registry.text.NormalizedCharField(blank=True, help_text="For example a council resolution, the mayor, or the partner's notice.", max_length=200, verbose_name='decided by'),
        ),
        migrations.AlterField(
            model_name='historicalstatuschange',
            name='reason',
            field=registry.text.NormalizedTextField(blank=True, verbose_name='reason'),
        ),
        migrations.AlterField(
            model_name='partner',
            name='name_en',
            field=registry.text.NormalizedCharField(max_length=200, verbose_name='name (English)'),
        ),
        migrations.AlterField(
            model_name='partner',
            name='name_fa',
            field=registry.text.NormalizedCharField(max_length=200, verbose_name='name (Persian)'),
        ),
        migrations.RemoveField(model_name='partner', name='search_text'),
        migrations.AddField(
            model_name='partner',
            name='search_text',
            field=registry.text.FoldedField(sources=['name_fa', 'name_en']),
        ),
        migrations.AlterField(
            model_name='period',
            name='label_en',
            field=registry.text.NormalizedCharField(blank=True, max_length=200, verbose_name='label (English)'),
        ),
        migrations.AlterField(
            model_name='period',
            name='label_fa',
            field=registry.text.NormalizedCharField(blank=True, help_text='For a presidency, the foreign-policy discourse.', max_length=200, verbose_name='label (Persian)'),
        ),
        migrations.AlterField(
            model_name='period',
            name='name_en',
            field=registry.text.NormalizedCharField(max_length=100, verbose_name='name (English)'),
        ),
        migrations.AlterField(
            model_name='period',
            name='name_fa',
            field=registry.text.NormalizedCharField(max_length=100, verbose_name='name (Persian)'),
        ),
        migrations.AlterField(
            model_name='periodseries',
            name='name_en',
            field=registry.text.NormalizedCharField(max_length=100, verbose_name='name (English)'),
        ),
        migrations.AlterField(
            model_name='periodseries',
            name='name_fa',
            field=registry.text.NormalizedCharField(max_length=100, verbose_name='name (Persian)'),
        ),
        migrations.AlterField(
            model_name='statuschange',
            name='decided_by',
            field=registry.text.NormalizedCharField(blank=True, help_text="For example a council resolution, the mayor, or the partner's notice.", max_length=200, verbose_name='decided by'),
        ),
        migrations.AlterField(
            model_name='statuschange',
            name='reason',
            field=registry.text.NormalizedTextField(blank=True, verbose_name='reason'),
        ),
        migrations.RunPython(renormalize, migrations.RunPython.noop),
    ]
