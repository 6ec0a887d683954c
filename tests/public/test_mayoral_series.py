"""Once staff enter the mayors' terms, everything that counts or filters by
presidency does so by mayor too: stats.json, the list, the map, open data
and the statistics page. The terms here are made up for the test; the
registry ships none."""

import csv
import datetime
import io

import pytest

from registry.models import MAYOR, Agreement, Period, PeriodSeries

pytestmark = pytest.mark.django_db

# Two made-up terms splitting the seed's years, and a gap before them.
TERMS = [("first", "شهردار یکم", "First mayor", datetime.date(1995, 1, 1), datetime.date(2005, 1, 1)),
         ("second", "شهردار دوم", "Second mayor", datetime.date(2005, 1, 1), None)]


@pytest.fixture
def mayors(seeded):
    series, _made = PeriodSeries.objects.get_or_create(
        slug=MAYOR, defaults={"name_fa": "شهرداری تهران", "name_en": "Mayor of Tehran"}
    )
    return [
        Period.objects.create(series=series, slug=slug, name_fa=fa, name_en=en, start=start, end=end)
        for slug, fa, en, start, end in TERMS
    ]


def expected_counts():
    """Concluded public agreements signed on a day (or a month or year wholly)
    within each term, computed here from the terms' dates."""
    import jdatetime

    counts = {slug: 0 for slug, *_rest in TERMS}
    for agreement in Agreement.objects.public().concluded():
        if agreement.signed_on is None:
            continue
        first = agreement.signed_on
        if agreement.signed_precision == "day":
            after = first + datetime.timedelta(days=1)
        else:
            j = jdatetime.date.fromgregorian(date=first)
            nxt = (jdatetime.date(j.year + 1, 1, 1) if agreement.signed_precision == "year"
                   else jdatetime.date(j.year + (j.month == 12), j.month % 12 + 1, 1))
            after = nxt.togregorian()
        for slug, _fa, _en, start, end in TERMS:
            if start <= first and (end is None or after <= end):
                counts[slug] += 1
    return counts


def test_stats_json_counts_by_mayor_when_asked(client, mayors):
    data = client.get("/data/stats.json?series=mayor").json()
    assert {row["slug"]: row["count"] for row in data["by_administration"]} == expected_counts()


def test_stats_json_filters_by_one_mayor(client, mayors):
    data = client.get("/data/stats.json?series=mayor&administration=first").json()
    assert data["total"] == expected_counts()["first"]


def test_the_presidency_stays_the_default(client, mayors):
    data = client.get("/data/stats.json").json()
    assert "rafsanjani" in {row["slug"] for row in data["by_administration"]}


def test_the_list_names_each_agreement_s_mayor_in_the_mayors_column(client, mayors):
    response = client.get("/en/agreements/", {"series": "mayor", "q": "Seoul"})
    html = response.content.decode()
    assert '<th scope="col">Mayor of Tehran</th>' in html
    [agreement] = response.context["page"].object_list
    assert agreement.period_label == "Second mayor"
    assert "<div>Second mayor</div>" in html


def test_open_data_gives_the_mayor_of_each_agreement(client, mayors):
    response = client.get("/data/agreements.csv", {"series": "mayor"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    by_slug = {}
    for row in rows:
        by_slug[row["administration"]] = by_slug.get(row["administration"], 0) + 1
    expected = expected_counts()
    assert by_slug["first"] >= expected["first"] and by_slug["second"] >= expected["second"]
    dushanbe = next(row for row in rows if row["partner_name_en"] == "Dushanbe")
    assert dushanbe["administration"] == "first"


def test_the_map_colours_by_mayor(client, mayors):
    points = client.get("/fa/map/points.json", {"series": "mayor"}).json()["points"]
    assert {point[4] for point in points} <= {"first", "second", "", "uncertain"}
    assert {"first", "second"} <= {point[4] for point in points}
    page = client.get("/fa/map/", {"series": "mayor"})
    legend = page.context["map_data"]["legends"]["administration"]
    assert [item["key"] for item in legend][:2] == ["first", "second"]


def test_the_statistics_page_titles_its_chart_and_table_by_the_series(client, mayors):
    response = client.get("/en/statistics/", {"series": "mayor"})
    assert response.context["charts"][0]["caption"] == "By period: Mayor of Tehran"
    assert [row["label"] for row in response.context["charts"][0]["rows"]][:2] == ["First mayor", "Second mayor"]


def test_the_filters_offer_the_series_only_once_the_mayors_terms_are_entered(client, seeded):
    html = client.get("/en/agreements/").content.decode()
    assert 'name="series"' not in html
    PeriodSeries.objects.filter(slug=MAYOR).delete()
    series = PeriodSeries.objects.create(slug=MAYOR, name_fa="شهرداری تهران", name_en="Mayor of Tehran")
    Period.objects.create(series=series, slug="first", name_fa="یکم", name_en="First", start=datetime.date(1995, 1, 1))
    html = client.get("/en/agreements/").content.decode()
    assert 'name="series"' in html


def test_a_series_without_periods_is_refused_with_a_message(client, seeded):
    response = client.get("/data/stats.json?series=mayor")
    assert response.status_code == 400
    assert "series" in response.json()["errors"]
