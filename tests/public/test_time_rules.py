"""The public site reads the registry's time rules the same way on every
page: an end date lapses an agreement, a month or a year that spans a
handover is placed in no administration."""


import json

import pytest

from registry import jalali
from registry.models import PRESIDENCY, Period, PeriodSeries, StatusChange
from tests import builders as build

pytestmark = pytest.mark.django_db

SIGNED = jalali.parse("1391/01/01").date
ENDS = jalali.parse("1395/01/15").date


@pytest.fixture
def ended():
    """Active since 1391, for a fixed term that ended on 1395/01/15."""
    bishkek = build.partner(latitude=42.87, longitude=74.59)
    return build.agreement(bishkek, signed_on=SIGNED, ends_on=ENDS)


@pytest.fixture
def presidencies():
    series = PeriodSeries.objects.create(slug=PRESIDENCY, name_fa="ریاست جمهوری", name_en="Presidency")
    for slug, name_fa, name_en, start, end in [
        ("ahmadinejad", "محمود احمدی‌نژاد", "Mahmoud Ahmadinejad", "1384/05/12", "1392/05/12"),
        ("rouhani", "حسن روحانی", "Hassan Rouhani", "1392/05/12", "1400/05/12"),
    ]:
        Period.objects.create(
            series=series, slug=slug, name_fa=name_fa, name_en=name_en,
            start=jalali.parse(start).date, end=jalali.parse(end).date,
        )


@pytest.fixture
def mordad_1392(presidencies):
    """Signed in Mordad 1392, day unknown: Rouhani took office on the 12th."""
    date = jalali.parse("1392/05")
    return build.agreement(signed_on=date.date, signed_precision=date.precision)


def listed(client, query):
    return [a.pk for a in client.get(f"/fa/agreements/{query}").context["page"]]


def test_an_agreement_past_its_end_date_is_listed_as_lapsed_not_active(client, ended):
    assert listed(client, "?status=active") == []
    assert listed(client, "?status=lapsed") == [ended.pk]


@pytest.mark.parametrize("day, in_force", [
    ("1395/01/15", True), ("1395/01/16", False), ("1396/01/01", False), ("1403/12/30", False), ("2030-01-01", False),
])
def test_in_force_on_a_date_respects_the_end_date(client, ended, day, in_force):
    assert listed(client, f"?in_force_on={day}") == ([ended.pk] if in_force else [])


def test_a_renewal_after_the_end_date_puts_it_back_in_force(client, ended):
    StatusChange.objects.create(agreement=ended, status="active", date=jalali.parse("1395/06/01").date)
    assert listed(client, "?status=active") == [ended.pk]
    assert listed(client, "?in_force_on=1395/03/01") == []


def test_the_statistics_and_the_home_page_count_it_as_lapsed(client, ended):
    by_status = {row["code"]: row["count"] for row in client.get("/data/stats.json").json()["by_status"]}
    assert (by_status["active"], by_status["lapsed"]) == (0, 1)
    assert client.get("/fa/").context["figures"]["in_force"] == 0


def test_open_data_gives_the_lapse_the_day_after_the_end_date(client, ended):
    [row] = json.loads(client.get("/data/agreements.json").getvalue())["agreements"]
    assert (row["status"], row["status_since"], row["status_reason"], row["in_force"]) == (
        "lapsed", "2016-04-04", "end_date", False,
    )


def test_the_agreement_page_gives_the_end_date_as_the_reason(client, ended):
    html = client.get(f"/fa/agreements/{ended.pk}/").content.decode()
    assert "status-lapsed" in html
    assert "پایان یافته در ۱۳۹۵/۱/۱۵" in html


def test_the_map_colours_the_partner_as_lapsed(client, ended):
    [point] = client.get("/fa/map/points.json").json()["points"]
    assert point[3] == "lapsed"


def test_a_month_that_spans_a_handover_is_counted_in_its_own_row(client, mordad_1392):
    data = client.get("/data/stats.json").json()
    assert {row["slug"]: row["count"] for row in data["by_administration"]} == {"ahmadinejad": 0, "rouhani": 0}
    assert data["uncertain"] == 1


def test_the_statistics_page_has_an_uncertain_row_in_administration_by_continent(client, mordad_1392):
    figures = client.get("/en/statistics/").context["figures"]
    [row] = figures["administration_by_continent"]["rows"]
    assert row["name_en"].startswith("uncertain") and row["total"] == 1


def test_open_data_names_both_candidates_and_no_administration(client, mordad_1392):
    [row] = json.loads(client.get("/data/agreements.json").getvalue())["agreements"]
    assert (row["administration"], row["administration_candidates"]) == (None, "ahmadinejad / rouhani")


def test_the_agreement_page_says_the_administration_is_uncertain_and_names_both(client, mordad_1392):
    html = client.get(f"/fa/agreements/{mordad_1392.pk}/").content.decode()
    assert "نامعلوم" in html
    assert "محمود احمدی‌نژاد" in html and "حسن روحانی" in html


@pytest.mark.parametrize("slug", ["ahmadinejad", "rouhani"])
def test_the_administration_filter_gives_an_uncertain_date_to_neither(client, mordad_1392, slug):
    assert listed(client, f"?administration={slug}") == []


def test_a_day_precise_date_on_the_inauguration_goes_to_the_incoming_administration(client, presidencies):
    made = build.agreement(signed_on=jalali.parse("1392/05/12").date)
    assert listed(client, "?administration=rouhani") == [made.pk]
    assert listed(client, "?administration=ahmadinejad") == []


def test_a_date_typed_with_a_zero_month_is_refused_with_a_persian_message(client):
    response = client.get("/fa/agreements/?in_force_on=1380/00/05")
    assert response.status_code == 200
    assert "ماه ۰ وجود ندارد" in response.content.decode()
