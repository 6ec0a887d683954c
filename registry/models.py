import secrets
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from . import jalali
from .language import localized
from .text import fold_expression, normalize
from .uploads import validate_document


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



class BilingualName:
    """`name` in the active language, falling back to the other one."""

    @property
    def name(self):
        return localized(self.name_fa, self.name_en)

    def __str__(self):
        return self.name


class Versioned(models.Model):
    """Optimistic concurrency: every save counts one more version, so that
    a form or a spreadsheet row prepared from an older version is refused
    rather than silently undoing what someone saved meanwhile."""

    version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)

    # Bookkeeping, not content: left out of "what changed meanwhile".
    NOT_CONTENT = {"version", "created_at", "updated_at", "search_text"}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def current_version(self, lock=False):
        """The version in the database now; with lock, the row stays locked
        until the transaction ends, so that two saves cannot both pass the check."""
        rows = type(self)._default_manager.filter(pk=self.pk)
        if lock:
            rows = rows.select_for_update()
        return rows.values_list("version", flat=True).first()

    def changes_since(self, version):
        """(who, when, [(field label, then, now)]) of what changed after the
        given version, from the audit trail."""
        records = self.history.order_by("-history_date", "-history_id")
        latest = records.first()
        then = records.filter(version__lte=version).first()
        if latest is None:
            return None, None, []
        changes = []
        if then is not None and then.pk != latest.pk:
            delta = latest.diff_against(then, excluded_fields=self.NOT_CONTENT)
            for change in delta.changes:
                field = self._meta.get_field(change.field)
                changes.append((field.verbose_name, _shown(field, change.old), _shown(field, change.new)))
        return latest.history_user, latest.history_date, changes


def _shown(field, value):
    if value in (None, ""):
        return "—"
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


class Country(BilingualName, models.Model):
    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    name_fa = models.CharField(_("name (Persian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    # Editable on purpose: the seed study counts Turkey and Georgia as Europe.
    continent = models.CharField(_("continent"), max_length=2, choices=Continent.choices)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_is_two_capitals"
            ),
        ]


class PartnerKind(models.TextChoices):
    CITY = "city", _("city")
    REGION = "region", _("region / state")
    ORGANISATION = "organisation", _("international organisation")


