"""The audit trail: each record's history page and the lists of every change."""

import datetime

import jdatetime
import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from registry.models import Activity, Agreement, Document, StatusChange
from registry.text import persian_digits

from tests.builders import agreement, partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("boss", "", "x"))
    return client


def page(client, url, language):
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def history_page(client, made, language):
    return page(client, reverse("admin:registry_agreement_history", args=[made.pk]), language)


def table(body):
    """The history table alone, without the header and the filters around it."""
    return body[body.index('<table id="change-history"'):body.index("</table>")]


def edit(made, **changes):
    for field, value in changes.items():
        setattr(made, field, value)
    made.save()


def test_the_history_page_dates_each_change_in_jalali_with_persian_digits(admin_client):
    made = agreement()
    moment = timezone.localtime(made.history.get().history_date)
    day = jdatetime.date.fromgregorian(date=moment.date())
    expected = persian_digits(f"{day.year}/{day.month}/{day.day}\u00a0{moment:%H:%M}")
    body = history_page(admin_client, made, "fa")
    assert 'dir="rtl"' in body and expected in body


def test_the_history_page_shows_a_dash_where_there_is_no_user_or_reason(admin_client):
    made = agreement()
    rows = table(history_page(admin_client, made, "en"))
    assert "None" not in rows and "—" in rows


def test_the_history_page_names_the_kind_of_change_and_who_made_it(admin_client):
    made = agreement()
    editor = User.objects.create_user("editor-on-duty")
    made._change_reason = "Corrected from the signed copy"
    made.history.model.objects.filter(history_type="+").update(history_user=editor)
    edit(made, title_en="Edited")
    rows = table(history_page(admin_client, made, "en"))
    assert "added" in rows and "changed" in rows
    assert "editor-on-duty" in rows and "Corrected from the signed copy" in rows


def test_the_history_page_is_headed_in_the_admin_s_words(admin_client):
    body = history_page(admin_client, agreement(), "en")
    assert "Change history: Bishkek — Sister city treaty" in body
    for heading in ("when", "change", "by", "reason", "what changed"):
        assert f'<th scope="col">{heading}</th>' in body
    # The agreement's addition and that of its first status change.
    assert "2 recorded changes" in body


def test_the_history_page_shows_a_field_before_and_after_its_change(admin_client):
    made = agreement()
    edit(made, title_en="Edited")
    rows = table(history_page(admin_client, made, "en"))
    assert '<bdi dir="ltr">Sister city treaty</bdi>&nbsp;&rarr;&nbsp;<bdi dir="ltr">Edited</bdi>' in rows


def test_the_history_page_arrow_points_the_way_a_persian_line_reads(admin_client):
    made = agreement()
    edit(made, title_en="Edited")
    rows = table(history_page(admin_client, made, "fa"))
    assert '<bdi dir="ltr">Sister city treaty</bdi>&nbsp;&larr;&nbsp;<bdi dir="ltr">Edited</bdi>' in rows


def test_the_history_page_shows_a_yes_or_no_field_as_yes_or_no(admin_client):
    made = agreement(is_public=False)
    edit(made, is_public=True)
    rows = table(history_page(admin_client, made, "en"))
    assert '<bdi dir="ltr">No</bdi>&nbsp;&rarr;&nbsp;<bdi dir="ltr">Yes</bdi>' in rows


def test_the_history_page_shows_a_choice_by_its_label_not_its_code(admin_client):
    made = agreement()
    edit(made, instrument="mou")
    rows = table(history_page(admin_client, made, "en"))
    assert '<bdi dir="ltr">memorandum of understanding</bdi>' in rows and '<bdi dir="ltr">mou</bdi>' not in rows


def test_the_history_page_shows_an_empty_value_as_a_dash(admin_client):
    made = agreement()
    edit(made, ends_on=datetime.date(2030, 1, 1))
    rows = table(history_page(admin_client, made, "en"))
    assert "<bdi>—</bdi>&nbsp;&rarr;&nbsp;<bdi>2030-01-01</bdi>" in rows


def test_the_history_page_shows_a_changed_date_in_jalali_in_persian(admin_client):
    made = agreement()
    edit(made, signed_on=datetime.date(1994, 5, 24))
    rows = table(history_page(admin_client, made, "fa"))
    assert "<bdi>۱۳۷۳/۳/۲</bdi>" in rows and "<bdi>۱۳۷۳/۳/۳</bdi>" in rows


def test_the_history_page_shortens_a_long_value_with_an_ellipsis(admin_client):
    made = agreement(source="A" * 150)
    edit(made, source="A" * 150 + " and one more page")
    rows = table(history_page(admin_client, made, "en"))
    assert "…" in rows and "chars]" not in rows


