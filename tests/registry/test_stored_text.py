"""Free text is stored by one policy whatever writes it, searched however it
is typed, and listed in Persian alphabetical order, on SQLite and PostgreSQL."""

import datetime

import pytest
from django.utils import translation

from registry.models import (
    Activity,
    Agreement,
    Country,
    Document,
    Partner,
    Period,
    PeriodSeries,
    StatusChange,
    name_order,
)
from registry.text import normalize, sort_key
from tests.builders import agreement, country, partner

pytestmark = pytest.mark.django_db

TYPED = "  يك   كتاب\u200c ۱۳۹۷  "
STORED = "یک کتاب ۱۳۹۷"
TYPED_LONG = "بند يك:  همكاري\r\n\r\nبند ۲:   فرهنگ  "
STORED_LONG = "بند یک: همکاری\n\nبند ۲: فرهنگ"


def stored(model, pk, field):
    """The value as the database holds it, not as the instance remembers it."""
    return model.objects.filter(pk=pk).values_list(field, flat=True).get()


def test_every_short_text_of_an_agreement_and_its_partner_is_stored_in_one_spelling():
    city = partner(name_fa=TYPED, name_en=TYPED)
    made = agreement(city, title_fa=TYPED, title_en=TYPED, signatory_tehran=TYPED, signatory_partner=TYPED)
    for field in ("title_fa", "title_en", "signatory_tehran", "signatory_partner"):
        assert stored(Agreement, made.pk, field) == STORED, field
    for field in ("name_fa", "name_en"):
        assert stored(Partner, city.pk, field) == STORED, field


def test_every_long_text_of_an_agreement_keeps_its_line_breaks():
    made = agreement(areas=TYPED_LONG, summary_fa=TYPED_LONG, summary_en=TYPED_LONG, source=TYPED_LONG,
                     internal_notes=TYPED_LONG)
    for field in ("areas", "summary_fa", "summary_en", "source", "internal_notes"):
        assert stored(Agreement, made.pk, field) == STORED_LONG, field


def test_a_status_change_stores_its_deciding_body_and_reason_in_one_spelling():
    change = StatusChange.objects.create(agreement=agreement(status=None), status="active",
                                         decided_by=TYPED, reason=TYPED_LONG)
    assert stored(StatusChange, change.pk, "decided_by") == STORED
    assert stored(StatusChange, change.pk, "reason") == STORED_LONG


def test_activities_documents_periods_and_countries_store_text_in_one_spelling():
    made = agreement()
    activity = Activity.objects.create(agreement=made, date=datetime.date(2020, 1, 1), kind="visit",
                                       description_fa=TYPED_LONG, description_en=TYPED_LONG)
    document = Document.objects.create(agreement=made, file="documents/x.pdf", title=TYPED)
    series = PeriodSeries.objects.create(slug="s", name_fa=TYPED, name_en=TYPED)
    period = Period.objects.create(series=series, slug="p", name_fa=TYPED, name_en=TYPED, label_fa=TYPED,
                                   label_en=TYPED, start=datetime.date(2000, 1, 1))
    land = country("XA", name_fa=TYPED, name_en=TYPED)
    assert stored(Activity, activity.pk, "description_fa") == STORED_LONG
    assert stored(Activity, activity.pk, "description_en") == STORED_LONG
    assert stored(Document, document.pk, "title") == STORED
    assert stored(PeriodSeries, series.pk, "name_fa") == STORED
    for field in ("name_fa", "name_en", "label_fa", "label_en"):
        assert stored(Period, period.pk, field) == STORED, field
    assert stored(Country, land.pk, "name_fa") == STORED


def test_a_document_title_keeps_its_own_heh_with_yeh_and_digits():
    made = agreement(title_fa="یادداشت تفاهم برنامۀ همکاری ۱۳۹۷ و ١٣٩٧")
    assert stored(Agreement, made.pk, "title_fa") == "یادداشت تفاهم برنامۀ همکاری ۱۳۹۷ و ١٣٩٧"


def test_a_saved_instance_shows_what_the_database_holds():
    made = agreement(title_fa="يادداشت  تفاهم")
    assert made.title_fa == "یادداشت تفاهم"


def test_bulk_create_stores_the_same_spelling_as_save():
    Country.objects.bulk_create([Country(code="XB", name_fa="كويت", name_en="Kuwait", continent="AS")])
    assert stored(Country, "XB", "name_fa") == "کویت"


def test_update_stores_the_same_spelling_as_save():
    made = agreement()
    Agreement.objects.filter(pk=made.pk).update(signatory_tehran="شهردار  تهران يك")
    assert stored(Agreement, made.pk, "signatory_tehran") == "شهردار تهران یک"


def test_full_clean_gives_the_instance_the_stored_spelling_before_it_is_saved():
    city = Partner(name_fa="كابل", name_en="Kabul", country=country("AF", name_en="Afghanistan", name_fa="افغانستان"))
    city.full_clean()
    assert city.name_fa == "کابل"


# ---------------------------------------------------------------- search


