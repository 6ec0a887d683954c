"""Time the admin's import preview and confirmation of 1,000 new rows, and
the refusal of a shared-strings bomb, as a worker serves them.

    DEBUG=1 .venv/bin/python bench/import_preview.py [--rows 1000] [--database-url URL]

Makes a fresh database (a temporary SQLite file unless --database-url is
given, which must point at an empty, throwaway database), migrates it, loads
the seed, then, in this one process (as one server worker): uploads a CSV of
new rows with new partners (bench/import_10k.py's file) to the admin's import
page and times the preview, then the confirmation; then uploads an XLSX of 90
KB whose shared strings stand for 200 million characters (issue 20) and
times its refusal, with the process's peak memory before and after.
"""

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(call):
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def bomb(rows=2000, columns=5, length=20_000, kinds=5):
    """tests/staff/test_bounded_imports.py's crafted file."""
    from tests.staff.test_bounded_imports import shared_strings_bomb

    return shared_strings_bomb(rows, columns, length, kinds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--database-url")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update({"DEBUG": os.environ.get("DEBUG", "1"), "MEDIA_ROOT": tmp})
        os.environ["DATABASE_URL"] = options.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        for args in (["migrate", "--no-input", "-v", "0"], ["load_seed"]):
            subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True, capture_output=True)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.test.utils import setup_test_environment

        setup_test_environment()  # the test client's view of each response's context
        from django.contrib.auth.models import User
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import Client
        from django.urls import reverse

        import import_10k
        from registry.models import Agreement
        from staff.resources import CSV, IMPORT_FORMATS

        path = Path(tmp) / "rows.csv"
        import_10k.write_file(path, options.rows)
        client = Client()
        client.force_login(User.objects.create_superuser("bench", "", "x"))
        url = reverse("admin:registry_agreement_import")
        csv_format = str([i for i, f in enumerate(IMPORT_FORMATS) if f is CSV][0])
        xlsx_format = str([i for i, f in enumerate(IMPORT_FORMATS) if f().get_extension() == "xlsx"][0])
        database = os.environ["DATABASE_URL"].split(":", 1)[0]
        print(f"{options.rows} rows, {database}, Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.2f}")

        before = Agreement.objects.count()
        preview, wall, cpu = timed(lambda: client.post(url, {
            "format": csv_format, "import_file": SimpleUploadedFile("rows.csv", path.read_bytes())}))
        assert "confirm_form" in preview.context, preview.context.get("form") and preview.context["form"].errors
        print(f"preview of {options.rows} rows: {wall:.1f} s, {cpu:.1f} s of CPU")
        confirm = preview.context["confirm_form"].initial
        done, wall, cpu = timed(lambda: client.post(reverse("admin:registry_agreement_process_import"), confirm))
        assert done.status_code == 302 and Agreement.objects.count() == before + options.rows
        print(f"confirmation: {wall:.1f} s, {cpu:.1f} s of CPU")

        data = bomb()
        unpacked = sum(member.file_size for member in zipfile.ZipFile(io.BytesIO(data)).infolist())
        peak_before = peak_mb()
        refused, wall, cpu = timed(lambda: client.post(url, {
            "format": xlsx_format, "import_file": SimpleUploadedFile("shared.xlsx", data)}))
        message = " ".join(refused.context["form"].errors["import_file"])
        print(f"shared-strings bomb ({len(data) // 1024} KB, {unpacked // 1024} KB unpacked, "
              f"2000 x 5 cells of 20,000 characters): refused in {wall:.2f} s; "
              f"peak memory {peak_before:.0f} MB before, {peak_mb():.0f} MB after")
        print(f"  {message}")


if __name__ == "__main__":
    main()
