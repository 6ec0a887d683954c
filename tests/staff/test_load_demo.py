"""`manage.py load_demo`: the README screenshots' demo state, dated from
today, built on the seed and refused on a registry with DEBUG off."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from registry.models import Activity, Agreement

pytestmark = pytest.mark.django_db


def test_load_demo_refuses_to_write_made_up_dates_with_debug_off(seeded, settings):
    settings.DEBUG = False
    before = list(Activity.objects.values_list("pk", flat=True))
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert list(Activity.objects.values_list("pk", flat=True)) == before


def test_load_demo_dates_its_entries_from_today_once(seeded, settings):
    settings.DEBUG = True
    in_force = list(Agreement.objects.in_force().order_by("signed_on", "pk")[:4])
    activities_before = Activity.objects.count()
    call_command("load_demo")
    call_command("load_demo")
    today = timezone.localdate()
    first, second, third, fourth = (Agreement.objects.get(pk=a.pk) for a in in_force)
    assert first.review_on == today + datetime.timedelta(days=40)
    assert second.ends_on == today - datetime.timedelta(days=12)
    assert third.review_on == today + datetime.timedelta(days=75)
    assert [a.date for a in fourth.activities.all()] == [today - datetime.timedelta(days=30)]
    assert Activity.objects.count() == activities_before + 1
