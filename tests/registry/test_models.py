import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registry.models import (
    PRESIDENCY,
    Agreement,
    Country,
    Partner,
    Period,
    PeriodSeries,
    Status,
    StatusChange,
    Timeline,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def iran_series():
    series = PeriodSeries.objects.create(slug=PRESIDENCY, name_fa="ریاست جمهوری", name_en="Presidency")
    Period.objects.create(series=series, slug="khatami", name_fa="خاتمی", name_en="Khatami",
                          start=D(1997, 8, 3), end=D(2005, 8, 3))
    Period.objects.create(series=series, slug="ahmadinejad", name_fa="احمدی‌نژاد", name_en="Ahmadinejad",
                          start=D(2005, 8, 3), end=D(2013, 8, 3))
    return series


@pytest.fixture
def partner():
    country = Country.objects.create(code="KG", name_fa="قرقیزستان", name_en="Kyrgyzstan", continent="AS")
    return Partner.objects.create(name_fa="بیشکک", name_en="Bishkek", country=country, latitude=42.87, longitude=74.59)


def administration(agreement):
    period, _candidates = Timeline.of(PRESIDENCY).place(agreement.signed_on, agreement.signed_precision)
    return period and period.slug


def make_agreement(partner, signed_on=None, **fields):
    fields = {"title_fa": "معاهده خواهر شهری", "instrument": "treaty", "relationship": "sister_city", **fields}
    return Agreement.objects.create(partner=partner, signed_on=signed_on, **fields)


def test_an_agreement_signed_on_an_inauguration_day_belongs_to_the_incoming_administration(iran_series, partner):
    assert administration(make_agreement(partner, D(2005, 8, 3))) == "ahmadinejad"


def test_an_agreement_signed_the_day_before_an_inauguration_belongs_to_the_outgoing_administration(
    iran_series, partner
):
    assert administration(make_agreement(partner, D(2005, 8, 2))) == "khatami"


def test_an_agreement_signed_between_periods_has_no_administration(iran_series, partner):
    assert administration(make_agreement(partner, D(1990, 1, 1))) is None


def test_overlapping_periods_in_one_series_are_refused(iran_series, english):
    period = Period(series=iran_series, slug="x", name_fa="x", name_en="x", start=D(2005, 1, 1), end=D(2006, 1, 1))
    with pytest.raises(ValidationError, match="overlaps"):
        period.full_clean()


def test_an_open_ended_period_overlaps_everything_after_its_start(iran_series, english):
    Period.objects.create(series=iran_series, slug="now", name_fa="n", name_en="n", start=D(2024, 7, 28))
    period = Period(series=iran_series, slug="later", name_fa="l", name_en="l", start=D(2030, 1, 1))
    with pytest.raises(ValidationError, match="overlaps"):
        period.full_clean()


def test_overlap_is_explained_in_persian_on_persian_pages(iran_series):
    period = Period(series=iran_series, slug="x", name_fa="x", name_en="x", start=D(2005, 1, 1), end=D(2006, 1, 1))
    with pytest.raises(ValidationError, match="در همین رشته"):
        period.full_clean()


def test_adjacent_periods_do_not_overlap(iran_series):
    period = Period(series=iran_series, slug="rouhani", name_fa="r", name_en="r", start=D(2013, 8, 3), end=D(2021, 8, 3))
    period.full_clean()


def test_periods_of_different_series_may_overlap(iran_series):
    mayors = PeriodSeries.objects.create(slug="mayor", name_fa="شهردار", name_en="Mayor")
    Period(series=mayors, slug="m", name_fa="m", name_en="m", start=D(2000, 1, 1), end=D(2006, 1, 1)).full_clean()


def test_an_agreement_without_status_changes_is_a_draft(partner):
    assert make_agreement(partner).recorded_status == Status.DRAFT


def test_the_latest_status_change_is_the_current_status(partner):
    agreement = make_agreement(partner, D(1994, 5, 23))
    StatusChange.objects.create(agreement=agreement, status=Status.ACTIVE, date=D(1994, 5, 23))
    StatusChange.objects.create(agreement=agreement, status=Status.SUSPENDED, date=D(2010, 1, 1), reason="until further notice")
    agreement.refresh_from_db()
    assert (agreement.recorded_status, agreement.recorded_status_on) == (Status.SUSPENDED, D(2010, 1, 1))


def test_a_status_change_entered_late_with_an_earlier_date_does_not_become_current(partner):
    agreement = make_agreement(partner)
    StatusChange.objects.create(agreement=agreement, status=Status.LAPSED, date=D(2015, 1, 1))
    StatusChange.objects.create(agreement=agreement, status=Status.ACTIVE, date=D(1994, 5, 23))
    agreement.refresh_from_db()
    assert agreement.recorded_status == Status.LAPSED


def test_deleting_the_latest_status_change_restores_the_previous_status(partner):
    agreement = make_agreement(partner)
    StatusChange.objects.create(agreement=agreement, status=Status.ACTIVE, date=D(1994, 5, 23))
    StatusChange.objects.create(agreement=agreement, status=Status.TERMINATED, date=D(2015, 1, 1)).delete()
    agreement.refresh_from_db()
    assert agreement.recorded_status == Status.ACTIVE


def test_a_status_change_counts_as_a_change_to_its_agreement(partner):
    agreement = make_agreement(partner)
    Agreement.objects.filter(pk=agreement.pk).update(updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    StatusChange.objects.create(agreement=agreement, status=Status.LAPSED, date=D(2024, 1, 1))
    agreement.refresh_from_db()
    assert agreement.updated_at.year > 2020


def test_in_force_on_answers_what_was_active_on_a_date(partner):
    agreement = make_agreement(partner)
    StatusChange.objects.create(agreement=agreement, status=Status.ACTIVE, date=D(1994, 5, 23))
    StatusChange.objects.create(agreement=agreement, status=Status.SUSPENDED, date=D(2010, 1, 1))
    StatusChange.objects.create(agreement=agreement, status=Status.ACTIVE, date=D(2012, 1, 1))
    in_force = lambda day: Agreement.objects.in_force(day).exists()  # noqa: E731
    assert [in_force(D(1990, 1, 1)), in_force(D(2000, 1, 1)), in_force(D(2011, 1, 1)), in_force(D(2013, 1, 1))] == [
        False, True, False, True,
    ]


def test_drafts_are_never_concluded_partnerships(partner):
    make_agreement(partner)
    assert not Agreement.objects.concluded().exists()


@pytest.mark.parametrize("latitude, longitude", [(123, 10), (-91, 10), (10, 181), (10, -180.5)])
def test_coordinates_out_of_range_are_refused_by_the_database(partner, latitude, longitude):
    partner.latitude, partner.longitude = latitude, longitude
    with pytest.raises(IntegrityError), transaction.atomic():
        partner.save()


def test_coordinates_out_of_range_get_a_message_on_validation(partner, english):
    partner.latitude = 123
    with pytest.raises(ValidationError, match="between -90 and 90"):
        partner.full_clean()


def test_a_city_must_have_a_country():
    with pytest.raises(IntegrityError), transaction.atomic():
        Partner.objects.create(name_fa="شهر", name_en="City", kind="city")


def test_an_organisation_may_have_no_country():
    Partner.objects.create(name_fa="یونسکو", name_en="UNESCO", kind="organisation")


def test_two_partners_cannot_share_a_wikidata_id(partner, english):
    partner.wikidata_id = "Q9361"
    partner.save()
    other = Partner(name_fa="x", name_en="x", kind="organisation", wikidata_id="Q9361")
    with pytest.raises(ValidationError, match="Wikidata"):
        other.full_clean()


def test_many_partners_may_have_no_wikidata_id(partner):
    Partner.objects.create(name_fa="x", name_en="x", kind="organisation")
    Partner.objects.create(name_fa="y", name_en="y", kind="organisation")


def test_names_and_titles_are_stored_in_one_persian_spelling(partner):
    agreement = make_agreement(partner, title_fa="يادداشت تفاهم ۱۳۹۶")
    assert agreement.title_fa == "یادداشت تفاهم ۱۳۹۶"


@pytest.mark.parametrize("query", ["يادداشت تفاهم", "یادداشت‌تفاهم", "یادداشت  تفاهم", "بيشكك", "bishkek"])
def test_search_finds_an_agreement_however_persian_is_typed(partner, query):
    agreement = make_agreement(partner, title_fa="یادداشت تفاهم همکاری")
    assert list(Agreement.objects.search(query)) == [agreement]


def test_search_does_not_find_what_is_not_there(partner):
    make_agreement(partner, title_fa="یادداشت تفاهم همکاری")
    assert not Agreement.objects.search("پیمان").exists()
