"""Where partners are: countries (with their continent) and the partners themselves."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..text import FoldedField, NormalizedCharField, SortKeyField
from .choices import Continent, PartnerKind
from .names import BilingualName
from .versioning import EditVersioned, Versioned


class Country(BilingualName, Versioned):
    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    name_fa = NormalizedCharField(_("name (Persian)"), max_length=100)
    name_en = NormalizedCharField(_("name (English)"), max_length=100)
    # Editable on purpose: the seed study counts Turkey and Georgia as Europe.
    continent = models.CharField(_("continent"), max_length=2, choices=Continent.choices)
    search_text = FoldedField(sources=["code", "name_fa", "name_en"])
    # The name's Persian alphabetical order on Persian and on English pages (ShownName).
    order_fa = SortKeyField(sources=["name_fa", "name_en"])
    order_en = SortKeyField(sources=["name_en", "name_fa"])

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_is_two_capitals"
            ),
        ]


class Partner(BilingualName, EditVersioned, Versioned):
    kind = models.CharField(_("kind"), max_length=12, choices=PartnerKind.choices, default=PartnerKind.CITY)
    name_fa = NormalizedCharField(_("name (Persian)"), max_length=200)
    name_en = NormalizedCharField(_("name (English)"), max_length=200)
    country = models.ForeignKey(
        Country, models.PROTECT, null=True, blank=True, related_name="partners", verbose_name=_("country")
    )
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    geonames_id = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True, unique=True)
    wikidata_id = models.CharField(
        _("Wikidata id"), max_length=20, blank=True, help_text=_("For example Q9361 for Bishkek.")
    )
    search_text = FoldedField(sources=["name_fa", "name_en"])
    # The name's Persian alphabetical order on Persian and on English pages (ShownName).
    order_fa = SortKeyField(sources=["name_fa", "name_en"])
    order_en = SortKeyField(sources=["name_en", "name_fa"])

    history = HistoricalRecords(
        excluded_fields=["search_text", "order_fa", "order_en"],
        verbose_name=_("partner change"), verbose_name_plural=_("audit trail: partners"),
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        # Partners in Persian alphabetical order, in either language, read from an index.
        indexes = [
            models.Index(fields=["order_fa", "id"], name="partner_order_fa"),
            models.Index(fields=["order_en", "id"], name="partner_order_en"),
        ]
        default_permissions = ("add", "change", "delete", "view", "import", "export")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="partner_latitude_in_range",
                violation_error_message=_("Latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="partner_longitude_in_range",
                violation_error_message=_("Longitude must be between -180 and 180."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="partner_coordinates_come_in_pairs",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
            models.CheckConstraint(
                condition=Q(kind=PartnerKind.ORGANISATION) | Q(country__isnull=False),
                name="partner_has_country_unless_organisation",
                violation_error_message=_("Only an international organisation may have no country."),
            ),
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="partner_wikidata_id_unique",
                violation_error_message=_("Another partner has this Wikidata id."),
            ),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=r"^Q[0-9]+$"),
                name="partner_wikidata_id_format",
                violation_error_message=_("A Wikidata id looks like Q9248."),
            ),
        ]

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None
