"""What browser tests that only read share: the seed committed once per
module and the run's one live server (`served`), and one browser context
signed in to the admin (`signed_in`). Tests that write use the `seeded` and
`live_server` fixtures instead, each in a database of its own."""

import contextlib
import socket
import threading

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.http import FileResponse

from tests.seeding import committed_seed

from .desk import AXE, AXE_PATH, sign_in
from .pages import DESK, MOTION, hand_back, kept_page


class NoDelayServer(ThreadedWSGIServer):
    """Django's test server, sending each write at once (TCP_NODELAY), and
    ending the browser's open connections when it stops.

    Its handler writes a response's status line and headers apart; with
    Nagle's algorithm the second write waited for the browser's delayed
    acknowledgement, about 40 ms for every small response (an admin page's
    304 for its JavaScript catalogue, an icon), in every page load.

    The browser keeps connections open between pages, each in a thread of
    its own; one that ended after the server stopped closed the database
    connection it was lent once it was no longer shared, an error in that
    thread. They are ended in server_close, while it still is."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.open_connections = set()
        self.changed = threading.Condition()

    def get_request(self):
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.changed:
            self.open_connections.add(connection)
        return connection, address

    def close_request(self, request):
        super().close_request(request)
        with self.changed:
            self.open_connections.discard(request)
            self.changed.notify_all()

    def server_close(self):
        super().server_close()
        with self.changed:
            for connection in self.open_connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
            self.changed.wait_for(lambda: not self.open_connections, timeout=10)


class KeptStaticFiles(StaticFilesHandler):
    """Static files the browser keeps for the run: they do not change while
    it runs. With only their modification time to go by, a fresh clone's
    files (modified a minute before) were asked for again on most pages.
    Among them, the tests' axe-core (desk.py, axe_violations)."""

    def serve(self, request):
        if request.path == AXE_PATH:
            response = FileResponse(AXE.open("rb"), content_type="text/javascript; charset=utf-8")
        else:
            response = super().serve(request)
        response["Cache-Control"] = "max-age=86400"
        return response


@pytest.fixture(scope="session")
def one_live_server(django_db_setup):
    """The run's one live server (pytest-django's), shared by the tests that
    write (as `live_server`) and those that only read (through `served`)."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost", start=False)
    server.thread.server_class = NoDelayServer
    server.thread.static_handler = KeptStaticFiles
    server.start()
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


@pytest.fixture(scope="session")
def desk_context(browser):
    """The run's one browser context for the admin: its cache keeps the
    admin's files from one module to the next."""
    context = browser.new_context(locale="fa-IR", viewport=DESK, reduced_motion=MOTION)
    yield context
    context.close()


@pytest.fixture(scope="module")
def signed_in(desk_context, served):
    """The desk's context signed in to the admin as a superuser for the
    module's tests (the module's committed seed holds the user and the
    session); each takes its kept page (admin_page) and says its language
    (in_language)."""
    desk_context.clear_cookies()
    sign_in(kept_page(desk_context), served, "fa")
    return desk_context


@pytest.fixture
def admin_page(signed_in):
    """The signed-in context's kept page (see conftest.py's open_page)."""
    page = kept_page(signed_in)
    yield page
    hand_back(page)


def in_language(page, served, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": served.url}])
