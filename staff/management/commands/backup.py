from django.core.management.base import BaseCommand, CommandError

from staff.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the registry into a new folder: every record (agreements, partners, users, groups, "
        "the audit trail) and every uploaded document, with a manifest of checksums. Restore with "
        "`manage.py restore DIR`, on SQLite or PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a new or empty folder, e.g. /backups/registry-$(date +%%F)")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup(folder)
        except BackupError as error:
            raise CommandError(str(error))
        for name in manifest["missing_documents"]:
            self.stderr.write(self.style.WARNING(f"missing document file: {name}"))
        counts = ", ".join(f"{count} {label}" for label, count in manifest["records"].items())
        self.stdout.write(self.style.SUCCESS(f"Backed up to {folder}: {counts}; {len(manifest['files'])} files."))
