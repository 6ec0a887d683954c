"""Each admin page loads the scripts and styles it uses, not every one the
desk has: Django's slug writers only beside a prepopulated field, the
Jalali calendar only with a date box, the partner map only on its form."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

import config.urls  # noqa: F401  (registers the admin's models)
from registry.models import Partner

pytestmark = pytest.mark.django_db

SLUG_SCRIPTS = ("urlify.js", "prepopulate.js", "xregexp")


def registered_admins():
    return [admin.site.get_model_admin(model) for model in apps.get_models() if admin.site.is_registered(model)]


def writes_slugs(line):
    return any(slug in line for slug in SLUG_SCRIPTS)


def script_lines(media):
    return [line for line in str(media).splitlines() if line.startswith("<script")]


def djangos_scripts(model_admin):
    """What Django's own ModelAdmin would load for the model."""
    return script_lines(admin.ModelAdmin(model_admin.model, admin.site).media)


@pytest.mark.parametrize("model_admin", registered_admins(), ids=lambda model_admin: model_admin.model.__name__)
def test_every_admin_loads_djangos_scripts_and_the_slug_writers_only_beside_a_prepopulated_field(model_admin):
    loaded = script_lines(model_admin.media)
    wanted = [line for line in djangos_scripts(model_admin)
              if model_admin.prepopulated_fields or not writes_slugs(line)]
    assert [line for line in loaded if line in wanted] == wanted
    slug_writers = [line for line in loaded if writes_slugs(line)]
    assert bool(slug_writers) == bool(model_admin.prepopulated_fields)


def test_the_periods_write_their_slugs_and_so_load_the_slug_writers():
    assert all(slug in str(admin.site.get_model_admin(model).media) for slug in SLUG_SCRIPTS
               for model in (apps.get_model("registry", "Period"), apps.get_model("registry", "PeriodSeries")))


@pytest.fixture
def desk(client):
    client.force_login(User.objects.create_superuser("desk", "", "x"))
    return client


def loads(client, url, path):
    return f"/static/{path}" in client.get(url).content.decode()


def test_the_jalali_calendar_comes_with_a_date_box_and_only_with_one(seeded, desk):
    for url in [reverse("admin:registry_period_add"), "/fa/agreements/"]:
        assert loads(desk, url, "jalali-dates.js"), url
        assert loads(desk, url, "vendor/jalalidatepicker/jalalidatepicker.min.css"), url
    for url in [reverse("admin:registry_agreement_changelist"), reverse("admin:registry_partner_add")]:
        assert not loads(desk, url, "jalali-dates.js"), url


def test_the_partner_map_comes_with_the_partner_form_and_not_with_the_list(seeded, desk):
    bishkek = Partner.objects.get(name_en="Bishkek")
    for url in [reverse("admin:registry_partner_add"), reverse("admin:registry_partner_change", args=[bishkek.pk])]:
        assert loads(desk, url, "leaflet/leaflet.js") and loads(desk, url, "staff/partner-map.js"), url
    assert not loads(desk, reverse("admin:registry_partner_changelist"), "leaflet/leaflet.js")
