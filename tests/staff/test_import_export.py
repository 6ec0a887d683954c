import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from import_export.formats.base_formats import XLSX

from registry import jalali
from registry.models import Agreement, Partner
from staff.resources import CSV, FORMATS_BY_NAME, ActivityResource, AgreementResource, PartnerResource

from tests.builders import agreement, country, partner, staff

EXPORT_CSV = FORMATS_BY_NAME["csv"]

HEADERS = [
    "partner_geonames_id", "partner_wikidata_id", "partner_country", "partner_name_en", "partner_name_fa",
    "partner_latitude", "partner_longitude", "title_fa", "title_en", "instrument", "relationship",
    "status", "status_date", "signed_on",
]


def row(**values):
    base = {
        "partner_geonames_id": "", "partner_wikidata_id": "", "partner_country": "KG",
        "partner_name_en": "Bishkek", "partner_name_fa": "بیشکک", "partner_latitude": "42.87",
        "partner_longitude": "74.59", "title_fa": "معاهده خواهر شهری", "title_en": "Sister city treaty",
        "instrument": "treaty", "relationship": "sister_city", "status": "active",
        "status_date": "1373/03/02", "signed_on": "1373/03/02",
    }
    base.update(values)
    return base


def csv_text(rows, headers=HEADERS):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def import_csv(data, dry_run=False, resource=AgreementResource, **kwargs):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return resource().import_data(CSV().create_dataset(data), dry_run=dry_run, file_name="test.csv", **kwargs)


def errors_of(result):
    return {(invalid.number, column): " ".join(messages)
            for invalid in result.invalid_rows for column, messages in invalid.error_dict.items()}


@pytest.mark.django_db
def test_an_exported_file_edited_and_imported_back_updates_exactly_the_edited_rows():
    kept = agreement(partner(geonames_id=1528675))
    edited = agreement(partner("Dushanbe", "دوشنبه", code="TJ"), title_fa="قرارداد خواهر شهری")
    rows = list(csv.DictReader(io.StringIO(AgreementResource().export().csv)))
    rows[1]["title_en"] = "Sister city contract (revised)"
    result = import_csv(csv_text(rows, headers=list(rows[0])))
    assert (result.totals["update"], result.totals["skip"], result.totals["new"]) == (1, 1, 0)
    assert [r.import_type for r in result.rows] == ["skip", "update"]  # skipped rows are reported
    edited.refresh_from_db()
    assert edited.title_en == "Sister city contract (revised)"
    assert Agreement.objects.get(pk=kept.pk).updated_at == kept.updated_at


@pytest.mark.django_db
def test_an_exported_xlsx_imported_back_changes_nothing():
    agreement(partner(geonames_id=1528675), signed_on=None, status="draft")
    data = XLSX().export_data(AgreementResource().export())
    result = AgreementResource().import_data(XLSX().create_dataset(data), file_name="export.xlsx")
    assert result.totals["skip"] == 1 and not result.has_validation_errors()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad, column, message",
    [
        ({"partner_country": "XX", "partner_name_en": "Atlantis"}, "partner_country", "Unknown country"),
        ({"signed_on": "1396/13/01"}, "signed_on", "no month 13"),
        ({"signed_on": "1396/12/31"}, "signed_on", "has no day 31"),
        ({"partner_latitude": "123", "partner_name_en": "Nowhere"}, "partner_latitude", "between -90 and 90"),
        ({"title_fa": ""}, "title_fa", "cannot be blank"),
        ({"status": "asleep"}, "status", "not a known status"),
        # Rules the database checks as it writes (the model's constraints), explained as the model words them.
        ({"partner_country": "", "partner_name_en": "Nowhere"}, "partner", "Only an international organisation"),
        ({"partner_wikidata_id": "Q12x", "partner_name_en": "Nowhere"}, "partner", "looks like Q9248"),
    ],
)
def test_a_file_with_one_bad_row_among_many_writes_nothing(bad, column, message):
    country("KG")
    with translation.override("en"):
        rows = [row(title_fa=f"تفاهم نامه همکاری {n}", partner_name_en=f"City {n}") for n in range(8)]
        rows[5] = row(**{"title_fa": "تفاهم نامه", **bad})
        result = import_csv(csv_text(rows))
    assert Agreement.objects.count() == 0 and Partner.objects.count() == 0
    assert list(errors_of(result)) == [(6, column)]
    assert message in errors_of(result)[(6, column)]


@pytest.mark.django_db
def test_errors_are_reported_in_persian_for_a_persian_user():
    country("KG")
    with translation.override("fa"):
        result = import_csv(csv_text([row(status="asleep", partner_country="XX")]))
    messages = " ".join(errors_of(result).values())
    assert "وضعیت" in messages and "کشور" in messages


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1256"])
def test_csv_files_in_each_encoding_persian_excel_writes_are_read(encoding):
    country("KG")
    # Persian Excel writes Arabic ي and ك (Windows-1256 has no Persian ی).
    text = csv_text([row(title_fa="تفاهم نامه همكاري", partner_name_fa="بيشكك")])
    result = import_csv(text.encode(encoding))
    assert not result.has_validation_errors() and not result.has_errors()
    made = Agreement.objects.get()
    assert made.title_fa == "تفاهم نامه همکاری" and made.partner.name_fa == "بیشکک"


