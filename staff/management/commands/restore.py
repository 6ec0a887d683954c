from django.core.management.base import BaseCommand, CommandError

from staff.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a folder written by `manage.py backup` into this database (SQLite or PostgreSQL) "
        "and media storage. The backup's checksums are verified first; a database that already "
        "holds records is refused unless --force, which empties it."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--force", action="store_true", help="replace whatever this database holds")

    def handle(self, *args, folder, force, **options):
        try:
            manifest = restore(folder, force=force)
        except BackupError as error:
            raise CommandError(str(error))
        counts = ", ".join(f"{count} {label}" for label, count in manifest["records"].items())
        self.stdout.write(self.style.SUCCESS(f"Restored {folder} (made {manifest['created']}): {counts}."))
