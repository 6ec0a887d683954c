"""Migrations 0001 to 0018 as one, for a new database: each model is made
once in its final shape, where the eighteen steps rebuilt SQLite's tables
about a hundred times and rendered the models' states two hundred times
(two seconds of every fresh migrate, each test worker's among them). A
database that applied any of them goes on with them instead (`replaces`).

What they did besides the tables is kept, frozen as they left it:
the "persian" collation (0006), the newest-first index on PostgreSQL only
(0010, 0017), the three roles with their permissions (0003, 0012, 0013) and
the registry's version row (0008). Their fills of columns added to existing
rows have nothing to fill here. Checked against them on a new SQLite and a
new PostgreSQL database: the same tables, columns, constraints, indexes and
groups. Two things differ, neither read by the code: the permissions are
named as the models are named now (0003 created them under 0002's names,
"historical agreement"), and the final_status columns have no default in
the database (0014 added them to filled tables in plain SQL).

0001 to 0018 can go, with `replaces`, once every database has applied 0018."""

import datetime

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.postgres.operations import CreateCollation
from django.db import migrations, models
from django.db.models import F, Q
from django.utils import timezone

import registry.models.names
import registry.models.records
import registry.text
import registry.uploads

# SQLite cannot keep NULLS LAST in an index (and sorts an office registry
# quickly without one).
NEWEST_FIRST = models.Index(
    F("signed_on").desc(nulls_last=True), F("id").desc(),
    include=["final_status", "final_status_from"], condition=Q(is_public=True),
    name="agreement_newest_first",
)


def add_newest_first(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("registry", "Agreement"), NEWEST_FIRST)


def remove_newest_first(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("registry", "Agreement"), NEWEST_FIRST)


# The roles as 0003, 0012 and 0013 left them, frozen here: a migration must
# not change when live code does (staff/roles.py).
REGISTRY_MODELS = [
    "country", "partner", "agreement", "statuschange", "activity", "document", "period", "periodseries",
    "source", "claim", "factnote",
]
IMPORTED_MODELS = ["partner", "agreement", "activity", "source", "claim"]
EDITOR_DELETES = ["statuschange", "activity", "document", "claim", "factnote"]
# The administrator's, by model: every permission of these, and of the
# other apps below; the audit trails of sources, claims and notes (0013),
# the status intervals (0014) and the version (0008) came after the role.
ADMINISTRATOR_MODELS = {
    "admin": ["logentry"],
    "auth": ["group", "permission", "user"],
    "registry": [
        *REGISTRY_MODELS, "historicalagreement", "historicalpartner", "historicalstatuschange",
        "historicalactivity", "historicaldocument",
    ],
}
# Administrators see the sign-in lockouts and unlock a colleague (0012).
ADMINISTRATOR_AXES = ["view_accessattempt", "delete_accessattempt"]


def role_permissions():
    """{group name: set of (app_label, codename)}; the administrator's models apart."""
    viewer = {("registry", f"view_{m}") for m in REGISTRY_MODELS}
    viewer |= {("registry", f"export_{m}") for m in IMPORTED_MODELS}
    editor = set(viewer)
    editor |= {("registry", f"{action}_{m}") for m in REGISTRY_MODELS for action in ("add", "change")}
    editor |= {("registry", f"import_{m}") for m in IMPORTED_MODELS}
    editor |= {("registry", f"delete_{m}") for m in EDITOR_DELETES}
    administrator = {("axes", codename) for codename in ADMINISTRATOR_AXES}
    return {"viewer": viewer, "editor": editor, "administrator": administrator}


def create_roles(apps, schema_editor):
    # Permissions are normally created after the last migration; the groups
    # need them now.
    for label in ("auth", "registry", "admin", "axes"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Read once for every role; a permission missing fails here (KeyError).
    known = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.select_related("content_type")
    }
    for name, wanted in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [known[key] for key in sorted(wanted)]
        if name == "administrator":
            for app, models_of_app in ADMINISTRATOR_MODELS.items():
                permissions += Permission.objects.filter(
                    content_type__app_label=app, content_type__model__in=models_of_app
                )
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(role_permissions())).delete()


def first_version(apps, schema_editor):
    RegistryVersion = apps.get_model("registry", "RegistryVersion")
    RegistryVersion.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"number": 1, "changed_at": timezone.now()}
    )


