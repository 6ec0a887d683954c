"""Text typed in the admin and text imported from a spreadsheet are stored
alike; the admin searches and lists names as the public site does."""

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from registry.models import Agreement, Country, Partner, StatusChange
from staff.resources import CSV, AgreementResource
from tests.builders import agreement, country, partner

pytestmark = pytest.mark.django_db

TYPED = {
    "title_fa": "  يادداشت تفاهم   برنامۀ همكاري ۱۳۹۷ ",
    "signatory_tehran": "شهردار  تهران، علي",
    "signatory_partner": "شهردار  بيشكك",
    "areas": "فرهنگ،  ورزش\nحمل و نقل  شهري",
    "summary_fa": "همكاري  در  مديريت شهري\n\nبند ۲:  آموزش",
    "source": "بايگاني مركز، نامه  ۱۲۳۴",
}
STORED = {
    "title_fa": "یادداشت تفاهم برنامۀ همکاری ۱۳۹۷",
    "signatory_tehran": "شهردار تهران، علی",
    "signatory_partner": "شهردار بیشکک",
    "areas": "فرهنگ، ورزش\nحمل و نقل شهری",
    "summary_fa": "همکاری در مدیریت شهری\n\nبند ۲: آموزش",
    "source": "بایگانی مرکز، نامه ۱۲۳۴",
}


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.create_superuser("boss", "", "x"))
    return client


