import pytest
from django.urls import reverse

from staff import gazetteer

from tests.builders import country, staff


def test_several_cities_of_one_name_are_all_offered_most_populous_first():
    places = gazetteer.search("Tripoli")
    assert [p.country for p in places][:2] == ["LY", "LB"]
    assert places[0].population > places[1].population


def test_a_city_is_found_by_its_persian_name_whatever_the_keyboard():
    # Typed with Arabic ك, as on an Arabic keyboard.
    (place,) = gazetteer.search("بیشكك")
    assert (place.name_en, place.country, place.geonames_id) == ("Bishkek", "KG", 1528675)
    assert round(place.latitude) == 43 and round(place.longitude) == 75


def test_a_found_city_carries_its_persian_name():
    (place,) = gazetteer.search("Kabul")
    assert place.name_fa == "کابل"


def test_a_persian_spelling_known_for_one_city_offers_every_city_of_that_name():
    assert {"LY", "LB"} <= {p.country for p in gazetteer.search("تریپولی")}


@pytest.mark.parametrize(
    "typed, persian",
    [("Tripoli", "طرابلس"), ("Cairo", "قاهره"), ("Damascus", "دمشق"), ("Doha", "دوحه"), ("Paris", "پاریس")],
)
def test_the_persian_name_guessed_is_the_one_persian_writes(typed, persian):
    assert gazetteer.search(typed)[0].name_fa == persian


def test_a_prefix_finds_cities_when_no_name_matches_exactly():
    assert "Tehran" in [p.name_en for p in gazetteer.search("tehr")]


def test_a_one_letter_query_finds_nothing():
    assert gazetteer.search("t") == []


@pytest.mark.django_db
def test_the_lookup_is_a_staff_json_view_with_country_names(client):
    country("LY", "Libya", "لیبی", "AF")
    client.force_login(staff("editor"))
    data = client.get(reverse("admin:registry_partner_gazetteer"), {"q": "طرابلس"}).json()
    first = data["results"][0]
    assert (first["country"], first["country_name"], first["name_en"]) == ("LY", "لیبی", "Tripoli")


@pytest.mark.django_db
def test_the_lookup_is_not_open_to_visitors(client):
    response = client.get(reverse("admin:registry_partner_gazetteer"), {"q": "Tripoli"})
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
def test_the_partner_form_has_a_left_to_right_map_and_leaflet_from_django_leaflet(client):
    client.force_login(staff("editor"))
    html = client.get(reverse("admin:registry_partner_add")).content.decode()
    assert 'id="partner-map" class="partner-map" dir="ltr"' in html
    assert "leaflet/leaflet.js" in html and "leaflet/leaflet.css" in html
    assert "leaflet.forms" not in html and "draw" not in html