class Migration(migrations.Migration):
    replaces = [
        ("registry", "0001_initial"),
        ("registry", "0002_history_and_import_permissions"),
        ("registry", "0003_roles"),
        ("registry", "0004_audit_trail_names"),
        ("registry", "0005_status_rules"),
        ("registry", "0006_search_text"),
        ("registry", "0007_status_reason_en"),
        ("registry", "0008_registry_version"),
        ("registry", "0009_edit_version"),
        ("registry", "0010_newest_first_index"),
        ("registry", "0011_search_words"),
        ("registry", "0012_administrators_unlock_sign_ins"),
        ("registry", "0013_sources_and_claims"),
        ("registry", "0014_status_intervals"),
        ("registry", "0015_persian_order_keys"),
        ("registry", "0016_agreement_public_by_partner_index"),
        ("registry", "0017_newest_first_public_with_status"),
        ("registry", "0018_agreement_map_points_covering_index"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
        # The administrator's role holds the admin's permissions: its app is
        # in the state create_roles reads.
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [
        CreateCollation("persian", provider="icu", locale="fa"),
        migrations.CreateModel(
            name='PeriodSeries',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(unique=True, verbose_name='slug')),
                ('name_fa', registry.text.NormalizedCharField(max_length=100, verbose_name='name (Persian)')),
                ('name_en', registry.text.NormalizedCharField(max_length=100, verbose_name='name (English)')),
            ],
            options={
                'verbose_name': 'period series',
                'verbose_name_plural': 'period series',
                'ordering': ['pk'],
            },
            bases=(registry.models.names.BilingualName, models.Model),
        ),
        migrations.CreateModel(
            name='Country',
            fields=[
                ('code', models.CharField(max_length=2, primary_key=True, serialize=False, verbose_name='ISO code')),
                ('name_fa', registry.text.NormalizedCharField(max_length=100, verbose_name='name (Persian)')),
                ('name_en', registry.text.NormalizedCharField(max_length=100, verbose_name='name (English)')),
                ('continent', models.CharField(choices=[('AS', 'Asia'), ('EU', 'Europe'), ('AF', 'Africa'), ('NA', 'North America'), ('SA', 'South America'), ('OC', 'Oceania'), ('AN', 'Antarctica')], max_length=2, verbose_name='continent')),
                ('search_text', registry.text.FoldedField(sources=['code', 'name_fa', 'name_en'])),
                ('order_fa', registry.text.SortKeyField(sources=['name_fa', 'name_en'])),
                ('order_en', registry.text.SortKeyField(sources=['name_en', 'name_fa'])),
            ],
            options={
                'verbose_name': 'country',
                'verbose_name_plural': 'countries',
                'ordering': ['name_en'],
                'constraints': [models.CheckConstraint(condition=models.Q(('code__regex', '^[A-Z]{2}$')), name='country_code_is_two_capitals')],
            },
            bases=(registry.models.names.BilingualName, models.Model),
        ),
        migrations.CreateModel(
            name='Partner',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='edit version')),
                ('kind', models.CharField(choices=[('city', 'city'), ('region', 'region / state'), ('organisation', 'international organisation')], default='city', max_length=12, verbose_name='kind')),
                ('name_fa', registry.text.NormalizedCharField(max_length=200, verbose_name='name (Persian)')),
                ('name_en', registry.text.NormalizedCharField(max_length=200, verbose_name='name (English)')),
                ('latitude', models.DecimalField(blank=True, decimal_places=5, max_digits=8, null=True, verbose_name='latitude')),
                ('longitude', models.DecimalField(blank=True, decimal_places=5, max_digits=8, null=True, verbose_name='longitude')),
                ('geonames_id', models.PositiveIntegerField(blank=True, null=True, unique=True, verbose_name='GeoNames id')),
                ('wikidata_id', models.CharField(blank=True, help_text='For example Q9361 for Bishkek.', max_length=20, verbose_name='Wikidata id')),
                ('search_text', registry.text.FoldedField(sources=['name_fa', 'name_en'])),
                ('order_fa', registry.text.SortKeyField(sources=['name_fa', 'name_en'])),
                ('order_en', registry.text.SortKeyField(sources=['name_en', 'name_fa'])),
                ('country', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='partners', to='registry.country', verbose_name='country')),
            ],
            options={
                'verbose_name': 'partner',
                'verbose_name_plural': 'partners',
                'ordering': ['name_en'],
                'default_permissions': ('add', 'change', 'delete', 'view', 'import', 'export'),
                'indexes': [models.Index(fields=['order_fa', 'id'], name='partner_order_fa'), models.Index(fields=['order_en', 'id'], name='partner_order_en')],
                'constraints': [models.CheckConstraint(condition=models.Q(('latitude__isnull', True), models.Q(('latitude__gte', -90), ('latitude__lte', 90)), _connector='OR'), name='partner_latitude_in_range', violation_error_message='Latitude must be between -90 and 90.'), models.CheckConstraint(condition=models.Q(('longitude__isnull', True), models.Q(('longitude__gte', -180), ('longitude__lte', 180)), _connector='OR'), name='partner_longitude_in_range', violation_error_message='Longitude must be between -180 and 180.'), models.CheckConstraint(condition=models.Q(models.Q(('latitude__isnull', True), ('longitude__isnull', True)), models.Q(('latitude__isnull', False), ('longitude__isnull', False)), _connector='OR'), name='partner_coordinates_come_in_pairs', violation_error_message='Give both latitude and longitude, or neither.'), models.CheckConstraint(condition=models.Q(('kind', 'organisation'), ('country__isnull', False), _connector='OR'), name='partner_has_country_unless_organisation', violation_error_message='Only an international organisation may have no country.'), models.UniqueConstraint(condition=models.Q(('wikidata_id', ''), _negated=True), fields=('wikidata_id',), name='partner_wikidata_id_unique', violation_error_message='Another partner has this Wikidata id.'), models.CheckConstraint(condition=models.Q(('wikidata_id', ''), ('wikidata_id__regex', '^Q[0-9]+$'), _connector='OR'), name='partner_wikidata_id_format', violation_error_message='A Wikidata id looks like Q9248.')],
            },
            bases=(registry.models.names.BilingualName, models.Model),
        ),
        migrations.CreateModel(
            name='Agreement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='edit version')),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='agreements', to='registry.partner', verbose_name='partner')),
                ('title_fa', registry.text.NormalizedCharField(help_text="The document's own title, verbatim.", max_length=300, verbose_name='title (Persian)')),
                ('title_en', registry.text.NormalizedCharField(blank=True, max_length=300, verbose_name='title (English)')),
                ('instrument', models.CharField(choices=[('treaty', 'treaty'), ('contract', 'contract'), ('pact', 'pact'), ('agreement', 'agreement'), ('accord', 'accord'), ('mou', 'memorandum of understanding')], max_length=12, verbose_name='instrument')),
                ('relationship', models.CharField(choices=[('sister_city', 'sister city'), ('friendship', 'friendship'), ('cooperation', 'cooperation'), ('friendship_cooperation', 'friendship and cooperation')], max_length=24, verbose_name='relationship')),
                ('recorded_status', models.CharField(choices=[('draft', 'draft'), ('active', 'active'), ('suspended', 'suspended'), ('lapsed', 'lapsed'), ('terminated', 'terminated')], default='draft', editable=False, max_length=10, verbose_name='latest recorded status')),
                ('recorded_status_on', models.DateField(blank=True, editable=False, null=True, verbose_name='latest recorded status since')),
                ('recorded_status_precision', models.CharField(choices=[('day', 'day'), ('month', 'month'), ('year', 'year')], default='day', editable=False, max_length=5)),
                ('final_status', models.CharField(choices=[('draft', 'draft'), ('active', 'active'), ('suspended', 'suspended'), ('lapsed', 'lapsed'), ('terminated', 'terminated')], default='draft', editable=False, max_length=10)),
                ('final_status_from', models.DateField(default=datetime.date(1, 1, 1), editable=False)),
                ('final_status_why', models.CharField(choices=[('none', 'no status recorded yet'), ('change', 'a status change'), ('end_date', 'the end date passed')], default='none', editable=False, max_length=10)),
                ('final_status_changed_on', models.DateField(blank=True, editable=False, null=True)),
                ('final_status_precision', models.CharField(choices=[('day', 'day'), ('month', 'month'), ('year', 'year')], default='day', editable=False, max_length=5)),
                ('signed_on', models.DateField(blank=True, db_index=True, null=True, verbose_name='signed on')),
                ('signed_precision', models.CharField(choices=[('day', 'day'), ('month', 'month'), ('year', 'year')], default='day', max_length=5, verbose_name='precision of signing date')),
                ('ends_on', models.DateField(blank=True, null=True, verbose_name='ends on')),
                ('review_on', models.DateField(blank=True, null=True, verbose_name='to be reviewed on')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='children', to='registry.agreement', verbose_name='related agreement')),
                ('parent_link', models.CharField(blank=True, choices=[('renews', 'renews'), ('amends', 'amends'), ('implements', 'implements')], max_length=10, verbose_name='relation to that agreement')),
                ('signatory_tehran', registry.text.NormalizedCharField(blank=True, max_length=300, verbose_name='signatory for Tehran')),
                ('signatory_partner', registry.text.NormalizedCharField(blank=True, max_length=300, verbose_name='signatory for the partner')),
                ('areas', registry.text.NormalizedTextField(blank=True, verbose_name='areas of cooperation')),
                ('summary_fa', registry.text.NormalizedTextField(blank=True, verbose_name='public summary (Persian)')),
                ('summary_en', registry.text.NormalizedTextField(blank=True, verbose_name='public summary (English)')),
                ('source', registry.text.NormalizedTextField(blank=True, verbose_name='source / citation')),
                ('is_public', models.BooleanField(default=True, verbose_name='public')),
                ('internal_notes', registry.text.NormalizedTextField(blank=True, help_text='Never shown to the public.', verbose_name='internal notes')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('search_text', registry.text.FoldedField(sources=['title_fa', 'title_en', 'signatory_tehran', 'signatory_partner'])),
            ],
            options={
                'verbose_name': 'agreement',
                'verbose_name_plural': 'agreements',
                'ordering': [models.OrderBy(models.F('signed_on'), nulls_last=True), 'pk'],
                'default_permissions': ('add', 'change', 'delete', 'view', 'import', 'export'),
                'indexes': [models.Index(fields=['final_status', 'final_status_from'], name='agreement_final_status'), models.Index(condition=models.Q(('is_public', True)), fields=['partner', 'updated_at', 'id'], name='agreement_public_by_partner'), models.Index(fields=['partner', 'id', 'is_public', 'final_status', 'final_status_from', 'signed_on', 'signed_precision'], name='agreement_partner_covering')],
                'constraints': [models.CheckConstraint(condition=models.Q(('signed_precision__in', ['day', 'month', 'year'])), name='agreement_signed_precision_valid'), models.CheckConstraint(condition=models.Q(('recorded_status__in', ['draft', 'active', 'suspended', 'lapsed', 'terminated'])), name='agreement_status_valid'), models.CheckConstraint(condition=models.Q(('instrument__in', ['treaty', 'contract', 'pact', 'agreement', 'accord', 'mou'])), name='agreement_instrument_valid'), models.CheckConstraint(condition=models.Q(('relationship__in', ['sister_city', 'friendship', 'cooperation', 'friendship_cooperation'])), name='agreement_relationship_valid'), models.CheckConstraint(condition=models.Q(('ends_on__isnull', True), ('signed_on__isnull', True), ('ends_on__gt', models.F('signed_on')), _connector='OR'), name='agreement_ends_after_signing', violation_error_message='An agreement must end after it was signed.'), models.CheckConstraint(condition=models.Q(models.Q(('parent__isnull', True), ('parent_link', '')), models.Q(('parent__isnull', False), models.Q(('parent_link', ''), _negated=True)), _connector='OR'), name='agreement_parent_has_link_kind', violation_error_message='Say how this agreement relates to the related agreement, or choose none.'), models.CheckConstraint(condition=models.Q(('parent', models.F('pk')), _negated=True), name='agreement_is_not_its_own_parent')],
            },
        ),
        migrations.CreateModel(
            name='Activity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(verbose_name='date')),
                ('precision', models.CharField(choices=[('day', 'day'), ('month', 'month'), ('year', 'year')], default='day', max_length=5, verbose_name='precision')),
                ('kind', models.CharField(choices=[('visit', 'delegation visit'), ('event', 'event'), ('project', 'joint project'), ('meeting', 'meeting'), ('correspondence', 'correspondence'), ('other', 'other')], max_length=16, verbose_name='kind')),
                ('description_fa', registry.text.NormalizedTextField(blank=True, verbose_name='description (Persian)')),
                ('description_en', registry.text.NormalizedTextField(blank=True, verbose_name='description (English)')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='activities', to='registry.agreement', verbose_name='agreement')),
            ],
            options={
                'verbose_name': 'activity',
                'verbose_name_plural': 'activities',
                'ordering': ['-date', '-pk'],
                'default_permissions': ('add', 'change', 'delete', 'view', 'import', 'export'),
                'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['visit', 'event', 'project', 'meeting', 'correspondence', 'other'])), name='activity_kind_valid'), models.CheckConstraint(condition=models.Q(('precision__in', ['day', 'month', 'year'])), name='activity_precision_valid')],
            },
        ),
        migrations.CreateModel(
            name='Document',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(help_text='A PDF, JPEG or PNG scan.', upload_to=registry.models.records.document_path, validators=[registry.uploads.validate_document], verbose_name='file')),
                ('title', registry.text.NormalizedCharField(max_length=300, verbose_name='title')),
                ('language', models.CharField(choices=[('fa', 'Persian'), ('en', 'English'), ('other', 'other')], default='fa', max_length=5, verbose_name='language')),
                ('is_public', models.BooleanField(default=False, verbose_name='public')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='registry.agreement', verbose_name='agreement')),
            ],
            options={
                'verbose_name': 'document',
                'verbose_name_plural': 'documents',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='FactNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fact', models.CharField(choices=[('signed_on', 'signing date'), ('term', 'term'), ('ends_on', 'end date'), ('status', 'status'), ('partner', 'partner'), ('activity', 'activity'), ('general', 'the agreement in general')], max_length=10, verbose_name='fact')),
                ('note_fa', registry.text.NormalizedTextField(verbose_name='note (Persian)')),
                ('note_en', registry.text.NormalizedTextField(blank=True, verbose_name='note (English)')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='fact_notes', to='registry.agreement', verbose_name='agreement')),
            ],
            options={
                'verbose_name': 'why the registry records this value',
                'verbose_name_plural': 'why the registry records these values (public notes)',
                'ordering': ['pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('fact__in', ['signed_on', 'term', 'ends_on', 'status', 'partner', 'activity', 'general'])), name='fact_note_fact_valid'), models.UniqueConstraint(fields=('agreement', 'fact'), name='fact_note_one_per_fact', violation_error_message='This agreement already has a note on this fact.')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalActivity',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('date', models.DateField(verbose_name='date')),
                ('precision', models.CharField(choices=[('day', 'day'), ('month', 'month'), ('year', 'year')], default='day', max_length=5, verbose_name='precision')),
                ('kind', models.CharField(choices=[('visit', 'delegation visit'), ('event', 'event'), ('project', 'joint project'), ('meeting', 'meeting'), ('correspondence', 'correspondence'), ('other', 'other')], max_length=16, verbose_name='kind')),
                ('description_fa', registry.text.NormalizedTextField(blank=True, verbose_name='description (Persian)')),
                ('description_en', registry.text.NormalizedTextField(blank=True, verbose_name='description (English)')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agreement', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.agreement', verbose_name='agreement')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'activity change',
                'verbose_name_plural': 'audit trail: activities',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalDocument',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('file', models.TextField(help_text='A PDF, JPEG or PNG scan.', max_length=100, validators=[registry.uploads.validate_document], verbose_name='file')),
                ('title', registry.text.NormalizedCharField(max_length=300, verbose_name='title')),
                ('language', models.CharField(choices=[('fa', 'Persian'), ('en', 'English'), ('other', 'other')], default='fa', max_length=5, verbose_name='language')),
                ('is_public', models.BooleanField(default=False, verbose_name='public')),
                ('uploaded_at', models.DateTimeField(blank=True, editable=False, verbose_name='uploaded')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agreement', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.agreement', verbose_name='agreement')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'document change',
                'verbose_name_plural': 'audit trail: documents',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalFactNote',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('fact', models.CharField(choices=[('signed_on', 'signing date'), ('term', 'term'), ('ends_on', 'end date'), ('status', 'status'), ('partner', 'partner'), ('activity', 'activity'), ('general', 'the agreement in general')], max_length=10, verbose_name='fact')),
                ('note_fa', registry.text.NormalizedTextField(verbose_name='note (Persian)')),
                ('note_en', registry.text.NormalizedTextField(blank=True, verbose_name='note (English)')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agreement', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.agreement', verbose_name='agreement')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'evidence note change',
                'verbose_name_plural': 'audit trail: evidence notes',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPartner',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='edit version')),
                ('kind', models.CharField(choices=[('city', 'city'), ('region', 'region / state'), ('organisation', 'international organisation')], default='city', max_length=12, verbose_name='kind')),
                ('name_fa', registry.text.NormalizedCharField(max_length=200, verbose_name='name (Persian)')),
                ('name_en', registry.text.NormalizedCharField(max_length=200, verbose_name='name (English)')),
                ('latitude', models.DecimalField(blank=True, decimal_places=5, max_digits=8, null=True, verbose_name='latitude')),
                ('longitude', models.DecimalField(blank=True, decimal_places=5, max_digits=8, null=True, verbose_name='longitude')),
                ('geonames_id', models.PositiveIntegerField(blank=True, db_index=True, null=True, verbose_name='GeoNames id')),
                ('wikidata_id', models.CharField(blank=True, help_text='For example Q9361 for Bishkek.', max_length=20, verbose_name='Wikidata id')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('country', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.country', verbose_name='country')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'partner change',
                'verbose_name_plural': 'audit trail: partners',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalSource',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='edit version')),
                ('kind', models.CharField(choices=[('study', 'study'), ('tehran_site', 'official site of Tehran'), ('partner_site', 'official site of the partner'), ('news', 'news report'), ('resolution', 'council resolution'), ('scan', 'scanned document in the registry')], max_length=12, verbose_name='kind')),
                ('author', registry.text.NormalizedCharField(blank=True, help_text='People, separated by “;” or «؛».', max_length=300, verbose_name='author')),
                ('publisher', registry.text.NormalizedCharField(blank=True, max_length=300, verbose_name='publisher')),
                ('title', registry.text.NormalizedCharField(max_length=500, verbose_name='title')),
                ('published_on', models.DateField(blank=True, null=True, verbose_name='published on')),
                ('published_precision', models.CharField(choices=[('day', 'day'), ('month', 'month'), ('year', 'year')], default='day', max_length=5, verbose_name='precision of publication date')),
                ('url', models.URLField(blank=True, max_length=1000, verbose_name='URL')),
                ('consulted_on', models.DateField(blank=True, null=True, verbose_name='consulted on')),
                ('language', models.CharField(choices=[('fa', 'Persian'), ('en', 'English'), ('other', 'other')], default='fa', max_length=5, verbose_name='language')),
                ('internal_notes', registry.text.NormalizedTextField(blank=True, help_text='Never shown to the public.', verbose_name='internal notes')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('document', models.ForeignKey(blank=True, db_constraint=False, help_text='When the source is a scan kept in the registry.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.document', verbose_name='scanned document')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'source change',
                'verbose_name_plural': 'audit trail: sources',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalStatusChange',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('status', models.CharField(choices=[('draft', 'draft'), ('active', 'active'), ('suspended', 'suspended'), ('lapsed', 'lapsed'), ('terminated', 'terminated')], max_length=10, verbose_name='status')),
                ('date', models.DateField(blank=True, help_text='Empty when not known.', null=True, verbose_name='date')),
                ('precision', models.CharField(choices=[('day', 'day'), ('month', 'month'), ('year', 'year')], default='day', max_length=5, verbose_name='precision')),
                ('decided_by', registry.text.NormalizedCharField(blank=True, help_text="For example a council resolution, the mayor, or the partner's notice.", max_length=200, verbose_name='decided by')),
                ('reason', registry.text.NormalizedTextField(blank=True, verbose_name='reason (Persian)')),
                ('reason_en', registry.text.NormalizedTextField(blank=True, verbose_name='reason (English)')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agreement', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.agreement', verbose_name='agreement')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'status history change',
                'verbose_name_plural': 'audit trail: status history',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalAgreement',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='edit version')),
                ('title_fa', registry.text.NormalizedCharField(help_text="The document's own title, verbatim.", max_length=300, verbose_name='title (Persian)')),
                ('title_en', registry.text.NormalizedCharField(blank=True, max_length=300, verbose_name='title (English)')),
                ('instrument', models.CharField(choices=[('treaty', 'treaty'), ('contract', 'contract'), ('pact', 'pact'), ('agreement', 'agreement'), ('accord', 'accord'), ('mou', 'memorandum of understanding')], max_length=12, verbose_name='instrument')),
                ('relationship', models.CharField(choices=[('sister_city', 'sister city'), ('friendship', 'friendship'), ('cooperation', 'cooperation'), ('friendship_cooperation', 'friendship and cooperation')], max_length=24, verbose_name='relationship')),
                ('recorded_status', models.CharField(choices=[('draft', 'draft'), ('active', 'active'), ('suspended', 'suspended'), ('lapsed', 'lapsed'), ('terminated', 'terminated')], default='draft', editable=False, max_length=10, verbose_name='latest recorded status')),
                ('recorded_status_on', models.DateField(blank=True, editable=False, null=True, verbose_name='latest recorded status since')),
                ('recorded_status_precision', models.CharField(choices=[('day', 'day'), ('month', 'month'), ('year', 'year')], default='day', editable=False, max_length=5)),
                ('signed_on', models.DateField(blank=True, db_index=True, null=True, verbose_name='signed on')),
                ('signed_precision', models.CharField(choices=[('day', 'day'), ('month', 'month'), ('year', 'year')], default='day', max_length=5, verbose_name='precision of signing date')),
                ('ends_on', models.DateField(blank=True, null=True, verbose_name='ends on')),
                ('review_on', models.DateField(blank=True, null=True, verbose_name='to be reviewed on')),
                ('parent_link', models.CharField(blank=True, choices=[('renews', 'renews'), ('amends', 'amends'), ('implements', 'implements')], max_length=10, verbose_name='relation to that agreement')),
                ('signatory_tehran', registry.text.NormalizedCharField(blank=True, max_length=300, verbose_name='signatory for Tehran')),
                ('signatory_partner', registry.text.NormalizedCharField(blank=True, max_length=300, verbose_name='signatory for the partner')),
                ('areas', registry.text.NormalizedTextField(blank=True, verbose_name='areas of cooperation')),
                ('summary_fa', registry.text.NormalizedTextField(blank=True, verbose_name='public summary (Persian)')),
                ('summary_en', registry.text.NormalizedTextField(blank=True, verbose_name='public summary (English)')),
                ('source', registry.text.NormalizedTextField(blank=True, verbose_name='source / citation')),
                ('is_public', models.BooleanField(default=True, verbose_name='public')),
                ('internal_notes', registry.text.NormalizedTextField(blank=True, help_text='Never shown to the public.', verbose_name='internal notes')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('parent', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.agreement', verbose_name='related agreement')),
                ('partner', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.partner', verbose_name='partner')),
            ],
            options={
                'verbose_name': 'agreement change',
                'verbose_name_plural': 'audit trail: agreements',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Period',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(verbose_name='slug')),
                ('name_fa', registry.text.NormalizedCharField(max_length=100, verbose_name='name (Persian)')),
                ('name_en', registry.text.NormalizedCharField(max_length=100, verbose_name='name (English)')),
                ('label_fa', registry.text.NormalizedCharField(blank=True, help_text='For a presidency, the foreign-policy discourse.', max_length=200, verbose_name='label (Persian)')),
                ('label_en', registry.text.NormalizedCharField(blank=True, max_length=200, verbose_name='label (English)')),
                ('start', models.DateField(help_text='The first day of the period.', verbose_name='start')),
                ('end', models.DateField(blank=True, help_text="The first day after the period, such as the successor's inauguration. Empty while it lasts.", null=True, verbose_name='end')),
                ('series', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='periods', to='registry.periodseries', verbose_name='series')),
            ],
            options={
                'verbose_name': 'period',
                'verbose_name_plural': 'periods',
                'ordering': ['series', 'start'],
                'constraints': [models.UniqueConstraint(fields=('series', 'slug'), name='period_slug_unique_in_series'), models.CheckConstraint(condition=models.Q(('end__isnull', True), ('end__gt', models.F('start')), _connector='OR'), name='period_ends_after_start', violation_error_message='A period must end after it starts.')],
            },
            bases=(registry.models.names.BilingualName, models.Model),
        ),
        migrations.CreateModel(
            name='RegistryVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.BigIntegerField(default=0)),
                ('changed_at', models.DateTimeField()),
            ],
            options={
                'verbose_name': 'registry version',
                'constraints': [models.CheckConstraint(condition=models.Q(('pk', 1)), name='registry_version_is_one_row')],
            },
        ),
        migrations.CreateModel(
            name='Source',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='edit version')),
                ('kind', models.CharField(choices=[('study', 'study'), ('tehran_site', 'official site of Tehran'), ('partner_site', 'official site of the partner'), ('news', 'news report'), ('resolution', 'council resolution'), ('scan', 'scanned document in the registry')], max_length=12, verbose_name='kind')),
                ('author', registry.text.NormalizedCharField(blank=True, help_text='People, separated by “;” or «؛».', max_length=300, verbose_name='author')),
                ('publisher', registry.text.NormalizedCharField(blank=True, max_length=300, verbose_name='publisher')),
                ('title', registry.text.NormalizedCharField(max_length=500, verbose_name='title')),
                ('published_on', models.DateField(blank=True, null=True, verbose_name='published on')),
                ('published_precision', models.CharField(choices=[('day', 'day'), ('month', 'month'), ('year', 'year')], default='day', max_length=5, verbose_name='precision of publication date')),
                ('url', models.URLField(blank=True, max_length=1000, verbose_name='URL')),
                ('consulted_on', models.DateField(blank=True, null=True, verbose_name='consulted on')),
                ('language', models.CharField(choices=[('fa', 'Persian'), ('en', 'English'), ('other', 'other')], default='fa', max_length=5, verbose_name='language')),
                ('internal_notes', registry.text.NormalizedTextField(blank=True, help_text='Never shown to the public.', verbose_name='internal notes')),
                ('document', models.ForeignKey(blank=True, help_text='When the source is a scan kept in the registry.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='sources', to='registry.document', verbose_name='scanned document')),
            ],
            options={
                'verbose_name': 'source',
                'verbose_name_plural': 'sources',
                'ordering': ['pk'],
                'default_permissions': ('add', 'change', 'delete', 'view', 'import', 'export'),
                'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['study', 'tehran_site', 'partner_site', 'news', 'resolution', 'scan'])), name='source_kind_valid'), models.CheckConstraint(condition=models.Q(('published_precision__in', ['day', 'month', 'year'])), name='source_published_precision_valid'), models.CheckConstraint(condition=models.Q(('language__in', ['fa', 'en', 'other'])), name='source_language_valid')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalClaim',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('fact', models.CharField(choices=[('signed_on', 'signing date'), ('term', 'term'), ('ends_on', 'end date'), ('status', 'status'), ('partner', 'partner'), ('activity', 'activity'), ('general', 'the agreement in general')], default='general', max_length=10, verbose_name='speaks to')),
                ('value', registry.text.NormalizedCharField(blank=True, help_text='As the source states it: 1392/12/08, 2014-02-27, 5 years, active 1392/12/08, a name.', max_length=200, verbose_name='value stated')),
                ('value_from', models.DateField(blank=True, editable=False, null=True, verbose_name='stated date: first possible day')),
                ('value_to', models.DateField(blank=True, editable=False, null=True, verbose_name='stated date: last possible day')),
                ('value_precision', models.CharField(choices=[('day', 'day'), ('month', 'month'), ('year', 'year')], default='day', editable=False, max_length=5)),
                ('value_months', models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='stated term in months')),
                ('value_status', models.CharField(blank=True, editable=False, max_length=10, verbose_name='stated status')),
                ('locator', registry.text.NormalizedCharField(blank=True, max_length=200, verbose_name='page, table or row')),
                ('paraphrase', registry.text.NormalizedTextField(blank=True, help_text='In a sentence or two; not a quotation.', verbose_name='paraphrase')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('activity', models.ForeignKey(blank=True, db_constraint=False, help_text='The activity the source reports, once recorded.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.activity', verbose_name='recorded activity')),
                ('agreement', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.agreement', verbose_name='agreement')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.source', verbose_name='source')),
            ],
            options={
                'verbose_name': 'claim change',
                'verbose_name_plural': 'audit trail: claims',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Claim',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fact', models.CharField(choices=[('signed_on', 'signing date'), ('term', 'term'), ('ends_on', 'end date'), ('status', 'status'), ('partner', 'partner'), ('activity', 'activity'), ('general', 'the agreement in general')], default='general', max_length=10, verbose_name='speaks to')),
                ('value', registry.text.NormalizedCharField(blank=True, help_text='As the source states it: 1392/12/08, 2014-02-27, 5 years, active 1392/12/08, a name.', max_length=200, verbose_name='value stated')),
                ('value_from', models.DateField(blank=True, editable=False, null=True, verbose_name='stated date: first possible day')),
                ('value_to', models.DateField(blank=True, editable=False, null=True, verbose_name='stated date: last possible day')),
                ('value_precision', models.CharField(choices=[('day', 'day'), ('month', 'month'), ('year', 'year')], default='day', editable=False, max_length=5)),
                ('value_months', models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='stated term in months')),
                ('value_status', models.CharField(blank=True, editable=False, max_length=10, verbose_name='stated status')),
                ('locator', registry.text.NormalizedCharField(blank=True, max_length=200, verbose_name='page, table or row')),
                ('paraphrase', registry.text.NormalizedTextField(blank=True, help_text='In a sentence or two; not a quotation.', verbose_name='paraphrase')),
                ('activity', models.ForeignKey(blank=True, help_text='The activity the source reports, once recorded.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='claims', to='registry.activity', verbose_name='recorded activity')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='claims', to='registry.agreement', verbose_name='agreement')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='claims', to='registry.source', verbose_name='source')),
            ],
            options={
                'verbose_name': 'claim',
                'verbose_name_plural': 'claims',
                'ordering': ['pk'],
                'default_permissions': ('add', 'change', 'delete', 'view', 'import', 'export'),
                'constraints': [models.CheckConstraint(condition=models.Q(('fact__in', ['signed_on', 'term', 'ends_on', 'status', 'partner', 'activity', 'general'])), name='claim_fact_valid'), models.CheckConstraint(condition=models.Q(('value_precision__in', ['day', 'month', 'year'])), name='claim_value_precision_valid')],
            },
        ),
        migrations.CreateModel(
            name='StatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('draft', 'draft'), ('active', 'active'), ('suspended', 'suspended'), ('lapsed', 'lapsed'), ('terminated', 'terminated')], max_length=10, verbose_name='status')),
                ('date', models.DateField(blank=True, help_text='Empty when not known.', null=True, verbose_name='date')),
                ('precision', models.CharField(choices=[('day', 'day'), ('month', 'month'), ('year', 'year')], default='day', max_length=5, verbose_name='precision')),
                ('decided_by', registry.text.NormalizedCharField(blank=True, help_text="For example a council resolution, the mayor, or the partner's notice.", max_length=200, verbose_name='decided by')),
                ('reason', registry.text.NormalizedTextField(blank=True, verbose_name='reason (Persian)')),
                ('reason_en', registry.text.NormalizedTextField(blank=True, verbose_name='reason (English)')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='registry.agreement', verbose_name='agreement')),
            ],
            options={
                'verbose_name': 'status change',
                'verbose_name_plural': 'status history',
                'ordering': ['pk'],
                'indexes': [models.Index(fields=['agreement', 'date'], name='status_change_agreement_date')],
                'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'active', 'suspended', 'lapsed', 'terminated'])), name='status_change_status_valid'), models.CheckConstraint(condition=models.Q(('precision__in', ['day', 'month', 'year'])), name='status_change_precision_valid')],
            },
        ),
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
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="agreement", index=NEWEST_FIRST)],
            database_operations=[migrations.RunPython(add_newest_first, remove_newest_first)],
        ),
        migrations.RunPython(create_roles, remove_roles),
        migrations.RunPython(first_version, migrations.RunPython.noop),
    ]
