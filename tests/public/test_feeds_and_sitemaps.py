"""The Atom feeds (read back with feedparser), /sitemap.xml and /robots.txt."""

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils import timezone

from public import sitemaps
from registry.models import Agreement, Partner
from tests.public.awkward import SECRET_TITLE, awkward_registry

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def feed(client, language):
    response = client.get(f"/{language}/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


@pytest.mark.parametrize("language", ["fa", "en"])
def test_each_language_has_an_atom_feed_of_the_public_agreements(client, seeded, language):
    awkward_registry()
    parsed = feed(client, language)
    assert parsed.feed.language == language
    public = Agreement.objects.public()
    assert len(parsed.entries) == public.count()
    assert {e.link for e in parsed.entries} == {
        f"http://testserver/{language}/agreements/{pk}/" for pk in public.values_list("pk", flat=True)
    }
    assert all(e.updated_parsed and e.id.startswith("http://testserver/") for e in parsed.entries)


def test_the_feed_marks_drafts_and_never_shows_a_hidden_agreement(client, seeded):
    made = awkward_registry()
    parsed = feed(client, "en")
    draft = next(e for e in parsed.entries if e.link.endswith(f"/agreements/{made.draft.pk}/"))
    assert "draft, never concluded" in draft.title and "draft" in [t.term for t in draft.tags]
    assert not any(SECRET_TITLE in e.title or "Secretville" in e.title for e in parsed.entries)


def test_the_newest_change_comes_first(client, seeded):
    changed = Agreement.objects.get(partner__wikidata_id="Q956")
    changed.summary_en = "Renewed."
    changed.save()
    assert feed(client, "en").entries[0].link.endswith(f"/agreements/{changed.pk}/")


@pytest.mark.parametrize("url", ["/fa/", "/en/agreements/", "/fa/map/", "/en/statistics/", "/fa/data/", "/en/data/api/"])
def test_every_page_links_its_languages_feed_in_its_head(client, seeded, url):
    language = url.split("/")[1]
    head = client.get(url).content.decode().split("</head>")[0]
    assert f'<link rel="alternate" type="application/atom+xml" href="/{language}/feed/"' in head


def sitemap(client, url="/sitemap.xml"):
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.getvalue())


def test_the_sitemap_lists_every_public_page_in_both_languages_with_alternates(client, seeded):
    made = awkward_registry()
    urls = sitemap(client).findall(f"{SITEMAP}url")
    locations = {u.find(f"{SITEMAP}loc").text: u for u in urls}
    public = Agreement.objects.public()
    partners = Partner.objects.filter(agreements__is_public=True).distinct()
    assert len(urls) == 2 * (len(sitemaps.PAGES) + public.count() + partners.count())
    beijing = public.get(partner__wikidata_id="Q956")
    entry = locations[f"http://testserver/en/agreements/{beijing.pk}/"]
    alternates = {link.get("hreflang"): link.get("href") for link in entry.findall(f"{XHTML}link")}
    assert alternates["fa"] == f"http://testserver/fa/agreements/{beijing.pk}/"
    assert alternates["en"] == f"http://testserver/en/agreements/{beijing.pk}/"
    # The day the record changed, in the registry's time zone (Tehran).
    assert entry.find(f"{SITEMAP}lastmod").text == timezone.localtime(beijing.updated_at).date().isoformat()
    assert not any(f"/agreements/{made.hidden.pk}/" in loc or f"/partners/{made.hidden.partner_id}/" in loc for loc in locations)
    assert "http://testserver/fa/data/api/" in locations


def test_past_the_limit_the_sitemap_is_an_index_of_sections(client, seeded, monkeypatch):
    monkeypatch.setattr(sitemaps, "LIMIT", 20)
    index = sitemap(client)
    assert index.tag == f"{SITEMAP}sitemapindex"
    parts = [s.find(f"{SITEMAP}loc").text.removeprefix("http://testserver") for s in index.findall(f"{SITEMAP}sitemap")]
    total = 0
    for part in parts:
        urls = sitemap(client, part).findall(f"{SITEMAP}url")
        assert 0 < len(urls) <= 20
        assert all(u.find(f"{SITEMAP}loc").text.startswith("http://testserver/") for u in urls)
        total += len(urls)
    public = Agreement.objects.public().count()
    assert total == 2 * (len(sitemaps.PAGES) + public + Partner.objects.filter(agreements__is_public=True).distinct().count())


def test_robots_txt_names_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode().splitlines()
