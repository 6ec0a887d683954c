import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from registry.models import Agreement, Partner, Status, StatusChange

from tests import builders as build

pytestmark = pytest.mark.django_db

PAGES = ["home", "agreements", "map", "statistics", "data"]


def url(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


def quds():
    return Agreement.objects.get(partner__name_en__startswith="Quds")


def test_root_sends_a_browser_without_language_preference_to_persian(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/fa/"


def test_root_sends_an_english_browser_to_english(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")["Location"] == "/en/"


def test_root_sends_a_browser_in_an_unsupported_language_to_persian(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")["Location"] == "/fa/"


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("language,direction", [("fa", "rtl"), ("en", "ltr")])
def test_every_public_page_renders_in_its_language_and_direction(client, seeded, name, language, direction):
    response = client.get(url(name, language))
    assert response.status_code == 200
    assert f'<html lang="{language}" dir="{direction}">' in response.content.decode()


def test_the_language_switch_keeps_the_page_and_its_filters(client, seeded):
    response = client.get("/fa/agreements/?status=active&continent=EU")
    assert 'href="/en/agreements/?status=active&amp;continent=EU"' in response.content.decode()


def test_home_shows_the_partnerships_in_force_from_the_registry(client, seeded):
    in_force = Agreement.objects.public().in_force().count()
    response = client.get("/en/")
    assert response.context["figures"]["in_force"] == in_force
    assert f"<strong>{in_force}</strong> partnerships in force" in response.content.decode()


def test_home_names_bishkek_as_the_first_link_with_its_jalali_date(client, seeded):
    body = client.get("/fa/").content.decode()
    assert "۱۳۷۳/۳/۲" in body and "بیشکک" in body


def test_the_list_shows_every_public_agreement_with_drafts_badged(client, seeded):
    response = client.get("/en/agreements/")
    assert response.context["page"].paginator.count == Agreement.objects.public().count()
    assert "draft — not concluded" in response.content.decode()


def test_the_persian_list_badges_the_paris_draft_in_persian(client, seeded):
    assert "پیش‌نویس — منعقد نشده" in client.get("/fa/agreements/?q=پاریس").content.decode()


def test_the_list_filters_by_status_and_continent(client, seeded):
    response = client.get("/en/agreements/?status=active&continent=EU")
    agreements = response.context["page"].object_list
    assert len(agreements) == 9
    assert {a.partner.country.continent for a in agreements} == {"EU"}


def test_search_finds_a_persian_name_typed_with_arabic_letters(client, seeded):
    response = client.get("/fa/agreements/", {"q": "بيشكك"})
    assert [a.partner.name_en for a in response.context["page"].object_list] == ["Bishkek"]


def test_search_finds_an_english_name_in_any_case(client, seeded):
    response = client.get("/fa/agreements/", {"q": "WARSAW"})
    assert [a.partner.name_en for a in response.context["page"].object_list] == ["Warsaw"]


def test_in_force_on_a_jalali_date_finds_only_what_was_active_then(client, seeded):
    response = client.get("/en/agreements/", {"in_force_on": "۱۳۷۴/۰۱/۰۱"})
    assert [a.partner.name_en for a in response.context["page"].object_list] == ["Bishkek"]


def test_in_force_on_an_iso_date_means_the_same_day(client, seeded):
    response = client.get("/en/agreements/", {"in_force_on": "1995-03-21"})
    assert [a.partner.name_en for a in response.context["page"].object_list] == ["Bishkek"]


def test_a_jalali_year_range_selects_agreements_signed_in_those_years(client, seeded):
    response = client.get("/en/agreements/", {"year_from": "1394", "year_to": "1394"})
    assert {a.partner.name_en for a in response.context["page"].object_list} == {
        "Budapest",
        "Tbilisi",
        "Milan",
    }


def test_the_administration_filter_uses_the_signing_date(client, seeded):
    response = client.get("/en/agreements/", {"administration": "ahmadinejad"})
    assert response.context["page"].paginator.count == 5


def test_bad_filter_values_render_the_list_with_a_message_in_persian(client, seeded):
    response = client.get(
        "/fa/agreements/", {"status": "nope", "in_force_on": "1380/13/01", "year_from": "x"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "برخی پالایه‌ها قابل استفاده نبودند" in body
    assert "ماه ۱۳ وجود ندارد" in body
    # The valid rest still applies: nothing was filtered away.
    assert response.context["page"].paginator.count == Agreement.objects.public().count()


def test_bad_filter_values_render_the_list_with_a_message_in_english(client, seeded):
    response = client.get("/en/agreements/", {"year_from": "1390", "year_to": "1380"})
    assert response.status_code == 200
    assert "The last year comes before the first one." in response.content.decode()


def test_a_page_number_past_the_end_shows_the_last_page_with_a_message(client, seeded):
    response = client.get("/en/agreements/", {"page": "99"})
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert "There is no page 99" in response.content.decode()


def test_a_malformed_page_number_shows_the_first_page_with_a_message(client, seeded):
    response = client.get("/en/agreements/", {"page": "two"})
    assert response.status_code == 200 and response.context["page"].number == 1
    assert response.context["notices"] == ["Page number: Enter a whole number."]


def test_the_quds_page_shows_its_month_precise_jalali_date(client, seeded):
    body = client.get(url("agreement", "fa", quds().pk)).content.decode()
    assert '<span class="signed-date">بهمن ۱۳۸۰</span>' in body
    assert "تنها ماه آن معلوم است" in body


def test_persian_pages_separate_a_list_with_the_persian_comma(client, seeded):
    body = client.get(url("agreement", "fa", quds().pk)).content.decode()
    assert "(شهر)، " in body and "(شهر), " not in body


def test_english_pages_separate_a_list_with_the_latin_comma(client, seeded):
    body = client.get(url("agreement", "en", quds().pk)).content.decode()
    assert "(city), " in body


def test_the_english_quds_page_shows_the_gregorian_months_it_covers(client, seeded):
    body = client.get(url("agreement", "en", quds().pk)).content.decode()
    assert "Bahman 1380 (Jan–Feb 2002)" in body


def test_an_agreement_page_names_its_administration_and_status_history(client, seeded):
    body = client.get(url("agreement", "en", quds().pk)).content.decode()
    assert "Mohammad Khatami" in body and "Status history" in body
    # The reason in English on an English page, never the Persian one.
    assert "The document was signed." in body and "امضای سند" not in body


def test_the_paris_page_says_the_draft_was_never_concluded(client, seeded):
    paris = Agreement.objects.get(partner__name_en="Paris")
    body = client.get(url("agreement", "en", paris.pk)).content.decode()
    assert "draft — not concluded" in body and "never concluded" in body


def test_an_agreement_links_to_a_public_agreement_it_implements(client, db):
    treaty = build.agreement(title_en="Sister city treaty")
    programme = build.agreement(
        treaty.partner, parent=treaty, parent_link="implements", title_en="Cooperation programme"
    )
    body = client.get(url("agreement", "en", treaty.pk)).content.decode()
    assert f'href="/en/agreements/{programme.pk}/"' in body
    assert (
        f'href="/en/agreements/{treaty.pk}/"'
        in client.get(url("agreement", "en", programme.pk)).content.decode()
    )


def test_the_partner_page_shows_country_continent_and_its_agreements(client, seeded):
    partner = Partner.objects.get(name_en="Tbilisi")
    response = client.get(url("partner", "en", partner.pk))
    body = response.content.decode()
    assert "Georgia" in body and "Europe" in body
    assert [a.pk for a in response.context["agreements"]] == list(
        partner.agreements.values_list("pk", flat=True)
    )


def test_the_map_page_embeds_one_marker_per_partner_with_coordinates(client, seeded):
    response = client.get("/en/map/")
    expected = Partner.objects.filter(agreements__is_public=True, latitude__isnull=False).distinct().count()
    assert len(response.context["map_data"]["markers"]) == expected
    assert 'dir="ltr"' in response.content.decode()


def test_the_map_takes_the_lists_filters(client, seeded):
    response = client.get("/en/map/?continent=AF")
    assert {m[0] for m in response.context["map_data"]["markers"]} == set(
        Partner.objects.filter(country__continent="AF").values_list("pk", flat=True)
    )


def test_the_statistics_page_shows_the_total_in_persian_digits(client, seeded):
    body = client.get("/fa/statistics/").content.decode()
    assert '<strong class="total">۲۷</strong>' in body


def test_the_statistics_page_renders_charts_with_tables(client, seeded):
    body = client.get("/en/statistics/?status=active").content.decode()
    assert body.count("<svg") == 6 and "Administration × continent" in body


def test_the_data_page_lists_the_columns_and_the_last_change(client, seeded):
    response = client.get("/en/data/")
    body = response.content.decode()
    assert "<code>signed_on_jalali</code>" in body and "CC BY 4.0" in body
    assert response.context["last_change"] is not None


def test_an_unprefixed_page_redirects_to_the_persian_one(client, seeded):
    response = client.get("/agreements/")
    assert response.status_code == 302 and response["Location"] == "/fa/agreements/"


def test_a_post_to_a_public_page_is_refused(client, seeded):
    assert client.post("/en/agreements/").status_code == 405


def test_a_status_change_moves_an_agreement_out_of_in_force(client, db):
    made = build.agreement()
    StatusChange.objects.create(
        agreement=made, status=Status.SUSPENDED, date=datetime.date(2020, 1, 1),
        reason="تا اطلاع ثانوی", reason_en="Until further notice",
    )
    response = client.get("/en/agreements/", {"status": "active"})
    assert response.context["page"].paginator.count == 0
    assert "Until further notice" in client.get(url("agreement", "en", made.pk)).content.decode()


def test_the_home_map_has_one_circle_per_country_with_partnerships_in_force(client, seeded):
    countries = client.get("/en/").context["map_data"]["countries"]
    in_force = Agreement.objects.public().in_force()
    assert len(countries) == in_force.values("partner__country").distinct().count()
    assert sum(country[4] for country in countries) == in_force.count()
    russia = next(country for country in countries if country[0] == "RU")
    assert russia[4] == 2


BAD_QUERIES = [
    "page=0",
    "page=-3",
    "page=1e9",
    "page=99999999999999999999",
    "sort=drop_table",
    "country=zz",
    "country=%00",
    "q=%00",
    "q=" + "x" * 500,
    "in_force_on=99999/99/99",
    "in_force_on=1380/12/31",
    "in_force_on=0000-00-00",
    "year_from=1e3",
    "year_from=99999",
    "year_to=-1",
    "administration=nobody",
    "status=active&status=bogus",
    "continent=",
    "instrument=%F0%9F%92%A5",
    "relationship=1",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
@pytest.mark.parametrize("path", ["/fa/agreements/", "/en/map/", "/fa/statistics/"])
def test_a_bad_query_string_gets_the_page_never_a_server_error(client, seeded, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_a_bad_query_string_on_open_data_gets_a_400_or_the_data(client, seeded, query):
    for path in ("/data/agreements.json", "/data/stats.json"):
        assert client.get(f"{path}?{query}").status_code in (200, 400)


def test_persian_pages_write_coordinates_with_persian_digits_and_decimal_separator(client, seeded):
    partner = Partner.objects.get(name_en="Bishkek")
    assert "۴۲٫۸۷۰۰۰" in client.get(url("partner", "fa", partner.pk)).content.decode()


def test_the_last_change_is_dated_in_tehran_not_in_utc(client, db):
    made = build.agreement()
    # 22:00 UTC on 19 March 2024 is already 20 March in Tehran: 1 Farvardin 1403.
    Agreement.objects.filter(pk=made.pk).update(
        updated_at=datetime.datetime(2024, 3, 19, 22, 0, tzinfo=datetime.UTC)
    )
    assert "۱۴۰۳/۱/۱" in client.get("/fa/data/").content.decode()


@pytest.mark.parametrize(
    "path, language, text",
    [("/fa/agreements/999999/", "fa", "صفحه‌ای یافت نشد"), ("/en/partners/999999/", "en", "Page not found")],
)
def test_a_missing_record_gets_a_not_found_page_in_its_language(client, db, path, language, text):
    response = client.get(path)
    assert response.status_code == 404
    body = response.content.decode()
    assert text in body and f'lang="{language}"' in body
