import pytest

from public import charts
from registry.models import Agreement, Status

pytestmark = pytest.mark.django_db

ADMINISTRATIONS = {"rafsanjani": 4, "khatami": 9, "ahmadinejad": 5, "rouhani": 8}


def stats(client, query=""):
    response = client.get(f"/data/stats.json{query}")
    assert response.status_code == 200
    return response.json()


def by_code(rows):
    return {row["code"]: row["count"] for row in rows}


def test_stats_count_every_concluded_seed_agreement(client, seeded):
    assert stats(client)["total"] == 27


def test_stats_count_the_papers_administration_figures_from_signing_dates(client, seeded):
    counts = {row["slug"]: row["count"] for row in stats(client)["by_administration"]}
    assert {slug: counts[slug] for slug in ADMINISTRATIONS} == ADMINISTRATIONS


def test_stats_count_new_south_wales_as_the_one_undated_agreement(client, seeded):
    assert stats(client)["undated"] == 1
    assert (
        Agreement.objects.get(signed_on__isnull=True, recorded_status=Status.LAPSED).partner.name_en
        == "New South Wales"
    )


def test_stats_in_force_count_26_agreements(client, seeded):
    assert stats(client, "?status=active")["total"] == 26


def test_stats_in_force_split_by_continent_as_the_paper_counts(client, seeded):
    continents = by_code(stats(client, "?status=active")["by_continent"])
    assert continents["AS"] == 11
    assert continents["EU"] == 9
    assert continents["NA"] + continents["SA"] == 3
    assert continents["AF"] == 3
    assert continents["OC"] == 0


def test_stats_never_count_the_paris_draft(client, seeded):
    paris = Agreement.objects.get(partner__name_en="Paris")
    assert paris.recorded_status == Status.DRAFT and paris.is_public
    data = stats(client)
    assert data["total"] == Agreement.objects.concluded().count()
    assert "draft" not in by_code(data["by_status"])
    assert stats(client, "?status=draft")["total"] == 0
    assert stats(client, "?country=FR")["total"] == 0


def test_stats_json_has_the_keys_the_issue_names(client, seeded):
    data = stats(client)
    assert list(data) == [
        "total",
        "by_administration",
        "uncertain",
        "undated",
        "by_continent",
        "by_year",
        "by_instrument",
        "by_relationship",
        "by_status",
    ]
    assert set(data["by_administration"][0]) == {"slug", "name_en", "name_fa", "start", "end", "count"}
    assert set(data["by_continent"][0]) == {"code", "name_en", "name_fa", "count"}


def test_stats_by_year_add_up_to_the_dated_agreements(client, seeded):
    data = stats(client)
    assert sum(row["count"] for row in data["by_year"]) == data["total"] - data["undated"]
    assert data["by_year"][0]["year"] == 1373


def test_stats_follow_the_same_filters_as_the_list(client, seeded):
    data = stats(client, "?continent=EU&status=active")
    assert data["total"] == 9
    assert by_code(data["by_continent"])["EU"] == 9


def test_stats_reject_an_unknown_filter_value_with_a_400_message(client, seeded):
    response = client.get("/data/stats.json?status=bogus&year_from=abc")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"status", "year_from"}


def test_an_organisation_without_a_country_is_counted_apart_from_the_continents(client, db):
    from tests import builders as build

    build.agreement(
        build.partner(
            name_en="UN-Habitat",
            name_fa="اسکان بشر",
            kind="organisation",
            code=None,
            latitude=None,
            longitude=None,
        )
    )
    data = stats(client)
    assert data["total"] == 1
    assert [row["count"] for row in data["by_continent"] if row["code"] is None] == [1]
    assert sum(row["count"] for row in data["by_continent"] if row["code"]) == 0


def cross_table(client, query=""):
    return client.get(f"/en/statistics/{query}").context["figures"]["administration_by_continent"]


def test_the_administration_by_continent_table_adds_up_to_the_headline_total(client, seeded):
    cross = cross_table(client)
    assert sum(row["total"] for row in cross["rows"]) == cross["total"] == stats(client)["total"] == 27


def test_new_south_wales_fills_the_undated_row_of_the_administration_by_continent_table(client, seeded):
    cross = cross_table(client)
    undated = cross["rows"][-1]
    assert (undated["slug"], undated["name_en"], undated["total"]) == (None, "undated", 1)
    assert dict(zip(cross["continents"], undated["counts"]))["OC"] == 1


def test_the_administration_by_continent_table_has_no_undated_row_when_all_are_dated(client, seeded):
    assert [row["slug"] for row in cross_table(client, "?continent=EU")["rows"]] == [
        "khatami",
        "ahmadinejad",
        "rouhani",
    ]


def test_the_administration_by_continent_totals_row_sums_each_continent(client, seeded):
    cross = cross_table(client)
    totals = dict(zip(cross["continents"], cross["totals"]))
    assert totals == {"AS": 11, "EU": 9, "AF": 3, "NA": 1, "SA": 2, "OC": 1}


def years(first, last, count=1):
    return [{"label": str(year), "year": year, "count": count} for year in range(first, last + 1)]


def test_a_long_timeline_labels_only_round_years(english):
    shown = [row["label"] for row in charts.columns(years(1994, 2016))["rows"] if row["show_label"]]
    assert shown == ["1995", "2000", "2005", "2010", "2015"]


def test_a_short_timeline_labels_every_year(english):
    assert all(row["show_label"] for row in charts.columns(years(2010, 2014))["rows"])


def test_a_timeline_label_never_runs_past_the_edge_of_the_chart(english):
    chart = charts.columns(years(2000, 2040))
    first = chart["rows"][0]
    assert first["show_label"] and first["label_x"] - charts.YEAR_LABEL["en"] / 2 >= 0


def test_a_bar_label_has_the_whole_width_of_the_chart_above_its_bar():
    chart = charts.bars([{"label": "memorandum of understanding", "count": 3}])
    row = chart["rows"][0]
    assert row["label_y"] < row["y"] and row["bar_x"] == row["label_x"] == 0