def test_a_record_without_history_says_so(admin_client):
    made = agreement()
    made.history.all().delete()
    StatusChange.history.filter(agreement_id=made.pk).delete()
    body = history_page(admin_client, made, "en")
    assert "No change of this record is recorded." in body


def test_one_version_s_page_ends_its_breadcrumbs_with_the_jalali_time_of_the_change(admin_client):
    made = agreement()
    record = made.history.get()
    moment = timezone.localtime(record.history_date)
    day = jdatetime.date.fromgregorian(date=moment.date())
    url = reverse("admin:registry_agreement_simple_history", args=[made.pk, record.history_id])
    body = page(admin_client, url, "fa")
    crumbs = body[body.index('<div class="breadcrumbs">'):]
    crumbs = crumbs[:crumbs.index("</div>")]
    assert persian_digits(f"{day.year}/{day.month}/{day.day}\u00a0{moment:%H:%M}") in crumbs


def test_one_version_s_page_names_the_app_as_the_admin_does(admin_client):
    made = agreement()
    url = reverse("admin:registry_agreement_simple_history", args=[made.pk, made.history.get().history_id])
    body = page(admin_client, url, "en")
    assert ">Partnerships registry</a>" in body and "View agreement" not in body


def history_page_queries(client, made, edits):
    for n in range(edits):
        edit(made, title_en=f"Edited {n}")
    with CaptureQueriesContext(connection) as queries:
        history_page(client, made, "fa")
    return len(queries)


def test_the_history_page_costs_the_same_queries_for_few_or_many_changes(admin_client):
    history_page_queries(admin_client, agreement(), 0)  # fills the content-type cache
    few = history_page_queries(admin_client, agreement(partner("Naryn", "نارین")), 1)
    assert history_page_queries(admin_client, agreement(partner("Osh", "اوش")), 8) == few


def test_the_audit_trail_names_each_agreement_with_its_partner(admin_client):
    agreement()
    body = page(admin_client, reverse("admin:registry_historicalagreement_changelist"), "en")
    assert "Bishkek — Sister city treaty" in body


@pytest.mark.parametrize("model", [StatusChange, Activity, Document], ids=lambda m: m.__name__)
def test_the_audit_trail_of_an_agreement_s_parts_names_the_agreement(admin_client, model):
    made = agreement()
    Activity.objects.create(agreement=made, kind="visit", date=datetime.date(2001, 1, 1))
    Document.objects.create(agreement=made, title="Signed copy", file="scans/signed.pdf")
    url = reverse(f"admin:registry_historical{model._meta.model_name}_changelist")
    assert "Bishkek — Sister city treaty: " in page(admin_client, url, "en")


def audit_queries(client, model, agreements):
    for n in range(agreements):
        made = agreement(partner(f"City {n}", f"شهر {n}"), title_fa=f"تفاهم نامه {n}")
        Activity.objects.create(agreement=made, kind="visit", date=datetime.date(2001, 1, 1))
        Document.objects.create(agreement=made, title=f"Scan {n}", file=f"scans/{n}.pdf")
    with CaptureQueriesContext(connection) as queries:
        page(client, reverse(f"admin:registry_historical{model._meta.model_name}_changelist"), "fa")
    return len(queries)


@pytest.mark.parametrize("model", [Agreement, StatusChange, Activity, Document], ids=lambda m: m.__name__)
def test_each_audit_trail_costs_the_same_queries_for_few_or_many_changes(admin_client, model):
    few = audit_queries(admin_client, model, 2)
    assert audit_queries(admin_client, model, 10) == few


def test_the_audit_trail_s_by_filter_names_changes_made_without_a_user(admin_client):
    agreement()
    body = page(admin_client, reverse("admin:registry_historicalagreement_changelist"), "en")
    assert "command line (no user)" in body


def test_the_audit_trail_times_changes_in_persian_digits(admin_client):
    made = agreement()
    moment = timezone.localtime(made.history.get().history_date)
    body = page(admin_client, reverse("admin:registry_historicalagreement_changelist"), "fa")
    assert persian_digits(f"{moment:%H:%M}") in body


def form_data(response):
    """What the browser would send back for the change page as rendered."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False or getattr(bound.field.widget, "input_type", "") == "file":
                continue
            data[bound.html_name] = "on" if value is True else value
    return data


def test_saving_an_agreement_unchanged_adds_no_status_history_entry(admin_client):
    made = agreement()
    url = reverse("admin:registry_agreement_change", args=[made.pk])
    before = StatusChange.history.count()
    response = admin_client.post(url, form_data(admin_client.get(url)))
    assert response.status_code == 302
    assert StatusChange.history.count() == before
