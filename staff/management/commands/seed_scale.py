from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from staff import synthetic


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic registry at scale (partners drawn from the gazetteer's real "
        "cities), for benchmarks. Refuses a database that holds real agreements unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partners", type=int, default=20000)
        parser.add_argument("--agreements", type=int, default=50000)
        parser.add_argument("--activities", type=int, default=200000)
        parser.add_argument("--seed", type=int, default=1403, help="Random seed: the same seed, the same registry.")
        parser.add_argument("--force", action="store_true", help="Add synthetic records beside real ones.")

    def handle(self, *args, partners, agreements, activities, seed, force, **options):
        if min(partners, agreements, activities) < 0 or partners < 2:
            raise CommandError("Give at least 2 partners and no negative counts.")
        try:
            made = synthetic.generate(
                partners, agreements, activities, seed=seed, force=force, log=self.stdout.write
            )
        except synthetic.RealRecords as refused:
            raise CommandError(str(refused)) from None
        # Tens of thousands of rows at once: the planner's statistics would
        # otherwise describe the empty tables until autovacuum comes by, and
        # a plan made for 2,000 partners can take minutes on 20,000. On
        # PostgreSQL, VACUUM also sets the visibility map that lets an
        # index-only scan skip the table, as autovacuum keeps it on a live
        # database (it would come by a minute later). VACUUM cannot run in a
        # transaction (a test's).
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self.stdout.write(f"Synthetic registry: {made[0]} partners, {made[1]} agreements.")
