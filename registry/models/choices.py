"""The registry's closed lists of codes, each with its label."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .. import jalali


class Precision(models.TextChoices):
    DAY = jalali.DAY, _("day")
    MONTH = jalali.MONTH, _("month")
    YEAR = jalali.YEAR, _("year")


class Continent(models.TextChoices):
    ASIA = "AS", _("Asia")
    EUROPE = "EU", _("Europe")
    AFRICA = "AF", _("Africa")
    NORTH_AMERICA = "NA", _("North America")
    SOUTH_AMERICA = "SA", _("South America")
    OCEANIA = "OC", _("Oceania")
    ANTARCTICA = "AN", _("Antarctica")
class PartnerKind(models.TextChoices):
    CITY = "city", _("city")
    REGION = "region", _("region / state")
    ORGANISATION = "organisation", _("international organisation")

class Instrument(models.TextChoices):
    TREATY = "treaty", pgettext_lazy("instrument", "treaty")
    CONTRACT = "contract", pgettext_lazy("instrument", "contract")
    PACT = "pact", pgettext_lazy("instrument", "pact")
    AGREEMENT = "agreement", pgettext_lazy("instrument", "agreement")
    ACCORD = "accord", pgettext_lazy("instrument", "accord")
    MOU = "mou", pgettext_lazy("instrument", "memorandum of understanding")


class Relationship(models.TextChoices):
    SISTER_CITY = "sister_city", _("sister city")
    FRIENDSHIP = "friendship", _("friendship")
    COOPERATION = "cooperation", _("cooperation")
    FRIENDSHIP_COOPERATION = "friendship_cooperation", _("friendship and cooperation")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    LAPSED = "lapsed", _("lapsed")
    TERMINATED = "terminated", _("terminated")


class LinkKind(models.TextChoices):
    RENEWS = "renews", _("renews")
    AMENDS = "amends", _("amends")
    IMPLEMENTS = "implements", _("implements")


def precision_constraint(field, name):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": Precision.values}), name=name
    )

class ActivityKind(models.TextChoices):
    VISIT = "visit", _("delegation visit")
    EVENT = "event", _("event")
    PROJECT = "project", _("joint project")
    MEETING = "meeting", _("meeting")
    CORRESPONDENCE = "correspondence", _("correspondence")
    OTHER = "other", _("other")


class Language(models.TextChoices):
    PERSIAN = "fa", _("Persian")
    ENGLISH = "en", _("English")
    OTHER = "other", _("other")


