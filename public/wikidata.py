"""Wikidata QuickStatements: Tehran's twinnings as Wikidata models them,
`P190` (twinned administrative body) stated on Tehran and on the partner,
for an editor to review and run in the QuickStatements tool.

Only public, concluded agreements whose partner has a Wikidata id are
written. The start time (P580) is the signing date at the finest Gregorian
precision that holds it (registry.jalali.gregorian_precision): an unknown
date, or one that no Gregorian year holds, is left out rather than guessed.
The end time (P582) is written when a dated lapse or termination ended the
agreement. Each statement cites the agreement's public page (S854) and the
day of the export (S813)."""

import datetime

from registry import jalali
from registry.models import Agreement, Status

TEHRAN = "Q3616"
TWINNED = "P190"
START, END = "P580", "P582"
REFERENCE_URL, RETRIEVED = "S854", "S813"
PRECISION = {jalali.DAY: 11, jalali.MONTH: 10, jalali.YEAR: 9}
# A status that ends a twinning, as opposed to pausing it (suspended).
ENDING = [Status.LAPSED, Status.TERMINATED]


def time_value(day, precision):
    """A QuickStatements time: the parts finer than the precision are zero."""
    if precision == jalali.YEAR:
        text = f"+{day.year:04d}-00-00"
    elif precision == jalali.MONTH:
        text = f"+{day.year:04d}-{day.month:02d}-00"
    else:
        text = f"+{day.isoformat()}"
    return f"{text}T00:00:00Z/{PRECISION[precision]}"


def _string(text):
    return '"' + text.replace('"', "") + '"'


def twinnings():
    """The agreements to state, with their status today: one query."""
    return (
        Agreement.objects.public()
        .concluded()
        .exclude(partner__wikidata_id="")
        .with_status()
        .values(
            "pk", "partner__wikidata_id", "signed_on", "signed_precision",
            "current_status", "ended_by_term", "ends_on", "status_changed_on", "status_changed_precision",
        )
        .order_by("signed_on", "pk")
    )


def end_time(row):
    """(day, precision) the twinning ended, when it has ended on a known date."""
    if row["current_status"] not in ENDING:
        return None
    if row["ended_by_term"]:
        # Lapsed the day after its end date.
        return row["ends_on"] + datetime.timedelta(days=1), jalali.DAY
    return jalali.gregorian_precision(row["status_changed_on"], row["status_changed_precision"])


def lines(base_url, page_pattern, today):
    """The QuickStatements (version 1, pipe-separated) lines: two per
    agreement, one on each city."""
    retrieved = time_value(today, jalali.DAY)
    for row in twinnings():
        partner = row["partner__wikidata_id"]
        qualifiers = []
        start = jalali.gregorian_precision(row["signed_on"], row["signed_precision"])
        if start:
            qualifiers += [START, time_value(*start)]
        end = end_time(row)
        if end:
            qualifiers += [END, time_value(*end)]
        url = base_url + page_pattern.replace("/0/", f"/{row['pk']}/")
        references = [REFERENCE_URL, _string(url), RETRIEVED, retrieved]
        for subject, target in ((TEHRAN, partner), (partner, TEHRAN)):
            yield "|".join([subject, TWINNED, target, *qualifiers, *references])


def document(base_url, page_pattern, today):
    return "".join(line + "\n" for line in lines(base_url, page_pattern, today))
