import itertools
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from staff.imports.apply import plan_and_apply
from staff.imports.matching import Gazette
from staff.imports.plan import CHANGE, CREATE, REFUSED, UNCHANGED, Planner
from staff.imports.reading import TooLarge, iter_rows, measure
from staff.imports.rows import RowReader

RESULT_LABELS = {CREATE: "new", CHANGE: "updated", UNCHANGED: "unchanged"}
# Rows read, planned and written at a time: memory stays the same whatever the file's length.
CHUNK_ROWS = 2000
# After this many invalid rows the command stops reading: the file needs fixing anyway.
MAX_REPORTED = 200


def numbered(rows):
    """(row number in the spreadsheet, values) pairs; the header is row 1."""
    return zip(itertools.count(2), rows)


class Command(BaseCommand):
    help = (
        "Import agreements (with their partners) from a CSV or XLSX file of any length, read a "
        "part at a time. Every row is checked; if any row is invalid, nothing is written "
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
                count = measure(stream, max_cell_chars=settings.IMPORT_MAX_CELL_CHARS,
                                max_total_chars=settings.IMPORT_COMMAND_MAX_TOTAL_CHARS)
                rows = iter_rows(stream)
                headers = ["" if h is None else str(h).strip() for h in next(rows, [])]
            except TooLarge as error:
                raise CommandError(f"{path.name}: {error}")
            except Exception as error:  # csv/openpyxl raise many kinds on a damaged file
                raise CommandError(f"Cannot read {path.name} as CSV or XLSX: {error}")
            if not quiet_rows:
                self.stdout.write(f"{path.name}: {count} rows.")
            totals = self.import_rows(rows, headers, path.name, importer, dry_run, quiet_rows)
        summary = (
            f"{totals[CREATE]} new, {totals[CHANGE]} updated, {totals[UNCHANGED]} unchanged, "
            f"{totals[REFUSED]} invalid"
        )
        if totals[REFUSED]:
            raise CommandError(f"{summary}. Nothing was written: correct the rows above and import again.")
        if dry_run:
            self.stdout.write(self.style.WARNING(f"Dry run: {summary}. Nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: {summary}."))

    def import_rows(self, rows, headers, file_name, importer, dry_run, quiet_rows):
        """All or nothing: every part is planned and written in one
        transaction, rolled back at the end on a dry run or when any row
        was refused. Parts share one gazette, so that a partner a row adds
        is found by the rows of later parts."""
        reason = f"Imported from {file_name}"
        reader, planner = RowReader(headers), Planner(Gazette())
        totals = Counter()
        numbered_rows = numbered(["" if value is None else value for value in values] for values in rows)
        with transaction.atomic():
            while part := list(itertools.islice(numbered_rows, CHUNK_ROWS)):
                # Once a row is refused nothing will be kept: later parts are only checked.
                plans = plan_and_apply(part, planner, reader, importer, reason, write=not totals[REFUSED])
                totals.update(plan.action for plan in plans)
                for plan in plans:
                    if plan.action == REFUSED:
                        for column, message in plan.errors.items():
                            messages = message if isinstance(message, list) else [message]
                            column = "" if column == "__all__" else f"{column}: "
                            for text in messages:
                                self.stderr.write(f"row {plan.number}: {column}{text}")
                    elif not quiet_rows:
                        line = f"row {plan.number}: {RESULT_LABELS[plan.action]} — {plan.agreement}"
                        if plan.action == CHANGE:
                            line += " — " + "; ".join(
                                after if not before else f"{label}: {before} → {after}"
                                for label, before, after in plan.changes
                            )
                        self.stdout.write(line)
                if totals[REFUSED] >= MAX_REPORTED:
                    self.stderr.write(f"Stopped after {totals[REFUSED]} invalid rows.")
                    break
            if totals[REFUSED] or dry_run:
                transaction.set_rollback(True)
        return totals
