"""The status as intervals of days (registry.models.intervals), filled for
every agreement from its status history, which this migration only reads."""

from itertools import groupby

import django.db.models.deletion
from django.db import migrations, models

from registry.models.intervals import Change, intervals


def fill(apps, schema_editor):
    # The rule is a plain function of the changes and the end date, so the
    # migration uses it as the writer does (agreements.sync_statuses).
    Agreement = apps.get_model("registry", "Agreement")
    StatusChange = apps.get_model("registry", "StatusChange")
    StatusInterval = apps.get_model("registry", "StatusInterval")
    ends = dict(Agreement.objects.values_list("pk", "ends_on"))
    rows = StatusChange.objects.order_by("agreement_id", "pk").values_list(
        "agreement_id", "pk", "date", "precision", "status"
    )
    changes = {key: [Change(*row[1:]) for row in group] for key, group in groupby(rows, key=lambda row: row[0])}
    StatusInterval.objects.bulk_create(
        (
            StatusInterval(agreement_id=pk, **interval._asdict())
            for pk, ends_on in ends.items()
            for interval in intervals(changes.get(pk, []), ends_on)
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0010_newest_first_index'),
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
        migrations.RunPython(fill, migrations.RunPython.noop),
        # Nothing reads today's status from the latest recorded change any more.
        migrations.RemoveIndex(model_name="agreement", name="agreement_status_ends_on"),
    ]
