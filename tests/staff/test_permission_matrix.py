"""Every admin URL for anonymous, viewer, editor and administrator: each
reaches exactly what its role allows (issue 11, finding 9)."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, reverse

import config.urls  # noqa: F401  (registers the admin's models)
from registry.models import Activity, Claim, Document, FactNote, Period, PeriodSeries, Source
from staff.roles import role_permissions

from tests.builders import agreement, role, staff

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "viewer", "editor", "administrator"]
# Actions an admin URL's name ends with, and the permission each needs.
NEEDS = {
    "changelist": ("view", "change"), "change": ("view", "change"), "history": ("view", "change"),
    "simple_history": ("view", "change"), "add": ("add",), "delete": ("delete",), "import": ("import",),
    "process_import": ("import",), "import_template": ("import",), "export": ("export",), "annual_report": ("view",), "gazetteer": ("view",),
    "password_change": ("change",),
}
ANY_STAFF = {"index", "jsi18n", "password_change", "password_change_done", "logout"}
SKIPPED = {"autocomplete", "view_on_site", "login"}  # need query parameters / not a page; covered elsewhere


def admin_url_names():
    """(name, route) of every named admin URL, read from the admin site itself."""
    found = []

    def visit(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                visit(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.name:
                found.append((entry.name, prefix + str(entry.pattern)))

    visit(admin.site.urls[0], "")
    return found


def split(name):
    """('registry', 'agreement', 'changelist') from registry_agreement_changelist."""
    for action in sorted(NEEDS, key=len, reverse=True):
        for app in ("registry", "auth", "axes"):
            head = f"{app}_"
            if name.startswith(head) and name.endswith(f"_{action}"):
                return app, name[len(head):-len(action) - 1], action
    if name == "auth_user_password_change":
        return "auth", "user", "password_change"
    return None, None, name


# The roles' pages as the registry's staff wrote them down, row by row: an
# expectation apart from the policy that `expected` reads from staff.roles,
# checked on the same walk.
ALLOWED, DENIED = 200, 403
STAFF = ROLES[1:]
WRITTEN = {
    #                                           viewer   editor   administrator
    "registry_agreement_changelist":            (ALLOWED, ALLOWED, ALLOWED),
    "registry_agreement_change":                (ALLOWED, ALLOWED, ALLOWED),
    "registry_agreement_add":                   (DENIED, ALLOWED, ALLOWED),
    "registry_agreement_history":               (ALLOWED, ALLOWED, ALLOWED),
    "registry_agreement_import":                (DENIED, ALLOWED, ALLOWED),
    "registry_agreement_export":                (ALLOWED, ALLOWED, ALLOWED),
    "registry_partner_changelist":              (ALLOWED, ALLOWED, ALLOWED),
    "registry_partner_add":                     (DENIED, ALLOWED, ALLOWED),
    "registry_partner_import":                  (DENIED, ALLOWED, ALLOWED),
    "registry_partner_export":                  (ALLOWED, ALLOWED, ALLOWED),
    "registry_activity_import":                 (DENIED, ALLOWED, ALLOWED),
    "registry_activity_export":                 (ALLOWED, ALLOWED, ALLOWED),
    "registry_agreement_annual_report":         (ALLOWED, ALLOWED, ALLOWED),
    "registry_historicalagreement_changelist":  (ALLOWED, ALLOWED, ALLOWED),
    "auth_user_changelist":                     (DENIED, DENIED, ALLOWED),
}


def may(role, app, model, action):
    if role == "administrator":
        return True
    granted = role_permissions()[role]
    return any((app, f"{need}_{model}") in granted for need in NEEDS[action])


def historical_base(model):
    return model.removeprefix("historical") if model.startswith("historical") else None


def expected(role, name):
    """The statuses the role may get on this URL, from the roles' written policy."""
    if role == "anonymous":
        return {302}
    app, model, action = split(name)
    if name in ANY_STAFF or name == "app_list":
        return {200}
    base = historical_base(model or "")
    if base:  # the audit trail: read by whoever may read the records, never written
        if action in ("add", "delete"):
            return {403}
        allowed = may(role, app, base, "changelist")
        if action == "change":
            return {200} if allowed else {403}
        return {200} if allowed else {403}
    allowed = may(role, app, model, action)
    if not allowed and model == "agreement" and action == "delete":
        return {302}  # sent back to the agreement with "end it by a status change"
    return {200} if allowed else {403}


