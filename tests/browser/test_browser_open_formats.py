"""The API's page and the feed in a real browser (Debian's Chromium). The
tests only read: the seed and the one live server are the module's
(conftest.py: `served`)."""

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from public.filters import AgreementFilterForm

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# Where a developer finds the pictures to look at (set SCREENSHOTS=dir).
SCREENSHOTS = os.environ.get("SCREENSHOTS")


def shoot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(SCREENSHOTS) / f"{name}.png", full_page=True)


@pytest.mark.parametrize("language, heading", [("fa", "رابط برنامه‌نویسی JSON"), ("en", "The JSON API")])
def test_the_api_page_reads_in_each_language_with_nothing_from_outside(served, fresh_page, language, heading):
    page = fresh_page  # listened to
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("request", lambda r: None if r.url.startswith(served.url) else problems.append(r.url))
    page.goto(f"{served.url}/{language}/data/api/")
    assert page.locator("h1").inner_text() == heading
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "fa" else "ltr")
    # Every filter of the list is explained, with its label in the page's language.
    filters = [name for name in AgreementFilterForm.base_fields if name != "page"]
    assert page.locator("table.columns").nth(1).locator("tbody tr").count() == len(filters)
    shoot(page, f"api-page-{language}")
    # The OpenAPI document it points to opens from it.
    page.click("a[href='/api/v1/openapi.json']")
    assert json.loads(page.locator("body").inner_text())["openapi"] == "3.1.0"
    assert problems == []


def test_a_browser_finds_the_feed_from_a_page_and_reads_it(served, page):
    page.goto(f"{served.url}/en/agreements/")
    href = page.locator("head link[type='application/atom+xml']").get_attribute("href")
    assert href == "/en/feed/"
    response = page.goto(served.url + href)
    assert response.status == 200 and response.headers["content-type"].startswith("application/atom+xml")
    shoot(page, "feed-en")
    # Chromium shows the XML as it is: the entries' titles are there to read.
    assert "Beijing" in page.content() and "Paris" in page.content()


@pytest.fixture
def elsewhere():
    """A blank page served from another origin on this machine."""

    class Blank(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<!doctype html><title>elsewhere</title>")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Blank)
    # Polled often: shutdown() waits for the next poll, half a second by default.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_a_web_page_elsewhere_may_read_the_api(served, page, elsewhere):
    page.goto(elsewhere)
    count = page.evaluate(
        "url => fetch(url).then(r => r.json()).then(body => body.count)", f"{served.url}/api/v1/agreements"
    )
    assert count == 28
