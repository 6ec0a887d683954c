"""The admin site of the staff desk: its home page opens on what needs
attention, then the working lists, with the audit trails apart."""

import hashlib

from axes.apps import AppConfig as AxesConfig
from django.contrib import admin
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.http import quote_etag
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

# The ETag of the JavaScript catalogue this process serves, by language: it
# changes only with the code, and every admin page asks for it.
CATALOGUE_ETAGS = {}


class DeskSite(admin.AdminSite):
    index_template = "admin/desk_index.html"

    def index(self, request, extra_context=None):
        from . import attention

        found = attention.sections() if request.user.has_perm("registry.view_agreement") else None
        return super().index(request, {"attention": found, **(extra_context or {})})

    def i18n_javascript(self, request, extra_context=None):
        """The admin's JavaScript strings, and ours where Django's Persian
        leaves some in English (registry/locale/fa/LC_MESSAGES/djangojs.po).
        A browser that holds this language's catalogue gets 304 without it
        being built again; the ETag is of the content, the same in every
        worker."""
        language = translation.get_language()
        known = CATALOGUE_ETAGS.get(language)
        response = known and get_conditional_response(request, etag=known)
        if not response:
            response = JavaScriptCatalog.as_view(packages=["django.contrib.admin", "registry"])(request)
            CATALOGUE_ETAGS[language] = quote_etag(hashlib.sha256(response.content).hexdigest())
        response["ETag"] = CATALOGUE_ETAGS[language]
        patch_cache_control(response, no_cache=True)
        return response

    def get_app_list(self, request, app_label=None):
        """The registry's working lists first, then the other apps (users
        and groups), then the audit trails (simple-history's models) apart.

        Built when first read: Django puts it in every admin page's context
        for the navigation sidebar, which this site turns off, and only the
        home page and an app's page show it. Built on every page, it took
        about a millisecond and a quarter of each."""
        return SimpleLazyObject(lambda: self._grouped_apps(request, app_label))

    def _grouped_apps(self, request, app_label):
        working, others, audit = [], [], []
        for app in super().get_app_list(request, app_label):
            trails = [model for model in app["models"] if getattr(model["model"], "instance_type", None)]
            lists = [model for model in app["models"] if model not in trails]
            if lists:
                (working if app["app_label"] == "registry" else others).append({**app, "models": lists})
            if trails:
                audit.append({**app, "models": trails, "name": _("Audit trail"), "audit": True})
        return working + others + audit


class DeskAdminConfig(SimpleAdminConfig):
    """django.contrib.admin without autodiscovery (staff/admin/ registers
    everything itself), on the desk's site."""

    default_site = "staff.sites.DeskSite"


class SignInLockoutsConfig(AxesConfig):
    """django-axes under a name staff read ("Axes" has no Persian of its own):
    its lockouts are listed in the admin (staff/admin/people.py)."""

    verbose_name = _("Sign-in lockouts")
