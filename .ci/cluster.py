"""The registry on two app servers behind nginx, checked end to end on loopback.

Run by .ci/cluster, which starts PostgreSQL and exports DATABASE_URL. This
starts Redis, moto's S3 server, gunicorn servers A and B with production
settings and nginx balancing between them (deploy/nginx/registry.conf, with
only addresses and paths replaced), checks that the servers agree, puts them
under load while 10,000 rows are imported, and stops everything it started.

HTTP through requests and forms read with lxml.html (requirements-dev.txt);
psycopg and boto3 for the database and the bucket. Every request goes to
127.0.0.1, every loop is bounded in time.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import lxml.html
import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.import_10k import write_file as write_bench_file  # noqa: E402

VENV = ROOT / ".venv" / "bin"
HOST = "registry.test"
BUCKET = "registry-cluster"
# Within the 10 minutes promised; more only to measure on a machine shared with other work.
TIME_LIMIT = int(os.environ.get("CLUSTER_TIME_LIMIT", 9 * 60))
LOAD_CLIENTS = 32
LOAD_SECONDS = int(os.environ.get("CLUSTER_LOAD_SECONDS", 60))
BIG_IMPORT_ROWS = int(os.environ.get("CLUSTER_IMPORT_ROWS", 10_000))
# A PDF as the upload check sniffs it (registry/uploads.py reads the first bytes).
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def say(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    say(f"ok: {message}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# HTTP ---------------------------------------------------------------------


def request(port, method, path, headers=None, body=None, timeout=60, session=None):
    """One request to 127.0.0.1:port for the site's host name, never following redirects."""
    return (session or requests).request(
        method, f"http://127.0.0.1:{port}{path}", headers={"Host": HOST, **(headers or {})}, data=body,
        timeout=timeout, allow_redirects=False,
    )


def get(port, path, session=None, timeout=60):
    """GET as a visitor's browser would: a stored download answers with a
    redirect to a signed URL of the bucket, which is followed (without the
    site's host name, which is not the bucket's)."""
    response = request(port, "GET", path, timeout=timeout, session=session)
    location = response.headers.get("Location", "")
    if response.is_redirect and location.startswith("http"):
        response = (session or requests).get(location, timeout=timeout, allow_redirects=False)
    return response


class Browser:
    """Cookies and CSRF as a browser keeps them, for any of the servers."""

    def __init__(self, headers=None):
        self.session = requests.Session()
        self.session.headers.update(headers or {})

    @property
    def cookies(self):
        return self.session.cookies

    def send(self, port, method, path, **kwargs):
        response = self.session.request(
            method, f"http://127.0.0.1:{port}{path}", headers={"Host": HOST, **kwargs.pop("headers", {})},
            timeout=60, allow_redirects=False, **kwargs,
        )
        # The servers mark their cookies Secure (TLS is the operator's, in
        # front of nginx), which requests then keeps from plain HTTP; this
        # test speaks plain HTTP on loopback, where a browser would use TLS.
        for cookie in self.session.cookies:
            cookie.secure = False
        return response

    def get(self, port, path):
        return self.send(port, "GET", path)

    def post(self, port, path, fields, files=None):
        # Django checks the Origin of a POST against the site (CSRF).
        return self.send(port, "POST", path, data=fields, files=files or None, headers={"Origin": f"http://{HOST}"})

    def form(self, port, path, **which):
        response = self.get(port, path)
        assert response.status_code == 200, f"GET {path} on :{port} answered {response.status_code}"
        return find_form(response.text, **which)

    def log_in(self, port, username, password):
        form = self.form(port, "/admin/login/", form_id="login-form")
        form.set("username", username)
        form.set("password", password)
        return self.post(port, "/admin/login/?next=/admin/", form.fields)


class Form:
    """A form of a page (lxml.html) with the values a browser would submit unchanged."""

    def __init__(self, element):
        self.element = element
        self.action = element.get("action") or ""
        # (name, value); a browser drops a textarea's first line break, as HTML says.
        textareas = {field.name for field in element.inputs if field.tag == "textarea"}
        self.fields = [(name, value.removeprefix("\n") if name in textareas else value)
                       for name, value in element.form_values()]

    def set(self, name, value):
        self.fields = [(n, v) for n, v in self.fields if n != name]
        if value is not None:
            self.fields.append((name, value))

    def value(self, name):
        return next((v for n, v in self.fields if n == name), None)

    def choices(self, name):
        """[(value, label)] of a select."""
        options = self.element.inputs[name].iter("option")
        return [(option.get("value", option.text_content().strip()), option.text_content().strip())
                for option in options]


