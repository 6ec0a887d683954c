"""/sitemap.xml and /robots.txt: every public page in both languages, each
with its hreflang alternates and the date its record last changed. Past
LIMIT addresses, /sitemap.xml is an index of sections of at most LIMIT."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Exists, Max, OuterRef, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from registry import version
from registry.models import Agreement, Partner

from .cache import cached

# The sitemaps protocol's limit of addresses per file.
LIMIT = 50_000


class Section(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def __init__(self):
        self.patterns = {}

    @property
    def limit(self):
        return LIMIT

    def path(self, name, pk):
        """A record page's path in the active language: reversed once per
        language, not for each of tens of thousands of addresses."""
        key = (name, translation.get_language())
        if key not in self.patterns:
            self.patterns[key] = reverse(name, args=[0])
        return self.patterns[key].replace("/0/", f"/{pk}/")

    def addresses(self):
        """How many addresses the section has, counted in the database."""
        return self.count() * len(self.get_languages_for_item(None))


class Pages(Section):
    names = ["home", "agreements", "map", "statistics", "data", "api"]

    def items(self):
        # The pages show the whole registry: they change with any write.
        self.changed_at = version.current()[1]
        return self.names

    def count(self):
        return len(self.names)

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return self.changed_at


class Agreements(Section):
    def items(self):
        return Agreement.objects.public().order_by("pk").values("pk", "updated_at")

    def count(self):
        return Agreement.objects.public().count()

    def location(self, row):
        return self.path("agreement", row["pk"])

    def lastmod(self, row):
        return row["updated_at"]


class Partners(Section):
    def _public(self):
        return Partner.objects.filter(Exists(Agreement.objects.public().filter(partner=OuterRef("pk"))))

    def items(self):
        # A partner page shows its agreements: it changes when they do.
        return (
            self._public()
            .annotate(changed=Max("agreements__updated_at", filter=Q(agreements__is_public=True)))
            .order_by("pk")
            .values("pk", "changed")
        )

    def count(self):
        return self._public().count()

    def location(self, row):
        return self.path("partner", row["pk"])

    def lastmod(self, row):
        return row["changed"]


SECTIONS = {"pages": Pages, "agreements": Agreements, "partners": Partners}


@require_safe
@cached
def sitemap(request):
    sections = {name: section() for name, section in SECTIONS.items()}
    if sum(section.addresses() for section in sections.values()) > LIMIT:
        response = sitemap_views.index(request, SECTIONS, sitemap_url_name="sitemap-section")
    else:
        response = sitemap_views.sitemap(request, SECTIONS)
    # Rendered now, so that the page cache keeps the body.
    return response.render()


@require_safe
@cached
def sitemap_section(request, section):
    return sitemap_views.sitemap(request, SECTIONS, section=section).render()


@require_safe
@cached
def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
