"""Open data's sources: the table of every source cited by a public
agreement (/data/sources.csv and .json), and each public agreement's list
of sources for the agreements' downloads. Staff-only notes are never a
column, and a source cited only by non-public agreements is not listed."""

import csv
import io
import json

from django.utils.translation import gettext_lazy as _

from registry import jalali
from registry.models import Claim, Source

# (column, description), in the files' order.
SOURCE_COLUMNS = [
    ("id", _("The source's number in the registry; stable. The agreements' “sources” column lists these.")),
    ("kind", _("study, tehran_site, partner_site, news, resolution or scan.")),
    ("author", _("Its authors, separated by “;”.")),
    ("publisher", _("Its publisher: a university, a municipality, a newspaper.")),
    ("title", _("Its title, as published.")),
    ("published_on", _("ISO 8601 date of publication; the first day of the Jalali month or year when only that is known.")),
    ("published_precision", _("day, month or year: how much of the publication date is known.")),
    ("published_jalali", _("The publication date in the Jalali calendar, to its precision.")),
    ("url", _("Where to read it.")),
    ("consulted_on", _("ISO 8601 date the registry's staff last consulted it.")),
    ("language", _("fa, en or other.")),
    ("agreements", _("The public agreements citing it (their ids).")),
]
SOURCE_COLUMN_NAMES = [name for name, _description in SOURCE_COLUMNS]


def public_claims():
    return Claim.objects.filter(agreement__is_public=True)


def sources_by_agreement(agreements):
    """{agreement id: [source ids]} for the agreements of a queryset (one query)."""
    cited = {}
    rows = (
        Claim.objects.filter(agreement__in=agreements.values("id"))
        .values_list("agreement_id", "source_id")
        .distinct()
        .order_by("agreement_id", "source_id")
    )
    for agreement_id, source_id in rows:
        cited.setdefault(agreement_id, []).append(source_id)
    return cited


def source_records(agreement_id=None):
    """Each publicly cited source (those one agreement cites, when given) as a
    dict keyed by SOURCE_COLUMN_NAMES (two queries)."""
    claims = public_claims()
    if agreement_id is not None:
        claims = claims.filter(source__in=Claim.objects.filter(agreement_id=agreement_id).values("source_id"))
    citing = {}
    for source_id, agreement_id in (
        claims.values_list("source_id", "agreement_id").distinct().order_by("source_id", "agreement_id")
    ):
        citing.setdefault(source_id, []).append(agreement_id)
    sources = Source.objects.filter(pk__in=list(citing)).order_by("pk")
    return [source_record(source, citing[source.pk]) for source in sources]


def source_record(source, agreement_ids):
    published = source.published_on
    return {
        "id": source.pk,
        "kind": source.kind,
        "author": source.author,
        "publisher": source.publisher,
        "title": source.title,
        "published_on": published.isoformat() if published else None,
        "published_precision": source.published_precision if published else None,
        "published_jalali": jalali.format_input(published, source.published_precision, language="en") or None,
        "url": source.url,
        "consulted_on": source.consulted_on.isoformat() if source.consulted_on else None,
        "language": source.language,
        "agreements": agreement_ids,
    }


def sources_csv(records, cell):
    """The table as CSV text (UTF-8 with a byte-order mark), each value through
    open data's one cell rule (`cell`)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(SOURCE_COLUMN_NAMES)
    for record in records:
        writer.writerow([cell(record[name], "csv") for name in SOURCE_COLUMN_NAMES])
    return out.getvalue()


def sources_json(records):
    return json.dumps(
        {"count": len(records), "columns": SOURCE_COLUMN_NAMES, "sources": records}, ensure_ascii=False
    )
