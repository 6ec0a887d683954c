from django.contrib.auth.management import create_permissions
from django.db import migrations

# The roles as they were when this migration was written, frozen here: a
# migration must not change when live code does (staff/roles.py).
REGISTRY_MODELS = [
    "country", "partner", "agreement", "statuschange", "activity", "document", "period", "periodseries",
]
IMPORTED_MODELS = ["partner", "agreement", "activity"]
EDITOR_DELETES = ["statuschange", "activity", "document"]


def role_permissions():
    """{group name: set of (app_label, codename)}; None: every permission."""
    viewer = {("registry", f"view_{m}") for m in REGISTRY_MODELS}
    viewer |= {("registry", f"export_{m}") for m in IMPORTED_MODELS}
    editor = set(viewer)
    editor |= {("registry", f"{action}_{m}") for m in REGISTRY_MODELS for action in ("add", "change")}
    editor |= {("registry", f"import_{m}") for m in IMPORTED_MODELS}
    editor |= {("registry", f"delete_{m}") for m in EDITOR_DELETES}
    return {"viewer": viewer, "editor": editor, "administrator": None}


def create_roles(apps, schema_editor):
    # Permissions are normally created after the last migration; the groups
    # need them now.
    for label in ("auth", "registry", "admin"):
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        if wanted is None:
            permissions = Permission.objects.filter(content_type__app_label__in=["registry", "auth", "admin"])
        else:
            permissions = [
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in sorted(wanted)
            ]
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(role_permissions())).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_history_and_import_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
