from collections import Counter

import pytest
from django.db.models import Count
from django.utils import translation

from registry.models import (
    PRESIDENCY, Agreement, Continent, Country, Partner, Period, PeriodSeries, Status, StatusChange, Timeline,
)
from registry import version
from registry.seed import load_seed

pytestmark = pytest.mark.django_db


def test_seed_loads_the_studys_26_links_plus_paris_and_new_south_wales(seeded):
    counts = dict(Agreement.objects.values_list("recorded_status").annotate(n=Count("pk")))
    assert counts == {Status.ACTIVE: 26, Status.DRAFT: 1, Status.LAPSED: 1}


def test_loading_the_seed_twice_changes_nothing(seeded):
    before = [m.objects.count() for m in (Country, Partner, Agreement, StatusChange, Period)]
    result = load_seed()
    assert (result.countries, result.periods, result.partners, result.agreements) == (0, 0, 0, 0)
    assert [m.objects.count() for m in (Country, Partner, Agreement, StatusChange, Period)] == before


def test_loading_the_seed_again_leaves_the_registrys_version_alone(seeded, django_capture_on_commit_callbacks):
    before = version.current()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        load_seed()
    assert callbacks == []
    assert version.current() == before


def test_a_seed_that_adds_a_missing_country_raises_the_registrys_version(seeded, django_capture_on_commit_callbacks):
    Country.objects.filter(code="NZ").delete()
    before, _ = version.current()
    with django_capture_on_commit_callbacks(execute=True):
        load_seed()
    assert Country.objects.filter(code="NZ").exists()
    assert version.current()[0] > before


def test_loading_the_seed_again_keeps_a_staff_members_continent_choice(seeded):
    Country.objects.filter(code="RU").update(continent=Continent.ASIA)
    load_seed()
    assert Country.objects.get(code="RU").continent == Continent.ASIA


def test_administrations_derived_from_signing_dates_match_the_studys_text(seeded):
    timeline = Timeline.of(PRESIDENCY)
    by_period = Counter(
        getattr(timeline.place(a.signed_on, a.signed_precision)[0], "slug", None)
        for a in Agreement.objects.concluded()
    )
    assert by_period == {"rafsanjani": 4, "khatami": 9, "ahmadinejad": 5, "rouhani": 8, None: 1}


@pytest.mark.parametrize(
    "partner, administration",
    [("Minsk", "ahmadinejad"), ("Ankara", "rouhani"), ("Beijing", "rouhani")],
)
def test_rows_the_studys_table_misplaces_get_their_date_derived_administration(seeded, partner, administration):
    agreement = Agreement.objects.get(partner__name_en=partner)
    period, _candidates = Timeline.of(PRESIDENCY).place(agreement.signed_on, agreement.signed_precision)
    assert period.slug == administration


def test_agreements_in_force_by_continent_count_turkey_and_georgia_as_europe(seeded):
    by_continent = dict(
        Agreement.objects.in_force().values_list("partner__country__continent").annotate(n=Count("pk"))
    )
    assert by_continent.get("AS") == 11
    assert by_continent.get("EU") == 9
    assert by_continent.get("NA", 0) + by_continent.get("SA", 0) == 3
    assert by_continent.get("AF") == 3
    assert by_continent.get("OC", 0) == 0


def test_tehrans_first_link_is_bishkek_on_1373_3_2(seeded):
    first = Agreement.objects.concluded().exclude(signed_on=None).earliest("signed_on")
    assert first.partner.name_en == "Bishkek"
    assert first.signed_on.isoformat() == "1994-05-23"


def test_quds_is_signed_in_bahman_1380_with_month_precision(seeded):
    quds = Agreement.objects.get(partner__name_fa="قدس شریف")
    assert quds.signed_precision == "month"
    assert quds.signed_on.isoformat() == "2002-01-21"
    from django.utils import translation

    with translation.override("fa"):
        assert quds.signed_display == "بهمن ۱۳۸۰"


def test_quds_is_in_palestine_as_the_study_names_it(seeded):
    country = Agreement.objects.get(partner__name_en__startswith="Quds").partner.country
    assert (country.code, country.name_fa, country.name_en) == ("PS", "فلسطین", "Palestine")


def test_south_africa_is_spelled_like_its_continent(seeded):
    with translation.override("fa"):
        assert str(Continent.AFRICA.label) == "آفریقا"
    assert Country.objects.get(code="ZA").name_fa == "آفریقای جنوبی"


def test_summaries_say_the_same_in_both_languages(seeded):
    assert not Agreement.objects.filter(summary_fa="").exclude(summary_en="").exists()
    assert not Agreement.objects.filter(summary_en="").exclude(summary_fa="").exists()


def test_paris_is_a_public_draft_with_no_signing_date(seeded):
    paris = Agreement.objects.get(partner__name_en="Paris")
    assert (paris.recorded_status, paris.is_public, paris.signed_on) == (Status.DRAFT, True, None)


def test_new_south_wales_is_a_lapsed_region(seeded):
    nsw = Agreement.objects.get(partner__name_en="New South Wales")
    assert nsw.recorded_status == Status.LAPSED
    assert nsw.partner.kind == "region"
    assert list(nsw.status_changes.values_list("status", flat=True)) == [Status.ACTIVE, Status.LAPSED]


def test_every_seeded_partner_has_coordinates_in_its_country(seeded):
    assert not Partner.objects.filter(latitude=None).exists()
    assert Partner.objects.get(name_en="Bishkek").country_id == "KG"


def test_every_seeded_agreement_cites_the_study(seeded):
    assert not Agreement.objects.exclude(source__contains="قورچی").exists()


def test_the_seed_leaves_an_empty_mayor_of_tehran_series_for_staff_to_fill(seeded):
    assert PeriodSeries.objects.get(slug="mayor").periods.count() == 0
