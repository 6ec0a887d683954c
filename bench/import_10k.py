"""Time `manage.py import_agreements` on a generated file of 10,000 agreements.

    DEBUG=1 .venv/bin/python bench/import_10k.py [--rows 10000] [--database-url URL]

Makes a fresh database (a temporary SQLite file unless --database-url is
given, which must point at an empty, throwaway database), migrates it,
loads the seed (countries, presidencies, Tehran's 28 links), writes a CSV of
new agreements with 2,000 new partners (five agreements each, as a
colleague's spreadsheet would repeat cities) and times the import, first as
a dry run, then for real, each in its own process as staff would run it.
"""

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNTRIES = ["KG", "TJ", "RU", "TR", "CN", "KR", "PL", "HU", "GE", "IT", "BR", "VE", "CU", "ZA", "SD", "IQ", "AF"]
STATUSES = ["active"] * 8 + ["draft", "lapsed", "suspended"]
TITLES = ["یادداشت تفاهم همکاری", "تفاهم نامه خواهر شهری", "پیمان دوستی", "موافقت نامه همکاری"]
INSTRUMENTS = ["mou", "mou", "pact", "accord"]
RELATIONSHIPS = ["cooperation", "sister_city", "friendship", "cooperation"]


def write_file(path, rows):
    random.seed(1)
    headers = [
        "partner_geonames_id", "partner_country", "partner_name_en", "partner_name_fa", "partner_latitude",
        "partner_longitude", "title_fa", "title_en", "instrument", "relationship", "status", "status_date",
        "signed_on", "is_public",
    ]
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        for n in range(rows):
            city = n % 2000
            kind = n % len(TITLES)
            year, month, day = 1370 + n % 33, 1 + n % 12, 1 + n % 29
            writer.writerow([
                90_000_000 + city, COUNTRIES[city % len(COUNTRIES)], f"Bench City {city}", f"شهر آزمایشی {city}",
                f"{random.uniform(-60, 60):.5f}", f"{random.uniform(-170, 170):.5f}",
                f"{TITLES[kind]} {n}", f"Bench agreement {n}", INSTRUMENTS[kind], RELATIONSHIPS[kind],
                STATUSES[n % len(STATUSES)], f"{year}/{month:02d}/{day:02d}", f"{year}/{month:02d}/{day:02d}", "1",
            ])


def manage(env, *args):
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "1"), "MEDIA_ROOT": tmp}
        env["DATABASE_URL"] = options.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "load_seed")
        path = Path(tmp) / f"agreements-{options.rows}.csv"
        write_file(path, options.rows)
        database = env["DATABASE_URL"].split(":", 1)[0]
        print(f"{options.rows} rows, {database}, Python {sys.version.split()[0]}")
        dry, summary = manage(env, "import_agreements", str(path), "--dry-run", "--quiet-rows")
        print(f"dry run: {dry:.1f} s  ({summary})")
        real, summary = manage(env, "import_agreements", str(path), "--quiet-rows")
        print(f"import:  {real:.1f} s  ({summary})")
        again, summary = manage(env, "import_agreements", str(path), "--quiet-rows")
        print(f"same file again, every row matched and unchanged: {again:.1f} s  ({summary})")


if __name__ == "__main__":
    main()
