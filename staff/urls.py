from django.contrib import admin
from django.urls import path

from . import admin as desk  # noqa: F401  (registers the models; there is no autodiscovery)

urlpatterns = [
    path("admin/", admin.site.urls),
]
