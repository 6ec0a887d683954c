"""The registry at scale against the framework's floor (run it as `bench/run`).

For each database (a fresh SQLite file; a throwaway PostgreSQL 15 cluster
through .ci/postgres), it migrates, loads the gazetteer, makes a synthetic
registry with `manage.py seed_scale`, serves it with gunicorn (2 workers,
DEBUG off, production settings plus bench/urls.py) on a free loopback port,
and measures every public page and download next to a trivial view through
the same middleware (the floor):

- warm: the same address again, served from the cache;
- cold: right after a write to the registry (bench/urls.py `touch`);
- p50/p95 over at least 200 requests (downloads fewer), time to the first
  byte for downloads, bytes on the wire with gzip, SQL queries per request
  (X-Queries, bench/queries.py), requests per second at 8 concurrent clients.

Then: that a write shows in both workers at once, the map drawn in headless
Chromium until every partner is on it, importing rows, the annual report,
and each worker's resident memory. It prints a table, writes
bench/results.json and ends with the worst warm floor ratio.

    bench/run --quick              # 10,000 agreements, SQLite only, within 5 minutes
    bench/run                      # 50,000 agreements, 20,000 partners, SQLite and PostgreSQL
    bench/run --databases postgresql
"""

import argparse
import concurrent.futures
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
# Countries whose cities are enough for the quick run's partners; the full run loads every city.
QUICK_COUNTRIES = "US,IN,BR,DE,MX,JP"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


