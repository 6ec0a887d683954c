import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

# Where import-export's MediaStorage keeps a file between preview and confirm.
FOLDER = "django-import-export"


class Command(BaseCommand):
    help = (
        "Delete spreadsheets uploaded for an import preview that was never confirmed "
        "(a confirmed import deletes its own). Run daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than-hours", type=int, default=24)

    def handle(self, *args, older_than_hours, **options):
        if not default_storage.exists(FOLDER):
            return
        cutoff = timezone.now() - datetime.timedelta(hours=older_than_hours)
        removed = 0
        for name in default_storage.listdir(FOLDER)[1]:
            path = f"{FOLDER}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed += 1
        self.stdout.write(f"Removed {removed} unconfirmed import file(s).")
