from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from import_export.results import RowResult

from staff.resources import AgreementResource, read_dataset

RESULT_LABELS = {
    RowResult.IMPORT_TYPE_NEW: "new",
    RowResult.IMPORT_TYPE_UPDATE: "updated",
    RowResult.IMPORT_TYPE_SKIP: "unchanged",
    RowResult.IMPORT_TYPE_DELETE: "deleted",
}


class Command(BaseCommand):
    help = (
        "Import agreements (with their partners) from a CSV or XLSX file. Every row is checked; "
        "if any row is invalid, nothing is written and the command exits with status 1."
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
        try:
            dataset = read_dataset(path)
        except Exception as error:  # tablib/openpyxl raise many kinds on a damaged file
            raise CommandError(f"Cannot read {path.name} as CSV or XLSX: {error}")
        result = AgreementResource().import_data(
            dataset, dry_run=dry_run, raise_errors=False, file_name=path.name, user=importer
        )
        if not quiet_rows:
            # Numbered as in the spreadsheet: the header is row 1.
            for number, row in enumerate(result.rows, start=2):
                if row.import_type in RESULT_LABELS:
                    self.stdout.write(f"row {number}: {RESULT_LABELS[row.import_type]} — {row.object_repr or ''}")
        failed = False
        for error in result.base_errors:
            failed = True
            self.stderr.write(f"error: {error.error}")
        for number, errors in result.row_errors():
            failed = True
            for error in errors:
                self.stderr.write(f"row {number + 1}: error: {error.error}")
        for invalid in result.invalid_rows:
            failed = True
            for column, messages in invalid.error_dict.items():
                column = "" if column == "__all__" else f"{column}: "
                for message in messages:
                    self.stderr.write(f"row {invalid.number + 1}: {column}{message}")
        totals = result.totals
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
