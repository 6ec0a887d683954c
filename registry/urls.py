from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from . import admin as registry_admin  # noqa: F401  (registers the models; no autodiscovery)
from . import documents

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("documents/<int:pk>/", documents.serve, name="document"),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]
