import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse database access from it. Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright; skipped when it is missing,
    unless REQUIRE_BROWSER=1 (as in CI), where a missing browser fails."""
    if not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`."
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    # The network is the live server only: a page that reaches for the
    # internet fails the same way here as on an offline machine.
    context.route(
        "**/*",
        lambda route: route.continue_()
        if route.request.url.startswith(("http://localhost", "http://127.0.0.1", "data:"))
        else route.abort(),
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def seeded(db):
    from registry.seed import load_seed

    load_seed()


@pytest.fixture(autouse=True)
def persian_by_default():
    """Each test starts in Persian, the site's default: a request in English
    leaves English active in the test's thread, for whatever test runs next."""
    from django.utils import translation

    with translation.override("fa"):
        yield


@pytest.fixture
def english():
    """Run the test in English; the default is Persian, as on the site."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and the import's waiting files go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: download counters (public/throttle.py)
    from one test's requests must not refuse the next test's."""
    from django.core.cache import cache

    cache.clear()
