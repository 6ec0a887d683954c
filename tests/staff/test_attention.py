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
from tests.status_rule import expected_status

pytestmark = pytest.mark.django_db

# Each agreement's record: (end date, review date, status changes [(status, date)] in the order
# entered), days counted from today; None where the record has none.
RECORDS = {
    "review_soon": (None, 30, [("active", -400)]),
    "ended_by_term": (-10, -20, [("active", -3000)]),
    "renewed_after_its_end": (-100, None, [("active", -3000), ("active", -50)]),
    "review_overdue": (None, -5, [("active", -400)]),
    "ends_and_review_soon": (60, 20, [("active", -400)]),
    "terminated_ahead": (None, None, [("active", -400), ("terminated", 40)]),
    "terminated_far_ahead": (None, None, [("active", -400), ("terminated", 200)]),
    "long_draft": (None, None, [("draft", -800)]),
    "undated_draft": (None, None, [("draft", None)]),
    "draft_signed_ahead": (None, None, [("draft", -30), ("active", 10)]),
    "dormant": (None, None, [("active", -3650)]),
    "fine": (None, None, [("active", -100)]),
}


@pytest.fixture
def due(today):
    """The agreements of RECORDS, each with a partner of its own."""
    made = {}
    for n, (key, (ends, review, changes)) in enumerate(RECORDS.items()):
        made[key] = agreement(
            partner(key, f"شریک {n}", geonames_id=n + 1), title_en=key.replace("_", " "), status=None,
            signed_on=today - datetime.timedelta(days=4000),
            ends_on=_day(today, ends), review_on=_day(today, review), summary_fa="خلاصه",
        )
        for status, date in changes:
            StatusChange.objects.create(agreement=made[key], status=status, date=_day(today, date))
        # Activity last year keeps all but the dormant one out of the dormant list.
        Activity.objects.create(agreement=made[key], date=today - datetime.timedelta(days=3000 if key == "dormant" else 200),
                                kind="visit")
    return made


def _day(today, offset):
    return None if offset is None else today + datetime.timedelta(days=offset)


def status_today(key, today):
    ends, _review, changes = RECORDS[key]
    return expected_status([(s, _day(today, d)) for s, d in changes], _day(today, ends), today)


def listed(key, today):
    return [row.agreement.title_en.replace(" ", "_") for row in {s.key: s for s in attention.sections(today)}[key].rows]


def test_an_agreement_ended_by_its_term_is_listed_once_as_ended_and_nowhere_as_in_force(due, today):
    expected = [key for key in RECORDS if status_today(key, today)[2]]
    assert expected == ["ended_by_term"]
    assert listed("ended", today) == expected
    for key in ("overdue", "coming", "dormant"):
        assert "ended_by_term" not in listed(key, today)


def test_an_agreement_in_force_past_its_review_date_is_listed_as_overdue(due, today):
    expected = [
        key for key, (_ends, review, _changes) in RECORDS.items()
        if status_today(key, today)[0] == "active" and review is not None and review < 0
    ]
    assert listed("overdue", today) == expected == ["review_overdue"]


def test_each_end_or_review_date_within_ninety_days_of_an_agreement_in_force_is_a_row_of_its_own(due, today):
    expected = sorted(
        (offset, key)
        for key, (ends, review, _changes) in RECORDS.items()
        if status_today(key, today)[0] == "active"
        for offset in (ends, review)
        if offset is not None and 0 <= offset <= attention.WITHIN_DAYS
    )
    assert listed("coming", today) == [key for _offset, key in expected]
    assert listed("coming", today).count("ends_and_review_soon") == 2


def test_status_changes_dated_within_ninety_days_ahead_are_listed_as_scheduled(due, today):
    expected = sorted(
        (date, key)
        for key, (_ends, _review, changes) in RECORDS.items()
        for _status, date in changes
        if date is not None and 0 < date <= attention.WITHIN_DAYS
    )
    assert listed("scheduled", today) == [key for _date, key in expected] == ["draft_signed_ahead", "terminated_ahead"]
    row = next(r for r in {s.key: s for s in attention.sections(today)}["scheduled"].rows
               if r.agreement.pk == due["terminated_ahead"].pk)
    assert "لغوشده" in row.note


def test_an_agreement_terminated_ahead_is_still_in_force_today_and_on_the_dashboard_as_such(due, today):
    assert status_today("terminated_ahead", today)[0] == "active"
    assert Agreement.objects.in_force(today).filter(pk=due["terminated_ahead"].pk).exists()
    later = today + datetime.timedelta(days=41)
    assert "terminated_ahead" not in [a.title_en.replace(" ", "_") for a in Agreement.objects.in_force(later)]


def test_drafts_are_listed_oldest_first_aged_from_their_draft_status_date(due, today):
    expected = [key for key in RECORDS if status_today(key, today)[0] == "draft"]
    dated = sorted((k for k in expected if status_today(k, today)[1]), key=lambda k: status_today(k, today)[1])
    assert listed("drafts", today) == dated + [k for k in expected if not status_today(k, today)[1]]
    rows = {row.agreement.title_en: row.note for row in {s.key: s for s in attention.sections(today)}["drafts"].rows}
    # 800 days: two whole years, said in Persian by default, though the row was made today.
    assert "۲ سال" in rows["long draft"]
    assert "ثبت نشده" in rows["undated draft"] or "not recorded" in rows["undated draft"]


def test_a_link_in_force_without_activity_for_the_dormant_years_is_listed(due, settings, today):
    settings.DORMANT_YEARS = 3
    assert listed("dormant", today) == ["dormant"]


def test_a_public_agreement_without_summary_or_document_is_listed(due, today):
    agreement(partner("Oslo", "اسلو", code="DE", geonames_id=60), title_en="Bare", signed_on=today)
    found = listed("bare", today)
    assert "Bare" in found and "fine" in found  # no public document either
    assert "long_draft" not in found and "draft_signed_ahead" not in found  # drafts are not published


def test_an_agreement_with_nothing_due_is_in_no_list_but_the_bare_one(due, today):
    for key in ("ended", "overdue", "coming", "scheduled", "drafts", "dormant"):
        assert "fine" not in listed(key, today)


def test_the_admin_home_lists_each_and_links_to_its_record(due, client):
    client.force_login(User.objects.create_superuser("boss", "", "x"))
    body = client.get(reverse("admin:index")).content.decode()
    for key in ("review_soon", "ended_by_term", "long_draft", "dormant", "terminated_ahead"):
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
    for key in ("review_soon", "ended_by_term", "long_draft", "dormant", "terminated_ahead"):
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
    assert Agreement.objects.with_status_of("draft").count() == 5 + 3


def test_the_bare_list_is_in_persian_alphabetical_order_of_the_partners(today):
    # In Unicode پ (U+067E) comes after ت (U+062A); in the Persian alphabet before it.
    for n, name in enumerate(["تبریز", "پاریس", "بلگراد"]):
        agreement(partner(f"P{n}", name, geonames_id=70 + n), title_en=name, signed_on=today)
    assert listed("bare", today) == ["بلگراد", "پاریس", "تبریز"]
