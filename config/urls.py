from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from config import health
from public.urls import localized_urlpatterns

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", include("staff.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("public.urls")),
]

urlpatterns += i18n_patterns(*localized_urlpatterns, prefix_default_language=True)

# A database error outside a view is a 503 too.
handler500 = "config.middleware.server_error"
