"""The seed's evidence: the study as every seed agreement's source, the
Beijing set, and the study's spelling of South Korea."""

import csv
import datetime

import pytest
from babel import Locale
from django.conf import settings

from registry import evidence
from registry.models import Activity, Agreement, Claim, Country, Fact, Source
from registry.seed import load_seed
from registry.text import persian_digits

pytestmark = pytest.mark.django_db


def table_rows():
    with open(settings.BASE_DIR / "fixtures" / "tehran-links-paper-table2.tsv", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_every_seed_agreement_has_the_study_as_a_source(seeded):
    study = Source.objects.get(kind="study")
    assert Agreement.objects.count() == 28
    assert not Agreement.objects.exclude(claims__source=study).exists()


def test_each_seed_agreements_study_claim_names_its_table_row(seeded):
    study = Source.objects.get(kind="study")
    for row in table_rows():
        if not row["signed_jalali"]:
            continue
        claim = Claim.objects.get(source=study, agreement__title_fa=row["document_fa"],
                                  agreement__partner__name_fa=row["city_fa"])
        assert claim.locator == f"جدول ۲، ردیف {persian_digits(row['row'])}"
        assert claim.value == row["signed_jalali"]


def test_the_studys_claims_agree_with_the_signing_dates_the_seed_records(seeded):
    for agreement in Agreement.objects.all():
        claims = agreement.claims.select_related("source")
        for fact in evidence.compare(agreement, claims, list(agreement.status_changes.all())):
            if fact.fact in (Fact.SIGNED_ON, Fact.STATUS):
                assert fact.corroborated, (agreement, fact.fact)


def test_three_sources_agree_on_beijings_signing_on_1392_12_08(seeded):
    beijing = Agreement.objects.get(partner__name_en="Beijing")
    dated = beijing.claims.filter(fact=Fact.SIGNED_ON)
    assert {c.source.kind for c in dated} == {"study", "partner_site", "news"}
    assert {(c.value_from, c.value_to) for c in dated} == {(datetime.date(2014, 2, 27),) * 2}
    assert beijing.signed_on == datetime.date(2014, 2, 27)


def test_beijings_five_year_term_is_stated_but_not_recorded(seeded):
    beijing = Agreement.objects.get(partner__name_en="Beijing")
    term = beijing.claims.get(fact=Fact.TERM)
    assert (term.value_months, beijing.ends_on) == (60, None)


def test_the_2023_mayors_meeting_is_recorded_as_an_activity_its_report_speaks_to(seeded):
    claim = Claim.objects.get(fact=Fact.ACTIVITY, agreement__partner__name_en="Beijing")
    assert claim.activity.kind == "meeting"
    assert claim.activity.date.year == 2023
    assert claim.source.url.startswith("https://eturbonews.com/")


def test_seoul_is_in_south_korea_as_the_study_writes_it(seeded):
    seoul = Agreement.objects.get(partner__name_en="Seoul")
    study_spelling = next(row["country_fa"] for row in table_rows() if row["city_fa"] == "سئول")
    assert seoul.partner.country.name_fa == study_spelling == "کره جنوبی"
    assert "\u0654" not in seoul.partner.country.name_fa


def test_loading_the_seed_again_adds_no_source_claim_or_activity(seeded):
    before = [m.objects.count() for m in (Source, Claim, Activity)]
    history = [m.history.count() for m in (Source, Claim, Activity)]
    result = load_seed()
    assert (result.sources, result.claims) == (0, 0)
    assert [m.objects.count() for m in (Source, Claim, Activity)] == before
    assert [m.history.count() for m in (Source, Claim, Activity)] == history


def test_loading_the_seed_again_keeps_a_staff_members_edit_of_a_claim(seeded):
    claim = Claim.objects.get(fact=Fact.TERM)
    claim.paraphrase = "Checked by staff."
    claim.save()
    load_seed()
    assert Claim.objects.get(pk=claim.pk).paraphrase == "Checked by staff."


def test_a_registry_seeded_with_cldrs_spelling_gets_the_studys(seeded):
    cldr = Locale("fa").territories["KR"]
    Country.objects.filter(code="KR").update(name_fa=cldr)
    load_seed()
    assert Country.objects.get(code="KR").name_fa == "کره جنوبی"


def test_a_staff_members_spelling_of_south_korea_is_kept(seeded):
    Country.objects.filter(code="KR").update(name_fa="جمهوری کره")
    load_seed()
    assert Country.objects.get(code="KR").name_fa == "جمهوری کره"
