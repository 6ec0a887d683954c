"""Users and groups: a colleague added in one step, groups and permissions
named in the reader's language, and sign-in that follows the group."""


from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import admin as auth_admin  # registers User and Group, re-registered below
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group, User
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext, pgettext

from registry.language import local_digits

from ..forms import StaffMemberForm
from ..roles import ROLE_LABELS, role_label, sync_staff_status
from ..timeline import moment_display
from .base import AdminScriptsMixin, TypedFieldsMixin

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
    # gettext() again: some apps' own names have no Persian of theirs
    # ("Axes", "access attempt expiration"); the registry's catalogue gives it.
    app, name = gettext(str(model._meta.app_config.verbose_name)), gettext(str(model._meta.verbose_name))
    return f"{app} | {name} | {PERMISSION_ACTIONS[action] % {'name': name}}"


def listed(names):
    return f"{pgettext('list separator', ',')} ".join(names)


class PermissionLabelsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            formfield.label_from_instance = permission_label
            # Not Django's "Hold down Control, or Command on a Mac": the box
            # is the two-list chooser, worked by its buttons.
            formfield.help_text = (
                _("Permissions of this person's own, besides those of their groups.")
                if db_field.name == "user_permissions" else _("What the people in this group may do.")
            )
        if db_field.name == "groups":
            formfield.label_from_instance = role_label
        return formfield


class RoleFilter(admin.SimpleListFilter):
    title = _("group")
    parameter_name = "group"

    def lookups(self, request, model_admin):
        return [(group.pk, role_label(group)) for group in Group.objects.order_by("pk")]

    def queryset(self, request, queryset):
        return queryset.filter(groups=self.value()) if self.value() else queryset


admin.site.unregister(Group)
admin.site.unregister(User)


@admin.register(Group)
class DeskGroupAdmin(AdminScriptsMixin, PermissionLabelsMixin, auth_admin.GroupAdmin):
    list_display = ["role"]

    change_form_template = "admin/auth/group/change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        group = self.get_object(request, object_id)
        extra = {"subtitle": role_label(group)} if group else {}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    @admin.display(description=_("name"), ordering="name")
    def role(self, group):
        return role_label(group)


@admin.register(User)
class DeskUserAdmin(AdminScriptsMixin, PermissionLabelsMixin, TypedFieldsMixin, auth_admin.UserAdmin):
    add_form = StaffMemberForm
    add_form_template = "admin/auth/user/add_staff_member.html"
    add_fieldsets = [
        (None, {"fields": ["first_name", "last_name", "username", "email", "group"]}),
        (_("Password"), {"fields": ["password1", "password2"]}),
    ]
    # Staff status is not ticked by hand: it follows the groups (roles.sync_staff_status).
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Permissions"), {"fields": ["is_active", "groups", "is_superuser", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    list_display = ["login_name", "email_address", "first_name", "last_name", "roles", "is_active"]
    list_display_links = ["login_name"]
    list_filter = [RoleFilter, "is_active", "is_superuser"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            formfield.help_text = _(
                "What the person may do: %(roles)s. Anyone in a group can sign in to the desk."
            ) % {"roles": listed(str(label) for label in ROLE_LABELS.values())}
        return formfield

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        sync_staff_status(form.instance)
        if not change and getattr(form, "sends_link", False):
            self.send_set_password_link(request, form.instance)

    def send_set_password_link(self, request, user):
        reset = PasswordResetForm({"email": user.email})
        reset.is_valid()
        reset.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="staff/set_password_subject.txt",
            email_template_name="staff/set_password_email.txt",
        )
        self.message_user(request, _("A link to choose a password was e-mailed to %(email)s.") % {"email": user.email})

    @admin.display(description=_("username"), ordering="username")
    def login_name(self, user):
        return format_html('<bdi dir="ltr">{}</bdi>', user.username)

    @admin.display(description=_("email address"), ordering="email")
    def email_address(self, user):
        return format_html('<bdi dir="ltr">{}</bdi>', user.email) if user.email else "—"

    @admin.display(description=_("groups"))
    def roles(self, user):
        return listed(role_label(group) for group in user.groups.all()) or "—"


@admin.register(AccessAttempt)
class SignInLockoutAdmin(AdminScriptsMixin, admin.ModelAdmin):
    """django-axes' record of wrong passwords, for an administrator to see
    who is locked out and let them in again; nothing here is edited."""

    list_display = ["login_name", "address", "failures", "locked", "when"]
    list_display_links = None
    search_fields = ["username", "ip_address"]
    actions = ["unlock"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_urls(self):
        # The list is the whole page: an attempt has nothing more to show.
        return [url for url in super().get_urls() if url.name and url.name.endswith("_changelist")]

    @admin.action(description=_("Unlock: forget these wrong passwords"), permissions=["delete"])
    def unlock(self, request, queryset):
        count = queryset.count()
        queryset.delete()
        self.message_user(request, _("%(count)s sign-in records forgotten.") % {"count": local_digits(count)})

    @admin.display(description=_("username"), ordering="username")
    def login_name(self, attempt):
        return format_html('<bdi dir="ltr">{}</bdi>', attempt.username or "—")

    @admin.display(description=_("address"), ordering="ip_address")
    def address(self, attempt):
        return format_html('<bdi dir="ltr">{}</bdi>', attempt.ip_address or "—")

    @admin.display(description=_("wrong passwords"), ordering="failures_since_start")
    def failures(self, attempt):
        return local_digits(attempt.failures_since_start)

    @admin.display(description=_("locked out"), boolean=True)
    def locked(self, attempt):
        return attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT

    @admin.display(description=_("last attempt"), ordering="attempt_time")
    def when(self, attempt):
        return moment_display(attempt.attempt_time)

