from django.urls import include, path

from . import sitemaps
from .api import index as api_index
from .api import openapi_document
from .api import urls as api_urls
from .documents import serve as serve_document
from .views import citations, data, maps, open_formats, pages

# Files and JSON for programs, the same in every language: no language
# prefix. config.middleware answers under these prefixes in JSON, not HTML,
# when the database is down (public/outage.py).
OPEN_DATA_PREFIX = "data/"
API_PREFIX = "api/v1/"
PROGRAM_PREFIXES = (OPEN_DATA_PREFIX, API_PREFIX)

open_data_urlpatterns = [
    path("stats.json", data.data_stats, name="data-stats"),
    path("agreements.<str:fmt>", data.data_agreements, name="data-agreements"),
    path("sources.<str:fmt>", citations.data_sources, name="data-sources"),
    path("agreements/<int:pk>/sources.<str:fmt>", citations.agreement_references, name="agreement-references"),
    path("datapackage.json", open_formats.data_package, name="data-package"),
    path("partners.csv", open_formats.partners_csv, name="data-partners"),
    path("status-changes.csv", open_formats.status_changes_csv, name="data-status-changes"),
    path("catalog.jsonld", open_formats.catalogue, name="data-catalogue"),
    path("wikidata.qs", open_formats.quickstatements, name="data-wikidata"),
]

# Documents and the API are the same in every language too.
urlpatterns = [
    path("", pages.root, name="root"),
    path(OPEN_DATA_PREFIX, include(open_data_urlpatterns)),
    path(f"{API_PREFIX}openapi.json", openapi_document, name="api-openapi"),
    path(API_PREFIX, api_index, name="api-index"),
    path(API_PREFIX, api_urls()),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("sitemap-<str:section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
    path("robots.txt", sitemaps.robots, name="robots"),
    path("documents/<int:pk>/", serve_document, name="document"),
]

# Under /fa/ and /en/ (config/urls.py).
localized_urlpatterns = [
    path("", pages.home, name="home"),
    path("agreements/", pages.agreement_list, name="agreements"),
    path("agreements/<int:pk>/", pages.agreement_detail, name="agreement"),
    path("partners/<int:pk>/", pages.partner_detail, name="partner"),
    path("map/", maps.map_view, name="map"),
    path("map/points.json", maps.map_points, name="map-points"),
    path("map/partners/<int:pk>.json", maps.map_partner, name="map-partner"),
    path("statistics/", pages.statistics, name="statistics"),
    path("data/", data.data_page, name="data"),
    path("data/api/", open_formats.api_page, name="api"),
    path("feed/", open_formats.agreement_feed, name="feed"),
]
