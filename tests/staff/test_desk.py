"""The staff desk in the reader's language: digits, directions, counts,
exports headed in Persian, import previews that show only the change."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.models import Agreement, Partner, StatusChange
from staff.forms import AnnualReportForm
from staff.resources import CSV, IMPORT_FORMATS, AgreementResource

from tests.builders import agreement, partner

pytestmark = pytest.mark.django_db

CSV_FORMAT = str([i for i, f in enumerate(IMPORT_FORMATS) if f is CSV][0])


@pytest.fixture
def boss(client):
    client.force_login(User.objects.create_superuser("boss", "", "x"))
    return client


def test_the_report_year_takes_persian_and_arabic_indic_digits():
    for typed in ("۱۴۰۳", "١٤٠٣", "1403"):
        form = AnnualReportForm({"calendar": "jalali", "year": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["year"] == 1403


def test_the_report_year_box_is_a_text_box_with_the_numeric_keypad():
    html = str(AnnualReportForm()["year"])
    assert 'type="text"' in html and 'inputmode="numeric"' in html and 'type="number"' not in html


def test_the_report_year_box_shows_its_year_in_persian_digits_on_persian_pages():
    assert 'value="۱۴۰۳"' in str(AnnualReportForm({"calendar": "jalali", "year": "1403"})["year"])


def test_the_changelist_counts_in_persian_digits_with_the_singular_noun(boss):
    for n in range(3):
        agreement(partner(f"City {n}", f"شهر {n}", geonames_id=n + 1))
    body = boss.get(reverse("admin:registry_agreement_changelist")).content.decode()
    assert "۳ سند" in body and "3 اسناد" not in body


def test_the_changelist_counts_in_english_with_the_plural(boss):
    for n in range(3):
        agreement(partner(f"City {n}", f"شهر {n}", geonames_id=n + 1))
    boss.cookies["django_language"] = "en"
    body = boss.get(reverse("admin:registry_agreement_changelist")).content.decode()
    assert "3 agreements" in body


def test_english_and_identifier_boxes_read_left_to_right_and_free_text_by_its_own_letters(boss):
    made = agreement()
    form = boss.get(reverse("admin:registry_partner_change", args=[made.partner.pk])).context["adminform"].form
    assert form.fields["geonames_id"].widget.attrs["dir"] == "ltr"
    assert form.fields["name_en"].widget.attrs["dir"] == "ltr"
    assert form.fields["name_fa"].widget.attrs["dir"] == "rtl"
    agreement_form = boss.get(reverse("admin:registry_agreement_change", args=[made.pk])).context["adminform"].form
    assert agreement_form.fields["title_en"].widget.attrs["dir"] == "ltr"
    assert agreement_form.fields["source"].widget.attrs["dir"] == "auto"


def test_a_partner_saved_with_persian_digits_keeps_its_numbers(boss):
    from tests.builders import country

    country("KG")
    response = boss.post(reverse("admin:registry_partner_add"), {
        "kind": "city", "name_fa": "اوش", "name_en": "Osh", "country": "KG",
        "latitude": "۴۰٫۵۱۳۳", "longitude": "۷۲.۸۱۶۱", "geonames_id": "۱۵۲۷۵۳۴", "wikidata_id": "",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    osh = Partner.objects.get(name_en="Osh")
    assert (str(osh.latitude), str(osh.longitude), osh.geonames_id) == ("40.51330", "72.81610", 1527534)


def export(client, file_format):
    from staff.resources import EXPORT_FORMATS

    form = client.get(reverse("admin:registry_agreement_export")).context["form"]
    data = {name: "on" for name in form.fields if name.startswith("agreementresource_")}
    formats = [i for i, f in enumerate(EXPORT_FORMATS) if f().get_extension() == file_format]
    data.update({"format": str(formats[0]), "resource": "0"})
    return client.post(reverse("admin:registry_agreement_export"), data)


def test_an_xlsx_export_in_persian_has_persian_headers_a_named_sheet_and_real_numbers(boss):
    agreement(partner(geonames_id=1528675, latitude="42.87", longitude="74.59"), is_public=True)
    book = openpyxl.load_workbook(io.BytesIO(export(boss, "xlsx").content))
    sheet = book.active
    assert sheet.title == "اسناد"
    rows = list(sheet.iter_rows(values_only=True))
    headers, first = rows[0], dict(zip(rows[0], rows[1]))
    assert "عنوان (فارسی)" in headers and "title_fa" not in headers
    assert first["طرف پیوند: شناسه GeoNames"] == 1528675
    assert first["طرف پیوند: عرض جغرافیایی"] == pytest.approx(42.87)
    assert first["عمومی"] is True


def test_the_export_page_names_the_columns_in_persian(boss):
    body = boss.get(reverse("admin:registry_agreement_export")).content.decode()
    assert "عنوان (فارسی)" in body and "Title Fa" not in body and "Partner Geonames Id" not in body


def test_an_import_reads_a_file_headed_in_persian(boss):
    made = agreement(partner(geonames_id=1528675))
    resource = AgreementResource(labelled=True)
    dataset = resource.export()
    title = dataset.headers.index("عنوان (انگلیسی)")
    rows = [list(r) for r in dataset]
    rows[0][title] = "Treaty of friendship"
    dataset = dataset.__class__(*rows, headers=dataset.headers)
    result = AgreementResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    made.refresh_from_db()
    assert made.title_en == "Treaty of friendship"


def upload(client, rows):
    text = io.StringIO()
    writer = csv.writer(text)
    for row in rows:
        writer.writerow(row)
    return client.post(
        reverse("admin:registry_agreement_import"),
        {"format": CSV_FORMAT, "import_file": SimpleUploadedFile("links.csv", text.getvalue().encode("utf-8"))},
    )


def test_the_import_preview_shows_only_the_changed_column_of_a_changed_row(boss):
    edited = agreement(partner(geonames_id=1528675), title_en="Old title")
    untouched = agreement(partner("Dushanbe", "دوشنبه", code="TJ", geonames_id=1221874), title_en="Same")
    dataset = AgreementResource().export()
    rows = [dataset.headers] + [list(r) for r in dataset]
    title = dataset.headers.index("title_en")
    rows[1 if rows[1][0] == str(edited.pk) else 2][title] = "New title"
    body = upload(boss, rows).content.decode()
    preview = body[body.index('<table class="import-changes"'):]
    preview = preview[:preview.index("</table>")]
    assert "<bdi>Old title</bdi>" in preview and "<bdi>New title</bdi>" in preview
    # One changed row listed; the unchanged one counted, not listed.
    assert preview.count("<tr class=\"import-update\">") == 1
    assert "Same" not in preview and "دوشنبه" not in preview
    assert "عنوان (انگلیسی)" in preview and "عنوان (فارسی)" not in preview
    assert untouched.pk


def test_a_status_reason_shows_in_english_on_english_pages_and_says_when_it_has_none(client):
    made = agreement()
    StatusChange.objects.create(agreement=made, status="suspended", reason="تعلیق به درخواست شهر", reason_en="")
    StatusChange.objects.create(agreement=made, status="active", reason="از سرگیری", reason_en="Resumed")
    body = client.get(f"/en/agreements/{made.pk}/").content.decode()
    assert "Resumed" in body and "no English text" in body
    assert "تعلیق به درخواست شهر" not in body
    persian = client.get(f"/fa/agreements/{made.pk}/").content.decode()
    assert "تعلیق به درخواست شهر" in persian and "از سرگیری" in persian


def test_the_seed_gives_new_south_wales_its_reason_in_english(seeded):
    lapsed = StatusChange.objects.get(agreement__partner__name_en="New South Wales", status="lapsed")
    assert lapsed.reason and lapsed.reason_en.startswith("It was in force for a time")


def test_the_history_of_an_agreement_shows_its_status_becoming_active(boss):
    made = agreement(status="draft")
    StatusChange.objects.create(agreement=made, status="active", date=made.signed_on.replace(year=2000), reason="امضا")
    body = boss.get(reverse("admin:registry_agreement_history", args=[made.pk])).content.decode()
    assert "<strong>وضعیت سند:</strong> <bdi>پیش‌نویس</bdi>&nbsp;&larr;&nbsp;<bdi>فعال</bdi>" in body
    assert Agreement.objects.get(pk=made.pk).recorded_status == "active"
