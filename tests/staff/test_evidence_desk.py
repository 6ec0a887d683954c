"""Evidence at the staff desk: the dashboard's sections on sources, the
admin's sources and claims, their import and export, and who may do what."""

import datetime

import pytest
import tablib
from django.contrib.auth.models import User
from django.urls import reverse

from registry.models import Agreement, Claim, Fact, Source, StatusChange
from registry.seed import study_sources
from staff import attention
from staff.evidence_resources import ClaimResource, SourceResource
from tests import builders as build

pytestmark = pytest.mark.django_db


def section(key):
    return {s.key: s for s in attention.sections()}[key]


def listed(key):
    return [row.agreement.pk for row in section(key).rows]


def news(title="A report"):
    return Source.objects.create(kind="news", title=title)


def test_a_signing_date_a_source_contradicts_is_listed_with_what_each_says():
    agreement = build.agreement(signed_on=datetime.date(2014, 2, 27))
    Claim.objects.create(agreement=agreement, source=news("Agrees"), fact=Fact.SIGNED_ON, value="2014-02-27")
    Claim.objects.create(agreement=agreement, source=news("Says 2006"), fact=Fact.SIGNED_ON, value="2006")
    [row] = section("disputed").rows
    assert row.agreement.pk == agreement.pk
    assert "Says 2006" in row.note and "Agrees" not in row.note


def test_agreeing_sources_put_nothing_on_the_desk():
    agreement = build.agreement(signed_on=datetime.date(2014, 2, 27))
    Claim.objects.create(agreement=agreement, source=news(), fact=Fact.SIGNED_ON, value="1392/12/08")
    assert listed("disputed") == []


def test_a_stated_term_with_no_end_date_is_listed():
    agreement = build.agreement(signed_on=datetime.date(2014, 2, 27))
    Claim.objects.create(agreement=agreement, source=news(), fact=Fact.TERM, value="5 years")
    assert listed("stated-terms") == [agreement.pk]


@pytest.mark.parametrize("recorded", ["end date", "renewing agreement", "later active"])
def test_a_stated_term_leaves_the_desk_once_its_end_or_renewal_is_recorded(recorded):
    signed = datetime.date(2014, 2, 27)
    agreement = build.agreement(signed_on=signed)
    Claim.objects.create(agreement=agreement, source=news(), fact=Fact.TERM, value="5 years")
    if recorded == "end date":
        Agreement.objects.filter(pk=agreement.pk).update(ends_on=datetime.date(2019, 2, 27))
    elif recorded == "renewing agreement":
        build.agreement(agreement.partner, title_fa="تمدید", parent=agreement, parent_link="renews")
    else:
        StatusChange.objects.create(agreement=agreement, status="active", date=datetime.date(2019, 2, 28))
    assert listed("stated-terms") == []


def test_agreements_resting_on_the_seed_study_alone_are_listed(seeded):
    only_study = set(Agreement.objects.exclude(claims__source__kind="news").values_list("pk", flat=True))
    assert set(listed("study-only")) == only_study
    assert Agreement.objects.get(partner__name_en="Beijing").pk not in only_study
    assert len(only_study) == 27


def test_an_agreement_with_no_source_at_all_is_listed_as_such():
    agreement = build.agreement()
    [row] = section("study-only").rows
    assert row.agreement.pk == agreement.pk and row.note == "هیچ منبعی ثبت نشده است"


def test_the_seed_puts_beijings_five_year_term_on_the_desk(seeded):
    beijing = Agreement.objects.get(partner__name_en="Beijing")
    assert listed("stated-terms") == [beijing.pk]
    assert listed("disputed") == []


def test_the_dashboard_shows_the_evidence_sections(seeded, client):
    client.force_login(User.objects.create_superuser("boss", "", "x"))
    body = client.get(reverse("admin:index")).content.decode()
    for key in ("disputed", "stated-terms", "study-only"):
        assert f"attention-{key}" in body
    beijing = Agreement.objects.get(partner__name_en="Beijing")
    stated = body[body.index("attention-stated-terms"):body.index("attention-study-only")]
    assert reverse("admin:registry_agreement_change", args=[beijing.pk]) in stated


@pytest.fixture
def boss(client):
    client.force_login(User.objects.create_superuser("boss", "", "x"))
    return client


@pytest.mark.parametrize("name", ["source", "claim"])
@pytest.mark.parametrize("view", ["changelist", "add"])
def test_the_sources_and_claims_pages_open(seeded, boss, name, view):
    assert boss.get(reverse(f"admin:registry_{name}_{view}")).status_code == 200


def test_the_agreement_page_lists_its_claims_inline(seeded, boss):
    beijing = Agreement.objects.get(partner__name_en="Beijing")
    body = boss.get(reverse("admin:registry_agreement_change", args=[beijing.pk])).content.decode()
    assert "claims-TOTAL_FORMS" in body and 'value="5 years"' in body
    assert "fact_notes-TOTAL_FORMS" in body


