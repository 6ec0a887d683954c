"""Evidence: sources (bibliographic records staff enter once) and the claims
each makes about an agreement, with the staff's public note on which value
the registry records and why. Comparing claims with the record is
registry/evidence.py's job."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import jalali
from ..language import localized
from ..text import NormalizedCharField, NormalizedTextField
from .agreements import Agreement
from .choices import Language, Precision, precision_constraint
from .records import Activity, Document
from .versioning import EditVersioned, Versioned


class SourceKind(models.TextChoices):
    STUDY = "study", _("study")
    TEHRAN_SITE = "tehran_site", _("official site of Tehran")
    PARTNER_SITE = "partner_site", _("official site of the partner")
    NEWS = "news", _("news report")
    RESOLUTION = "resolution", _("council resolution")
    SCAN = "scan", _("scanned document in the registry")


class Fact(models.TextChoices):
    """What a claim speaks to."""

    SIGNED_ON = "signed_on", _("signing date")
    TERM = "term", _("term")
    ENDS_ON = "ends_on", _("end date")
    STATUS = "status", _("status")
    PARTNER = "partner", _("partner")
    ACTIVITY = "activity", _("activity")
    GENERAL = "general", _("the agreement in general")


class Source(EditVersioned, Versioned):
    kind = models.CharField(_("kind"), max_length=12, choices=SourceKind.choices)
    author = NormalizedCharField(
        _("author"), max_length=300, blank=True, help_text=_("People, separated by “;” or «؛».")
    )
    publisher = NormalizedCharField(_("publisher"), max_length=300, blank=True)
    title = NormalizedCharField(_("title"), max_length=500)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_precision = models.CharField(
        _("precision of publication date"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    consulted_on = models.DateField(_("consulted on"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.PERSIAN)
    document = models.ForeignKey(
        Document, models.SET_NULL, null=True, blank=True, related_name="sources",
        verbose_name=_("scanned document"), help_text=_("When the source is a scan kept in the registry."),
    )
    internal_notes = NormalizedTextField(_("internal notes"), blank=True, help_text=_("Never shown to the public."))

    history = HistoricalRecords(verbose_name=_("source change"), verbose_name_plural=_("audit trail: sources"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        default_permissions = ("add", "change", "delete", "view", "import", "export")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SourceKind.values), name="source_kind_valid"),
            precision_constraint("published_precision", "source_published_precision_valid"),
            models.CheckConstraint(condition=Q(language__in=Language.values), name="source_language_valid"),
        ]

    def __str__(self):
        by = self.author or self.publisher
        return f"{by}: {self.title}" if by else self.title

    @property
    def published_display(self):
        return jalali.format_date(self.published_on, self.published_precision)

    @property
    def by(self):
        """Who the reference names first: the author, else the publisher."""
        return self.author or self.publisher


class Claim(Versioned):
    """What one source states about one agreement. `value` is kept as the
    source gives it; the parsed fields are derived from it on every save
    (registry.evidence.read_value) and are what comparisons read."""

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="claims", verbose_name=_("agreement"))
    source = models.ForeignKey(Source, models.PROTECT, related_name="claims", verbose_name=_("source"))
    fact = models.CharField(_("speaks to"), max_length=10, choices=Fact.choices, default=Fact.GENERAL)
    value = NormalizedCharField(
        _("value stated"), max_length=200, blank=True,
        help_text=_("As the source states it: 1392/12/08, 2014-02-27, 5 years, active 1392/12/08, a name."),
    )
    value_from = models.DateField(_("stated date: first possible day"), null=True, blank=True, editable=False)
    value_to = models.DateField(_("stated date: last possible day"), null=True, blank=True, editable=False)
    value_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY, editable=False)
    value_months = models.PositiveIntegerField(_("stated term in months"), null=True, blank=True, editable=False)
    value_status = models.CharField(_("stated status"), max_length=10, blank=True, editable=False)
    activity = models.ForeignKey(
        Activity, models.SET_NULL, null=True, blank=True, related_name="claims",
        verbose_name=_("recorded activity"), help_text=_("The activity the source reports, once recorded."),
    )
    locator = NormalizedCharField(_("page, table or row"), max_length=200, blank=True)
    paraphrase = NormalizedTextField(_("paraphrase"), blank=True, help_text=_("In a sentence or two; not a quotation."))

    history = HistoricalRecords(verbose_name=_("claim change"), verbose_name_plural=_("audit trail: claims"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        default_permissions = ("add", "change", "delete", "view", "import", "export")
        constraints = [
            models.CheckConstraint(condition=Q(fact__in=Fact.values), name="claim_fact_valid"),
            precision_constraint("value_precision", "claim_value_precision_valid"),
        ]

    def __str__(self):
        # Without its source's title: lists of claims and their audit trail
        # name each one without a query per row.
        stated = f" = {self.value}" if self.value else ""
        return f"{self.get_fact_display()}{stated}"

    def read_value(self):
        """Set the parsed fields from `value`; ValidationError when it cannot be read."""
        from ..evidence import read_value

        parsed = read_value(self.fact, self.value)
        self.value_from, self.value_to = parsed.first, parsed.last
        self.value_precision = parsed.precision
        self.value_months = parsed.months
        self.value_status = parsed.status

    def clean(self):
        try:
            self.read_value()
        except ValidationError as error:
            raise ValidationError({"value": error.messages})
        if self.activity_id and self.agreement_id and self.activity.agreement_id != self.agreement_id:
            raise ValidationError({"activity": _("This activity is under another agreement.")})

    def save(self, *args, **kwargs):
        self.read_value()
        super().save(*args, **kwargs)


class FactNote(Versioned):
    """Why the registry records the value it does for one fact of one
    agreement, when sources differ: shown to the public beside the claims."""

    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="fact_notes", verbose_name=_("agreement")
    )
    fact = models.CharField(_("fact"), max_length=10, choices=Fact.choices)
    note_fa = NormalizedTextField(_("note (Persian)"))
    note_en = NormalizedTextField(_("note (English)"), blank=True)

    history = HistoricalRecords(
        verbose_name=_("evidence note change"), verbose_name_plural=_("audit trail: evidence notes")
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("why the registry records this value")
        verbose_name_plural = _("why the registry records these values (public notes)")
        constraints = [
            models.CheckConstraint(condition=Q(fact__in=Fact.values), name="fact_note_fact_valid"),
            models.UniqueConstraint(
                fields=["agreement", "fact"], name="fact_note_one_per_fact",
                violation_error_message=_("This agreement already has a note on this fact."),
            ),
        ]

    def __str__(self):
        return self.get_fact_display()

    @property
    def note(self):
        # Written for its readers: an English page says when there is no English text.
        return localized(self.note_fa, self.note_en, fallback=False)
