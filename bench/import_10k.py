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
import json
import os
import random
import resource
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
    """(wall seconds, CPU seconds of the command's process, its last line of output).
    On a shared machine the CPU seconds say more than the wall clock."""
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed, cpu, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def record(results, database, rows):
    """Adds (or replaces) this run's figures in bench/results.json."""
    path = ROOT / "bench" / "results.json"
    data = json.loads(path.read_text())
    names = {name for name, *_ in results}
    kept = [m for m in data["measurements"] if m["name"] not in names]
    for name, phase, wall, cpu in results:
        kept.append({"name": name, "page": f"import_agreements, {rows} new rows", "database": database,
                     "phase": phase, "seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
                     "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                     "load_average_at_end": " ".join(f"{x:.2f}" for x in os.getloadavg())})
    data["measurements"] = kept
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url")
    parser.add_argument("--record", action="store_true", help="add the figures to bench/results.json")
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
        results = []
        for phase, label, extra in [("dry run", "dry run", ["--dry-run"]), ("import", "import", []),
                                    ("unchanged", "same file again, every row matched and unchanged", [])]:
            wall, cpu, summary = manage(env, "import_agreements", str(path), "--quiet-rows", *extra)
            print(f"{label}: {wall:.1f} s, {cpu:.1f} s of CPU  ({summary})")
            results.append((f"import_agreements {options.rows} rows, {phase} [{database}]", phase, wall, cpu))
        if options.record:
            record(results, database, options.rows)


if __name__ == "__main__":
    main()
