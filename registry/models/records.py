"""What happens under an agreement (activities) and its scanned documents."""

import secrets
from pathlib import PurePath

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import jalali
from ..language import localized
from ..text import NormalizedCharField, NormalizedTextField
from ..uploads import validate_document
from .agreements import Agreement
from .choices import ActivityKind, Language, Precision, Status, precision_constraint
from .intervals import StatusInterval
from .versioning import Versioned, VersionedQuerySet


class Activity(Versioned):
    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="activities", verbose_name=_("agreement")
    )
    date = models.DateField(_("date"))
    precision = models.CharField(_("precision"), max_length=5, choices=Precision.choices, default=Precision.DAY)
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    description_fa = NormalizedTextField(_("description (Persian)"), blank=True)
    description_en = NormalizedTextField(_("description (English)"), blank=True)

    history = HistoricalRecords(
        verbose_name=_("activity change"), verbose_name_plural=_("audit trail: activities"),
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        default_permissions = ("add", "change", "delete", "view", "import", "export")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ActivityKind.values), name="activity_kind_valid"),
            precision_constraint("precision", "activity_precision_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {jalali.format_date(self.date, self.precision)}"

    @property
    def description(self):
        return localized(self.description_fa, self.description_en)

    @property
    def date_display(self):
        return jalali.format_date(self.date, self.precision)


def document_path(instance, filename):
    # Unguessable, so that a private scan cannot be found by its name.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"documents/{secrets.token_urlsafe(24)}{suffix}"


class DocumentQuerySet(VersionedQuerySet):
    def published(self, day=None):
        """Documents anyone may download: public, of a public agreement that
        is more than a draft on `day` (today when None)."""
        concluded = (
            StatusInterval.objects.holding(day or timezone.localdate())
            .filter(agreement=OuterRef("agreement"))
            .exclude(status=Status.DRAFT)
        )
        return self.filter(Exists(concluded), is_public=True, agreement__is_public=True)


class Document(Versioned):
    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="documents", verbose_name=_("agreement")
    )
    file = models.FileField(
        _("file"), upload_to=document_path, validators=[validate_document],
        help_text=_("A PDF, JPEG or PNG scan."),
    )
    title = NormalizedCharField(_("title"), max_length=300)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.PERSIAN)
    is_public = models.BooleanField(_("public"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    history = HistoricalRecords(
        verbose_name=_("document change"), verbose_name_plural=_("audit trail: documents"),
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("document", args=[self.pk])
