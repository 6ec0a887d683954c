"""The staff roles and what each may do; the data migration that creates
the groups and the permission tests both read these lists."""

VIEWER, EDITOR, ADMINISTRATOR = "viewer", "editor", "administrator"

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