@pytest.mark.parametrize("query", ["تايلند", "تایلند", "thailand", "THAILAND"])
def test_search_finds_agreements_by_country_name_however_it_is_typed(query):
    country("TH", name_fa="تایلند", name_en="Thailand")
    made = agreement(partner(name_fa="بانکوک", name_en="Bangkok", code="TH"))
    agreement(partner(name_fa="هانوی", name_en="Hanoi", code="VN"))
    assert list(Agreement.objects.search(query)) == [made]


@pytest.mark.parametrize("query", ["کره جنوبی", "کره‌جنوبی", "کرهٔ جنوبی", "كره جنوبي", "south korea"])
def test_search_for_korea_finds_it_with_or_without_a_joiner_or_hamza(query):
    country("KR", name_fa="کرهٔ جنوبی", name_en="South Korea")
    made = agreement(partner(name_fa="سئول", name_en="Seoul", code="KR"))
    assert list(Agreement.objects.search(query)) == [made]


@pytest.mark.parametrize("query", ["brasilia", "Brasília", "برازیلیا"])
def test_search_finds_a_latin_name_without_its_accent(query):
    country("BR", name_fa="برزیل", name_en="Brazil")
    made = agreement(partner(name_fa="برازیلیا", name_en="Brasília", code="BR"))
    assert list(Agreement.objects.search(query)) == [made]


def test_search_finds_sao_paulo_typed_without_its_tilde():
    country("BR", name_fa="برزیل", name_en="Brazil")
    made = agreement(partner(name_fa="سائوپائولو", name_en="São Paulo", code="BR"))
    assert list(Agreement.objects.search("sao paulo")) == [made]


def test_search_finds_an_agreement_by_its_signatory():
    made = agreement(signatory_partner="پاتریک الویه پیکو")
    agreement(partner(name_en="Dushanbe", name_fa="دوشنبه", code="TJ"))
    assert list(Agreement.objects.search("پیکو")) == [made]


def test_search_finds_a_title_with_heh_typed_for_heh_with_yeh():
    made = agreement(title_fa="برنامۀ همکاری")
    assert list(Agreement.objects.search("برنامه همکاری")) == [made]


def test_search_needs_every_word_somewhere():
    country("KR", name_fa="کرهٔ جنوبی", name_en="South Korea")
    seoul = agreement(partner(name_fa="سئول", name_en="Seoul", code="KR"), title_fa="تفاهم نامه روابط دوستی")
    assert list(Agreement.objects.search("سئول دوستی")) == [seoul]
    assert not Agreement.objects.search("سئول خواهر").exists()


def test_renaming_a_country_changes_what_finds_its_agreements():
    country("TH", name_fa="تایلند", name_en="Thailand")
    made = agreement(partner(name_fa="بانکوک", name_en="Bangkok", code="TH"))
    land = Country.objects.get(code="TH")
    land.name_fa = "سیام"
    land.save()
    assert list(Agreement.objects.search("سیام")) == [made]


# ---------------------------------------------------------------- order

# Tehran's partner cities, as the seed names them, in Persian alphabetical order.
CITIES_IN_ORDER = ["آنکارا", "بیشکک", "پاریس", "پکن", "تفلیس", "کابل", "کاراکاس", "کویت", "گوانگژو",
                   "ورشو", "هانوی", "هاوانا"]


def test_names_sort_in_persian_alphabetical_order_in_the_database():
    for number, name in enumerate(reversed(CITIES_IN_ORDER)):
        partner(name_fa=name, name_en=f"City {number}")
    assert list(Partner.objects.order_by(name_order()).values_list("name_fa", flat=True)) == CITIES_IN_ORDER


def test_english_names_sort_with_accents_as_ties_in_english():
    for name in ["Sydney", "São Paulo", "Bratislava", "Brasília", "bishkek"]:
        partner(name_en=name, name_fa=name)
    with translation.override("en"):
        names = list(Partner.objects.order_by(name_order()).values_list("name_en", flat=True))
    assert names == ["bishkek", "Brasília", "Bratislava", "São Paulo", "Sydney"]


def test_a_partner_without_a_persian_name_sorts_by_the_name_it_shows():
    partner(name_fa="", name_en="Zagreb")
    partner(name_fa="آنکارا", name_en="Ankara")
    assert [str(p) for p in Partner.objects.order_by(name_order())] == ["آنکارا", "Zagreb"]


@pytest.mark.parametrize(
    "names",
    [
        ["تهران", "تهران نو", "تهرانی", "تهران‌پارس"],
        ["کرهٔ جنوبی", "کره جنوبی", "کره‌جنوبی", "کرهٔ شمالی", "كويت", "کوبا"],
        ["ئیلام", "اراک", "آبادان", "أربیل", "اهواز", "بم"],
        ["12", "۱۲", "٣", "Ürümqi", "Zagreb", "zagreb", "یزد", "ياسوج"],
    ],
)
def test_the_database_and_python_sort_names_alike(names):
    # sort_key is what Python sorts with (and SQLite's collation); this holds
    # it to PostgreSQL's ICU collation on the run against PostgreSQL.
    for number, name in enumerate(names):
        partner(name_fa=name, name_en=f"P{number}")
    in_database = list(Partner.objects.order_by(name_order(), "pk").values_list("name_fa", flat=True))
    assert in_database == sorted(map(normalize, names), key=sort_key)
