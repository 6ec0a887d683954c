"""The staff roles and what each may do: the permission tests read these
lists; the migration that creates the groups keeps a frozen copy of its own
(registry/migrations/0001_squashed_0018_…)."""

from django.utils.translation import gettext_lazy as _

VIEWER, EDITOR, ADMINISTRATOR = "viewer", "editor", "administrator"
# The groups' names stay these codes; people read them in their language.
ROLE_LABELS = {ADMINISTRATOR: _("administrator"), EDITOR: _("editor"), VIEWER: _("viewer")}

REGISTRY_MODELS = [
    "country", "partner", "agreement", "statuschange", "activity", "document", "period", "periodseries",
    "source", "claim", "factnote",
]
IMPORTED_MODELS = ["partner", "agreement", "activity", "source", "claim"]
# Editors correct mistaken inline rows; an agreement, a partner or a country
# is never deleted by them (an agreement ends by a status change).
EDITOR_DELETES = ["statuschange", "activity", "document", "claim", "factnote"]


def role_permissions():
    """{group name: set of (app_label, codename)}."""
    viewer = {("registry", f"view_{m}") for m in REGISTRY_MODELS}
    viewer |= {("registry", f"export_{m}") for m in IMPORTED_MODELS}
    editor = set(viewer)
    editor |= {("registry", f"{action}_{m}") for m in REGISTRY_MODELS for action in ("add", "change")}
    editor |= {("registry", f"import_{m}") for m in IMPORTED_MODELS}
    editor |= {("registry", f"delete_{m}") for m in EDITOR_DELETES}
    return {VIEWER: viewer, EDITOR: editor, ADMINISTRATOR: None}  # None: every permission


def role_label(group):
    """A group's name as staff read it: «ویراستار» for `editor`."""
    return str(ROLE_LABELS.get(group.name, group.name))


def sync_staff_status(user):
    """The one rule for who may sign in to the desk: whoever is in a staff
    group (or is a superuser). Called once a user's groups are saved."""
    staff = user.is_superuser or user.groups.filter(name__in=ROLE_LABELS).exists()
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
