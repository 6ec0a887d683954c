from django.core.management.base import BaseCommand

from registry.seed import load_seed


class Command(BaseCommand):
    help = "Load countries, presidential terms and Tehran's links from the seed study. Safe to run again."

    def handle(self, *args, **options):
        self.stdout.write(f"Seed data: {load_seed()}.")
