"""The staff desk reads the registry's time rules as the public site does:
the annual report, the admin list and its filters."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from registry import jalali
from registry.models import PRESIDENCY, Activity, Period, PeriodSeries, StatusChange
from staff import reports
from tests import builders as build

pytestmark = pytest.mark.django_db

SIGNED = jalali.parse("1391/01/01").date
ENDS = jalali.parse("1395/01/15").date


@pytest.fixture
def ended():
    return build.agreement(signed_on=SIGNED, ends_on=ENDS)


@pytest.fixture
def mordad_1392():
    series = PeriodSeries.objects.create(slug=PRESIDENCY, name_fa="ریاست جمهوری", name_en="Presidency")
    for slug, start, end in [("ahmadinejad", "1384/05/12", "1392/05/12"), ("rouhani", "1392/05/12", "1400/05/12")]:
        Period.objects.create(
            series=series, slug=slug, name_fa=slug, name_en=slug.title(),
            start=jalali.parse(start).date, end=jalali.parse(end).date,
        )
    date = jalali.parse("1392/05")
    return build.agreement(signed_on=date.date, signed_precision=date.precision)


def totals(year):
    with translation.override("en"):
        return dict(reports.for_jalali_year(year).totals)


@pytest.mark.parametrize("year", [1396, 1399, 1403])
def test_an_ended_agreement_is_not_in_force_at_the_end_of_later_years(ended, year):
    assert totals(year)["In force at the end of the year"] == 0


def test_an_ended_agreement_is_in_force_at_the_end_of_the_years_before_its_end(ended):
    assert totals(1394)["In force at the end of the year"] == 1


def test_an_ended_agreement_is_never_a_dormant_link(ended):
    with translation.override("en"):
        assert reports.for_jalali_year(1403, dormant_years=1).dormant.rows == []


def test_the_report_of_the_year_it_ended_counts_the_lapse_with_its_reason(ended):
    with translation.override("en"):
        report = reports.for_jalali_year(1395)
    assert dict(report.totals)["Lapsed during the year"] == 1
    [row] = report.status_changes.rows
    assert (row[1], row[4], row[6]) == (jalali.parse("1395/01/16").date, "lapsed", "ended on 2016-04-03")


def test_a_renewed_agreement_is_in_force_again(ended):
    StatusChange.objects.create(agreement=ended, status="active", date=jalali.parse("1395/06/01").date)
    Activity.objects.create(agreement=ended, date=jalali.parse("1399/06/01").date, kind="visit")
    assert totals(1399)["In force at the end of the year"] == 1


def test_the_report_counts_an_uncertain_administration_in_its_own_row(mordad_1392):
    with translation.override("en"):
        report = reports.for_jalali_year(1392)
    assert [row[0] for row in report.by_administration.rows] == [
        "uncertain (signed in a month or year that spans a handover)"
    ]
    assert report.signed.rows[0][7] == "uncertain: Ahmadinejad or Rouhani"  # the one label (period_label)


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.create_superuser("boss", "", "x"))
    return client


def changelist(client, **query):
    return list(client.get(reverse("admin:registry_agreement_changelist"), query).context["cl"].result_list)


def test_the_admin_filters_uncertain_administrations_apart(staff_client, mordad_1392):
    assert [a.pk for a in changelist(staff_client, administration="uncertain")] == [mordad_1392.pk]
    assert changelist(staff_client, administration="ahmadinejad") == []
    assert changelist(staff_client, administration="rouhani") == []


def test_the_admin_status_filter_reads_the_status_today(staff_client, ended):
    assert changelist(staff_client, status="active") == []
    assert [a.pk for a in changelist(staff_client, status="lapsed")] == [ended.pk]


def test_the_admin_list_shows_the_lapse_by_end_date(staff_client, ended):
    html = staff_client.get(reverse("admin:registry_agreement_change", args=[ended.pk])).content.decode()
    assert "status-lapsed" in html and "پایان یافته در ۱۳۹۵/۱/۱۵" in html