@pytest.mark.django_db
def test_jalali_dates_in_persian_digits_and_month_precision_are_read():
    country("KG")
    import_csv(csv_text([row(signed_on="۱۳۹۶/۷/۲۶", status_date="1380/11")]))
    made = Agreement.objects.get()
    assert (made.signed_on.isoformat(), made.signed_precision) == ("2017-10-18", "day")
    change = made.status_changes.get()
    assert (change.date.isoformat(), change.precision) == ("2002-01-21", "month")


@pytest.mark.django_db
def test_gregorian_iso_dates_are_read_too():
    country("KG")
    import_csv(csv_text([row(signed_on="2017-10-18")]))
    assert Agreement.objects.get().signed_on.isoformat() == "2017-10-18"


@pytest.mark.django_db
def test_the_partner_is_matched_by_geonames_id_before_its_name():
    known = partner("Bishkek", geonames_id=1528675)
    import_csv(csv_text([row(partner_geonames_id="1528675", partner_name_en="Frunze")]))
    assert Agreement.objects.get().partner == known and Partner.objects.count() == 1


@pytest.mark.django_db
def test_the_partner_is_matched_by_wikidata_id():
    known = partner("Bishkek", wikidata_id="Q9361")
    import_csv(csv_text([row(partner_wikidata_id="Q9361", partner_name_en="Frunze")]))
    assert Agreement.objects.get().partner == known


@pytest.mark.django_db
def test_the_partner_is_matched_by_country_and_english_name_whatever_the_case():
    known = partner("Bishkek")
    import_csv(csv_text([row(partner_name_en="BISHKEK")]))
    assert Agreement.objects.get().partner == known


@pytest.mark.django_db
def test_a_new_partner_is_created_once_for_rows_that_name_the_same_city():
    country("KG")
    import_csv(csv_text([row(), row(title_fa="تفاهم نامه همکاری")]))
    assert Partner.objects.count() == 1 and Agreement.objects.count() == 2


@pytest.mark.django_db
def test_imported_status_is_recorded_as_a_status_change():
    existing = agreement(status="active")
    rows = list(csv.DictReader(io.StringIO(AgreementResource().export().csv)))
    rows[0].update(status="lapsed", status_date="1400/01/01")
    result = import_csv(csv_text(rows, headers=list(rows[0])))
    assert result.totals["update"] == 1
    existing.refresh_from_db()
    assert existing.recorded_status == "lapsed"
    assert list(existing.status_changes.values_list("status", flat=True)) == ["active", "lapsed"]
    assert "test.csv" in existing.status_changes.last().reason


@pytest.mark.django_db
def test_an_import_is_recorded_in_the_audit_trail_with_its_file_and_user():
    country("KG")
    user = staff("editor")
    import_csv(csv_text([row()]), user=user)
    made = Agreement.objects.get()
    for record in (made.history.get(), made.partner.history.get(), made.status_changes.get().history.get()):
        assert record.history_user == user
        assert "test.csv" in record.history_change_reason
        assert record.history_type == "+"


@pytest.mark.django_db
def test_a_dry_run_writes_nothing_but_reports_each_row():
    country("KG")
    result = import_csv(csv_text([row(), row(title_fa="تفاهم نامه همکاری")]), dry_run=True)
    assert result.totals["new"] == 2 and Agreement.objects.count() == 0


@pytest.mark.django_db
def test_an_unknown_agreement_id_is_refused_rather_than_created():
    country("KG")
    text = csv_text([{"id": "999", **row()}], headers=["id", *HEADERS])
    result = import_csv(text)
    assert "id" in dict(result.invalid_rows[0].error_dict) and Agreement.objects.count() == 0


@pytest.mark.django_db
def test_partners_import_matches_by_geonames_id_without_an_id_column():
    known = partner("Bishkek", geonames_id=1528675)
    text = "kind,name_fa,name_en,country,latitude,longitude,geonames_id,wikidata_id\n" \
           "city,بيشكك,Bishkek,KG,42.87,74.59,1528675,Q9361\n"
    result = import_csv(text, resource=PartnerResource)
    assert result.totals["update"] == 1
    known.refresh_from_db()
    assert (known.name_fa, known.wikidata_id) == ("بیشکک", "Q9361")


@pytest.mark.django_db
def test_an_agreement_ending_before_it_was_signed_is_refused_with_the_models_words():
    country("KG")
    with translation.override("en"):
        result = import_csv(csv_text([
            row(title_fa="تفاهم نامه همکاری ۱"),
            row(title_fa="تفاهم نامه همکاری ۲", ends_on="1372/01/01"),
            row(title_fa="تفاهم نامه همکاری ۳"),
        ], headers=[*HEADERS, "ends_on"]))
    assert errors_of(result) == {(2, "__all__"): "An agreement must end after it was signed."}
    assert Agreement.objects.count() == 0 and Partner.objects.count() == 0


