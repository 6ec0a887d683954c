import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.builders import agreement, staff


@pytest.mark.django_db
@pytest.mark.parametrize("role, can_import", [("viewer", False), ("editor", True), ("administrator", True)])
def test_the_import_button_shows_only_to_roles_that_may_import(client, role, can_import):
    client.force_login(staff(role))
    page = client.get(reverse("admin:registry_agreement_changelist")).content.decode()
    assert (reverse("admin:registry_agreement_import") in page) is can_import
    assert reverse("admin:registry_agreement_export") in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_deleting_an_agreement_is_refused_with_a_message_to_end_it_by_a_status_change(client, role):
    made = agreement()
    client.force_login(staff(role))
    url = reverse("admin:registry_agreement_delete", args=[made.pk])
    response = client.post(url, {"post": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:registry_agreement_change", args=[made.pk])
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and made.pk == type(made).objects.get(pk=made.pk).pk


@pytest.mark.django_db
def test_an_administrator_may_delete_an_agreement(client):
    made = agreement()
    client.force_login(staff("administrator"))
    client.post(reverse("admin:registry_agreement_delete", args=[made.pk]), {"post": "yes"})
    assert not type(made).objects.filter(pk=made.pk).exists()


@pytest.mark.django_db
def test_the_roles_are_created_by_the_migration_a_new_database_runs():
    # Run here as migrate runs it, on the models as they were then: a test
    # that emptied the database (a browser test) removed what migrate made.
    # Without a connection the loader sees nothing applied, as on a new
    # database, and takes the squashed migration for the eighteen it replaces.
    from importlib import import_module

    from django.db.migrations.loader import MigrationLoader

    squashed = "0001_squashed_0018_agreement_map_points_covering_index"
    then = MigrationLoader(None).project_state(("registry", squashed)).apps
    Group.objects.all().delete()
    import_module(f"registry.migrations.{squashed}").create_roles(then, None)
    assert set(Group.objects.values_list("name", flat=True)) == {"viewer", "editor", "administrator"}
    editor = Group.objects.get(name="editor").permissions.values_list("codename", flat=True)
    assert "import_agreement" in editor and "delete_agreement" not in editor and "delete_claim" in editor
    viewer = Group.objects.get(name="viewer").permissions.values_list("codename", flat=True)
    assert "export_agreement" in viewer and "import_agreement" not in viewer and "add_agreement" not in viewer
    administrator = Group.objects.get(name="administrator").permissions.values_list("codename", flat=True)
    assert {"delete_agreement", "delete_user", "delete_accessattempt"} <= set(administrator)
    assert "change_registryversion" not in administrator


def audit_page_queries(client, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(count):
        agreement(title_fa=f"تفاهم نامه {n}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:registry_historicalagreement_changelist"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_audit_trail_page_costs_the_same_queries_for_few_or_many_records(client):
    client.force_login(staff("administrator"))
    few = audit_page_queries(client, 2)
    assert audit_page_queries(client, 10) == few


@pytest.mark.django_db
def test_the_audit_trail_shows_who_changed_what(client):
    made = agreement()
    editor = staff("editor")
    client.force_login(editor)
    client.post(reverse("admin:registry_agreement_change", args=[made.pk]), {
        "partner": made.partner_id, "title_fa": made.title_fa, "title_en": "Edited", "instrument": "treaty",
        "relationship": "sister_city", "signed_on": "1373/03/02", "is_public": "on", "edit_version": made.version,
        "status_changes-TOTAL_FORMS": "0", "status_changes-INITIAL_FORMS": "0",
        "activities-TOTAL_FORMS": "0", "activities-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "0", "documents-INITIAL_FORMS": "0",
        "claims-TOTAL_FORMS": "0", "claims-INITIAL_FORMS": "0",
        "fact_notes-TOTAL_FORMS": "0", "fact_notes-INITIAL_FORMS": "0",
    })
    record = made.history.latest()
    assert (record.history_user, record.history_type, record.title_en) == (editor, "~", "Edited")
    page = client.get(reverse("admin:registry_historicalagreement_changelist")).content.decode()
    assert editor.username in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["viewer", "editor", "administrator"])
def test_no_role_can_revert_an_agreement_through_its_history_page(client, role):
    made = agreement()
    client.force_login(staff(role))
    url = reverse("admin:registry_agreement_simple_history", args=[made.pk, made.history.earliest().history_id])
    assert client.get(url).status_code == 200  # an old version may be read
    response = client.post(url, {
        "partner": made.partner_id, "title_fa": "تغییر ناروا", "instrument": "treaty", "relationship": "sister_city",
        **{f"{p}-{k}": "0" for p in ("status_changes", "activities", "documents") for k in ("TOTAL_FORMS", "INITIAL_FORMS")},
    })
    assert response.status_code == 403
    made.refresh_from_db()
    assert made.title_fa == "معاهده خواهر شهری"
