import pytest
from django.core.management import CommandError, call_command

from registry.models import Activity, Agreement, Partner, StatusChange
from staff.models import Place

from tests.builders import agreement

pytestmark = pytest.mark.django_db


def seed_scale(*extra):
    call_command("seed_scale", "--partners", "40", "--agreements", "120", "--activities", "300", *extra, stdout=None)


def test_seed_scale_makes_the_counts_asked_for_from_real_gazetteer_cities(gazetteer):
    seed_scale()
    assert (Partner.objects.count(), Agreement.objects.count(), Activity.objects.count()) == (40, 120, 300)
    cities = Partner.objects.exclude(kind="organisation")
    places = Place.objects.in_bulk([p.geonames_id for p in cities])
    assert all(
        (places[p.geonames_id].name_en, places[p.geonames_id].country) == (p.name_en, p.country_id) for p in cities
    )


def test_each_synthetic_agreements_status_is_its_latest_status_change(gazetteer):
    seed_scale()
    for a in Agreement.objects.all():
        latest = a.status_changes.latest_first().first()
        assert (a.recorded_status, a.recorded_status_on) == (latest.status, latest.date)
    assert set(Agreement.objects.values_list("recorded_status", flat=True)) >= {"active", "draft"}
    assert StatusChange.objects.count() > Agreement.objects.count()


def test_the_same_seed_makes_the_same_registry(gazetteer):
    seed_scale("--seed", "7")
    first = list(Agreement.objects.order_by("pk").values_list("partner__name_en", "signed_on", "recorded_status"))
    Agreement.objects.all().delete()
    Partner.objects.all().delete()
    seed_scale("--seed", "7")
    assert list(Agreement.objects.order_by("pk").values_list("partner__name_en", "signed_on", "recorded_status")) == first


def test_seed_scale_refuses_a_database_with_real_agreements_unless_forced(gazetteer):
    agreement()
    with pytest.raises(CommandError, match="real agreements"):
        seed_scale()
    assert Agreement.objects.count() == 1
    seed_scale("--force")
    assert Agreement.objects.count() == 121
