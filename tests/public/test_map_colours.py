"""On the map coloured by administration, no two administrations share a colour."""

import datetime

import pytest

from public.views.maps import legends
from registry.models import Period, PeriodSeries

pytestmark = pytest.mark.django_db


def test_every_presidency_of_the_seed_has_a_colour_of_its_own(seeded):
    periods = list(Period.objects.presidencies())
    colours = [item["colour"] for item in legends(periods)["administration"]]
    assert len(periods) >= 10
    assert len(set(colours)) == len(colours)


def test_a_series_of_twenty_periods_still_gives_each_its_own_colour():
    series = PeriodSeries.objects.create(slug="mayor", name_fa="شهردار تهران", name_en="Mayor of Tehran")
    periods = [
        Period.objects.create(series=series, slug=f"m{n}", name_fa=f"شهردار {n}", name_en=f"Mayor {n}",
                              start=datetime.date(1980 + n, 1, 1), end=datetime.date(1981 + n, 1, 1))
        for n in range(20)
    ]
    colours = [item["colour"].lower() for item in legends(periods)["administration"]]
    assert len(set(colours)) == len(colours)
