"""`make run` in a plain shell: it installs the runtime requirements only and
writes a git-ignored .env (DEBUG=1, a secret key of its own) that manage.py
reads, so the README's commands need nothing exported."""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def manage_module():
    spec = importlib.util.spec_from_file_location("manage_under_test", ROOT / "manage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_run_installs_requirements_txt_and_not_the_test_packages():
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^\$\(VENV\)/\.installed:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "-r requirements.txt" in recipe and "requirements-dev" not in recipe


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_writes_a_local_env_with_debug_and_a_generated_secret_key(tmp_path, monkeypatch):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    subprocess.run(["make", "-s", ".env"], cwd=tmp_path, check=True, capture_output=True)
    subprocess.run(["make", "-s", ".env"], cwd=tmp_path, check=True, capture_output=True)  # kept, not rewritten
    lines = (tmp_path / ".env").read_text().splitlines()
    assert lines[0] == "DEBUG=1"
    name, key = lines[1].split("=", 1)
    assert name == "SECRET_KEY" and len(key) >= 50
    monkeypatch.delenv("DEBUG", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    manage_module().read_local_env(tmp_path / ".env")
    assert os.environ["DEBUG"] == "1" and os.environ["SECRET_KEY"] == key


def test_the_environment_wins_over_the_local_env(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("DEBUG=1\nSECRET_KEY='from-file'\n# a comment\n")
    monkeypatch.setenv("SECRET_KEY", "from-environment")
    manage_module().read_local_env(tmp_path / ".env")
    assert os.environ["SECRET_KEY"] == "from-environment"


def test_the_local_env_is_ignored_by_git():
    assert ".env" in (ROOT / ".gitignore").read_text().split()


def test_a_fresh_database_migrates_without_the_urls_reading_tables_that_do_not_exist_yet(tmp_path):
    # migrate runs the system checks, which load every URL module first.
    environment = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    run = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"],
        cwd=ROOT, env=environment, capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stderr[-2000:]