def test_staff_cite_a_source_for_an_agreement_and_its_value_is_read(seeded, boss):
    agreement = Agreement.objects.get(partner__name_en="Seoul")
    source = news("Seoul's page")
    response = boss.post(reverse("admin:registry_claim_add"), {
        "agreement": agreement.pk, "source": source.pk, "fact": "signed_on", "value": "۱۳۹۶/۷/۲۶",
        "locator": "", "paraphrase": "", "activity": "",
    })
    assert response.status_code == 302
    made = Claim.objects.get(agreement=agreement, source=source)
    assert made.value_from == agreement.signed_on


def test_a_claim_whose_date_cannot_be_read_is_refused_with_a_message(seeded, boss):
    agreement = Agreement.objects.get(partner__name_en="Seoul")
    response = boss.post(reverse("admin:registry_claim_add"), {
        "agreement": agreement.pk, "source": news().pk, "fact": "signed_on", "value": "last spring",
    })
    assert response.status_code == 200 and "value" in response.context["adminform"].form.errors
    assert not Claim.objects.filter(agreement=agreement, value="last spring").exists()


def test_a_source_and_its_claims_are_kept_in_the_audit_trail(seeded):
    claim = Claim.objects.get(fact=Fact.TERM)
    claim.paraphrase = "Checked."
    claim.save()
    assert claim.history.count() == 2
    assert claim.source.history.count() == 1


def test_sources_export_and_import_back_unchanged(seeded):
    exported = SourceResource().export()
    assert "internal_notes" in exported.headers and len(exported) == Source.objects.count()
    result = SourceResource().import_data(exported, dry_run=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == Source.objects.count()


def test_a_claims_file_cites_a_source_from_an_agreement_by_their_ids(seeded):
    study = study_sources().get()
    seoul = Agreement.objects.get(partner__name_en="Seoul")
    data = tablib.Dataset(headers=["agreement", "source", "fact", "value", "locator"])
    data.append([seoul.pk, study.pk, "مدت", "۵ سال", "ص ۱۲"])
    result = ClaimResource().import_data(data, dry_run=False)
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert Claim.objects.get(agreement=seoul, fact=Fact.TERM).value_months == 60


def test_a_claims_file_with_an_unreadable_term_is_refused_whole(seeded):
    seoul = Agreement.objects.get(partner__name_en="Seoul")
    study = study_sources().get()
    before = Claim.objects.count()
    data = tablib.Dataset(headers=["agreement", "source", "fact", "value"])
    data.append([seoul.pk, study.pk, "term", "5 years"])
    data.append([seoul.pk, study.pk, "term", "for ever"])
    result = ClaimResource().import_data(data, dry_run=False)
    assert [r.number for r in result.invalid_rows] == [2] and "value" in result.invalid_rows[0].error_dict
    assert Claim.objects.count() == before


ROLES = [("viewer", 403, 200), ("editor", 200, 200)]


@pytest.mark.parametrize("role, add_status, list_status", ROLES)
@pytest.mark.parametrize("name", ["source", "claim"])
def test_viewers_read_sources_and_claims_and_editors_add_them(client, role, add_status, list_status, name):
    client.force_login(build.staff(role))
    assert client.get(reverse(f"admin:registry_{name}_changelist")).status_code == list_status
    assert client.get(reverse(f"admin:registry_{name}_add")).status_code == add_status


def test_the_agreements_history_tells_when_a_claim_was_added_and_what_it_states(admin_client):
    made = build.agreement()
    Claim.objects.create(agreement=made, source=news("A report"), fact=Fact.TERM, value="5 years")
    admin_client.cookies["django_language"] = "en"
    body = admin_client.get(reverse("admin:registry_agreement_history", args=[made.pk])).content.decode()
    assert "claim: term = 5 years" in body and "A report" in body


def claim_trail_queries(client, count):
    source = news()
    for n in range(count):
        made = build.agreement(build.partner(f"City {n}", f"شهر {n}"), title_fa=f"تفاهم نامه {n}")
        Claim.objects.create(agreement=made, source=source, fact=Fact.TERM, value=f"{n + 1} years")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:registry_historicalclaim_changelist")).status_code == 200
    return len(queries)


def test_the_claims_audit_trail_costs_the_same_queries_for_few_or_many_claims(admin_client):
    few = claim_trail_queries(admin_client, 1)
    assert claim_trail_queries(admin_client, 8) == few


def test_a_source_is_entered_with_a_jalali_month_and_a_link_without_its_scheme(admin_client):
    response = admin_client.post(reverse("admin:registry_source_add"), {
        "kind": "news", "title": "گزارش", "author": "", "publisher": "همشهری آنلاین", "published_on": "۱۳۹۲/۱۱",
        "language": "fa", "url": "hamshahrionline.ir/amp/250207", "consulted_on": "", "document": "",
        "internal_notes": "",
    })
    assert response.status_code == 302
    source = Source.objects.get()
    assert (source.url, source.published_precision) == ("https://hamshahrionline.ir/amp/250207", "month")
    assert source.published_on == datetime.date(2014, 1, 21)  # 1 Bahman 1392
