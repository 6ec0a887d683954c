"""Countries and partners (with the map to place a partner and the gazetteer lookup)."""


from django.conf import settings
from django.contrib import admin
from django.db.models import Count
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.language import local_digits
from registry.models import (
    Country,
    Partner,
)

from .. import views
from ..forms import PartnerForm
from ..resources import PartnerResource
from .base import (
    BASEMAP,
    AdminScriptsMixin,
    FoldedSearchMixin,
    NameOrderMixin,
    RegistryImportExportAdmin,
    TypedFieldsMixin,
    collated_column,
)


@admin.register(Country)
class CountryAdmin(AdminScriptsMixin, NameOrderMixin, FoldedSearchMixin, TypedFieldsMixin, admin.ModelAdmin):
    list_display = ["code", "name_fa_column", "name_en_column", "continent"]
    list_editable = ["continent"]
    list_filter = ["continent"]
    list_per_page = 50
    name_fa_column = collated_column("name_fa", _("name (Persian)"))
    name_en_column = collated_column("name_en", _("name (English)"))


@admin.register(Partner)
class PartnerAdmin(NameOrderMixin, FoldedSearchMixin, RegistryImportExportAdmin):
    resource_classes = [PartnerResource]
    folded_search_fields = ["search_text", "country__search_text"]
    list_display = [
        "name_fa_column", "name_en_column", "kind", "country", "continent", "agreement_count", "coordinates",
    ]
    name_fa_column = collated_column("name_fa", _("name (Persian)"))
    name_en_column = collated_column("name_en", _("name (English)"))
    # Only the countries that have partners, not all of the world's 250.
    list_filter = ["kind", ("country__continent", admin.ChoicesFieldListFilter), ("country", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]
    form = PartnerForm
    fieldsets = [
        (None, {"fields": ["kind", "name_fa", "name_en", "country", "edit_version"]}),
        (_("Location"), {"fields": ["latitude", "longitude"]}),
        (_("Identifiers"), {"fields": ["geonames_id", "wikidata_id"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(agreement_count=Count("agreements"))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "wikidata_id":
            # The example isolated left to right, as typed.
            formfield.help_text = format_html(
                gettext("For example {example} for Bishkek."), example=format_html('<bdi dir="ltr">{}</bdi>', "Q9361")
            )
        return formfield

    def get_urls(self):
        return [
            path("gazetteer/", self.admin_site.admin_view(views.gazetteer_lookup), name="registry_partner_gazetteer"),
            *super().get_urls(),
        ]

    def map_context(self, request):
        config = settings.LEAFLET_CONFIG
        try:
            basemap = static(BASEMAP)
        except ValueError:  # not bundled in this installation
            basemap = None
        return {
            "partner_map": {
                "center": list(config["DEFAULT_CENTER"]),
                "zoom": config["DEFAULT_ZOOM"],
                "home": [settings.HOME_CITY["latitude"], settings.HOME_CITY["longitude"]],
                "tiles": [{"url": url, "options": options} for _name, url, options in config.get("TILES", [])],
                "basemap": basemap,
                "gazetteer": reverse("admin:registry_partner_gazetteer"),
                "messages": {
                    "searching": gettext("Looking up…"),
                    "none": gettext("No city of that name in the gazetteer; place the partner on the map."),
                    "several": gettext("Several cities have that name: choose one."),
                    "filled": gettext("Filled from the gazetteer: %s. Check the names before saving."),
                    "failed": gettext("The lookup failed; try again."),
                    "population": gettext("population"),
                    "zoom_in": gettext("Zoom in"),
                    "zoom_out": gettext("Zoom out"),
                    "leaflet": gettext("A JavaScript library for interactive maps"),
                },
            }
        }

    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, {**self.map_context(request), **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = self.map_context(request) if self.has_change_permission(request) else {}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    @admin.display(description=_("continent"), ordering="country__continent")
    def continent(self, partner):
        return partner.country.get_continent_display() if partner.country else "—"

    @admin.display(description=_("agreements"), ordering="agreement_count")
    def agreement_count(self, partner):
        return local_digits(partner.agreement_count)

    @admin.display(description=_("coordinates"))
    def coordinates(self, partner):
        if not partner.has_coordinates:
            return "—"
        # Figures, not an identifier: in the page's digits, kept left to right.
        return format_html('<span dir="ltr">{}</span>', local_digits(f"{partner.latitude:.3f}, {partner.longitude:.3f}"))


