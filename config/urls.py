from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config import health
from public import documents, views
from staff import admin as staff_admin  # noqa: F401  (registers the models; no autodiscovery)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", views.root, name="root"),
    # Open data is the same in every language: no prefix.
    path("data/stats.json", views.data_stats, name="data-stats"),
    path("data/agreements.<str:fmt>", views.data_agreements, name="data-agreements"),
    path("documents/<int:pk>/", documents.serve, name="document"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("agreements/", views.agreement_list, name="agreements"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement"),
    path("partners/<int:pk>/", views.partner_detail, name="partner"),
    path("map/", views.map_view, name="map"),
    path("map/points.json", views.map_points, name="map-points"),
    path("map/partners/<int:pk>.json", views.map_partner, name="map-partner"),
    path("statistics/", views.statistics, name="statistics"),
    path("data/", views.data_page, name="data"),
    prefix_default_language=True,
)

# A database error outside a view is a 503 too (registry/outage.py).
handler500 = "registry.outage.server_error"
