"""/sitemap.xml and /robots.txt: every public page in both languages, each
with its hreflang alternates and the day its record last changed.

Past LIMIT addresses, /sitemap.xml is an index of files of at most LIMIT
addresses each (/sitemap-<section>.xml?p=N). The XML is written here, a few
hundred addresses at a time, rather than through django.contrib.sitemaps,
whose template took ten seconds for the 28,000 addresses of a registry of
10,000 agreements."""

from dataclasses import dataclass
from typing import Callable
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.db.models import Max
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from registry import version
from registry.models import Agreement

from .cache import cached

# The sitemaps protocol's limit of addresses per file.
LIMIT = 50_000
LANGUAGES = [code for code, _name in settings.LANGUAGES]
PAGES = ["home", "agreements", "map", "statistics", "data", "api"]
BATCH = 500


def _public_partners():
    # A partner is public through its public agreements: one pass over them, grouped.
    return Agreement.objects.public().order_by("partner_id").values("partner_id")


@dataclass
class Section:
    """A kind of page: the name of its route and its records as (id, last change) rows."""

    route: str
    rows: Callable
    count: Callable

    def records_per_file(self):
        return LIMIT // len(LANGUAGES)

    def files(self, count):
        return max(1, -(-count // self.records_per_file()))


def _pages():
    # The pages show the whole registry: they change with any write.
    changed_at = version.current()[1]
    return [(name, changed_at) for name in PAGES]


SECTIONS = {
    "pages": Section(None, _pages, lambda: len(PAGES)),
    "agreements": Section(
        "agreement",
        lambda: Agreement.objects.public().order_by("pk").values_list("pk", "updated_at"),
        lambda: Agreement.objects.public().count(),
    ),
    # A partner page shows its agreements: it changes when they do.
    "partners": Section(
        "partner",
        lambda: _public_partners().annotate(changed=Max("updated_at")).values_list("partner_id", "changed"),
        lambda: _public_partners().distinct().count(),
    ),
}


def _patterns(route):
    """{language: path with 0 for the id}, and the unprefixed one (x-default):
    reversed once, not for each of tens of thousands of addresses."""
    patterns = {}
    for language in LANGUAGES:
        with translation.override(language):
            patterns[language] = reverse(route, args=[0]) if route else None
    return patterns


def _paths(section, key, patterns):
    if section.route is None:  # a page, by its route's name
        paths = {}
        for language in LANGUAGES:
            with translation.override(language):
                paths[language] = reverse(key)
        return paths
    return {language: patterns[language].replace("/0/", f"/{key}/") for language in LANGUAGES}


def _x_default(path):
    """/fa/agreements/20/ → /agreements/20/: the unprefixed address sends
    each visitor to their language."""
    return "/" + path.split("/", 2)[2]


def _url_entries(base_url, section, rows):
    if section.route is None:
        yield from _entries(base_url, section, rows)
        return
    # A record's addresses differ by its id and its day alone: the entries are
    # written once with stand-ins for both, then copied for each record.
    [template] = _entries(base_url, section, [(ID, None)], lastmod=LASTMOD)
    zone = timezone.get_current_timezone()
    for key, changed in rows:
        lastmod = f"<lastmod>{changed.astimezone(zone).date().isoformat()}</lastmod>" if changed else ""
        yield template.replace(ID, str(key)).replace(LASTMOD, lastmod)


# Stand-ins no address holds, left as they are by escape() and quoteattr().
ID, LASTMOD = "\x00", "\x01"


def _entries(base_url, section, rows, lastmod=None):
    """The <url> entries of each record, in every language, one string a record."""
    patterns = _patterns(section.route)
    for key, changed in rows:
        paths = _paths(section, key, patterns)
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{language}" href={quoteattr(base_url + paths[language])}/>'
            for language in LANGUAGES
        )
        alternates += (
            f'<xhtml:link rel="alternate" hreflang="x-default" '
            f"href={quoteattr(base_url + _x_default(paths[LANGUAGES[0]]))}/>"
        )
        day = lastmod
        if day is None:
            day = f"<lastmod>{timezone.localtime(changed).date().isoformat()}</lastmod>" if changed else ""
        yield "".join(
            f"<url><loc>{escape(base_url + paths[language])}</loc>{day}{alternates}</url>\n"
            for language in LANGUAGES
        )


def _urlset(base_url, parts):
    """The XML of a urlset, a batch of addresses at a time."""
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
    ).encode()
    for section, rows in parts:
        batch = []
        for entry in _url_entries(base_url, section, rows):
            batch.append(entry)
            if len(batch) == BATCH:
                yield "".join(batch).encode()
                batch = []
        yield "".join(batch).encode()
    yield b"</urlset>\n"


def _xml(chunks):
    return StreamingHttpResponse(chunks, content_type="application/xml; charset=utf-8")


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
@cached
def sitemap(request):
    base_url = _base_url(request)
    counts = {name: section.count() for name, section in SECTIONS.items()}
    if sum(counts.values()) * len(LANGUAGES) <= LIMIT:
        return _xml(_urlset(base_url, [(section, section.rows()) for section in SECTIONS.values()]))
    changed = timezone.localtime(version.current()[1]).date().isoformat()
    entries = [
        f"<sitemap><loc>{escape(f'{base_url}/sitemap-{name}.xml?p={page}')}</loc><lastmod>{changed}</lastmod></sitemap>\n"
        for name, count in counts.items()
        for page in range(1, SECTIONS[name].files(count) + 1)
    ]
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "".join(entries)
        + "</sitemapindex>\n"
    )
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


@require_safe
@cached
def sitemap_section(request, section):
    if section not in SECTIONS:
        raise Http404
    section = SECTIONS[section]
    page = request.GET.get("p", "1")
    if not page.isascii() or not page.isdigit() or not 1 <= int(page) <= section.files(section.count()):
        raise Http404
    per_file = section.records_per_file()
    start = (int(page) - 1) * per_file
    rows = section.rows()[start:start + per_file]
    return _xml(_urlset(_base_url(request), [(section, rows)]))


@require_safe
@cached
def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
