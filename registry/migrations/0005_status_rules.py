"""The agreement's stored status becomes what it always was underneath: the
latest *recorded* status change. The status on a day (an end date can have
passed since) is computed by AgreementQuerySet.with_status()."""

from django.db import migrations, models
from django.db.models import Q

STATUSES = ["draft", "active", "suspended", "lapsed", "terminated"]


def resync(apps, schema_editor):
    """Recompute the latest recorded change where undated changes are: they
    used to sort as the oldest, and are now placed by the order staff entered
    them. A frozen copy of StatusChangeQuerySet.placed() as of this migration."""
    Agreement = apps.get_model("registry", "Agreement")
    StatusChange = apps.get_model("registry", "StatusChange")
    undated = StatusChange.objects.filter(date__isnull=True).values("agreement_id")
    for agreement in Agreement.objects.filter(pk__in=undated):
        placed, latest_dated = [], None
        for change in StatusChange.objects.filter(agreement=agreement).order_by("pk"):
            if change.date is not None and (latest_dated is None or change.date > latest_dated):
                latest_dated = change.date
            placed.append((change.date or latest_dated, change.pk, change))
        known = [p for p in placed if p[0] is not None]
        latest = max(known, key=lambda p: (p[0], p[1]))[2] if known else placed[-1][2]
        Agreement.objects.filter(pk=agreement.pk).update(
            recorded_status=latest.status, recorded_status_on=latest.date, recorded_status_precision=latest.precision
        )


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0004_audit_trail_names"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="statuschange",
            options={"ordering": ["pk"], "verbose_name": "status change", "verbose_name_plural": "status history"},
        ),
        migrations.RemoveConstraint(model_name="agreement", name="agreement_status_valid"),
        migrations.RenameField(model_name="agreement", old_name="status", new_name="recorded_status"),
        migrations.RenameField(model_name="agreement", old_name="status_since", new_name="recorded_status_on"),
        migrations.RenameField(
            model_name="agreement", old_name="status_since_precision", new_name="recorded_status_precision"
        ),
        migrations.RenameField(model_name="historicalagreement", old_name="status", new_name="recorded_status"),
        migrations.RenameField(
            model_name="historicalagreement", old_name="status_since", new_name="recorded_status_on"
        ),
        migrations.RenameField(
            model_name="historicalagreement", old_name="status_since_precision", new_name="recorded_status_precision"
        ),
        *(
            migrations.AlterField(
                model_name=model,
                name="recorded_status",
                field=models.CharField(
                    choices=[(s, s) for s in STATUSES], default="draft", editable=False, max_length=10,
                    verbose_name="latest recorded status",
                ),
            )
            for model in ("agreement", "historicalagreement")
        ),
        *(
            migrations.AlterField(
                model_name=model,
                name="recorded_status_on",
                field=models.DateField(
                    blank=True, editable=False, null=True, verbose_name="latest recorded status since"
                ),
            )
            for model in ("agreement", "historicalagreement")
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(condition=Q(recorded_status__in=STATUSES), name="agreement_status_valid"),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(fields=["recorded_status", "ends_on"], name="agreement_status_ends_on"),
        ),
        migrations.RunPython(resync, migrations.RunPython.noop),
    ]
