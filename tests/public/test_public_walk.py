"""A walk of every public URL in the URLconf, in both languages, with
every download format: nothing internal, no staff name (issue 11, finding 9)."""

import io

import openpyxl
import pytest
from django.urls import LocalePrefixPattern, URLPattern, URLResolver, get_resolver

from tests import builders as build
from .test_no_leaks import SECRETS, registry_with_secrets  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

STAFF_NAME = "STAFFNAME-maryam"
FORMATS = ["csv", "xlsx", "json", "geojson"]
QUERIES = ["", "?q=SECRET", "?status=active", "?sort=-signed", "?continent=AS", "?page=2", "?q=شهر پنهان"]
walked = []


def public_patterns():
    """(route with <converters>, is it language-prefixed) for every public URL, read from the URLconf."""
    found = []

    def visit(patterns, prefix, localized):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                language_prefix = isinstance(entry.pattern, LocalePrefixPattern)
                route = prefix if language_prefix else prefix + str(entry.pattern)
                if route.startswith(("admin/", "i18n/")):
                    continue
                visit(entry.url_patterns, route, localized or language_prefix)
                continue
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLPattern):
                found.append((route.lstrip("^").rstrip("$"), localized))

    visit(get_resolver().url_patterns, "", False)
    return found


def concrete(route, made):
    routes = [route]
    if "<str:fmt>" in route:
        routes = [route.replace("<str:fmt>", fmt) for fmt in FORMATS]
    if "<str:section>" in route:
        routes = [route.replace("<str:section>", section) for section in ("pages", "agreements", "partners")]
    if "<int:pk>" in route:
        if route.startswith(("agreements/", "api/v1/agreements/")):
            ids = [made["public"].pk, made["child"].pk, made["hidden"].pk]
        elif route.startswith(("partners/", "api/v1/partners/")):
            ids = [made["public"].partner.pk, made["hidden"].partner.pk]
        else:  # documents
            ids = [made["shown"].pk, made["private"].pk]
        routes = [r.replace("<int:pk>", str(pk)) for r in routes for pk in ids]
    assert all("<" not in r for r in routes), route
    return routes


@pytest.fixture
def walk(registry_with_secrets):
    from registry.models import Document

    made = dict(registry_with_secrets)
    made["private"] = Document.objects.get(title="PRIVATE-DOCUMENT-TITLE")
    editor = build.staff("editor", username=STAFF_NAME)
    public = made["public"]
    public._history_user = editor
    public.summary_en = "Edited by staff"
    public.save()
    urls = []
    for route, localized in public_patterns():
        for path in concrete(route, made):
            prefixes = ["/fa/", "/en/"] if localized else ["/"]
            for prefix in prefixes:
                filtered = path in ("agreements/", "map/", "statistics/", "api/v1/agreements", "api/v1/statistics")
                for query in QUERIES if filtered or path.startswith("data/agreements") else [""]:
                    urls.append(prefix + path + query)
    return urls


def test_the_walk_covers_every_public_route_in_both_languages(walk):
    from django.urls import resolve

    routes = {route for route, _localized in public_patterns()}
    assert {"agreements/<int:pk>/", "partners/<int:pk>/", "documents/<int:pk>/", "data/agreements.<str:fmt>"} <= routes
    from django.utils import translation

    walked_routes = set()
    for url in walk:
        path = url.split("?")[0]
        language = path[1:3] if path[1:3] in ("fa", "en") and path[3:4] == "/" else "fa"
        with translation.override(language):
            route = resolve(path).route
        walked_routes.add(route.removeprefix(f"{language}/") if path.startswith(f"/{language}/") else route)
    assert walked_routes == routes
    assert any(url.startswith("/en/agreements/") for url in walk) and any(url.startswith("/fa/partners/") for url in walk)


def test_no_public_url_shows_anything_internal_or_a_staff_name(
    client, walk, registry_with_secrets, settings, page_cache
):
    # page_cache: a real cache, which /readyz checks it can write and read.
    settings.DATA_DOWNLOADS_PER_MINUTE = settings.DATA_DOWNLOADS_AT_ONCE = 10**9
    for url in walk:
        walked.append(url)
        client.cookies.clear()
        response = client.get(url, follow=True)
        assert response.status_code in (200, 404), url
        if response.status_code == 404:
            continue
        data = response.getvalue()
        if url.split("?")[0].endswith(".xlsx"):
            sheet = openpyxl.load_workbook(io.BytesIO(data)).active
            body = " ".join(str(cell) for row in sheet.values for cell in row)
        else:
            body = data.decode("utf-8-sig")
        for secret in [*SECRETS, STAFF_NAME, registry_with_secrets["private_file"], "Only for the centre"]:
            assert secret not in body, (url, secret)


def test_a_private_document_and_a_hidden_agreement_are_not_found_in_either_language(client, walk, registry_with_secrets):
    hidden = registry_with_secrets["hidden"]
    for url in [f"/fa/agreements/{hidden.pk}/", f"/en/agreements/{hidden.pk}/", f"/fa/partners/{hidden.partner.pk}/"]:
        assert client.get(url).status_code == 404