def add_agreement_in_admin(client, city, **fields):
    data = {
        "partner": city.pk, "title_en": "", "instrument": "mou", "relationship": "cooperation",
        "signed_on": "۱۳۹۷/۵/۱۲", "ends_on": "", "review_on": "", "is_public": "on",
        "status_changes-TOTAL_FORMS": "1", "status_changes-INITIAL_FORMS": "0",
        "status_changes-0-status": "active", "status_changes-0-date": "۱۳۹۷/۵/۱۲",
        "status_changes-0-decided_by": "شوراي  اسلامي شهر", "status_changes-0-reason": "مصوبه  يك\nو دو",
        "activities-TOTAL_FORMS": "0", "activities-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "0", "documents-INITIAL_FORMS": "0",
        "claims-TOTAL_FORMS": "0", "claims-INITIAL_FORMS": "0",
        "fact_notes-TOTAL_FORMS": "0", "fact_notes-INITIAL_FORMS": "0",
        **fields,
    }
    response = client.post(reverse("admin:registry_agreement_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response


def import_agreement(**fields):
    row = {
        "partner_country": "KG", "partner_name_en": "Bishkek", "partner_name_fa": "بیشکک",
        "instrument": "mou", "relationship": "cooperation", "status": "active", "status_date": "1397/05/12",
        "signed_on": "۱۳۹۷/۵/۱۲", **fields,
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    result = AgreementResource().import_data(CSV().create_dataset(out.getvalue().encode()), file_name="x.csv")
    assert not result.has_errors() and not result.has_validation_errors()


def stored_text(made):
    return {field: getattr(made, field) for field in STORED}


def test_the_admin_form_stores_every_text_of_an_agreement_in_one_spelling(staff_client):
    add_agreement_in_admin(staff_client, partner(), **TYPED)
    assert stored_text(Agreement.objects.get()) == STORED


def test_the_admin_form_stores_a_status_changes_deciding_body_and_reason_in_one_spelling(staff_client):
    add_agreement_in_admin(staff_client, partner(), **TYPED)
    change = StatusChange.objects.get()
    assert (change.decided_by, change.reason) == ("شورای اسلامی شهر", "مصوبه یک\nو دو")


def test_an_import_stores_the_same_text_as_the_admin_form(staff_client):
    add_agreement_in_admin(staff_client, partner(), **TYPED)
    typed_in_admin = stored_text(Agreement.objects.get())
    Agreement.objects.all().delete()
    import_agreement(**TYPED)
    assert stored_text(Agreement.objects.get()) == typed_in_admin == STORED


def test_an_import_reads_persian_digits_in_ids_and_coordinates():
    country("KG")
    import_agreement(partner_geonames_id="۱۵۲۸۶۷۵", partner_latitude="۴۲.۸۷", partner_longitude="۷۴.۵۹",
                     partner_wikidata_id="Q۹۳۶۱", title_fa="معاهده")
    city = Partner.objects.get()
    assert (city.geonames_id, str(city.latitude), city.wikidata_id) == (1528675, "42.87000", "Q9361")


def test_importing_a_title_typed_with_arabic_letters_matches_the_stored_agreement():
    made = agreement(partner(geonames_id=1528675), title_fa="یادداشت تفاهم ۱۳۹۷")
    import_agreement(partner_geonames_id="1528675", title_fa="يادداشت  تفاهم ۱۳۹۷")
    assert list(Agreement.objects.all()) == [made]


# ---------------------------------------------------------------- admin search and order


def changelist(client, model, **query):
    response = client.get(reverse(f"admin:registry_{model._meta.model_name}_changelist"), query)
    assert response.status_code == 200
    return response


def test_the_admin_finds_a_country_however_its_name_is_typed(staff_client):
    country("KR", name_fa="کرهٔ جنوبی", name_en="South Korea")
    country("KP", name_fa="کرهٔ شمالی", name_en="North Korea")
    for query in ("کره جنوبی", "کره‌جنوبی", "كره جنوبي", "south korea", "kr"):
        found = [c.code for c in changelist(staff_client, Country, q=query).context["cl"].result_list]
        assert found == ["KR"], query


def test_the_admin_finds_agreements_by_country_and_partners_without_accents(staff_client):
    country("BR", name_fa="برزیل", name_en="Brazil")
    made = agreement(partner(name_fa="سائوپائولو", name_en="São Paulo", code="BR"))
    agreement(partner(name_fa="بیشکک", name_en="Bishkek"))
    assert list(changelist(staff_client, Agreement, q="برزيل").context["cl"].result_list) == [made]
    assert [p.name_en for p in changelist(staff_client, Partner, q="sao paulo").context["cl"].result_list] == [
        "São Paulo"
    ]


COUNTRIES = [("PL", "لهستان", "Poland"), ("YE", "یمن", "Yemen"), ("CN", "چین", "China"),
             ("GE", "گرجستان", "Georgia"), ("KR", "کرهٔ جنوبی", "South Korea"), ("FR", "فرانسه", "France")]
IN_PERSIAN_ORDER = ["چین", "فرانسه", "کرهٔ جنوبی", "گرجستان", "لهستان", "یمن"]


@pytest.fixture
def countries():
    for code, name_fa, name_en in COUNTRIES:
        country(code, name_fa=name_fa, name_en=name_en)
        partner(name_fa=f"شهر {name_fa}", name_en=f"City of {name_en}", code=code)


def test_the_country_list_is_in_persian_order(staff_client, countries):
    listed = [c.name_fa for c in changelist(staff_client, Country).context["cl"].result_list]
    assert listed == IN_PERSIAN_ORDER


def test_the_country_column_sorts_in_persian_order_when_clicked(staff_client, countries):
    # The list shows code, Persian name, English name: sort by the second column, descending.
    listed = [c.name_fa for c in changelist(staff_client, Country, o="-2").context["cl"].result_list]
    assert listed == IN_PERSIAN_ORDER[::-1]


def test_the_partner_list_is_in_persian_order(staff_client, countries):
    listed = [p.name_fa for p in changelist(staff_client, Partner).context["cl"].result_list]
    assert listed == [f"شهر {name}" for name in IN_PERSIAN_ORDER]


def test_the_country_autocomplete_of_the_partner_form_is_in_persian_order(staff_client, countries):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "registry", "model_name": "partner", "field_name": "country", "term": ""},
    )
    assert [r["text"] for r in response.json()["results"]] == IN_PERSIAN_ORDER


def test_the_agreement_lists_country_filter_is_in_persian_order(staff_client, countries):
    for city in Partner.objects.all():
        agreement(city)
    response = changelist(staff_client, Agreement)
    country_filter = next(f for f in response.context["cl"].filter_specs if getattr(f, "field_path", "") == "partner__country")
    assert [label for _pk, label in country_filter.lookup_choices] == IN_PERSIAN_ORDER


def test_the_admin_finds_a_document_title_typed_with_arabic_letters(staff_client):
    from registry.models import Document

    Document.objects.create(agreement=agreement(), file="documents/x.pdf", title="متن کامل")
    Document.objects.create(agreement=agreement(), file="documents/y.pdf", title="ترجمه")
    found = [d.title for d in changelist(staff_client, Document, q="متن كامل").context["cl"].result_list]
    assert found == ["متن کامل"]


@pytest.mark.parametrize("language, expected", [
    ("fa", ["چین", "فرانسه", "کرهٔ جنوبی", "گرجستان", "لهستان", "یمن"]),
    ("en", ["China", "France", "Georgia", "Poland", "South Korea", "Yemen"]),
])
def test_the_agreement_lists_partner_column_sorts_by_the_names_shown(staff_client, countries, language, expected):
    for city in Partner.objects.all():
        agreement(city, title_en="")
    staff_client.cookies["django_language"] = language
    # The list shows title, partner, …: sort by the second column.
    listed = [a.partner.country for a in changelist(staff_client, Agreement, o="2").context["cl"].result_list]
    assert [c.name_fa if language == "fa" else c.name_en for c in listed] == expected


def test_the_agreement_lists_title_column_sorts_in_persian_order(staff_client):
    for title in ["یادداشت تفاهم", "پیمان خواهرشهری", "توافقنامه همکاری", "قرارداد"]:
        agreement(title_fa=title)
    listed = [a.title_fa for a in changelist(staff_client, Agreement, o="1").context["cl"].result_list]
    assert listed == ["پیمان خواهرشهری", "توافقنامه همکاری", "قرارداد", "یادداشت تفاهم"]
