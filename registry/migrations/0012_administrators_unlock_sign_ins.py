"""Administrators see the sign-in lockouts (django-axes) in the admin and
unlock a colleague: view and delete on its access attempts."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WANTED = ["view_accessattempt", "delete_accessattempt"]


def grant(apps, schema_editor):
    # Permissions are normally created after the last migration; the group needs them now.
    config = apps.get_app_config("axes")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="administrator").first()
    if group:
        group.permissions.add(*Permission.objects.filter(content_type__app_label="axes", codename__in=WANTED))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="administrator").first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="axes", codename__in=WANTED))


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0011_search_words"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
