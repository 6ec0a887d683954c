"""Content-Security-Policy and Permissions-Policy on every page (issue 11, finding 8)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.builders import agreement, partner, staff

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("url", ["/fa/", "/en/map/", "/fa/agreements/", "/fa/statistics/", "/admin/login/"])
def test_every_page_has_a_policy_that_forbids_inline_scripts(client, url):
    response = client.get(url)
    scripts = directives(response)["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "'self'" in scripts
    assert directives(response)["object-src"] == ["'none'"]
    assert directives(response)["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("url", ["/fa/", "/data/stats.json", "/admin/login/"])
def test_every_response_says_which_browser_features_it_does_not_use(client, url):
    policy = client.get(url)["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def inline_scripts(html):
    """<script> elements with code in them that a policy without
    'unsafe-inline' allows only with the page's nonce; JSON data blocks are not run."""
    found = []
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        data_block = 'type="application/json"' in attributes or 'type="application/ld+json"' in attributes
        if "src=" in attributes or data_block or not body.strip():
            continue
        found.append(attributes)
    return found


@pytest.mark.parametrize("url", ["/fa/", "/fa/map/", "/en/partners/{partner}/"])
def test_pages_with_a_map_run_no_inline_code_and_need_no_nonce(client, url):
    made = agreement(partner(latitude=42.87, longitude=74.59))
    response = client.get(url.format(partner=made.partner_id))
    assert "leaflet-container-default" in response.content.decode()
    assert inline_scripts(response.content.decode()) == []
    assert directives(response)["script-src"] == ["'self'"]


@pytest.mark.parametrize("url_name", ["admin:index", "admin:registry_agreement_changelist",
                                      "admin:registry_agreement_annual_report", "admin:registry_partner_add"])
def test_admin_pages_have_no_inline_code_or_event_handler_attributes(client, url_name):
    client.force_login(staff("administrator"))
    html = client.get(reverse(url_name), {"calendar": "jalali", "year": "1403"}).content.decode()
    assert inline_scripts(html) == []
    assert not re.search(r"\son[a-z]+=", html)


def test_the_annual_reports_print_button_is_bound_from_a_static_file(client):
    client.force_login(staff("viewer"))
    html = client.get(reverse("admin:registry_agreement_annual_report"), {"calendar": "jalali", "year": "1403"}).content.decode()
    assert "data-print" in html and "staff/annual-report.js" in html and "onclick" not in html


def test_map_tiles_from_another_host_are_allowed_as_images_only(monkeypatch):
    import importlib
    import config.settings as config

    monkeypatch.setenv("MAP_TILES_URL", "https://{s}.tile.example.org/{z}/{x}/{y}.png")
    try:
        reloaded = importlib.reload(config)
        csp = reloaded.CONTENT_SECURITY_POLICY["DIRECTIVES"]
        assert "https://*.tile.example.org" in csp["img-src"]
        assert "https://*.tile.example.org" not in csp["script-src"]
    finally:
        monkeypatch.delenv("MAP_TILES_URL")
        importlib.reload(config)


def test_sessions_and_csrf_cookies_are_secure_in_production():
    # The deployment check (tests/registry/test_settings.py) runs with these on.
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
