from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import admin as desk  # noqa: F401  (registers the models; there is no autodiscovery)

# Django's own pages for a forgotten password, in the admin's look (the
# sign-in page links them); the same link sets a new colleague's password.
titles = {"site_header": admin.site.site_header, "site_title": admin.site.site_title}
password_reset = [
    path("password_reset/", auth_views.PasswordResetView.as_view(extra_context=titles),
         name="admin_password_reset"),
    path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(extra_context=titles),
         name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(extra_context=titles),
         name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(extra_context=titles),
         name="password_reset_complete"),
]

urlpatterns = [
    path("admin/", include(password_reset)),
    path("admin/", admin.site.urls),
]
