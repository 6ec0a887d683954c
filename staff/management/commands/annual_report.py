from django.core.management.base import BaseCommand, CommandError

from registry.jalali import GREGORIAN_YEARS, JALALI_YEARS
from registry.models import PRESIDENCY, Period
from staff import reports


class Command(BaseCommand):
    help = "Write the annual report for a Jalali (or Gregorian) year as XLSX."

    def add_arguments(self, parser):
        year = parser.add_mutually_exclusive_group(required=True)
        year.add_argument("--jalali-year", type=int, help="for example 1403")
        year.add_argument("--year", type=int, help="a Gregorian year, for example 2024")
        parser.add_argument("--output", help="XLSX file to write; annual-report-YEAR.xlsx by default")
        parser.add_argument("--dormant-years", type=int, help="years without activity that make a link dormant")
        parser.add_argument(
            "--series", default=PRESIDENCY,
            help="count by the periods of this series: presidency (the default) or mayor, once its terms are entered",
        )

    def handle(self, *args, jalali_year, year, output, dormant_years, series, **options):
        if not Period.objects.filter(series__slug=series).exists():
            raise CommandError(f"The series “{series}” has no periods: enter them in the admin or with import_periods.")
        if jalali_year is not None and jalali_year not in JALALI_YEARS:
            raise CommandError(f"A Jalali year is between {JALALI_YEARS[0]} and {JALALI_YEARS[-1]}, like 1403.")
        if year is not None and year not in GREGORIAN_YEARS:
            raise CommandError(
                f"A Gregorian year is between {GREGORIAN_YEARS[0]} and {GREGORIAN_YEARS[-1]}, like 2024."
            )
        if dormant_years is not None and dormant_years < 1:
            raise CommandError("--dormant-years must be at least 1.")
        if jalali_year is not None:
            report = reports.for_jalali_year(jalali_year, dormant_years, series)
            output = output or f"annual-report-{jalali_year}.xlsx"
        else:
            report = reports.for_gregorian_year(year, dormant_years, series)
            output = output or f"annual-report-{year}-gregorian.xlsx"
        with open(output, "wb") as f:
            f.write(reports.to_xlsx(report))
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}: {report.signed_count} agreements signed."))
