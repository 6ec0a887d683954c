# Debian's python3.11 where there is one: it is built with profile-guided and
# link-time optimisation, and runs the tests' Python about 15 % faster than a
# build without them (pyenv's default). PYTHON=python3.11 takes the first on PATH.
PYTHON ?= $(firstword $(wildcard /usr/bin/python3.11) python3.11)
VENV := .venv
BIN := $(VENV)/bin
PYTHON_FOR_KEY = $(shell command -v $(PYTHON) || echo python3)
export DEBUG ?= 1

.PHONY: run test setup messages clean bench-import screenshots

$(BIN)/python:
	$(shell command -v $(PYTHON) || echo python3) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# A local run's settings, read by manage.py (never by production, which has
# no .env): DEBUG on and a secret key of its own, written once.
.env:
	printf 'DEBUG=1\nSECRET_KEY=%s\n' "$$($(PYTHON_FOR_KEY) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@

setup: $(VENV)/.installed .env
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py load_seed
	$(BIN)/python manage.py load_gazetteer --if-empty

run: setup
	$(BIN)/python manage.py ensure_local_staff
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# One pytest worker per core (-n auto); PYTEST_ARGS="-n 0" runs in one process.
# Work stealing: a worker that runs out takes tests from the other, so that
# the long browser walks do not leave one core idle at the end.
# Bytecode is written even where PYTHONDONTWRITEBYTECODE is set: each worker
# otherwise rewrites every test module's asserts again, about 2.5 s a run.
test: $(VENV)/.installed-dev
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

# Recompile the Persian translations after editing registry/locale/fa/LC_MESSAGES/django.po.
# Run from the top so that templates/ is read too; the catalogue lands in LOCALE_PATHS.
messages: $(VENV)/.installed .env
	$(BIN)/python manage.py makemessages -l fa --no-obsolete -i .venv -i staticfiles -i media -i bench -i docs -i tests
	cd registry && ../$(BIN)/python ../manage.py compilemessages -l fa

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

# Time importing 10,000 agreements (bench/README-import.md).
bench-import: $(VENV)/.installed
	$(BIN)/python bench/import_10k.py

# The README's pictures (docs/screenshots/), taken in the browser tests' Chromium on the seed.
screenshots: $(VENV)/.installed-dev
	REQUIRE_BROWSER=1 $(BIN)/python -m pytest tests/browser/take_screenshots.py -q
