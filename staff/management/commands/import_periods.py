"""Import a series' periods (the mayors of Tehran, say) from a CSV file.

The file has a header row and these columns, in any order:

    slug,name_fa,name_en,start,end,label_fa,label_en

`start` is the first day in office and `end` the first day after (the
successor's first day; empty while the term lasts), each a Jalali day
(1396/05/12, ۱۳۹۶/۵/۱۲) or an ISO date (2017-08-03); the labels may be
empty. A period whose slug the series already holds is updated. The file is
imported whole or not at all: any bad row, or two periods that overlap,
writes nothing and lists every problem.
"""

import csv

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from registry import jalali
from registry.models import MAYOR, Period, PeriodSeries

COLUMNS = ["slug", "name_fa", "name_en", "start", "end", "label_fa", "label_en"]
REQUIRED = ["slug", "name_fa", "name_en", "start"]


class Rollback(Exception):
    pass


def day(text, column):
    value = jalali.parse(text)
    if value is None:
        return None
    if value.precision != jalali.DAY:
        raise ValidationError({column: f"“{text}”: give the day as well."})
    return value.date


class Command(BaseCommand):
    help = "Import a series' periods (by default the mayors of Tehran) from a CSV file; see the module's docstring."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a CSV file in UTF-8 with the header slug,name_fa,name_en,start,end,label_fa,label_en")
        parser.add_argument("--series", default=MAYOR, help=f"the series' slug ({MAYOR} by default)")
        parser.add_argument("--dry-run", action="store_true", help="check the file and write nothing")

    def handle(self, *args, file, series, dry_run, **options):
        try:
            series = PeriodSeries.objects.get(slug=series)
        except PeriodSeries.DoesNotExist:
            raise CommandError(f"There is no series “{series}”; load_seed creates “{MAYOR}”.")
        with open(file, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
            if missing:
                raise CommandError(f"The header lacks {', '.join(missing)}; it needs {','.join(COLUMNS)}.")
            rows = list(reader)
        problems, written = [], 0
        try:
            with transaction.atomic():
                for number, row in enumerate(rows, start=2):
                    try:
                        self.save(series, {k: (row.get(k) or "").strip() for k in COLUMNS})
                        written += 1
                    except ValidationError as error:
                        messages = error.messages if not hasattr(error, "message_dict") else [
                            f"{field}: {message}" for field, found in error.message_dict.items() for message in found
                        ]
                        problems += [f"line {number}: {message}" for message in messages]
                if problems or dry_run:
                    raise Rollback
        except Rollback:
            pass
        if problems:
            raise CommandError("Nothing was imported:\n" + "\n".join(problems))
        verb = "would import" if dry_run else "imported"
        self.stdout.write(self.style.SUCCESS(f"{series.name_en}: {verb} {written} periods."))

    def save(self, series, row):
        period = Period.objects.filter(series=series, slug=row["slug"]).first() or Period(series=series)
        period.slug, period.name_fa, period.name_en = row["slug"], row["name_fa"], row["name_en"]
        period.label_fa, period.label_en = row["label_fa"], row["label_en"]
        period.start, period.end = day(row["start"], "start"), day(row["end"], "end")
        period.full_clean()
        period.save()
