"""Search matches at word starts, a year finds what was signed in it, and
the list's pages can be reached by number, first, last or a page box."""

import datetime
import re

import jdatetime
import pytest

from registry.models import Agreement
from registry.text import fold_words
from tests import builders as build

pytestmark = pytest.mark.django_db


def listed(client, **query):
    response = client.get("/fa/agreements/", query)
    assert response.status_code == 200
    return sorted(a.partner.name_en for a in response.context["page"].object_list)


@pytest.fixture
def lyon_and_freetown():
    build.country("FR", name_en="France", name_fa="فرانسه", continent="EU")
    build.country("SL", name_en="Sierra Leone", name_fa="سیرالئون", continent="AF")
    build.agreement(build.partner(name_en="Lyon", name_fa="لیون", code="FR"))
    build.agreement(build.partner(name_en="Freetown", name_fa="فری‌تاون", code="SL"))


def test_a_city_name_does_not_find_a_country_whose_name_holds_it_in_the_middle_of_a_word(client, lyon_and_freetown):
    assert listed(client, q="لیون") == ["Lyon"]


def test_a_word_start_finds_the_word_that_begins_with_it_and_not_the_middle_of_one(client, lyon_and_freetown):
    assert listed(client, q="سیرا") == ["Freetown"]
    assert listed(client, q="free") == ["Freetown"]
    assert listed(client, q="town") == []


def test_a_half_space_starts_a_word_and_a_search_may_run_across_it(client, lyon_and_freetown):
    assert listed(client, q="تاون") == ["Freetown"]
    assert listed(client, q="فریتاون") == ["Freetown"]
    assert listed(client, q="فری تاون") == ["Freetown"]


def test_the_search_column_keeps_one_space_between_folded_words():
    assert fold_words("کرهٔ‌جنوبی - São  Paulo") == "کره جنوبی sao paulo"


def signed_in_jalali_year(year):
    return sorted(
        a.partner.name_en for a in Agreement.objects.public().select_related("partner")
        if a.signed_on and jdatetime.date.fromgregorian(date=a.signed_on).year == year
    )


def signed_in_gregorian_year(year):
    return sorted(
        a.partner.name_en for a in Agreement.objects.public().select_related("partner")
        if a.signed_on and a.signed_on.year == year
    )


@pytest.mark.parametrize("query, year", [("۱۳۹۶", 1396), ("1396", 1396), ("۱۳۸۳", 1383)])
def test_a_jalali_year_in_the_search_box_finds_what_was_signed_in_it(client, seeded, query, year):
    expected = signed_in_jalali_year(year)
    assert expected, "the seed has agreements signed in this year"
    assert listed(client, q=query) == expected


@pytest.mark.parametrize("query, year", [("2017", 2017), ("۲۰۰۴", 2004)])
def test_a_gregorian_year_in_the_search_box_finds_what_was_signed_in_it(client, seeded, query, year):
    expected = signed_in_gregorian_year(year)
    assert expected
    assert listed(client, q=query) == expected


def test_a_year_and_a_word_together_find_what_meets_both(client):
    build.agreement(build.partner(name_en="Dushanbe", name_fa="دوشنبه", code="TJ"), signed_on=datetime.date(2017, 10, 18))
    build.agreement(build.partner(name_en="Khujand", name_fa="خجند", code="TJ"), signed_on=datetime.date(2005, 1, 5))
    build.agreement(build.partner(), signed_on=datetime.date(2017, 3, 1))
    assert listed(client, q="تاجیکستان ۲۰۱۷") == ["Dushanbe"]


@pytest.fixture
def many_agreements():
    kyrgyzstan = build.country("KG")
    from registry.models import Partner

    partners = Partner.objects.bulk_create(
        Partner(name_en=f"Town {n}", name_fa=f"شهر {n}", country=kyrgyzstan) for n in range(130)
    )
    Agreement.objects.bulk_create(
        Agreement(partner=p, title_fa="تفاهم‌نامه", instrument="mou", relationship="cooperation",
                  signed_on=datetime.date(2000, 1, 1) + datetime.timedelta(days=n), is_public=True)
        for n, p in enumerate(partners)
    )


def test_the_list_links_the_first_and_last_page_and_numbers_around_this_one(client, many_agreements):
    from public.views.pages import PAGE_SIZE

    last = -(-130 // PAGE_SIZE)
    html = client.get("/fa/agreements/", {"q": "شهر", "page": 2}).content.decode()
    nav = html[html.index('class="pagination"'):]
    links = re.findall(r'href="\?([^"]*)"', nav)
    assert "q=%D8%B4%D9%87%D8%B1&amp;page=1" in links
    assert f"q=%D8%B4%D9%87%D8%B1&amp;page={last}" in links
    assert '<span aria-current="page">۲</span>' in nav


def test_the_page_box_keeps_the_filters_and_takes_persian_digits(client, many_agreements):
    html = client.get("/fa/agreements/", {"q": "شهر", "sort": "partner"}).content.decode()
    box = html[html.index('class="page-box"'):]
    box = box[:box.index("</form>")]
    assert 'type="hidden" name="q" value="شهر"' in box
    assert 'type="hidden" name="sort" value="partner"' in box
    response = client.get("/fa/agreements/", {"q": "شهر", "page": "۳"})
    assert response.context["page"].number == 3
