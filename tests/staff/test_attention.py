"""What needs attention: the admin's home page and `manage.py attention_digest`."""

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from registry.models import Activity, Agreement, StatusChange
from staff import attention

from tests.builders import agreement, partner, staff

pytestmark = pytest.mark.django_db

# A fixed day, the wall clock stopped on it: the lists and the days waited
# never depend on when the suite runs.
TODAY = datetime.date(2025, 6, 15)


@pytest.fixture(autouse=True)
def stopped_clock(clock):
    clock(TODAY)


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def due():
    """One agreement for each reason to look at it, and one needing nothing."""
    made = {
        "review_soon": agreement(partner("Osh", "اوش", geonames_id=1), title_en="Review soon", review_on=days(30),
                                 summary_fa="خلاصه"),
        "expired_active": agreement(partner("Khujand", "خجند", code="TJ", geonames_id=2), title_en="Expired",
                                    signed_on=days(-3000), ends_on=days(-10), summary_fa="خلاصه"),
        "long_draft": agreement(partner("Berlin", "برلین", code="DE", geonames_id=3), title_en="Long draft",
                                status=None, summary_fa="خلاصه"),
        "dormant": agreement(partner("Naryn", "نارین", geonames_id=4), title_en="Dormant",
                             signed_on=days(-3650), summary_fa="خلاصه"),
        "fine": agreement(partner("Talas", "طلاس", geonames_id=5), title_en="Fine", signed_on=days(-100),
                          summary_fa="خلاصه"),
    }
    StatusChange.objects.create(agreement=made["long_draft"], status="draft", date=days(-800))
    # Activity last year keeps the review-soon and expired ones out of the dormant list.
    for key in ("review_soon", "expired_active", "fine"):
        Activity.objects.create(agreement=made[key], date=days(-200), kind="visit")
    Activity.objects.create(agreement=made["dormant"], date=days(-2000), kind="visit")
    return made


def listed(key, today=TODAY):
    return [row.agreement.pk for row in {s.key: s for s in attention.sections(today)}[key].rows]


def test_an_agreement_to_be_reviewed_within_ninety_days_is_listed_as_coming(due):
    assert listed("coming") == [due["review_soon"].pk]


def test_an_agreement_past_its_end_but_still_active_is_listed_as_overdue(due):
    assert listed("overdue") == [due["expired_active"].pk]


def test_a_draft_is_listed_with_how_long_it_has_waited(due):
    rows = {s.key: s for s in attention.sections()}["drafts"].rows
    assert [row.agreement.pk for row in rows] == [due["long_draft"].pk]
    # 800 days: two whole years, said in Persian by default.
    assert "۲ سال" in rows[0].note


def test_a_link_in_force_without_activity_for_the_dormant_years_is_listed(due, settings):
    settings.DORMANT_YEARS = 3
    assert listed("dormant") == [due["dormant"].pk]


def test_a_public_agreement_without_summary_or_document_is_listed(due):
    bare = agreement(partner("Oslo", "اسلو", code="DE", geonames_id=6), title_en="Bare")
    found = listed("bare")
    assert bare.pk in found and due["fine"].pk in found  # no public document either
    assert due["long_draft"].pk not in found  # drafts are not published


def test_an_agreement_with_nothing_due_is_in_no_list_but_the_bare_one(due):
    fine = due["fine"].pk
    for key in ("overdue", "coming", "drafts", "dormant"):
        assert fine not in listed(key)


def test_the_admin_home_lists_each_and_links_to_its_record(due, client):
    client.force_login(User.objects.create_superuser("boss", "", "x"))
    body = client.get(reverse("admin:index")).content.decode()
    for key in ("review_soon", "expired_active", "long_draft", "dormant"):
        assert reverse("admin:registry_agreement_change", args=[due[key].pk]) in body
    # Working lists first, then the audit trail in a section of its own.
    assert body.index("/admin/registry/agreement/") < body.index("/admin/registry/historicalagreement/")
    assert "سابقه تغییرات" in body


def test_a_viewer_without_agreements_sees_no_dashboard(due, client):
    client.force_login(User.objects.create_user("nobody", password="x", is_staff=True))
    body = client.get(reverse("admin:index")).content.decode()
    assert "attention-heading" not in body


def test_the_digest_prints_the_same_list_and_mails_the_editors(due, english):
    editor = staff("editor", "on-duty")
    editor.email = "editor@example.org"
    editor.save()
    reader = staff("viewer", "reader")
    reader.email = "reader@example.org"
    reader.save()
    out = io.StringIO()
    call_command("attention_digest", "--language", "en", stdout=out)
    text = out.getvalue()
    for key in ("review_soon", "expired_active", "long_draft", "dormant"):
        assert due[key].title_en in text
        assert reverse("admin:registry_agreement_change", args=[due[key].pk]) in text
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["editor@example.org"]
    assert mail.outbox[0].body == text


def test_the_digest_prints_in_persian_by_default(due):
    out = io.StringIO()
    call_command("attention_digest", "--no-mail", stdout=out)
    assert "پیش‌نویس‌های در انتظار امضا" in out.getvalue()
    assert not mail.outbox


def test_the_dashboard_costs_a_fixed_number_of_queries(due, client, django_assert_max_num_queries):
    client.force_login(User.objects.create_superuser("boss", "", "x"))
    for n in range(5):
        agreement(partner(f"Extra {n}", f"افزوده {n}", geonames_id=100 + n), title_en=f"Extra {n}", status=None)
    with django_assert_max_num_queries(25):
        client.get(reverse("admin:index"))
    assert Agreement.objects.filter(recorded_status="draft").count() == 6
