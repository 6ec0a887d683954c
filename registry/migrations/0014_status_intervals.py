"""The status as intervals of days (registry.models.intervals), filled for
every agreement from its status history, which this migration only reads."""

from itertools import groupby

import datetime

import django.db.models.deletion
from django.db import migrations, models

from registry.models.intervals import Change, intervals


FINAL_COLUMNS = [
    "final_status varchar(10) NOT NULL DEFAULT 'draft'",
    "final_status_from date NOT NULL DEFAULT '0001-01-01'",
    "final_status_why varchar(10) NOT NULL DEFAULT 'none'",
    "final_status_changed_on date NULL",
    "final_status_precision varchar(5) NOT NULL DEFAULT 'day'",
]


def fill(apps, schema_editor):
    # The rule is a plain function of the changes and the end date, so the
    # migration uses it as the writer does (agreements.sync_statuses).
    Agreement = apps.get_model("registry", "Agreement")
    StatusChange = apps.get_model("registry", "StatusChange")
    StatusInterval = apps.get_model("registry", "StatusInterval")
    agreements = list(Agreement.objects.only("pk", "ends_on"))
    rows = StatusChange.objects.order_by("agreement_id", "pk").values_list(
        "agreement_id", "pk", "date", "precision", "status"
    )
    changes = {key: [Change(*row[1:]) for row in group] for key, group in groupby(rows, key=lambda row: row[0])}
    made = []
    for agreement in agreements:
        timeline = intervals(changes.get(agreement.pk, []), agreement.ends_on)
        made += [StatusInterval(agreement_id=agreement.pk, **interval._asdict()) for interval in timeline]
        last = timeline[-1]
        agreement.final_status, agreement.final_status_from, agreement.final_status_why = last.status, last.start, last.why
        agreement.final_status_changed_on, agreement.final_status_precision = last.changed_on, last.changed_precision
    StatusInterval.objects.bulk_create(made, batch_size=1000)
    Agreement.objects.bulk_update(
        agreements,
        ["final_status", "final_status_from", "final_status_why", "final_status_changed_on", "final_status_precision"],
        batch_size=1000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0013_sources_and_claims'),
    ]

    operations = [
        migrations.CreateModel(
            name='StatusInterval',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('start', models.DateField(verbose_name='from')),
                ('end', models.DateField(verbose_name='until (exclusive)')),
                ('status', models.CharField(choices=[('draft', 'draft'), ('active', 'active'), ('suspended', 'suspended'), ('lapsed', 'lapsed'), ('terminated', 'terminated')], max_length=10, verbose_name='status')),
                ('why', models.CharField(choices=[('none', 'no status recorded yet'), ('change', 'a status change'), ('end_date', 'the end date passed')], max_length=10, verbose_name='why')),
                ('changed_on', models.DateField(blank=True, null=True, verbose_name='date of the change')),
                ('changed_precision', models.CharField(choices=[('day', 'day'), ('month', 'month'), ('year', 'year')], default='day', max_length=5, verbose_name='precision')),
                ('agreement', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='status_intervals', to='registry.agreement', verbose_name='agreement')),
            ],
            options={
                'verbose_name': 'status interval',
                'verbose_name_plural': 'status intervals',
                'ordering': ['agreement', 'start'],
                'indexes': [models.Index(fields=['status', 'start', 'end'], name='status_interval_status')],
                'constraints': [models.CheckConstraint(condition=models.Q(('start__lt', models.F('end'))), name='status_interval_not_empty'), models.UniqueConstraint(fields=('agreement', 'start'), name='status_interval_one_per_start'), models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'active', 'suspended', 'lapsed', 'terminated'])), name='status_interval_status_valid'), models.CheckConstraint(condition=models.Q(('why__in', ['none', 'change', 'end_date'])), name='status_interval_why_valid')],
            },
        ),
        # Added in plain SQL, which both databases take as it is: SQLite would
        # otherwise rebuild the table, and with it the PostgreSQL-only index of
        # migration 0010 that SQLite cannot hold.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name='agreement',
                    name='final_status',
                    field=models.CharField(choices=[('draft', 'draft'), ('active', 'active'), ('suspended', 'suspended'), ('lapsed', 'lapsed'), ('terminated', 'terminated')], default='draft', editable=False, max_length=10),
                ),
                migrations.AddField(
                    model_name='agreement',
                    name='final_status_changed_on',
                    field=models.DateField(blank=True, editable=False, null=True),
                ),
                migrations.AddField(
                    model_name='agreement',
                    name='final_status_from',
                    field=models.DateField(default=datetime.date(1, 1, 1), editable=False),
                ),
                migrations.AddField(
                    model_name='agreement',
                    name='final_status_precision',
                    field=models.CharField(choices=[('day', 'day'), ('month', 'month'), ('year', 'year')], default='day', editable=False, max_length=5),
                ),
                migrations.AddField(
                    model_name='agreement',
                    name='final_status_why',
                    field=models.CharField(choices=[('none', 'no status recorded yet'), ('change', 'a status change'), ('end_date', 'the end date passed')], default='none', editable=False, max_length=10),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"ALTER TABLE registry_agreement ADD COLUMN {column}",
                    f"ALTER TABLE registry_agreement DROP COLUMN {column.split()[0]}",
                )
                for column in FINAL_COLUMNS
            ],
        ),
        migrations.AddIndex(
            model_name='agreement',
            index=models.Index(fields=['final_status', 'final_status_from'], name='agreement_final_status'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        # Nothing reads today's status from the latest recorded change any more.
        migrations.RemoveIndex(model_name="agreement", name="agreement_status_ends_on"),
    ]
