"""Benchmark of the public pages against the framework's floor.

Seeds a separate database with the seed study plus tens of thousands of
synthetic partners and agreements, serves it with gunicorn under the
production settings (DEBUG off, collected static files), and times each
public page and download next to a trivial Django view on the same server.

    .venv/bin/python bench/public_pages.py --agreements 20000 --partners 10000

The database is BENCH_DATABASE_URL, or a fresh SQLite file in a temporary
directory; it is never the development or test database.
"""

import argparse
import datetime
import http.client
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(workdir):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-" + "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"),
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def seed(partners, agreements):
    """Runs inside the bench environment: the seed study, then synthetic rows."""
    import django

    django.setup()
    from django.core.management import call_command

    from registry.models import Agreement, Country, Partner, Status, StatusChange
    from registry.seed import load_seed

    call_command("migrate", verbosity=0)
    if Agreement.objects.count() >= agreements:
        return
    load_seed()
    rng = random.Random(1403)
    countries = list(Country.objects.exclude(continent="AN"))
    statuses = [Status.ACTIVE] * 6 + [Status.LAPSED, Status.SUSPENDED, Status.TERMINATED, Status.DRAFT]
    made_partners = Partner.objects.bulk_create(
        (
            Partner(
                name_en=f"Synthetic city {i}",
                name_fa=f"شهر نمونه {i}",
                country=rng.choice(countries),
                latitude=round(rng.uniform(-55, 70), 5),
                longitude=round(rng.uniform(-170, 175), 5),
            )
            for i in range(partners)
        ),
        batch_size=2000,
    )
    rows = []
    for i in range(agreements):
        signed = datetime.date(1990, 1, 1) + datetime.timedelta(days=rng.randrange(0, 35 * 365))
        rows.append(
            Agreement(
                partner=made_partners[i % partners],
                title_fa=f"یادداشت تفاهم همکاری شماره {i}",
                title_en=f"Memorandum of understanding no. {i}",
                instrument=rng.choice(["mou", "agreement", "pact"]),
                relationship=rng.choice(["sister_city", "cooperation", "friendship"]),
                recorded_status=rng.choice(statuses),
                signed_on=signed if i % 50 else None,
                is_public=i % 20 != 0,
                internal_notes="bench",
            )
        )
    made = Agreement.objects.bulk_create(rows, batch_size=2000)
    StatusChange.objects.bulk_create(
        (StatusChange(agreement=a, status=a.recorded_status, date=a.signed_on) for a in made), batch_size=2000
    )


def get(connection, path):
    started = time.perf_counter()
    connection.request(
        "GET", quote(path, safe="/?&=:%"), headers={"Host": "127.0.0.1", "Accept-Language": "fa"}
    )
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}\n{body[:500]!r}")
    return elapsed, len(body)


def measure(port, path, repeat):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    get(connection, path)  # warm up: imports, template loading, database caches
    times, size = [], 0
    for _ in range(repeat):
        elapsed, size = get(connection, path)
        times.append(elapsed * 1000)
        connection.close()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    return statistics.median(times), max(times), size


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--agreements", type=int, default=20000)
    parser.add_argument("--partners", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=15, help="requests per page (downloads: a third)")
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.seed_only:
        seed(args.partners, args.agreements)
        return

    workdir = Path(tempfile.mkdtemp(prefix="registry-bench-"))
    env = environment(workdir)
    python = sys.executable
    started = time.perf_counter()
    subprocess.run(
        [
            python,
            __file__,
            "--seed-only",
            "--agreements",
            str(args.agreements),
            "--partners",
            str(args.partners),
        ],
        env=env,
        cwd=ROOT,
        check=True,
    )
    print(
        f"seeded {args.agreements} agreements, {args.partners} partners in {time.perf_counter() - started:.0f} s"
    )
    subprocess.run(
        [python, "manage.py", "collectstatic", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True
    )

    port = free_port()
    server = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "300",
            "config.wsgi",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        last_synthetic = (
            "import django; django.setup(); from registry.models import Agreement; "
            "a = Agreement.objects.public().filter(partner__name_en__startswith='Synthetic').last(); "
            "print(a.pk, a.partner_id)"
        )
        ids = subprocess.run(
            [python, "-c", last_synthetic],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        agreement_id, partner_id = ids
        pages = [
            ("floor: trivial Django view", "/bench/floor/", 1),
            ("home", "/fa/", 1),
            ("list, page 1", "/fa/agreements/", 1),
            ("list, page 100, sorted by partner", "/en/agreements/?sort=partner&page=100", 1),
            (
                "list, filtered and searched",
                "/fa/agreements/?status=active&continent=EU&q=نمونه&year_from=1380",
                1,
            ),
            ("list, in force on a date", "/fa/agreements/?in_force_on=1395/01/01", 1),
            ("agreement page", f"/fa/agreements/{agreement_id}/", 1),
            ("partner page", f"/en/partners/{partner_id}/", 1),
            ("map, everything", "/fa/map/", 1),
            ("map, one continent", "/fa/map/?continent=AF", 1),
            ("statistics", "/fa/statistics/", 1),
            ("statistics, in force", "/en/statistics/?status=active", 1),
            ("data page", "/fa/data/", 1),
            ("stats.json", "/data/stats.json", 1),
            ("agreements.json, one continent", "/data/agreements.json?continent=AF", 3),
            ("agreements.csv, everything", "/data/agreements.csv", 3),
            ("agreements.xlsx, everything", "/data/agreements.xlsx", 3),
            ("agreements.geojson, everything", "/data/agreements.geojson", 3),
        ]
        floor = None
        print(f"\n{'page':40} {'median ms':>10} {'max ms':>9} {'× floor':>8} {'KiB':>8}")
        for name, path, divisor in pages:
            median, worst, size = measure(port, path, max(3, args.repeat // divisor))
            floor = floor or median
            print(f"{name:40} {median:10.1f} {worst:9.1f} {median / floor:8.1f} {size / 1024:8.0f}")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
