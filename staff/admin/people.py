"""Users and groups, with permissions named in the reader's language."""


from django.contrib import admin
from django.contrib.auth import admin as auth_admin  # registers User and Group, re-registered below
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _

from .base import TypedFieldsMixin

# Permissions are stored with English names ("Can add period series"): the
# user and group forms name them in the reader's language instead.
PERMISSION_ACTIONS = {
    "add": _("Can add %(name)s"),
    "change": _("Can change %(name)s"),
    "delete": _("Can delete %(name)s"),
    "view": _("Can view %(name)s"),
    "import": _("Can import %(name)s"),
    "export": _("Can export %(name)s"),
}


def permission_label(permission):
    model = permission.content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    if model is None or action not in PERMISSION_ACTIONS:
        return str(permission)
    name = model._meta.verbose_name
    return f"{model._meta.app_config.verbose_name} | {name} | {PERMISSION_ACTIONS[action] % {'name': name}}"


class PermissionLabelsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            formfield.label_from_instance = permission_label
        return formfield


admin.site.unregister(Group)
admin.site.unregister(User)


@admin.register(Group)
class DeskGroupAdmin(PermissionLabelsMixin, auth_admin.GroupAdmin):
    pass


@admin.register(User)
class DeskUserAdmin(PermissionLabelsMixin, TypedFieldsMixin, auth_admin.UserAdmin):
    pass