@pytest.fixture
def objects():
    made = agreement()
    change = made.status_changes.get()
    activity = Activity.objects.create(agreement=made, kind="visit", date=datetime.date(2020, 1, 1))
    document = Document.objects.create(agreement=made, title="scan", file=SimpleUploadedFile("s.pdf", b"%PDF-1.4 x"))
    series = PeriodSeries.objects.create(slug="terms", name_fa="دوره", name_en="Terms")
    period = Period.objects.create(series=series, slug="first", name_fa="نخست", name_en="First", start=datetime.date(2000, 1, 1))
    user = User.objects.create_user("someone", password="x")
    source = Source.objects.create(kind="news", title="A report")
    claim = Claim.objects.create(agreement=made, source=source, fact="term", value="5 years")
    note = FactNote.objects.create(agreement=made, fact="term", note_fa="یادداشت")
    return {
        "source": source, "claim": claim, "factnote": note,
        "agreement": made, "partner": made.partner, "country": made.partner.country, "statuschange": change,
        "activity": activity, "document": document, "period": period, "periodseries": series,
        "user": user, "group": role("viewer"),
    }


def url_for(name, route, objects):
    app, model, action = split(name)
    if name == "app_list":
        return reverse("admin:app_list", args=["registry"])
    if name == "auth_user_password_change":
        return reverse(f"admin:{name}", args=[objects["user"].pk])
    if "<path:object_id>" not in route and "([^/]+)" not in route:
        return reverse(f"admin:{name}")
    base = historical_base(model)
    target = objects[base] if base else objects[model]
    if base:
        return reverse(f"admin:{name}", args=[target.history.latest().history_id])
    if action == "simple_history":
        return reverse(f"admin:{name}", args=[target.pk, target.history.latest().history_id])
    return reverse(f"admin:{name}", args=[target.pk])


URLS = [(name, route) for name, route in admin_url_names() if name not in SKIPPED]
tried = []


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_it_may_on_every_admin_url(client, objects, role):
    # One test per role walking every URL: the objects are built once, not 90 times.
    if role != "anonymous":
        client.force_login(staff(role))
    wrong = []
    for name, route in URLS:
        url = url_for(name, route, objects)
        if name == "logout":
            continue  # ends the session: checked last, below
        if name.endswith("process_import"):  # a confirmation: POST only
            response = client.post(url, {})
        else:
            response = client.get(url, {"calendar": "jalali", "year": "1403"} if "annual" in name else {})
        tried.append((role, name))
        if response.status_code not in expected(role, name):
            wrong.append((url, response.status_code, expected(role, name)))
        elif name in WRITTEN and role != "anonymous" and response.status_code != dict(zip(STAFF, WRITTEN[name]))[role]:
            wrong.append((url, response.status_code, "written", WRITTEN[name]))
        elif role == "anonymous" and not response["Location"].startswith("/admin/login/"):
            wrong.append((url, response["Location"]))
    assert wrong == []
    assert client.post(reverse("admin:logout")).status_code in ({200} if role != "anonymous" else {200, 302})


def test_the_matrix_covers_every_model_the_admin_registers():
    models = {split(name)[1] for name, _route in URLS} - {None}
    assert {"agreement", "partner", "document", "user", "group", "historicalagreement", "accessattempt"} <= models


def test_every_page_the_staff_wrote_down_is_walked():
    assert set(WRITTEN) <= {name for name, _route in URLS}
