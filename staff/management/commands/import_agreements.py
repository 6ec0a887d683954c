import itertools
from collections import Counter
from pathlib import Path

import tablib
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from import_export.results import RowResult

from staff.resources import AgreementResource, TooLarge, iter_rows, measure

RESULT_LABELS = {
    RowResult.IMPORT_TYPE_NEW: "new",
    RowResult.IMPORT_TYPE_UPDATE: "updated",
    RowResult.IMPORT_TYPE_SKIP: "unchanged",
    RowResult.IMPORT_TYPE_DELETE: "deleted",
}
# Rows read and imported at a time: memory stays the same whatever the file's length.
CHUNK_ROWS = 1000
# After this many invalid rows the command stops reading: the file needs fixing anyway.
MAX_REPORTED = 200


def chunks(rows, headers):
    """(number of the chunk's first row in the spreadsheet, Dataset) pairs."""
    width = len(headers)
    first = 2  # the header is row 1
    while True:
        block = list(itertools.islice(rows, CHUNK_ROWS))
        if not block:
            return
        dataset = tablib.Dataset(headers=headers)
        for values in block:
            values = ["" if value is None else value for value in values[:width]]
            dataset.append(values + [""] * (width - len(values)))
        yield first, dataset
        first += len(block)


class Command(BaseCommand):
    help = (
        "Import agreements (with their partners) from a CSV or XLSX file of any length, read a "
        "thousand rows at a time. Every row is checked; if any row is invalid, nothing is written "
        "and the command exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8, UTF-16 or Windows-1256) or XLSX file")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--user", help="username recorded in the audit trail as the importer")
        parser.add_argument("--quiet-rows", action="store_true", help="print only the totals and errors")

    def handle(self, *args, file, dry_run, user, quiet_rows, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"No user named {user!r}.")
        with open(path, "rb") as stream:
            try:
                # No row limit here, but no cell longer than any field, checked before any row is written.
                count = measure(stream, max_cell_chars=settings.IMPORT_MAX_CELL_CHARS)
                rows = iter_rows(stream)
                headers = ["" if h is None else str(h).strip() for h in next(rows, [])]
            except TooLarge as error:
                raise CommandError(f"{path.name}: {error}")
            except Exception as error:  # csv/openpyxl raise many kinds on a damaged file
                raise CommandError(f"Cannot read {path.name} as CSV or XLSX: {error}")
            if not quiet_rows:
                self.stdout.write(f"{path.name}: {count} rows.")
            totals, failed = self.import_rows(rows, headers, path.name, importer, dry_run, quiet_rows)
        summary = (
            f"{totals[RowResult.IMPORT_TYPE_NEW]} new, {totals[RowResult.IMPORT_TYPE_UPDATE]} updated, "
            f"{totals[RowResult.IMPORT_TYPE_SKIP]} unchanged, {totals[RowResult.IMPORT_TYPE_INVALID]} invalid, "
            f"{totals[RowResult.IMPORT_TYPE_ERROR]} failed"
        )
        if failed:
            raise CommandError(f"{summary}. Nothing was written: correct the rows above and import again.")
        if dry_run:
            self.stdout.write(self.style.WARNING(f"Dry run: {summary}. Nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: {summary}."))

    def import_rows(self, rows, headers, file_name, importer, dry_run, quiet_rows):
        """All or nothing: every part is imported in one transaction, rolled
        back at the end on a dry run or when any row failed."""
        resource = AgreementResource()
        totals, reported, failed = Counter(), 0, False
        with transaction.atomic():
            for index, (first, dataset) in enumerate(chunks(rows, headers)):
                result = resource.import_data(
                    dataset, dry_run=False, use_transactions=False, raise_errors=False,
                    file_name=file_name, user=importer, continued=index > 0,
                )
                totals.update({kind: result.totals[kind] for kind in result.totals})
                if not quiet_rows:
                    for number, row in enumerate(result.rows, start=first):
                        if row.import_type in RESULT_LABELS:
                            self.stdout.write(f"row {number}: {RESULT_LABELS[row.import_type]} — {row.object_repr or ''}")
                for error in result.base_errors:
                    failed = True
                    self.stderr.write(f"error: {error.error}")
                for number, errors in result.row_errors():
                    failed = True
                    reported += 1
                    for error in errors:
                        self.stderr.write(f"row {first + number - 1}: error: {error.error}")
                for invalid in result.invalid_rows:
                    failed = True
                    reported += 1
                    for column, messages in invalid.error_dict.items():
                        column = "" if column == "__all__" else f"{column}: "
                        for message in messages:
                            self.stderr.write(f"row {first + invalid.number - 1}: {column}{message}")
                if result.base_errors or result.row_errors() or reported >= MAX_REPORTED:
                    # A database error leaves the transaction unusable; past
                    # MAX_REPORTED the file needs fixing, not more reading.
                    if reported >= MAX_REPORTED:
                        self.stderr.write(f"Stopped after {reported} invalid rows.")
                    break
            if failed or dry_run:
                transaction.set_rollback(True)
        return totals, failed
