"""The mayors' terms: entered from a CSV file (all or nothing), then
counted in the annual report and filtered on in the admin."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from registry.models import MAYOR, Agreement, Period, PeriodSeries
from staff import reports

pytestmark = pytest.mark.django_db

HEADER = "slug,name_fa,name_en,start,end,label_fa,label_en\n"


@pytest.fixture
def series(db):
    return PeriodSeries.objects.get_or_create(
        slug=MAYOR, defaults={"name_fa": "شهرداری تهران", "name_en": "Mayor of Tehran"}
    )[0]


def write(tmp_path, text):
    path = tmp_path / "mayors.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_periods_reads_jalali_and_iso_days(series, tmp_path):
    path = write(tmp_path, HEADER + "a,شهردار الف,Mayor A,۱۳۷۳/۱۰/۱۱,2005-01-01,,\nb,شهردار ب,Mayor B,1383/10/12,,,\n")
    call_command("import_periods", path)
    periods = list(Period.objects.of_series(MAYOR).values_list("slug", "start", "end"))
    assert periods == [("a", datetime.date(1995, 1, 1), datetime.date(2005, 1, 1)),
                       ("b", datetime.date(2005, 1, 1), None)]


def test_import_periods_writes_nothing_when_two_terms_overlap(series, tmp_path):
    path = write(tmp_path, HEADER + "a,الف,A,2000-01-01,2006-01-01,,\nb,ب,B,2005-01-01,,,\n")
    with pytest.raises(CommandError, match="line 3"):
        call_command("import_periods", path)
    assert not Period.objects.filter(series=series).exists()


def test_import_periods_refuses_a_month_where_a_day_is_needed(series, tmp_path):
    path = write(tmp_path, HEADER + "a,الف,A,1380/11,,,\n")
    with pytest.raises(CommandError, match="line 2"):
        call_command("import_periods", path)
    assert not Period.objects.exists() or not Period.objects.filter(series=series).exists()


def test_import_periods_dry_run_writes_nothing(series, tmp_path):
    call_command("import_periods", write(tmp_path, HEADER + "a,الف,A,2000-01-01,,,\n"), "--dry-run")
    assert not Period.objects.filter(series=series).exists()


@pytest.fixture
def mayors(seeded, series):
    return [
        Period.objects.create(series=series, slug="first", name_fa="شهردار یکم", name_en="First mayor",
                              start=datetime.date(1995, 1, 1), end=datetime.date(2005, 1, 1)),
        Period.objects.create(series=series, slug="second", name_fa="شهردار دوم", name_en="Second mayor",
                              start=datetime.date(2005, 1, 1)),
    ]


def test_the_annual_report_counts_by_mayor_when_asked(mayors, english):
    report = reports.for_gregorian_year(2015, series=MAYOR)
    table = next(t for t in report.tables if "Mayor of Tehran" in str(t.title))
    signed_2015 = Agreement.objects.concluded().filter(signed_on__year=2015).count()
    assert table.headers[0] == "Mayor of Tehran"
    assert [row[0] for row in table.rows][:2] == ["First mayor", "Second mayor"]
    assert sum(row[2] for row in table.rows) == signed_2015


def test_the_admin_filters_agreements_by_mayor(client, mayors):
    client.force_login(User.objects.create_superuser("boss", "", "x"))
    response = client.get("/admin/registry/agreement/", {"mayor": "first"})
    shown = {a.pk for a in response.context["cl"].result_list}
    expected = set(Agreement.objects.filter(signed_on__gte=datetime.date(1995, 1, 1),
                                            signed_on__lt=datetime.date(2005, 1, 1), signed_precision="day")
                   .values_list("pk", flat=True))
    assert expected and expected <= shown
    assert all(a.signed_on and a.signed_on < datetime.date(2005, 1, 1) for a in response.context["cl"].result_list)
