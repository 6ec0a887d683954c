import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from registry.models import Activity, Agreement, Country, Document, Partner, Period, PeriodSeries, StatusChange

pytestmark = pytest.mark.django_db

ADMIN_MODELS = [Country, Partner, Agreement, Period, PeriodSeries, Activity, Document, User]


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.create_superuser("boss", "", "x"))
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("view", ["changelist", "add"])
def test_every_admin_list_and_add_page_opens_in_each_language(seeded, staff_client, language, model, view):
    staff_client.cookies["django_language"] = language
    response = staff_client.get(admin_url(model, view))
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


def test_a_page_number_past_the_end_of_an_admin_list_leads_back_to_the_list(seeded, staff_client):
    pages = -(-Country.objects.count() // 50)  # the country list shows 50 a page
    assert pages > 1
    response = staff_client.get(admin_url(Country, "changelist") + f"?p={pages + 3}", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain and response.redirect_chain[-1][0].endswith("?e=1")
    assert 'lang="fa"' in response.content.decode()


def test_the_admin_is_persian_and_right_to_left_for_an_english_browser(staff_client):
    response = staff_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="fa" dir="rtl"' in response.content.decode()


def test_the_agreement_change_page_shows_jalali_dates_and_the_status_history(seeded, staff_client):
    quds = Agreement.objects.get(partner__name_en="Quds (Jerusalem)")
    page = staff_client.get(admin_url(Agreement, "change", quds.pk)).content.decode()
    assert 'value="۱۳۸۰/۱۱"' in page
    assert "status-badge status-active" in page


def test_the_action_counter_is_written_in_persian_digits_before_any_script_runs(seeded, staff_client):
    page = staff_client.get(admin_url(Agreement, "changelist")).content.decode()
    counter = re.search(r'<span class="action-counter"[^>]*>([^<]*)</span>', page)[1]
    assert "۰" in counter and f"{Agreement.objects.count()}" not in counter
    assert not re.search(r"[0-9]", counter)


def test_the_admins_javascript_catalogue_is_built_once_then_answered_304(staff_client):
    url = reverse("admin:jsi18n")
    first = staff_client.get(url)
    assert first.status_code == 200 and "no-cache" in first["Cache-Control"]
    again = staff_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"] and not again.content


def test_a_catalogue_kept_in_one_language_is_not_taken_for_the_other(staff_client):
    url = reverse("admin:jsi18n")
    persian = staff_client.get(url)
    staff_client.cookies["django_language"] = "en"
    english = staff_client.get(url, HTTP_IF_NONE_MATCH=persian["ETag"])
    assert english.status_code == 200 and english.content != persian.content


@pytest.mark.parametrize("query", ["يادداشت تفاهم", "یادداشت‌تفاهم", "یادداشت تفاهم"])
def test_admin_search_finds_memoranda_however_the_words_are_typed(seeded, staff_client, query):
    response = staff_client.get(admin_url(Agreement, "changelist"), {"q": query})
    found = {a.partner.name_en for a in response.context["cl"].result_list}
    assert {"Tshwane", "Saint Petersburg", "Bangkok", "Hanoi", "Freetown", "New South Wales"} <= found
    assert "Bishkek" not in found


def test_admin_filters_agreements_by_derived_administration(seeded, staff_client):
    response = staff_client.get(admin_url(Agreement, "changelist"), {"administration": "rafsanjani"})
    assert response.context["cl"].result_count == 4


def agreement_form(partner, **overrides):
    data = {
        "partner": partner.pk,
        "title_fa": "یادداشت تفاهم همکاری",
        "title_en": "New memorandum with Bishkek",
        "instrument": "mou",
        "relationship": "cooperation",
        "signed_on": "۱۴۰۳/۵/۱۲",
        "ends_on": "",
        "review_on": "",
        "is_public": "on",
        "status_changes-TOTAL_FORMS": "1",
        "status_changes-INITIAL_FORMS": "0",
        "status_changes-0-status": "active",
        "status_changes-0-date": "1403/05/12",
        "activities-TOTAL_FORMS": "0",
        "activities-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "claims-TOTAL_FORMS": "0",
        "claims-INITIAL_FORMS": "0",
        "fact_notes-TOTAL_FORMS": "0",
        "fact_notes-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_staff_add_an_agreement_with_a_jalali_date_and_its_first_status(seeded, staff_client):
    partner = Partner.objects.get(name_en="Bishkek")
    response = staff_client.post(admin_url(Agreement, "add"), agreement_form(partner))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    agreement = Agreement.objects.get(title_en="New memorandum with Bishkek")
    assert agreement.signed_on.isoformat() == "2024-08-02"
    assert agreement.signed_precision == "day"
    assert agreement.recorded_status == "active"
    assert StatusChange.objects.filter(agreement=agreement).count() == 1


def test_a_month_precise_signing_date_is_kept_with_its_precision(seeded, staff_client):
    partner = Partner.objects.get(name_en="Bishkek")
    staff_client.post(admin_url(Agreement, "add"), agreement_form(partner, signed_on="بهمن ۱۴۰۲"))
    agreement = Agreement.objects.get(title_en="New memorandum with Bishkek")
    assert (agreement.signed_on.isoformat(), agreement.signed_precision) == ("2024-01-21", "month")


def test_an_impossible_jalali_date_is_refused_with_a_persian_message_and_nothing_is_saved(seeded, staff_client):
    partner = Partner.objects.get(name_en="Bishkek")
    before = Agreement.objects.count()
    response = staff_client.post(admin_url(Agreement, "add"), agreement_form(partner, signed_on="1400/12/30"))
    assert response.status_code == 200
    assert "روز ۳۰ ندارد" in response.content.decode()
    assert Agreement.objects.count() == before


def test_status_cannot_be_set_directly_on_the_agreement_form(seeded, staff_client):
    bishkek = Agreement.objects.get(partner__name_en="Bishkek")
    form = agreement_form(bishkek.partner, status="terminated", **{"status_changes-TOTAL_FORMS": "0"})
    staff_client.post(admin_url(Agreement, "change", bishkek.pk), form)
    bishkek.refresh_from_db()
    assert bishkek.recorded_status == "active"


def test_staff_add_a_period_with_jalali_dates(seeded, staff_client):
    series = PeriodSeries.objects.get(slug="mayor")
    response = staff_client.post(
        admin_url(Period, "add"),
        {"series": series.pk, "slug": "karbaschi", "name_fa": "غلامحسین کرباسچی", "name_en": "Gholamhossein Karbaschi",
         "start": "1368/05/12", "end": "1377/04/20"},
    )
    assert response.status_code == 302
    period = Period.objects.get(slug="karbaschi")
    assert period.start.isoformat() == "1989-08-03"


def test_an_overlapping_period_is_refused_in_the_admin(seeded, staff_client):
    series = PeriodSeries.objects.get(slug="presidency")
    response = staff_client.post(
        admin_url(Period, "add"),
        {"series": series.pk, "slug": "extra", "name_fa": "x", "name_en": "x", "start": "1380/01/01", "end": "1381/01/01"},
    )
    assert response.status_code == 200
    assert not Period.objects.filter(slug="extra").exists()


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("model", [Country, Partner, Agreement, Period, PeriodSeries], ids=lambda m: m.__name__)
def test_every_seeded_record_opens_for_change_in_each_language(seeded, staff_client, language, model):
    staff_client.cookies["django_language"] = language
    record = model.objects.first()
    assert staff_client.get(admin_url(model, "change", record.pk)).status_code == 200


def test_the_agreement_list_keeps_a_fixed_number_of_queries(seeded, staff_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        staff_client.get(admin_url(Agreement, "changelist"))
