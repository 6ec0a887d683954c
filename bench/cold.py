"""Each public page computed from the database (no cache), in one process,
on a database that `bench/run` or `manage.py seed_scale` filled: the
fastest and the median of a few requests, and the SQL queries each ran.
Streamed downloads and the sitemap are read to their last byte; the
whole-registry files, which are built once per registry version and
stored (public/stored_downloads.py), are timed as that build.

A page's fastest time barely moves when the machine is busy (bench/run's
HTTP timings do), so two versions of the code can be compared on a shared
machine: migrate a copy of the same database for each.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 DEBUG=1 .venv/bin/python bench/cold.py [--repeat 7] [--only list]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from public.filters import AgreementFilterForm  # noqa: E402
from public.views.data import DOWNLOADS  # noqa: E402
from registry.models import Agreement  # noqa: E402

PAGES = [
    ("home", "/fa/"),
    ("list, page 1", "/fa/agreements/"),
    ("list, page 100 sorted by partner", "/en/agreements/?sort=partner&page=100"),
    ("list, page 1 sorted by partner", "/fa/agreements/?sort=partner"),
    ("list, filtered and searched", "/fa/agreements/?status=active&continent=EU&q=همکاری&year_from=1380"),
    ("list, in force on a date", "/fa/agreements/?in_force_on=1395/01/01"),
    ("agreement page", "/fa/agreements/{agreement}/"),
    ("partner page", "/en/partners/{partner}/"),
    ("map page", "/fa/map/"),
    ("map points, everything", "/fa/map/points.json"),
    ("statistics", "/fa/statistics/"),
    ("statistics, in force", "/en/statistics/?status=active"),
    ("stats.json", "/data/stats.json"),
    ("agreements.json, one continent", "/data/agreements.json?continent=AF"),
    ("partners.csv", "/data/partners.csv"),
    ("status-changes.csv", "/data/status-changes.csv"),
    ("sitemap.xml", "/sitemap.xml"),
    # Past 25,000 records, /sitemap.xml is an index of these files.
    ("sitemap of agreements, file 1", "/sitemap-agreements.xml?p=1"),
    ("sitemap of partners, file 1", "/sitemap-partners.xml?p=1"),
]
# The whole-registry files are built once per registry version (public.stored_downloads):
# their cold figure is that build, timed here without the storing.
BUILT = ["csv", "xlsx", "geojson"]
NO_CACHE = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
COUNTERS = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "counters"}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--only", help="only the pages whose name contains this")
    options = parser.parse_args()
    # The agreement and partner bench/run measures: the newest public agreement and its partner.
    agreement = Agreement.objects.public().order_by("-signed_on", "-pk").first()
    ids = {"agreement": agreement.pk, "partner": agreement.partner_id}
    client = Client()
    print(f"{'page':36} {'fastest ms':>10} {'median ms':>10} {'queries':>8}")
    unlimited = {"DATA_DOWNLOADS_PER_MINUTE": 10**6, "DATA_DOWNLOADS_AT_ONCE": 1000}
    caches = {"default": NO_CACHE, "downloads": NO_CACHE, "counters": COUNTERS}
    with override_settings(CACHES=caches, **unlimited):
        for name, path in PAGES:
            if options.only and options.only not in name:
                continue
            url = path.format(**ids)

            def get():
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
                if response.streaming:
                    b"".join(response.streaming_content)

            report(name, get, options.repeat)
        for fmt in BUILT:
            name = f"agreements.{fmt}, everything (build)"
            if options.only and options.only not in name:
                continue

            def build():
                b"".join(DOWNLOADS[fmt](AgreementFilterForm(None), "http://testserver"))

            report(name, build, max(3, options.repeat // 2))


def report(name, run, repeat):
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            run()
            times.append((time.perf_counter() - started) * 1000)
    print(f"{name:36} {min(times):10.1f} {statistics.median(times):10.1f} {len(queries):8}", flush=True)


if __name__ == "__main__":
    main()
