"""The evidence rule: how a claim's stated value is read and whether it
agrees with the record (registry/evidence.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from registry import evidence
from registry.models import Activity, Claim, Fact, FactNote, Source
from tests import builders as build

pytestmark = pytest.mark.django_db


def source(title="A report", kind="news"):
    return Source.objects.create(kind=kind, title=title)


def claim(agreement, fact, value, source_=None, **extra):
    return Claim.objects.create(agreement=agreement, source=source_ or source(), fact=fact, value=value, **extra)


def facts(agreement):
    claims = agreement.claims.select_related("source", "activity")
    return {f.fact: f for f in evidence.compare(agreement, claims, list(agreement.status_changes.all()),
                                                agreement.fact_notes.all())}


@pytest.mark.parametrize("text, months", [("5 years", 60), ("۵ سال", 60), ("پنج ساله", 60), ("18 months", 18),
                                          ("۱۸ ماه", 18), ("one year", 12)])
def test_a_stated_term_is_read_in_either_language(text, months):
    assert evidence.read_term(text) == months


def test_a_term_that_is_not_one_is_refused_with_an_example():
    with pytest.raises(ValidationError, match="5 years"):
        evidence.read_term("for ever")


def test_a_gregorian_month_names_its_own_days_not_a_jalali_months():
    first, last, precision = evidence.read_date("2023-10")
    assert (first, last, precision) == (datetime.date(2023, 10, 1), datetime.date(2023, 10, 31), "month")


def test_a_jalali_month_names_the_days_of_that_month():
    # Esfand 1392 ran from 20 February to 20 March 2014.
    assert evidence.read_date("1392/12")[:2] == (datetime.date(2014, 2, 20), datetime.date(2014, 3, 20))


def test_a_status_claim_reads_the_status_and_its_date_in_persian():
    stated = evidence.read_value(Fact.STATUS, "منقضی ۱۳۹۸")
    assert stated.status == "lapsed"
    assert stated.first == datetime.date(2019, 3, 21)


def test_a_claim_with_an_unreadable_date_is_refused_on_the_value():
    agreement = build.agreement()
    made = Claim(agreement=agreement, source=source(), fact=Fact.SIGNED_ON, value="last spring")
    with pytest.raises(ValidationError) as error:
        made.full_clean()
    assert "value" in error.value.message_dict


def test_a_claim_keeps_its_value_as_stated_and_its_parsed_date():
    made = claim(build.agreement(), Fact.SIGNED_ON, "۱۳۹۲/۱۲/۰۸")
    made.refresh_from_db()
    assert made.value == "۱۳۹۲/۱۲/۰۸"
    assert made.value_from == made.value_to == datetime.date(2014, 2, 27)


def test_a_signing_date_two_sources_state_differently_from_the_record_differs():
    agreement = build.agreement(signed_on=datetime.date(2014, 2, 27))
    claim(agreement, Fact.SIGNED_ON, "2014-02-27")
    claim(agreement, Fact.SIGNED_ON, "2006")
    fact = facts(agreement)[Fact.SIGNED_ON]
    assert [r.verdict for r in fact.readings] == [evidence.AGREES, evidence.DIFFERS]
    assert fact.differs and fact.disputed


def test_a_year_that_contains_the_recorded_day_agrees_with_it():
    agreement = build.agreement(signed_on=datetime.date(2014, 2, 27))
    claim(agreement, Fact.SIGNED_ON, "1392")
    fact = facts(agreement)[Fact.SIGNED_ON]
    assert fact.corroborated and not fact.disputed


def test_a_stated_term_with_no_end_date_recorded_is_unrecorded_not_corroborated():
    agreement = build.agreement(signed_on=datetime.date(2014, 2, 27))
    claim(agreement, Fact.TERM, "5 years")
    fact = facts(agreement)[Fact.TERM]
    assert fact.unrecorded and fact.disputed and not fact.differs


@pytest.mark.parametrize("ends_on, verdict", [
    (datetime.date(2019, 2, 26), evidence.AGREES),
    (datetime.date(2019, 2, 27), evidence.AGREES),
    (datetime.date(2018, 2, 27), evidence.DIFFERS),
])
def test_a_stated_term_agrees_when_the_end_date_falls_where_it_puts_it(ends_on, verdict):
    agreement = build.agreement(signed_on=datetime.date(2014, 2, 27), ends_on=ends_on)
    claim(agreement, Fact.TERM, "5 years")
    assert facts(agreement)[Fact.TERM].readings[0].verdict == verdict


def test_claims_that_contradict_each_other_disagree_even_when_nothing_is_recorded():
    agreement = build.agreement(signed_on=None)
    claim(agreement, Fact.SIGNED_ON, "1385")
    claim(agreement, Fact.SIGNED_ON, "1392/12/08")
    fact = facts(agreement)[Fact.SIGNED_ON]
    assert {r.verdict for r in fact.readings} == {evidence.UNRECORDED}
    assert fact.claims_disagree and fact.differs


def test_a_status_claim_agrees_when_the_history_holds_that_status_on_that_date():
    agreement = build.agreement(signed_on=datetime.date(2014, 2, 27))
    claim(agreement, Fact.STATUS, "فعال ۱۳۹۲/۱۲/۰۸")
    claim(agreement, Fact.STATUS, "terminated 2020")
    verdicts = [r.verdict for r in facts(agreement)[Fact.STATUS].readings]
    assert verdicts == [evidence.AGREES, evidence.DIFFERS]


def test_a_partner_claim_agrees_with_either_name_however_spelt():
    agreement = build.agreement()
    claim(agreement, Fact.PARTNER, "بيشكك")  # Arabic ye and kaf
    assert facts(agreement)[Fact.PARTNER].corroborated


def test_an_activity_claim_agrees_once_staff_record_the_activity():
    agreement = build.agreement()
    meeting = Activity.objects.create(agreement=agreement, date=datetime.date(2023, 9, 23), precision="month",
                                      kind="meeting")
    claim(agreement, Fact.ACTIVITY, "2023-10")
    claim(agreement, Fact.ACTIVITY, "2024", activity=None)
    Claim.objects.filter(value="2023-10").update(activity=meeting)
    verdicts = [r.verdict for r in facts(agreement)[Fact.ACTIVITY].readings]
    assert verdicts == [evidence.AGREES, evidence.UNRECORDED]


def test_claims_on_the_agreement_in_general_are_references_not_compared():
    agreement = build.agreement()
    claim(agreement, Fact.GENERAL, "")
    assert facts(agreement) == {}


def test_the_staff_note_goes_with_its_fact_in_the_readers_language():
    agreement = build.agreement()
    claim(agreement, Fact.SIGNED_ON, "2006")
    FactNote.objects.create(agreement=agreement, fact=Fact.SIGNED_ON, note_fa="یادداشت", note_en="")
    with translation.override("en"):
        assert facts(agreement)[Fact.SIGNED_ON].note_text == ""
    with translation.override("fa"):
        assert facts(agreement)[Fact.SIGNED_ON].note_text == "یادداشت"


@pytest.mark.parametrize("language, expected", [("fa", "۱۳۹۲/۱۲/۸"), ("en", "2014-02-27")])
def test_a_stated_day_reads_in_the_pages_calendar(language, expected):
    made = claim(build.agreement(), Fact.SIGNED_ON, "1392/12/08")
    with translation.override(language):
        assert evidence.stated_display(made) == expected


def test_a_stated_gregorian_month_reads_as_that_month_in_english():
    made = claim(build.agreement(), Fact.ACTIVITY, "2023-10")
    with translation.override("en"):
        assert evidence.stated_display(made) == "October 2023"
