"""What browser tests that only read share: the seed committed once per
module and the run's one live server (`served`), and one browser context
signed in to the admin (`signed_in`). Tests that write use the `seeded` and
`live_server` fixtures instead, each in a database of its own."""

import pytest

from tests.seeding import committed_seed

from .desk import sign_in, with_axe


@pytest.fixture(scope="session")
def one_live_server(django_db_setup):
    """The run's one live server (pytest-django's), shared by the tests that
    write (as `live_server`) and those that only read (through `served`)."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def live_server(one_live_server):
    """pytest-django's fixture, on the shared server: a test that names it
    gets a database emptied after it (pytest-django's own rule), as tests
    that write need; `served` does not name it, so its readers keep theirs."""
    return one_live_server


@pytest.fixture(scope="module")
def served(one_live_server, django_db_blocker, seed_rows):
    """The run's live server, serving the seed committed once for the
    module: its tests only read.

    The tests ask for this, never for `live_server` (see there)."""
    with committed_seed(django_db_blocker, seed_rows):
        yield one_live_server


@pytest.fixture(scope="module")
def signed_in(browser, served):
    """One browser context signed in to the admin as a superuser, with
    axe-core in every page, for the module's tests; each opens its own page
    (admin_page) and says its language (in_language)."""
    context = with_axe(browser.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900}))
    first = context.new_page()
    sign_in(first, served, "fa")
    first.close()
    yield context
    context.close()


@pytest.fixture
def admin_page(signed_in):
    page = signed_in.new_page()
    yield page
    page.close()


def in_language(page, served, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": served.url}])
