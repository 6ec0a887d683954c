import sys

from django.core.management.base import BaseCommand

from staff.resources import FORMATS_BY_NAME, AgreementResource


class Command(BaseCommand):
    help = "Export every agreement, with its partner, as CSV, XLSX or JSON (the format the import reads back)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(FORMATS_BY_NAME), default="csv")
        parser.add_argument("--output", help="file to write; standard output when omitted (not for xlsx)")

    def handle(self, *args, format, output, **options):
        file_format = FORMATS_BY_NAME[format]()
        data = file_format.export_data(AgreementResource().export())
        if output:
            mode = "wb" if isinstance(data, bytes) else "w"
            with open(output, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as f:
                f.write(data)
            self.stderr.write(self.style.SUCCESS(f"Wrote {output}."))
        elif isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            self.stdout.write(data, ending="")
