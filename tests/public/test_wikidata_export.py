"""/data/wikidata.qs: QuickStatements of Tehran's twinnings, P190 on both
cities, for public concluded agreements whose partner has a Wikidata id."""

import csv
import re

import pytest
from django.conf import settings

from tests.public.awkward import awkward_registry

pytestmark = pytest.mark.django_db

TIME = r"\+\d{4}-\d{2}-\d{2}T00:00:00Z/(9|10|11)"
LINE = re.compile(
    rf'^(Q\d+)\|P190\|(Q\d+)(\|P580\|{TIME})?(\|P582\|{TIME})?\|S854\|"(https?://[^"]+)"\|S813\|{TIME}$'
)


def statements(client):
    response = client.get("/data/wikidata.qs")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    for line in lines:
        assert LINE.match(line), line
    return lines


def read_fixture(name):
    with open(settings.BASE_DIR / "fixtures" / name, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_every_line_parses_and_the_seed_states_each_concluded_link_with_a_wikidata_item_twice(client, seeded):
    lines = statements(client)
    wikidata = {row["row"]: row["wikidata_id"] for row in read_fixture("tehran-links-partners.tsv")}
    expected = [row for row in read_fixture("tehran-links-paper-table2.tsv")
                if row["status"] != "draft" and wikidata[row["row"]]]
    assert len(lines) == 2 * len(expected)
    # Tehran's side and the partner's, for every link.
    assert sorted(LINE.match(line).group(1, 2) for line in lines) == sorted(
        pair for row in expected for pair in (("Q3616", wikidata[row["row"]]), (wikidata[row["row"]], "Q3616"))
    )


def test_the_beijing_row_gives_the_signing_day_and_cites_the_public_page(client, seeded):
    from registry.models import Agreement

    beijing = Agreement.objects.get(partner__wikidata_id="Q956")
    line = next(line for line in statements(client) if line.startswith("Q3616|P190|Q956|"))
    assert line.startswith(
        f'Q3616|P190|Q956|P580|+2014-02-27T00:00:00Z/11|S854|"http://testserver/fa/agreements/{beijing.pk}/"|S813|+'
    )
    assert "P582" not in line


def test_the_quds_month_is_given_as_its_gregorian_year_and_an_undated_lapse_ends_nothing(client, seeded):
    lines = statements(client)
    quds = next(line for line in lines if line.startswith("Q3616|P190|Q1218|"))
    # Bahman 1380 is 21 January – 19 February 2002: a Gregorian year holds it, no Gregorian month does.
    assert "|P580|+2002-00-00T00:00:00Z/9|" in quds
    # New South Wales lapsed on a day nobody recorded, and its signing date is not known either.
    wales = next(line for line in lines if line.startswith("Q3616|P190|Q3224|"))
    assert "P580" not in wales and "P582" not in wales


def test_drafts_hidden_agreements_and_unknowable_dates_never_appear_or_are_guessed(client, seeded):
    made = awkward_registry()
    text = "\n".join(statements(client))
    assert "Q456" not in text  # the draft
    assert "Q999999" not in text and f"/{made.hidden.pk}/" not in text  # not public
    uncertain = next(line for line in text.splitlines() if line.startswith("Q3616|P190|Q111|"))
    assert "|P580|+1997-00-00T00:00:00Z/9|" in uncertain
    year_only = next(line for line in text.splitlines() if line.startswith("Q3616|P190|Q222|"))
    assert "P580" not in year_only


def test_a_dated_termination_gives_the_end_time(client, seeded):
    awkward_registry()
    ended = next(line for line in statements(client) if line.startswith("Q333|P190|Q3616|"))
    assert "|P580|+2005-01-01T00:00:00Z/11|P582|+2010-06-15T00:00:00Z/11|" in ended


def test_an_agreement_that_ran_out_its_term_ends_the_day_after(client, db):
    import datetime

    from tests import builders as build

    build.agreement(
        build.partner("Termtown", "ترم‌تاون", wikidata_id="Q444"),
        signed_on=datetime.date(2000, 1, 1), ends_on=datetime.date(2005, 12, 31),
    )
    line = next(line for line in statements(client) if line.startswith("Q3616|P190|Q444|"))
    assert "|P582|+2006-01-01T00:00:00Z/11|" in line