class Bench:
    def __init__(self, options):
        self.options = options
        self.results = []
        self.workdir = Path(tempfile.mkdtemp(prefix="registry-bench-"))

    # --- set-up -----------------------------------------------------------------------------------

    def environment(self, database_url):
        env = dict(os.environ)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "bench.settings",
                "DEBUG": "0",
                "SECRET_KEY": "bench-only-" + "k" * 50,
                "ALLOWED_HOSTS": "127.0.0.1",
                # One address playing many visitors: the per-visitor download limit would answer 429.
                "DATA_DOWNLOADS_PER_MINUTE": "1000000",
                "DATA_DOWNLOADS_AT_ONCE": "1000",
                "SECURE_SSL_REDIRECT": "0",
                "STATIC_ROOT": str(self.workdir / "static"),
                "MEDIA_ROOT": str(self.workdir / "media"),
                "DATABASE_URL": database_url,
                "PYTHONPATH": str(ROOT),
            }
        )
        return env

    def manage(self, env, *args):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
        return time.perf_counter() - started, done.stdout

    def prepare(self, env):
        o = self.options
        took, _ = self.manage(env, "migrate", "--no-input", "-v", "0")
        print(f"  migrate {took:.0f} s", flush=True)
        gazetteer = ["--countries", QUICK_COUNTRIES] if o.quick else []
        took, _ = self.manage(env, "load_gazetteer", *gazetteer)
        print(f"  load_gazetteer {took:.0f} s", flush=True)
        took, _ = self.manage(
            env, "seed_scale", "--partners", str(o.partners), "--agreements", str(o.agreements),
            "--activities", str(o.activities), "--seed", "1403",
        )
        print(f"  seed_scale {took:.0f} s", flush=True)
        if not (self.workdir / "static").exists():
            self.manage(env, "collectstatic", "--no-input", "-v", "0")

    def ids(self, env):
        script = (
            "import django; django.setup(); from django.db.models import Count; "
            "from registry.models import Agreement, Partner; "
            "a = Agreement.objects.public().concluded().order_by('-pk').first(); "
            "p = Partner.objects.filter(agreements__is_public=True).annotate(n=Count('agreements'))"
            ".order_by('-n').first(); print(a.pk, p.pk)"
        )
        out = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout.split()
        return int(out[0]), int(out[1])

    # --- requests ---------------------------------------------------------------------------------

    def get(self, path, gzip=True, extra=None):
        """(status, total ms, first byte ms, bytes, queries, headers)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        headers = {"Host": "127.0.0.1", "Accept-Language": "fa"}
        if gzip:
            headers["Accept-Encoding"] = "gzip"
        headers.update(extra or {})
        started = time.perf_counter()
        connection.request("GET", quote(path, safe="/?&=:%"), headers=headers)
        response = connection.getresponse()
        first = time.perf_counter()
        size = 0
        while chunk := response.read(1 << 16):
            size += len(chunk)
        done = time.perf_counter()
        connection.close()
        if response.status not in (200, 304):
            raise SystemExit(f"{path}: HTTP {response.status}")
        return (
            response.status,
            (done - started) * 1000,
            (first - started) * 1000,
            size,
            int(response.getheader("X-Queries") or 0),
            dict(response.getheaders()),
        )

    def touch(self):
        self.get("/bench/touch/")

    def timed(self, path, count, cold):
        times, firsts, size, queries = [], [], 0, 0
        # Imports, templates, database caches; fills the cache of both workers
        # (each keeps its own unless the cache is shared).
        for _ in range(1 if cold else 4):
            self.get(path)
        for _ in range(count):
            if cold:
                self.touch()
            _, total, first, size, queries, _ = self.get(path)
            times.append(total)
            firsts.append(first)
        return times, firsts, size, queries

    def throughput(self, path, count, clients=8):
        self.get(path)
        done = [0]
        lock = threading.Lock()

        def client():
            while True:
                with lock:
                    if done[0] >= count:
                        return
                    done[0] += 1
                self.get(path)

        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            for future in [pool.submit(client) for _ in range(clients)]:
                future.result()
        return count / (time.perf_counter() - started)

    # --- measurements -----------------------------------------------------------------------------

    def record(self, database, phase, name, times=None, size=None, queries=None, rps=None, floor=None, **extra):
        row = {"name": f"{name} [{database}, {phase}]", "page": name, "database": database, "phase": phase}
        if times:
            ordered = sorted(times)
            row["p50_ms"] = round(statistics.median(ordered), 2)
            row["p95_ms"] = round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 2)
            row["requests"] = len(times)
            if floor:
                row["floor_ratio"] = round(row["p50_ms"] / floor, 2)
        if size is not None:
            row["bytes"] = size
        if queries is not None:
            row["queries"] = queries
        if rps is not None:
            row["rps"] = round(rps, 1)
        row.update(extra)
        self.results.append(row)
        return row

    def pages(self, agreement_id, partner_id):
        return [
            ("home", "/fa/", "page"),
            ("list, page 1", "/fa/agreements/", "list"),
            ("list, page 100 sorted by partner", "/en/agreements/?sort=partner&page=100", "list"),
            ("list, filtered and searched", "/fa/agreements/?status=active&continent=EU&q=همکاری&year_from=1380", "list"),
            ("list, in force on a date", "/fa/agreements/?in_force_on=1395/01/01", "list"),
            ("agreement page", f"/fa/agreements/{agreement_id}/", "detail"),
            ("partner page", f"/en/partners/{partner_id}/", "detail"),
            ("map page", "/fa/map/", "page"),
            ("map points, everything", "/fa/map/points.json", "page"),
            ("map details of a partner", f"/fa/map/partners/{partner_id}.json", "page"),
            ("statistics", "/fa/statistics/", "stats"),
            ("statistics, in force", "/en/statistics/?status=active", "stats"),
            ("data page", "/fa/data/", "page"),
            ("stats.json", "/data/stats.json", "stats"),
            ("agreements.json, one continent", "/data/agreements.json?continent=AF", "download"),
            ("agreements.csv, everything", "/data/agreements.csv", "download"),
            ("agreements.xlsx, everything", "/data/agreements.xlsx", "download"),
            ("agreements.geojson, everything", "/data/agreements.geojson", "download"),
            ("API agreements, filtered, sorted by partner", "/api/v1/agreements?status=active&sort=partner", "list"),
            ("API one agreement", f"/api/v1/agreements/{agreement_id}", "detail"),
            ("API statistics", "/api/v1/statistics?continent=EU", "stats"),
            ("partners.csv, everything", "/data/partners.csv", "download"),
            ("status-changes.csv, everything", "/data/status-changes.csv", "download"),
            ("wikidata.qs", "/data/wikidata.qs", "download"),
            ("sitemap.xml", "/sitemap.xml", "download"),
            ("feed", "/fa/feed/", "page"),
        ]

    def measure_pages(self, database, agreement_id, partner_id):
        o = self.options
        floor_times, _, floor_size, floor_queries = self.timed("/bench/floor/", o.requests, cold=False)
        floor = statistics.median(floor_times)
        floor_rps = self.throughput("/bench/floor/", o.requests)
        self.record(database, "warm", "floor: trivial Django view", floor_times, floor_size, floor_queries,
                    floor_rps, floor)
        print(f"\n  {'page':36} {'phase':5} {'p50 ms':>8} {'p95 ms':>8} {'1st B':>7} {'× floor':>8} "
              f"{'KiB gz':>8} {'q':>3} {'rps':>7}")
        print(f"  {'floor: trivial Django view':36} {'warm':5} {floor:8.2f} "
              f"{self.results[-1]['p95_ms']:8.2f} {'':>7} {1:8.1f} {floor_size / 1024:8.1f} "
              f"{floor_queries:3d} {floor_rps:7.0f}", flush=True)
        for name, path, kind in self.pages(agreement_id, partner_id):
            download = kind == "download"
            for phase in ("warm", "cold"):
                count = (o.download_requests if download else o.requests) if phase == "warm" else (
                    o.download_cold if download else o.cold_requests)
                times, firsts, size, queries = self.timed(path, count, cold=phase == "cold")
                rps = self.throughput(path, o.requests) if phase == "warm" and not download else None
                row = self.record(database, phase, name, times, size, queries, rps, floor,
                                  first_byte_p50_ms=round(statistics.median(firsts), 2))
                print(f"  {name[:36]:36} {phase:5} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} "
                      f"{row['first_byte_p50_ms']:7.1f} {row['floor_ratio']:8.1f} {size / 1024:8.1f} "
                      f"{queries:3d} {rps or 0:7.0f}", flush=True)

    def check_workers_agree(self, database, agreement_id):
        """A visible write shows at once in both workers: 40 requests, 8 at a time."""
        self.get(f"/en/agreements/{agreement_id}/")
        token = "Renamed " + secrets.token_hex(4)
        self.get(f"/bench/rename/{agreement_id}/?title={token.replace(' ', '%20')}")
        path = f"/en/agreements/{agreement_id}/"
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: self.get(path, gzip=False, extra={"Accept-Language": "en"}),
                                    range(40)))
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        body = conn.getresponse().read().decode()
        etags = {a[5].get("ETag") for a in answers}
        ok = token in body and len(etags) == 1
        self.record(database, "check", "a write shows in both workers at once", ok=ok, etags=len(etags))
        print(f"\n  a write shows in both workers at once: {'yes' if ok else 'NO'}", flush=True)
        etag = answers[0][5]["ETag"]
        status = self.get(path, extra={"If-None-Match": etag})[0]
        self.record(database, "check", "a repeat visitor gets 304", ok=status == 304)
        print(f"  a repeat visitor gets 304: {'yes' if status == 304 else 'NO'}", flush=True)

    def measure_map(self, database):
        """The full map in headless Chromium, until every partner is on it."""
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            print("  map in Chromium: Playwright is not installed")
            return
        chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium-headless-shell")
        if not shutil.which(chromium):
            print(f"  map in Chromium: no browser at {chromium}")
            return
        wire = sum(self.get(p)[3] for p in ("/en/map/", "/en/map/points.json"))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            for phase in ("cold", "warm"):
                if phase == "cold":
                    self.touch()
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                started = time.perf_counter()
                page.goto(f"http://127.0.0.1:{self.port}/en/map/")
                page.wait_for_selector(".markers-loaded", timeout=120_000)
                drawn = (time.perf_counter() - started) * 1000
                markers = int(page.locator(".map-frame .leaflet-container").get_attribute("data-markers"))
                # Pan and zoom once: the clusters must answer.
                started = time.perf_counter()
                page.mouse.wheel(0, -400)
                page.wait_for_timeout(50)
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                page.close()
                self.record(database, phase, "map drawn in Chromium, every partner", [drawn], wire,
                            partners=markers)
                print(f"  map drawn in Chromium ({phase}): {drawn:.0f} ms, {markers} partners, "
                      f"{wire / 1024:.0f} KiB on the wire (page + points, gzip)", flush=True)
            browser.close()

    def measure_report_and_import(self, database, env):
        took, _ = self.manage(env, "annual_report", "--year", "2024", "--output", str(self.workdir / "report.xlsx"))
        self.record(database, "once", "annual report 2024 (XLSX, command)", [took * 1000])
        print(f"  annual report at scale: {took:.1f} s (command, Django start-up included)", flush=True)
        sys.path.insert(0, str(ROOT))
        from bench.import_10k import write_file

        rows = self.options.import_rows
        path = self.workdir / f"import-{rows}.csv"
        write_file(path, rows)
        took, out = self.manage(env, "import_agreements", str(path), "--quiet-rows")
        self.record(database, "once", f"import of {rows} rows (command)", [took * 1000], rows=rows)
        print(f"  import of {rows} rows: {took:.1f} s ({out.strip().splitlines()[-1] if out.strip() else ''})",
              flush=True)

    def worker_memory(self, database, server):
        sizes = []
        children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(server.pid)], capture_output=True, text=True)
        for pid in children.stdout.split():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) // 1024)
        self.record(database, "once", "gunicorn worker resident memory (MB)", max_mb=max(sizes or [0]),
                    workers_mb=sizes)
        print(f"  gunicorn workers resident after the benchmark: {sizes} MB", flush=True)

    # --- one database -----------------------------------------------------------------------------

    def run_database(self, database, url):
        print(f"\n{database}: {self.options.agreements} agreements, {self.options.partners} partners, "
              f"{self.options.activities} activities (load average {load_average()})", flush=True)
        env = self.environment(url)
        self.prepare(env)
        agreement_id, partner_id = self.ids(env)
        if database == "postgresql":
            plans = subprocess.run([sys.executable, "bench/explain.py"], cwd=ROOT, env=env, capture_output=True,
                                   text=True)
            (ROOT / "bench" / "plans-postgresql.txt").write_text(plans.stdout + plans.stderr[-3000:])
            print("  EXPLAIN ANALYZE of the heavy queries: bench/plans-postgresql.txt", flush=True)
        self.port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{self.port}",
             "--timeout", "120", "config.wsgi"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(self.workdir / f"gunicorn-{database}.log", "w"),
        )
        try:
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            self.measure_pages(database, agreement_id, partner_id)
            self.check_workers_agree(database, agreement_id)
            self.measure_map(database)
            self.measure_report_and_import(database, env)
            self.worker_memory(database, server)
        finally:
            server.terminate()
            server.wait()
            # The server's errors outlive the run's temporary directory.
            (ROOT / "bench" / "results").mkdir(exist_ok=True)
            shutil.copy(self.workdir / f"gunicorn-{database}.log", ROOT / "bench" / "results")

    def run(self):
        started = time.perf_counter()
        print(f"bench/run {'--quick ' if self.options.quick else ''}on {os.cpu_count()} CPUs, "
              f"load average {load_average()}", flush=True)
        try:
            for database in self.options.databases:
                if database == "sqlite":
                    self.run_database("sqlite", f"sqlite:///{self.workdir / 'bench.sqlite3'}")
                else:
                    self.run_postgresql()
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)
        self.finish(time.perf_counter() - started)

    def run_postgresql(self):
        started = subprocess.run([str(ROOT / ".ci" / "postgres"), "start"], capture_output=True, text=True, check=True)
        values = dict(re.findall(r"export (\w+)=(\S+)", started.stdout))
        try:
            self.run_database("postgresql", values["DATABASE_URL"])
        finally:
            subprocess.run([str(ROOT / ".ci" / "postgres"), "stop", values["PGTMP"]], check=False)

    def finish(self, elapsed):
        meta = {
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "cpus": os.cpu_count(),
            "load_average_at_end": load_average(),
            "seconds": round(elapsed),
            "quick": self.options.quick,
            "agreements": self.options.agreements,
            "partners": self.options.partners,
            "activities": self.options.activities,
        }
        output = Path(self.options.output)
        output.write_text(json.dumps({"run": meta, "measurements": self.results}, indent=1, ensure_ascii=False))
        print(f"\nwrote {output} in {elapsed:.0f} s (load average {load_average()})")
        warm = [r for r in self.results if r["phase"] == "warm" and "floor_ratio" in r
                and not r["page"].startswith(("floor", "agreements.", "map drawn"))]
        worst = max(warm, key=lambda r: r["floor_ratio"])
        print(f"worst warm floor ratio: {worst['floor_ratio']}× ({worst['page']}, {worst['database']}: "
              f"{worst['p50_ms']} ms against the floor's {worst['p50_ms'] / worst['floor_ratio']:.2f} ms)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="10,000 agreements, SQLite only, fewer requests")
    parser.add_argument("--databases", help="sqlite,postgresql (default: both; sqlite with --quick)")
    parser.add_argument("--agreements", type=int)
    parser.add_argument("--partners", type=int)
    parser.add_argument("--activities", type=int)
    parser.add_argument("--requests", type=int, help="warm requests per page (default 200)")
    parser.add_argument("--output", default=str(RESULTS), help="where to write the results (bench/results.json)")
    parser.add_argument("--cold-requests", type=int, help="requests right after a write, per page (default 200; 10 with --quick)")
    options = parser.parse_args()
    quick = options.quick
    options.databases = (options.databases or ("sqlite" if quick else "sqlite,postgresql")).split(",")
    options.agreements = options.agreements or (10_000 if quick else 50_000)
    options.partners = options.partners or (4_000 if quick else 20_000)
    options.activities = options.activities or (40_000 if quick else 200_000)
    options.requests = options.requests or 200
    options.cold_requests = options.cold_requests or (10 if quick else 200)
    options.download_requests = 5 if quick else 20
    options.download_cold = 2 if quick else 5
    options.import_rows = 2_000 if quick else 10_000
    Bench(options).run()


if __name__ == "__main__":
    main()
