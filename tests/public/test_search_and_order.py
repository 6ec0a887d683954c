"""The public list finds agreements however a name is typed, and lists
names in Persian alphabetical order on Persian pages."""

import pytest

from tests import builders as build

pytestmark = pytest.mark.django_db


def partners_listed(client, language="fa", **query):
    response = client.get(f"/{language}/agreements/", query)
    assert response.status_code == 200
    return [a.partner.name_en for a in response.context["page"].object_list]


@pytest.mark.parametrize(
    "query, city",
    [
        ("تايلند", "Bangkok"),
        ("تایلند", "Bangkok"),
        ("آفريقاي جنوبي", "Tshwane"),
        ("افریقای جنوبی", "Tshwane"),
        ("کره جنوبی", "Seoul"),
        ("کره‌جنوبی", "Seoul"),
        ("کرهٔ جنوبی", "Seoul"),
        ("south korea", "Seoul"),
        ("brasilia", "Brasília"),
    ],
)
def test_the_public_search_finds_a_country_or_city_however_it_is_typed(client, seeded, query, city):
    assert partners_listed(client, q=query) == [city]


def test_the_public_search_finds_an_agreement_by_its_signatory(client, seeded):
    assert partners_listed(client, q="کرکه‌آبادی") == ["Paris"]


# Capitals typed in an order that code points would keep: ورشو (و) would
# come before پاریس (پ) and گرجستان (گ) after یمن (ی) if sorted by code point.
CITIES = [
    ("ورشو", "Warsaw", "PL", "لهستان", "Poland"),
    ("پکن", "Beijing", "CN", "چین", "China"),
    ("کاراکاس", "Caracas", "VE", "ونزوئلا", "Venezuela"),
    ("پاریس", "Paris", "FR", "فرانسه", "France"),
    ("کویت", "Kuwait City", "KW", "کویت", "Kuwait"),
    ("صنعا", "Sanaa", "YE", "یمن", "Yemen"),
    ("تفلیس", "Tbilisi", "GE", "گرجستان", "Georgia"),
    ("کابل", "Kabul", "AF", "افغانستان", "Afghanistan"),
]


@pytest.fixture
def capitals():
    for name_fa, name_en, code, country_fa, country_en in CITIES:
        build.country(code, name_en=country_en, name_fa=country_fa)
        build.agreement(build.partner(name_fa=name_fa, name_en=name_en, code=code))


def test_sorting_by_partner_on_persian_pages_follows_the_persian_alphabet(client, capitals):
    assert partners_listed(client, sort="partner") == [
        "Paris", "Beijing", "Tbilisi", "Sanaa", "Kabul", "Caracas", "Kuwait City", "Warsaw",
    ]


def test_sorting_by_country_on_persian_pages_follows_the_persian_alphabet(client, capitals):
    # افغانستان، چین، فرانسه، کویت، گرجستان، لهستان، ونزوئلا، یمن
    assert partners_listed(client, sort="country") == [
        "Kabul", "Beijing", "Paris", "Kuwait City", "Tbilisi", "Warsaw", "Caracas", "Sanaa",
    ]


def test_sorting_by_partner_on_english_pages_follows_the_english_names(client, capitals):
    assert partners_listed(client, "en", sort="partner") == [
        "Beijing", "Caracas", "Kabul", "Kuwait City", "Paris", "Sanaa", "Tbilisi", "Warsaw",
    ]


def test_the_country_choices_of_the_filter_follow_the_persian_alphabet(client, seeded):
    form = client.get("/fa/agreements/").context["form"]
    names = [str(country) for country in form.fields["country"].queryset]
    assert names == [
        "آفریقای جنوبی", "استرالیا", "افغانستان", "ایتالیا", "برزیل", "بلاروس", "بوسنی و هرزگوین",
        "تاجیکستان", "تایلند", "ترکیه", "چین", "روسیه", "سودان", "سیرالئون", "عراق", "فرانسه",
        "فلسطین", "قرقیزستان", "کره جنوبی", "کوبا", "کویت", "گرجستان", "لهستان", "مجارستان",
        "ونزوئلا", "ویتنام", "یمن",
    ]



@pytest.mark.parametrize("language", ["fa", "en"])
def test_partners_named_with_letters_that_fold_to_two_are_sorted_without_error(client, language):
    # German and Turkish names from the gazetteer; SQLite sorts them with registry.text.compare.
    build.country("DE", name_en="Germany", name_fa="آلمان")
    for name in ["Straßgang", "İzmir", "Strasbourg"]:
        build.agreement(build.partner(name_fa=name, name_en=name, code="DE"))
    assert partners_listed(client, language, sort="partner") == ["İzmir", "Strasbourg", "Straßgang"]