@pytest.mark.django_db
def test_a_partner_given_another_partners_wikidata_id_is_refused():
    partner("Bishkek", wikidata_id="Q9361")
    osh = partner("Osh", "اوش")
    text = f"id,kind,name_fa,name_en,country,wikidata_id\n{osh.pk},city,اوش,Osh,KG,Q9361\n"
    with translation.override("en"):
        result = import_csv(text, resource=PartnerResource)
    assert errors_of(result) == {(1, "__all__"): "Another partner has this Wikidata id."}
    osh.refresh_from_db()
    assert osh.wikidata_id == ""


@pytest.mark.django_db
def test_a_partner_at_latitude_123_is_refused():
    country("KG")
    text = "kind,name_fa,name_en,country,latitude,longitude\ncity,جایی,Nowhere,KG,123,10\n"
    with translation.override("en"):
        result = import_csv(text, resource=PartnerResource)
    assert "between -90 and 90" in " ".join(errors_of(result).values())
    assert Partner.objects.count() == 0


@pytest.mark.django_db
def test_activities_import_with_jalali_dates_and_kind_labels():
    made = agreement()
    text = f"agreement,date,kind,description_fa\n{made.pk},1402/05,Delegation Visit,سفر شهردار\n"
    result = import_csv(text, resource=ActivityResource)
    assert not result.has_validation_errors()
    activity = made.activities.get()
    assert (activity.kind, activity.precision) == ("visit", "month")


@pytest.mark.django_db
def test_choices_may_be_given_by_their_persian_labels():
    made = agreement()
    text = f"agreement,date,kind\n{made.pk},1402/05/01,سفر هیئت\n"
    import_csv(text, resource=ActivityResource)
    assert made.activities.get().kind == "visit"


@pytest.mark.django_db
def test_export_escapes_spreadsheet_formulae():
    agreement(title_en="=HYPERLINK(\"http://evil\")")
    data = EXPORT_CSV().export_data(AgreementResource().export())
    assert "'=HYPERLINK" in data


@pytest.mark.django_db
def test_import_agreements_command_exits_non_zero_and_writes_nothing_when_a_row_is_invalid(tmp_path, capsys):
    country("KG")
    path = tmp_path / "links.csv"
    path.write_text(csv_text([row(), row(signed_on="1396/13/01")]), encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_agreements", str(path))
    assert "row 3: signed_on:" in capsys.readouterr().err
    assert Agreement.objects.count() == 0


@pytest.mark.django_db
def test_import_agreements_command_prints_each_row_and_imports(tmp_path, capsys):
    country("KG")
    path = tmp_path / "links.csv"
    path.write_text(csv_text([row()]), encoding="utf-8-sig")
    call_command("import_agreements", str(path))
    out = capsys.readouterr().out
    assert "row 2: new" in out and "1 new" in out
    assert Agreement.objects.count() == 1


@pytest.mark.django_db
def test_import_agreements_dry_run_writes_nothing(tmp_path, capsys):
    country("KG")
    path = tmp_path / "links.csv"
    path.write_text(csv_text([row()]), encoding="utf-8")
    call_command("import_agreements", str(path), "--dry-run")
    assert "Dry run" in capsys.readouterr().out and Agreement.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_export_agreements_command_writes_each_format(tmp_path, file_format):
    agreement()
    path = tmp_path / f"out.{file_format}"
    call_command("export_agreements", "--format", file_format, "--output", str(path))
    data = path.read_bytes()
    if file_format == "json":
        assert json.loads(data)[0]["title_fa"] == "معاهده خواهر شهری"
    elif file_format == "xlsx":
        assert data[:2] == b"PK"
    else:
        assert "معاهده خواهر شهری" in data.decode("utf-8")


@pytest.mark.django_db
def test_importing_the_same_spreadsheet_twice_makes_no_duplicates():
    country("KG")
    text = csv_text([row(), row(title_fa="تفاهم نامه همکاری")])
    import_csv(text)
    again = import_csv(text)
    assert again.totals["skip"] == 2 and Agreement.objects.count() == 2


@pytest.mark.django_db
def test_a_row_without_id_updates_the_agreement_with_the_same_partner_and_title():
    existing = agreement(partner(geonames_id=1528675))
    import_csv(csv_text([row(partner_geonames_id="1528675", title_en="Treaty of sister cities")]))
    existing.refresh_from_db()
    assert existing.title_en == "Treaty of sister cities" and Agreement.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("resource", [PartnerResource, ActivityResource])
def test_an_exported_partner_or_activity_file_imports_back_unchanged(resource):
    from registry.models import Activity

    made = agreement(partner(geonames_id=1528675, latitude="42.87000", longitude="74.59000"))
    month = jalali.parse("1373/03")  # a month-precise date is the month's first day
    Activity.objects.create(agreement=made, date=month.date, precision=month.precision, kind="visit",
                            description_fa="بازدید")
    exported = CSV().export_data(resource().export())
    result = import_csv(exported, resource=resource)
    assert result.totals["skip"] == 1 and result.totals["update"] == 0 and not result.has_validation_errors()
