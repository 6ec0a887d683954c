from django.urls import path

from .documents import serve as serve_document
from .views import citations, data, maps, pages

# Open data and documents are the same in every language: no prefix.
urlpatterns = [
    path("", pages.root, name="root"),
    path("data/stats.json", data.data_stats, name="data-stats"),
    path("data/agreements.<str:fmt>", data.data_agreements, name="data-agreements"),
    path("data/sources.<str:fmt>", citations.data_sources, name="data-sources"),
    path("data/agreements/<int:pk>/sources.<str:fmt>", citations.agreement_references, name="agreement-references"),
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
]