class Partner(BilingualName, Versioned):
    kind = models.CharField(_("kind"), max_length=12, choices=PartnerKind.choices, default=PartnerKind.CITY)
    name_fa = models.CharField(_("name (Persian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    country = models.ForeignKey(
        Country, models.PROTECT, null=True, blank=True, related_name="partners", verbose_name=_("country")
    )
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    geonames_id = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True, unique=True)
    wikidata_id = models.CharField(
        _("Wikidata id"), max_length=20, blank=True, help_text=_("For example Q9361 for Bishkek.")
    )
    search_text = models.GeneratedField(
        expression=fold_expression(F("name_fa"), F("name_en")),
        output_field=models.TextField(),
        db_persist=True,
    )

    history = HistoricalRecords(
        excluded_fields=["search_text"],
        verbose_name=_("partner change"), verbose_name_plural=_("audit trail: partners"),
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
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

    def save(self, *args, **kwargs):
        self.name_fa, self.name_en = normalize(self.name_fa), normalize(self.name_en)
        super().save(*args, **kwargs)

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None


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


class AgreementQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def concluded(self):
        """Everything but drafts: a draft never counts as a partnership."""
        return self.exclude(status=Status.DRAFT)

    def in_force(self):
        return self.filter(status=Status.ACTIVE)

    def in_force_on(self, day):
        """Agreements whose latest status change on or before `day` is active."""
        latest = (
            StatusChange.objects.filter(agreement=OuterRef("pk"))
            .filter(Q(date__lte=day) | Q(date__isnull=True))
            .order_by(F("date").desc(nulls_last=True), "-pk")
            .values("status")[:1]
        )
        return self.annotate(status_then=Subquery(latest)).filter(status_then=Status.ACTIVE)

    def with_period(self, series_slug):
        """Annotate the period of the series that contains the signing date
        (start inclusive, end exclusive): `period_slug`, `period_name_fa` and
        `period_name_en`, all None when no period contains it."""
        periods = Period.objects.containing(OuterRef("signed_on")).filter(series__slug=series_slug)
        return self.annotate(
            period_slug=Subquery(periods.values("slug")[:1]),
            period_name_fa=Subquery(periods.values("name_fa")[:1]),
            period_name_en=Subquery(periods.values("name_en")[:1]),
        )

    def search(self, query):
        from .text import fold

        key = fold(query)
        if not key:
            return self
        return self.filter(
            Q(search_text__contains=key)
            | Q(partner__search_text__contains=key)
            | Q(partner__country__name_fa__icontains=query)
            | Q(partner__country__name_en__icontains=query)
        )


class Agreement(Versioned):
    partner = models.ForeignKey(
        Partner, models.PROTECT, related_name="agreements", verbose_name=_("partner")
    )
    title_fa = models.CharField(
        _("title (Persian)"), max_length=300, help_text=_("The document's own title, verbatim.")
    )
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    instrument = models.CharField(_("instrument"), max_length=12, choices=Instrument.choices)
    relationship = models.CharField(_("relationship"), max_length=24, choices=Relationship.choices)
    # Kept equal to the latest StatusChange by StatusChange.save()/delete(),
    # the only code that writes it; staff change it by adding a status change.
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    status_since = models.DateField(_("status since"), null=True, blank=True, editable=False)
    status_since_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY, editable=False
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True, db_index=True)
    signed_precision = models.CharField(
        _("precision of signing date"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    review_on = models.DateField(_("to be reviewed on"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("related agreement"),
    )
    parent_link = models.CharField(
        _("relation to that agreement"), max_length=10, choices=LinkKind.choices, blank=True
    )
    signatory_tehran = models.CharField(_("signatory for Tehran"), max_length=300, blank=True)
    signatory_partner = models.CharField(_("signatory for the partner"), max_length=300, blank=True)
    areas = models.TextField(_("areas of cooperation"), blank=True)
    summary_fa = models.TextField(_("public summary (Persian)"), blank=True)
    summary_en = models.TextField(_("public summary (English)"), blank=True)
    source = models.TextField(_("source / citation"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Never shown to the public.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_text = models.GeneratedField(
        expression=fold_expression(F("title_fa"), F("title_en")),
        output_field=models.TextField(),
        db_persist=True,
    )

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["search_text"],
        verbose_name=_("agreement change"), verbose_name_plural=_("audit trail: agreements"),
    )

    class Meta:
        ordering = [F("signed_on").asc(nulls_last=True), "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        default_permissions = ("add", "change", "delete", "view", "import", "export")
        constraints = [
            precision_constraint("signed_precision", "agreement_signed_precision_valid"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="agreement_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(instrument__in=Instrument.values), name="agreement_instrument_valid"
            ),
            models.CheckConstraint(
                condition=Q(relationship__in=Relationship.values), name="agreement_relationship_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(signed_on__isnull=True) | Q(ends_on__gt=F("signed_on")),
                name="agreement_ends_after_signing",
                violation_error_message=_("An agreement must end after it was signed."),
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, parent_link="") | Q(parent__isnull=False) & ~Q(parent_link=""),
                name="agreement_parent_has_link_kind",
                violation_error_message=_(
                    "Say how this agreement relates to the related agreement, or choose none."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="agreement_is_not_its_own_parent"
            ),
        ]

    def __str__(self):
        return f"{self.partner} — {self.title}"

    def save(self, *args, **kwargs):
        self.title_fa, self.title_en = normalize(self.title_fa), normalize(self.title_en)
        super().save(*args, **kwargs)

    @property
    def title(self):
        return localized(self.title_fa, self.title_en)

    @property
    def period_name(self):
        """The period annotated by with_period(), in the active language."""
        return localized(self.period_name_fa, self.period_name_en)

    @property
    def signed_display(self):
        return jalali.format_date(self.signed_on, self.signed_precision)

    @property
    def status_since_display(self):
        return jalali.format_date(self.status_since, self.status_since_precision)

    @property
    def is_in_force(self):
        return self.status == Status.ACTIVE

    def sync_status(self):
        """Set `status` from the latest status change; the one writer of it."""
        latest = self.status_changes.order_by(F("date").desc(nulls_last=True), "-pk").first()
        self.status = latest.status if latest else Status.DRAFT
        self.status_since = latest.date if latest else None
        self.status_since_precision = latest.precision if latest else Precision.DAY
        # update() skips auto_now, and a new status is a change the open-data page dates.
        self.updated_at = timezone.now()
        # A new status is a new version: a form opened before it is stale.
        Agreement.objects.filter(pk=self.pk).update(
            status=self.status,
            status_since=self.status_since,
            status_since_precision=self.status_since_precision,
            updated_at=self.updated_at,
            version=F("version") + 1,
        )
        self.version = self.current_version()


class StatusChange(models.Model):
    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="status_changes", verbose_name=_("agreement")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("Empty when not known."))
    precision = models.CharField(_("precision"), max_length=5, choices=Precision.choices, default=Precision.DAY)
    decided_by = models.CharField(
        _("decided by"), max_length=200, blank=True,
        help_text=_("For example a council resolution, the mayor, or the partner's notice."),
    )
    reason = models.TextField(_("reason"), blank=True)

    history = HistoricalRecords(
        verbose_name=_("status history change"), verbose_name_plural=_("audit trail: status history"),
    )

    class Meta:
        ordering = [F("date").asc(nulls_first=True), "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="status_change_status_valid"),
            precision_constraint("precision", "status_change_precision_valid"),
        ]

    def __str__(self):
        return f"{self.get_status_display()} {jalali.format_date(self.date, self.precision)}"

    @property
    def date_display(self):
        return jalali.format_date(self.date, self.precision)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.agreement.sync_status()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.agreement.sync_status()
        return result


class PeriodSeries(BilingualName, models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name_fa = models.CharField(_("name (Persian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("period series")
        verbose_name_plural = _("period series")


PRESIDENCY = "presidency"
MAYOR = "mayor"


class PeriodQuerySet(models.QuerySet):
    def containing(self, day):
        """Periods whose half-open span [start, end) contains `day`."""
        return self.filter(Q(start__lte=day), Q(end__isnull=True) | Q(end__gt=day))


class Period(BilingualName, models.Model):
    series = models.ForeignKey(
        PeriodSeries, models.CASCADE, related_name="periods", verbose_name=_("series")
    )
    slug = models.SlugField(_("slug"))
    name_fa = models.CharField(_("name (Persian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    label_fa = models.CharField(_("label (Persian)"), max_length=200, blank=True,
                                help_text=_("For a presidency, the foreign-policy discourse."))
    label_en = models.CharField(_("label (English)"), max_length=200, blank=True)
    start = models.DateField(_("start"), help_text=_("The first day of the period."))
    end = models.DateField(
        _("end"), null=True, blank=True,
        help_text=_("The first day after the period, such as the successor's inauguration. Empty while it lasts."),
    )

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["series", "start"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [
            models.UniqueConstraint(fields=["series", "slug"], name="period_slug_unique_in_series"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=F("start")),
                name="period_ends_after_start",
                violation_error_message=_("A period must end after it starts."),
            ),
        ]

    @property
    def label(self):
        return localized(self.label_fa, self.label_en)

    def clean(self):
        super().clean()
        if self.start is None or self.series_id is None:
            return
        overlapping = Period.objects.filter(series_id=self.series_id).exclude(pk=self.pk)
        overlapping = overlapping.filter(Q(end__isnull=True) | Q(end__gt=self.start))
        if self.end is not None:
            overlapping = overlapping.filter(start__lt=self.end)
        other = overlapping.first()
        if other:
            raise ValidationError(
                _("This period overlaps %(other)s (%(start)s – %(end)s) in the same series."),
                params={
                    "other": other,
                    "start": jalali.format_date(other.start),
                    "end": jalali.format_date(other.end) if other.end else "…",
                },
            )


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("delegation visit")
    EVENT = "event", _("event")
    PROJECT = "project", _("joint project")
    MEETING = "meeting", _("meeting")
    CORRESPONDENCE = "correspondence", _("correspondence")
    OTHER = "other", _("other")


class Activity(models.Model):
    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="activities", verbose_name=_("agreement")
    )
    date = models.DateField(_("date"))
    precision = models.CharField(_("precision"), max_length=5, choices=Precision.choices, default=Precision.DAY)
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    description_fa = models.TextField(_("description (Persian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

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


class Language(models.TextChoices):
    PERSIAN = "fa", _("Persian")
    ENGLISH = "en", _("English")
    OTHER = "other", _("other")


class DocumentQuerySet(models.QuerySet):
    def published(self):
        """Documents anyone may download: public, of a public agreement that
        is more than a draft."""
        return self.filter(is_public=True, agreement__is_public=True).exclude(agreement__status=Status.DRAFT)


class Document(models.Model):
    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="documents", verbose_name=_("agreement")
    )
    file = models.FileField(
        _("file"), upload_to=document_path, validators=[validate_document],
        help_text=_("A PDF, JPEG or PNG scan."),
    )
    title = models.CharField(_("title"), max_length=300)
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