def find_form(html, form_id=None, action=None, file_field=None):
    for element in lxml.html.fromstring(html).forms:
        file_fields = [field.name for field in element.inputs if field.get("type") == "file"]
        if (
            (form_id and element.get("id") == form_id)
            or (action and action in (element.get("action") or ""))
            or (file_field and file_field in file_fields)
        ):
            return Form(element)
    raise AssertionError(f"no form {form_id or action or file_field!r} on the page")


# Processes ----------------------------------------------------------------


class Processes:
    """Everything this test starts, each in its own process group, stopped by id."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.running = {}

    def start(self, name, args, env=None):
        log = open(self.tmp / f"{name}.log", "ab")
        self.running[name] = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        return self.running[name]

    def stop(self, name, timeout=40):
        process = self.running.pop(name, None)
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)  # graceful for gunicorn, redis, nginx and moto
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        try:  # anything of its group left behind (workers of a master that died)
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def stop_all(self):
        for name in reversed(list(self.running)):
            self.stop(name, timeout=15)

    def log(self, name, lines=30):
        path = self.tmp / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


def wait_until(what, test, seconds=60, interval=0.3):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if test():
                return
        except OSError:
            pass
        time.sleep(interval)
    raise AssertionError(f"{what}: not within {seconds} s")


# The cluster --------------------------------------------------------------


class Cluster:
    def __init__(self, tmp):
        self.tmp = tmp
        self.processes = Processes(tmp)
        self.ports = {name: free_port() for name in ("redis", "s3", "a", "b", "nginx")}
        self.admin_password = secrets.token_urlsafe(18)
        self.env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            # nginx here speaks plain HTTP; TLS is the operator's.
            "SECURE_SSL_REDIRECT": "0",
            "REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
            "S3_BUCKET": BUCKET,
            "S3_ENDPOINT_URL": f"http://127.0.0.1:{self.ports['s3']}",
            "S3_ACCESS_KEY_ID": "cluster",
            "S3_SECRET_ACCESS_KEY": "cluster-secret",
            "S3_REGION": "us-east-1",
            "STATIC_ROOT": str(tmp / "static"),
            # With S3 nothing may land here; the test looks at the end.
            "MEDIA_ROOT": str(tmp / "media"),
            "LOG_LEVEL": "WARNING",
            # As deploy/nginx/registry.conf sets it: sign-in lock-outs count per visitor.
            "CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
            "LOGIN_FAILURE_LIMIT": "3",
            # The load test is one address playing 32 visitors; the per-visitor
            # download limit would turn most of its downloads into 429s.
            "DATA_DOWNLOADS_PER_MINUTE": "1000000",
            "DATA_DOWNLOADS_AT_ONCE": "1000",
            "PYTHONUNBUFFERED": "1",
        }
        self.s3 = None

    # starting ------------------------------------------------------------

    def manage(self, *args, timeout=300):
        done = subprocess.run(
            [VENV / "python", "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done.stdout

    def start_redis(self):
        self.processes.start("redis", [
            "redis-server", "--bind", "127.0.0.1", "--port", str(self.ports["redis"]), "--save", "",
            "--appendonly", "no", "--dir", str(self.tmp), "--daemonize", "no", "--protected-mode", "yes",
        ])
        wait_until("redis answers", lambda: self.redis_ping(), 20)

    def redis_ping(self):
        with socket.create_connection(("127.0.0.1", self.ports["redis"]), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")

    def start_s3(self):
        self.processes.start("s3", [VENV / "python", "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.ports["s3"])])
        wait_until("moto's S3 answers", lambda: socket.create_connection(("127.0.0.1", self.ports["s3"]), 1), 60)
        self.s3 = boto3.client(
            "s3", endpoint_url=self.env["S3_ENDPOINT_URL"], region_name="us-east-1",
            aws_access_key_id="cluster", aws_secret_access_key="cluster-secret",
        )
        self.s3.create_bucket(Bucket=BUCKET)

    def bucket_keys(self, prefix=""):
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]

    def prepare_database(self):
        self.manage("migrate", "--no-input", "-v", "0")
        self.manage("load_seed")
        self.manage("collectstatic", "--no-input", "-v", "0")
        env = {**self.env, "DJANGO_SUPERUSER_PASSWORD": self.admin_password}
        done = subprocess.run(
            [VENV / "python", "manage.py", "createsuperuser", "--no-input", "--username", "cluster-admin",
             "--email", "cluster@registry.test"], cwd=ROOT, env=env, capture_output=True, text=True,
        )
        assert done.returncode == 0, done.stderr

    def start_app(self, name):
        env = {
            **self.env,
            "GUNICORN_BIND": f"127.0.0.1:{self.ports[name]}",
            "GUNICORN_WORKERS": "3",
        }
        self.processes.start(name, [VENV / "gunicorn", "-c", "deploy/gunicorn.conf.py"], env=env)
        wait_until(f"server {name.upper()} is ready",
                   lambda: request(self.ports[name], "GET", "/readyz", timeout=5).status_code == 200, 60)

    def nginx_conf(self):
        site = (ROOT / "deploy" / "nginx" / "registry.conf").read_text()
        replacements = [
            (r"\n(\s*)server 127\.0\.0\.1:8001 (.*);",
             rf"\n\1server 127.0.0.1:{self.ports['a']} \2;\n\1server 127.0.0.1:{self.ports['b']} \2;"),
            (r"\n\s*listen 80;", f"\n    listen 127.0.0.1:{self.ports['nginx']};"),
            (r"\n\s*listen \[::\]:80;", ""),
            (r"server_name [^;]+;", f"server_name {HOST};"),
            (r"alias /srv/registry/staticfiles/;", f"alias {self.tmp}/static/;"),
        ]
        for pattern, replacement in replacements:
            site, count = re.subn(pattern, replacement, site)
            assert count == 1, f"deploy/nginx/registry.conf no longer has {pattern!r}"
        prefix = self.tmp / "nginx"
        prefix.mkdir()
        (prefix / "registry.conf").write_text(site)
        temp = "\n".join(f"    {kind}_temp_path {prefix}/{kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                                 "uwsgi", "scgi"))
        (prefix / "nginx.conf").write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format upstreams '$msec|$request_time|$status|$upstream_addr|$request';
    access_log {prefix}/access.log upstreams;
{temp}
    include {prefix}/registry.conf;
}}
""")
        return prefix

    def start_nginx(self):
        prefix = self.nginx_conf()
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        base = [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")]
        tested = subprocess.run([*base, "-t"], capture_output=True, text=True)
        assert tested.returncode == 0, tested.stderr
        self.processes.start("nginx", [*base, "-g", "daemon off;"])
        wait_until("nginx answers", lambda: request(self.ports["nginx"], "GET", "/healthz", timeout=5).status_code == 200)

    def nginx_log(self):
        """(start time, status, the servers tried in turn) of each request nginx passed on."""
        path = self.tmp / "nginx" / "access.log"
        lines = path.read_text().splitlines() if path.exists() else []
        return [
            (float(end) - float(took), int(status), [address.strip() for address in tried.split(",")])
            for end, took, status, tried, *_ in (line.split("|") for line in lines)
        ]

    def start(self):
        say(f"ports: {self.ports}")
        self.start_redis()
        self.start_s3()
        started = time.monotonic()
        self.prepare_database()
        say(f"migrated, seeded and collected the static files in {time.monotonic() - started:.0f} s")
        self.start_app("a")
        self.start_app("b")
        self.start_nginx()
        say("started: PostgreSQL, Redis, moto S3, gunicorn A and B, nginx")

    def sql(self, query, *params):
        with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as connection:
            return connection.execute(query, params).fetchall()


# The checks ---------------------------------------------------------------

IMPORT_HEADERS = [
    "partner_geonames_id", "partner_country", "partner_name_en", "partner_name_fa", "partner_latitude",
    "partner_longitude", "title_fa", "title_en", "instrument", "relationship", "status", "status_date",
    "signed_on", "is_public",
]


def small_import(marker, rows):
    """A CSV of new agreements, the last one not public."""
    lines = [",".join(IMPORT_HEADERS)]
    for n in range(rows):
        lines.append(",".join([
            str(95_000_000 + n), "TJ", f"{marker} City {n}", f"شهر {n}", "38.5", "68.7",
            f"تفاهم نامه همکاری {marker} {n}", f"{marker} {n}", "mou", "cooperation", "active",
            "1402/05/01", "1402/05/01", "0" if n == rows - 1 else "1",
        ]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def check_balancing(cluster):
    before = len(cluster.nginx_log())
    statuses = [request(cluster.ports["nginx"], "GET", "/fa/agreements/").status_code for _ in range(12)]
    check(statuses == [200] * 12, "nginx answers the public list (12 requests, all 200)")
    upstreams = {tried[-1] for _, _, tried in cluster.nginx_log()[before:]}
    expected = {f"127.0.0.1:{cluster.ports['a']}", f"127.0.0.1:{cluster.ports['b']}"}
    check(upstreams == expected, f"nginx balanced them over both servers ({', '.join(sorted(upstreams))})")


def check_session(cluster, staff):
    a, b = cluster.ports["a"], cluster.ports["b"]
    response = staff.log_in(a, "cluster-admin", cluster.admin_password)
    check(response.status_code == 302 and "sessionid" in staff.cookies, "staff signed in on A")
    on_b = staff.get(b, "/admin/")
    check(on_b.status_code == 200 and 'id="logout-form"' in on_b.text, "the session started on A is valid on B")
    anonymous = request(b, "GET", "/admin/")
    check(anonymous.status_code == 302, "without it B sends the visitor to the login page")


def check_import_across_servers(cluster, staff):
    a, b = cluster.ports["a"], cluster.ports["b"]
    marker = "Cluster import"
    total_before = cluster.sql("SELECT count(*) FROM registry_agreement")[0][0]
    form = staff.form(a, "/admin/registry/agreement/import/", file_field="import_file")
    csv_choice = next(value for value, label in form.choices("format") if label.lower() == "csv")
    form.set("format", csv_choice)
    preview = staff.post(a, "/admin/registry/agreement/import/", form.fields,
                         {"import_file": ("links.csv", small_import(marker, 5), "text/csv")})
    check(preview.status_code == 200 and "process_import" in preview.text, "A previews an import of 5 rows")
    waiting = cluster.bucket_keys("django-import-export/")
    check(len(waiting) == 1, "the previewed file waits in the shared bucket, not on A's disk")
    check(cluster.sql("SELECT count(*) FROM registry_agreement")[0][0] == total_before,
          "the preview wrote nothing")
    confirm = find_form(preview.text, action="process_import")
    done = staff.post(b, confirm.action, confirm.fields)
    check(done.status_code == 302, f"B confirms the import previewed on A (answered {done.status_code})")
    found = cluster.sql("SELECT count(*), count(DISTINCT title_en) FROM registry_agreement WHERE title_en LIKE %s",
                        f"{marker} %")[0]
    total_after = cluster.sql("SELECT count(*) FROM registry_agreement")[0][0]
    check(found == (5, 5) and total_after == total_before + 5, "the confirm wrote exactly the file's 5 rows")
    check(cluster.bucket_keys("django-import-export/") == [], "the confirmed file was removed from the bucket")
    return cluster.sql("SELECT id, title_en FROM registry_agreement WHERE title_en = %s", f"{marker} 4")[0]


def public_views(port, pk, title):
    """Whether the public list links to the agreement, the statistics' total
    and whether the open data has it, as served on `port`."""
    listed = request(port, "GET", "/en/agreements/?q=" + title.replace(" ", "+"))
    stats = request(port, "GET", "/data/stats.json")
    data = get(port, "/data/agreements.json")  # a stored download: through the bucket
    statuses = (listed.status_code, stats.status_code, data.status_code)
    assert set(statuses) == {200}, statuses
    return f'href="/en/agreements/{pk}/"' in listed.text, stats.json()["total"], title in data.text


def check_edit_across_servers(cluster, staff, hidden):
    a, b = cluster.ports["a"], cluster.ports["b"]
    pk, title = hidden
    listed, total, in_data = public_views(b, pk, title)  # B computes (and caches) the pages first
    check(not listed and not in_data, "B does not show the agreement imported as not public")
    form = staff.form(a, f"/admin/registry/agreement/{pk}/change/", form_id="agreement_form")
    form.set("is_public", "on")
    form.set("_save", "Save")
    saved = staff.post(a, f"/admin/registry/agreement/{pk}/change/", form.fields)
    check(saved.status_code == 302, f"A saves the agreement made public in the admin (answered {saved.status_code})")
    listed, total_after, in_data = public_views(b, pk, title)
    check(listed, "B's public list shows it on the next request")
    check(total_after == total + 1, f"B's statistics count it on the next request ({total} → {total_after})")
    check(in_data, "B's open data has it on the next request")
    through_nginx = public_views(cluster.ports["nginx"], pk, title)
    check(through_nginx[0] and through_nginx[1] == total_after and through_nginx[2], "so does nginx")


def check_documents(cluster, staff, hidden):
    a, b, front = cluster.ports["a"], cluster.ports["b"], cluster.ports["nginx"]
    pk, _ = hidden
    stored_before = set(cluster.bucket_keys())
    ids = {}
    for public in (True, False):
        title = f"Cluster scan {'public' if public else 'internal'}"
        form = staff.form(a, "/admin/registry/document/add/", form_id="document_form")
        form.set("agreement", str(pk))
        form.set("title", title)
        form.set("is_public", "on" if public else None)
        form.set("_save", "Save")
        body = PDF + title.encode()
        saved = staff.post(a, "/admin/registry/document/add/", form.fields,
                           {"file": ("scan.pdf", body, "application/pdf")})
        check(saved.status_code == 302, f"A stores an uploaded {'public' if public else 'non-public'} scan")
        ids[public] = (cluster.sql("SELECT id FROM registry_document WHERE title = %s", title)[0][0], body)
    new_keys = set(cluster.bucket_keys()) - stored_before
    check(len(new_keys) == 2, "both scans are in the shared bucket")
    bucket_acl = cluster.s3.get_bucket_acl(Bucket=BUCKET)
    object_acls = [cluster.s3.get_object_acl(Bucket=BUCKET, Key=key) for key in new_keys]
    public_grants = [g for acl in [bucket_acl, *object_acls] for g in acl["Grants"]
                     if "AllUsers" in g["Grantee"].get("URI", "")]
    check(not public_grants, "neither the bucket nor the scans are readable by everyone")
    public_id, public_body = ids[True]
    for port, name in ((b, "B"), (front, "nginx")):
        got = request(port, "GET", f"/documents/{public_id}/")
        check(got.status_code == 200 and got.content == public_body, f"{name} serves the public scan uploaded through A")
    internal_id, internal_body = ids[False]
    for port, name in ((a, "A"), (b, "B"), (front, "nginx")):
        got = request(port, "GET", f"/documents/{internal_id}/")
        check(got.status_code == 404, f"{name} refuses the non-public scan to an anonymous visitor ({got.status_code})")
    got = staff.get(b, f"/documents/{internal_id}/")
    check(got.status_code == 200 and got.content == internal_body, "B serves the non-public scan to staff signed in on A")
    return public_id


def check_axes(cluster):
    """Wrong passwords sent through nginx lock the user name out for that
    visitor on both servers (attempts are kept in the shared database, the
    visitor's address read from nginx's X-Real-IP), and only for that visitor."""
    limit = int(cluster.env["LOGIN_FAILURE_LIMIT"])
    a, b, front = cluster.ports["a"], cluster.ports["b"], cluster.ports["nginx"]
    password = secrets.token_urlsafe(18)
    cluster.manage("shell", "-c", (
        "from django.contrib.auth.models import User; "
        f"User.objects.create_user('cluster-editor', password='{password}', is_staff=True)"
    ))
    for attempt in range(limit):
        Browser().log_in(front, "cluster-editor", "wrong-" + password)
    for port, name in ((a, "A"), (b, "B"), (front, "nginx")):
        browser = Browser()
        browser.log_in(port, "cluster-editor", password)
        check(browser.get(port, "/admin/").status_code != 200,
              f"after {limit} wrong passwords through nginx, {name} refuses the right one too")
    # What nginx would pass on for another visitor: only the one address is locked out.
    elsewhere = Browser(headers={"X-Real-IP": "192.0.2.7"})
    elsewhere.log_in(b, "cluster-editor", password)
    check(elsewhere.get(b, "/admin/").status_code == 200, "the same user from another address still signs in")
    cluster.manage("axes_reset")


def public_urls(document_id):
    return [
        "/fa/agreements/", "/en/agreements/?status=active", "/fa/map/", "/fa/statistics/", "/data/stats.json",
        "/data/agreements.geojson", "/data/agreements.csv", f"/documents/{document_id}/",
    ]


def check_redis_outage(cluster, staff, document_id):
    ports = {"A": cluster.ports["a"], "B": cluster.ports["b"], "nginx": cluster.ports["nginx"]}
    urls = public_urls(document_id)
    cluster.processes.stop("redis")
    say("Redis stopped")
    slow = []
    for name, port in ports.items():
        answers = []
        for url in urls:
            started = time.perf_counter()
            answers.append(get(port, url))
            slow.append(time.perf_counter() - started)
        failed = [(url, got.status_code) for url, got in zip(urls, answers) if got.status_code != 200]
        check(not failed, f"without Redis {name} answers every public page and download {failed or ''}")
    check(staff.get(ports["B"], "/admin/").status_code == 200, "without Redis the staff session still holds (database)")
    ready = request(ports["A"], "GET", "/readyz")
    check(ready.status_code == 503 and "cache: ConnectionError" in ready.text, "/readyz says the cache is down")
    cluster.start_redis()
    say("Redis started again")
    for name in ("A", "B"):
        wait_until(f"{name} sees Redis again", lambda: request(ports[name], "GET", "/readyz").status_code == 200, 30, 1)
        check(True, f"{name} is ready again once Redis is back")
    back = [get(ports["nginx"], url) for url in urls]
    check({got.status_code for got in back} == {200}, "pages answer with Redis back")
    say(f"without Redis the public pages took {sum(slow) / len(slow) * 1000:.0f} ms on average")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] if ordered else 0.0


def load(port, urls, clients, seconds):
    """`clients` threads requesting `urls` in turn on 127.0.0.1:port for `seconds`."""
    deadline = time.monotonic() + seconds
    results, lock = [], threading.Lock()

    def client(offset):
        mine, n = [], offset
        session = requests.Session()  # a visitor's browser keeps its connections
        while time.monotonic() < deadline and n < offset + 100_000:
            url = urls[n % len(urls)]
            n += 1
            started = time.perf_counter()
            try:
                status = get(port, url, session=session, timeout=60).status_code
            except requests.RequestException as error:
                status = f"{type(error).__name__}"
            mine.append((url, status, time.perf_counter() - started))
        with lock:
            results.extend(mine)

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    return results, time.monotonic() - started


def summarize(results, elapsed):
    latencies = [seconds for _, _, seconds in results]
    errors = [(url, status) for url, status, _ in results if not isinstance(status, int) or status >= 500]
    return {
        "requests": len(results), "errors": len(errors), "error_samples": errors[:5],
        "p50": percentile(latencies, 0.50) * 1000, "p95": percentile(latencies, 0.95) * 1000,
        "rps": len(results) / elapsed if elapsed else 0.0,
        "statuses": dict(sorted(Counter(str(status) for _, status, _ in results).items())),
    }


def check_load_with_import(cluster, document_id):
    csv_path = cluster.tmp / f"agreements-{BIG_IMPORT_ROWS}.csv"
    write_bench_file(csv_path, BIG_IMPORT_ROWS)
    before = cluster.sql("SELECT count(*) FROM registry_agreement")[0][0]
    say(f"importing {BIG_IMPORT_ROWS} rows with server B's settings while {LOAD_CLIENTS} clients "
        f"load server A for {LOAD_SECONDS} s")
    env = {**cluster.env}
    import_started = time.monotonic()
    importing = subprocess.Popen(
        [VENV / "python", "manage.py", "import_agreements", str(csv_path), "--user", "cluster-admin", "--quiet-rows"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    cluster.processes.running["import"] = importing  # stopped with the rest if the test fails
    results, elapsed = load(cluster.ports["a"], public_urls(document_id), LOAD_CLIENTS, LOAD_SECONDS)
    summary = summarize(results, elapsed)
    say(f"load: {summary['requests']} requests in {elapsed:.0f} s, {summary['rps']:.1f} requests/s, "
        f"p50 {summary['p50']:.0f} ms, p95 {summary['p95']:.0f} ms, {summary['errors']} errors "
        f"{summary['error_samples'] or ''}; statuses {summary['statuses']}")
    by_url = {}
    for url, _, seconds in results:
        by_url.setdefault(url, []).append(seconds)
    say("load, p50 by address: " + ", ".join(
        f"{url} {percentile(times, 0.5) * 1000:.0f} ms" for url, times in by_url.items()))
    output, _ = importing.communicate(timeout=TIME_LIMIT)  # the whole test is bounded by the alarm
    del cluster.processes.running["import"]
    say(f"import: {time.monotonic() - import_started:.0f} s, "
        f"{output.strip().splitlines()[-1] if output.strip() else '(no output)'}")
    check(importing.returncode == 0, f"the import of {BIG_IMPORT_ROWS} rows succeeded")
    found, distinct = cluster.sql(
        "SELECT count(*), count(DISTINCT title_en) FROM registry_agreement WHERE title_en LIKE 'Bench agreement %%'"
    )[0]
    after = cluster.sql("SELECT count(*) FROM registry_agreement")[0][0]
    check(found == distinct == BIG_IMPORT_ROWS and after == before + BIG_IMPORT_ROWS,
          f"no row lost or duplicated ({found} rows, {distinct} distinct, {after - before} new)")
    check(summary["errors"] == 0, "no response ≥ 500 and no failed request under load")
    check(summary["statuses"].keys() == {"200"}, f"every request under load was answered 200 {summary['statuses']}")
    return summary, BIG_IMPORT_ROWS, found


def check_server_stop(cluster, document_id):
    front = cluster.ports["nginx"]
    urls = public_urls(document_id)[:6]  # the pages, not the 10,000-row downloads
    log_start = len(cluster.nginx_log())
    stopped_at = []

    def stop_a():
        time.sleep(4)
        stopped_at.append(time.time())
        cluster.processes.stop("a")

    stopper = threading.Thread(target=stop_a)
    stopper.start()
    results, elapsed = load(front, urls, 8, 12)
    stopper.join()
    summary = summarize(results, elapsed)
    failed = [(url, status) for url, status, _ in results if status != 200]
    check(not failed, f"while A stopped, nginx answered all {len(results)} public requests "
                      f"({summary['p95']:.0f} ms p95) {failed[:5] or ''}")
    a_address, b_address = (f"127.0.0.1:{cluster.ports[name]}" for name in ("a", "b"))
    passed_on = cluster.nginx_log()[log_start:]
    before = [tried[-1] for when, _, tried in passed_on if when < stopped_at[0]]
    after = [tried for when, _, tried in passed_on if when > stopped_at[0] + 1]
    check(a_address in before and b_address in before,
          f"before A stopped both served ({before.count(a_address)} by A, {before.count(b_address)} by B)")
    check(after and all(tried[-1] == b_address for tried in after),
          f"after A stopped B served every request ({len(after)}; "
          f"{sum(a_address in tried for tried in after)} first tried A and went on to B)")
    check(request(front, "GET", "/readyz").status_code == 200, "nginx still reports ready through B")


def too_long(*_):
    raise TimeoutError(f"the cluster test ran past {TIME_LIMIT} s")


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGALRM, too_long)
    signal.alarm(TIME_LIMIT)
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="registry-cluster."))
    os.chmod(tmp, 0o755)
    cluster = Cluster(tmp)
    failed = True
    try:
        cluster.start()
        staff = Browser()
        check_balancing(cluster)
        check_session(cluster, staff)
        hidden = check_import_across_servers(cluster, staff)
        check_edit_across_servers(cluster, staff, hidden)
        document_id = check_documents(cluster, staff, hidden)
        check_axes(cluster)
        check_redis_outage(cluster, staff, document_id)
        summary, expected, found = check_load_with_import(cluster, document_id)
        check_server_stop(cluster, document_id)
        left_on_disk = [p for p in (tmp / "media").rglob("*") if p.is_file()] if (tmp / "media").exists() else []
        check(not left_on_disk, "nothing was written to a server's own media folder")
        failed = False
    except BaseException as error:
        say(f"FAILED: {type(error).__name__}: {error}")
        for name in ("a", "b", "nginx", "redis", "s3"):
            say(f"--- {name}.log (last lines)\n{cluster.processes.log(name, 15)}")
        error_log = tmp / "nginx" / "error.log"
        if error_log.exists():
            say("--- nginx error.log\n" + "\n".join(error_log.read_text().splitlines()[-15:]))
    finally:
        signal.alarm(0)
        cluster.processes.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    if failed:
        sys.exit(1)
    say(f"cluster test passed in {time.monotonic() - started:.0f} s")
    print(f"cluster: {summary['requests']} requests, {summary['errors']} errors, p95 {summary['p95']:.0f} ms, "
          f"rows expected {expected}, found {found}")


if __name__ == "__main__":
    main()
