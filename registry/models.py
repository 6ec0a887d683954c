import datetime
import secrets
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OrderBy, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Collate, NullIf
from django.db.models.lookups import Exact, In
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from . import jalali, version
from .language import localized, persian_active
from .text import PERSIAN_COLLATION, FoldedField, NormalizedCharField, NormalizedTextField, search_condition
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



class ShownName:
    """The name a row shows (Persian, or English, as the active language
    asks; the other where it is empty), collated in Persian alphabetical
    order; `path` reaches a related name, like "partner__country". The
    language is read when the query is built, so one expression serves an
    admin column's fixed ordering in either language."""

    def __init__(self, path=""):
        self.prefix = f"{path}__" if path else ""

    def resolve_expression(self, *args, **kwargs):
        first, other = ("name_fa", "name_en") if persian_active() else ("name_en", "name_fa")
        shown = Coalesce(NullIf(F(self.prefix + first), Value("")), F(self.prefix + other))
        return Collate(shown, PERSIAN_COLLATION).resolve_expression(*args, **kwargs)

    def asc(self, **kwargs):
        return OrderBy(self, **kwargs)

    def desc(self, **kwargs):
        return OrderBy(self, descending=True, **kwargs)


def name_order(path=""):
    """Order by ShownName, rows without a name last."""
    return ShownName(path).asc(nulls_last=True)


class RegistryVersion(models.Model):
    """One row: the registry's version, bumped by every write (registry/version.py)."""

    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("registry version")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="registry_version_is_one_row")]


class VersionedQuerySet(models.QuerySet):
    """A queryset whose bulk writes bump the registry's version, as save() does."""

    def update(self, **kwargs):
        version.changed(self.db)
        return super().update(**kwargs)

    update.alters_data = True

    def delete(self):
        version.changed(self.db)
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        version.changed(self.db)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        version.changed(self.db)
        return super().bulk_update(objs, *args, **kwargs)


class Versioned(models.Model):
    """A record of the registry: saving or deleting one bumps its version."""

    objects = VersionedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        version.changed(kwargs.get("using") or self._state.db)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        version.changed(kwargs.get("using") or self._state.db)
        return super().delete(*args, **kwargs)


class BilingualName:
    """`name` in the active language, falling back to the other one."""

    @property
    def name(self):
        return localized(self.name_fa, self.name_en)

    def __str__(self):
        return self.name


class EditVersioned(models.Model):
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


class Country(BilingualName, Versioned):
    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    name_fa = NormalizedCharField(_("name (Persian)"), max_length=100)
    name_en = NormalizedCharField(_("name (English)"), max_length=100)
    # Editable on purpose: the seed study counts Turkey and Georgia as Europe.
    continent = models.CharField(_("continent"), max_length=2, choices=Continent.choices)
    search_text = FoldedField(sources=["code", "name_fa", "name_en"])

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

    history = HistoricalRecords(
        excluded_fields=["search_text"],
        verbose_name=_("partner change"), verbose_name_plural=_("audit trail: partners"),
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        # The list sorts by partner name in either language.
        indexes = [
            models.Index(fields=["name_fa", "id"], name="partner_name_fa"),
            models.Index(fields=["name_en", "id"], name="partner_name_en"),
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


class StatusChangeQuerySet(VersionedQuerySet):
    """The one rule for the order of an agreement's status changes.

    A dated change happens on its date. An undated one is placed by the order
    staff entered the changes in: right after the latest-dated change entered
    before it, and before everything when none was (`placed_on` is then
    empty). Ties go to the change entered later."""

    def placed(self):
        earlier = StatusChange.objects.filter(
            agreement=OuterRef("agreement"), pk__lt=OuterRef("pk"), date__isnull=False
        ).order_by("-date")
        return self.annotate(placed_on=Coalesce("date", Subquery(earlier.values("date")[:1])))

    def oldest_first(self):
        return self.placed().order_by(F("placed_on").asc(nulls_first=True), "pk")

    def latest_first(self):
        return self.placed().order_by(F("placed_on").desc(nulls_last=True), "-pk")

    def known_on(self, day):
        """The changes placed on or before `day`: dated on or before it, or
        undated with no change entered before them dated after it (the same
        as placed_on <= day or empty, without computing placed_on twice)."""
        later = StatusChange.objects.filter(
            agreement=OuterRef("agreement"), pk__lt=OuterRef("pk"), date__gt=day
        )
        return self.placed().filter(Q(date__lte=day) | Q(date__isnull=True) & ~Exists(later))


def latest_status(changes):
    """The status StatusChangeQuerySet.latest_first() puts first, for changes
    held in memory ({id: (date, status)}, as when replaying a history)."""
    if not changes:
        return Status.DRAFT

    def placed_on(pk, date):
        earlier = [d for other, (d, _status) in changes.items() if other < pk and d is not None]
        return date or max(earlier, default=None)

    def key(item):
        pk, (date, _status) = item
        placed = placed_on(pk, date)
        return (placed is not None, placed or datetime.date.min, pk)

    return max(changes.items(), key=key)[1][1]


# A fixed-term agreement that is running or suspended lapses the day after it
# ends, unless a status change dated after the end, and by the day asked
# about, renews it.
ENDS_WITH_TERM = [Status.ACTIVE, Status.SUSPENDED]


# The folded columns an agreement search looks in, on the public site and in
# the admin: the agreement's titles and signatories, its partner's names, its
# country's names.
AGREEMENT_SEARCH = ["search_text", "partner__search_text", "partner__country__search_text"]


class AgreementQuerySet(VersionedQuerySet):
    def public(self):
        return self.filter(is_public=True)

    def concluded(self):
        """Everything but drafts: a draft never counts as a partnership."""
        return self.exclude(recorded_status=Status.DRAFT)

    def _status_terms(self, day):
        """(status, its change's date, its precision, ended-by-term condition)
        on `day`, today when None: the latest change placed on or before the
        day; the condition says an end date has turned it lapsed."""
        if day is None:
            # Today's status reads the latest change kept on the row, so that
            # filtering by it can use an index.
            day = timezone.localdate()
            status, dated, precision = F("recorded_status"), F("recorded_status_on"), F("recorded_status_precision")
        else:
            latest = StatusChange.objects.filter(agreement=OuterRef("pk")).known_on(day).latest_first()
            status = Coalesce(Subquery(latest.values("status")[:1]), Value(Status.DRAFT))
            dated = Subquery(latest.values("date")[:1])
            precision = Subquery(latest.values("precision")[:1])
        renewed = StatusChange.objects.filter(agreement=OuterRef("pk"), date__gt=OuterRef("ends_on"), date__lte=day)
        ended = Q(ends_on__lt=day) & ~Exists(renewed)
        return status, dated, precision, ended

    def with_status(self, day=None):
        """Annotate the status on `day` (today when None): `current_status`,
        `status_changed_on` and `status_changed_precision` (the date of the
        change it comes from) and `ended_by_term` (lapsed because its end
        date passed; Agreement.status_since then says from when)."""
        status, dated, precision, ended = self._status_terms(day)
        lapsed = Q(In(status, ENDS_WITH_TERM)) & ended
        return self.annotate(
            current_status=Case(When(lapsed, then=Value(Status.LAPSED)), default=status),
            ended_by_term=Case(When(lapsed, then=Value(True)), default=Value(False)),
            status_changed_on=dated,
            status_changed_precision=precision,
        )

    def with_status_of(self, status, day=None):
        """Agreements whose status on `day` (today when None) is `status`."""
        recorded, _dated, _precision, ended = self._status_terms(day)
        if status == Status.LAPSED:
            return self.filter(Q(Exact(recorded, status)) | Q(In(recorded, ENDS_WITH_TERM)) & ended)
        if status in ENDS_WITH_TERM:
            return self.filter(Q(Exact(recorded, status)) & ~ended)
        return self.filter(Exact(recorded, status))

    def in_force(self, day=None):
        return self.with_status_of(Status.ACTIVE, day)

    def with_period(self, series=None):
        """Annotate where the signing date falls in a series of periods (a
        Timeline, or the slug of one; the presidency by default), by
        Timeline's rule: `period_slug`, `period_name_fa`, `period_name_en`
        for the one period it certainly falls in; `period_uncertain` and
        `period_candidates` (slugs, space-separated) and
        `period_candidates_fa`/`_en` (names) for a month or year that spans
        a handover. One query for the series' periods."""
        timeline = series if isinstance(series, Timeline) else Timeline.of(series or PRESIDENCY)
        text = models.CharField()

        def by_period(attribute):
            return timeline.period_case(lambda period: Value(getattr(period, attribute)), output_field=text)

        def by_span(attribute):
            cases = [
                When(timeline.signed_in(precision, first), then=Value(" / ".join(getattr(p, attribute) for p in periods)))
                for precision, first, periods in timeline.uncertain_spans
            ]
            return Case(*cases, default=Value(None), output_field=text)

        return self.annotate(
            period_slug=by_period("slug"),
            period_name_fa=by_period("name_fa"),
            period_name_en=by_period("name_en"),
            period_uncertain=Case(
                When(timeline.uncertain(), then=Value(True)), default=Value(False), output_field=models.BooleanField()
            ),
            period_candidates=by_span("slug"),
            period_candidates_fa=by_span("name_fa"),
            period_candidates_en=by_span("name_en"),
        )

    def search(self, query):
        """Agreements with every word of `query` in one of AGREEMENT_SEARCH,
        however it is spelt (see text.fold)."""
        return self.filter(search_condition(query, AGREEMENT_SEARCH))


class Agreement(EditVersioned, Versioned):
    partner = models.ForeignKey(
        Partner, models.PROTECT, related_name="agreements", verbose_name=_("partner")
    )
    title_fa = NormalizedCharField(
        _("title (Persian)"), max_length=300, help_text=_("The document's own title, verbatim.")
    )
    title_en = NormalizedCharField(_("title (English)"), max_length=300, blank=True)
    instrument = models.CharField(_("instrument"), max_length=12, choices=Instrument.choices)
    relationship = models.CharField(_("relationship"), max_length=24, choices=Relationship.choices)
    # The latest recorded status change (StatusChangeQuerySet's order), kept
    # by sync_status(), its only writer; staff change it by adding a status
    # change. It is not the status today: an end date can have passed since.
    # Read that through AgreementQuerySet.with_status().
    recorded_status = models.CharField(
        _("latest recorded status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    recorded_status_on = models.DateField(_("latest recorded status since"), null=True, blank=True, editable=False)
    recorded_status_precision = models.CharField(
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
    signatory_tehran = NormalizedCharField(_("signatory for Tehran"), max_length=300, blank=True)
    signatory_partner = NormalizedCharField(_("signatory for the partner"), max_length=300, blank=True)
    areas = NormalizedTextField(_("areas of cooperation"), blank=True)
    summary_fa = NormalizedTextField(_("public summary (Persian)"), blank=True)
    summary_en = NormalizedTextField(_("public summary (English)"), blank=True)
    source = NormalizedTextField(_("source / citation"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    internal_notes = NormalizedTextField(
        _("internal notes"), blank=True, help_text=_("Never shown to the public.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_text = FoldedField(sources=["title_fa", "title_en", "signatory_tehran", "signatory_partner"])

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["search_text"],
        verbose_name=_("agreement change"), verbose_name_plural=_("audit trail: agreements"),
    )

    class Meta:
        ordering = [F("signed_on").asc(nulls_last=True), "pk"]
        indexes = [
            models.Index(fields=["recorded_status", "ends_on"], name="agreement_status_ends_on"),
            # The public list's default order: its first page reads 50 rows, not every one
            # (on PostgreSQL; migration 0010).
            models.Index(F("signed_on").desc(nulls_last=True), F("id").desc(), name="agreement_newest_first"),
        ]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        default_permissions = ("add", "change", "delete", "view", "import", "export")
        constraints = [
            precision_constraint("signed_precision", "agreement_signed_precision_valid"),
            models.CheckConstraint(
                condition=Q(recorded_status__in=Status.values), name="agreement_status_valid"
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

    @property
    def title(self):
        return localized(self.title_fa, self.title_en)

    @property
    def summary(self):
        # A summary is written for its readers: never the other language's.
        return localized(self.summary_fa, self.summary_en, fallback=False)

    @property
    def period_name(self):
        """The period annotated by with_period(), in the active language."""
        return localized(self.period_name_fa, self.period_name_en)

    @property
    def period_candidates_name(self):
        """The periods a signing date that spans a handover may belong to."""
        return localized(self.period_candidates_fa, self.period_candidates_en)

    @property
    def signed_display(self):
        return jalali.format_date(self.signed_on, self.signed_precision)

    # The status properties read the annotations of with_status().

    def get_current_status_display(self):
        return str(Status(self.current_status).label)

    @property
    def status_since(self):
        """The day the status on the asked day began, when known."""
        return self.status_began(self.ended_by_term, self.ends_on, self.status_changed_on)

    @staticmethod
    def status_began(ended_by_term, ends_on, status_changed_on):
        """The rule behind status_since, for code that reads plain values (open data)."""
        if ended_by_term:
            return ends_on + datetime.timedelta(days=1)
        return status_changed_on

    @property
    def status_since_display(self):
        if self.ended_by_term:
            return jalali.format_date(self.status_since)
        return jalali.format_date(self.status_changed_on, self.status_changed_precision)

    @property
    def status_reason(self):
        """Why the status is what it is, when the record says so by itself."""
        if self.ended_by_term:
            return _("ended on %(date)s") % {"date": jalali.format_date(self.ends_on)}
        return ""

    @property
    def is_in_force(self):
        return self.current_status == Status.ACTIVE

    @staticmethod
    def status_is_in_force(status):
        """The rule, for code that reads statuses without model instances (open data)."""
        return status == Status.ACTIVE

    def sync_status(self):
        """Keep `recorded_status` equal to the latest status change; its one writer."""
        latest = self.status_changes.latest_first().first()
        self.recorded_status = latest.status if latest else Status.DRAFT
        self.recorded_status_on = latest.date if latest else None
        self.recorded_status_precision = latest.precision if latest else Precision.DAY
        # update() skips auto_now, and a new status is a change the open-data page dates.
        self.updated_at = timezone.now()
        # A new status is a new version: a form opened before it is stale.
        Agreement.objects.filter(pk=self.pk).update(
            recorded_status=self.recorded_status,
            recorded_status_on=self.recorded_status_on,
            recorded_status_precision=self.recorded_status_precision,
            updated_at=self.updated_at,
            version=F("version") + 1,
        )
        self.version = self.current_version()


class StatusChange(Versioned):
    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="status_changes", verbose_name=_("agreement")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("Empty when not known."))
    precision = models.CharField(_("precision"), max_length=5, choices=Precision.choices, default=Precision.DAY)
    decided_by = NormalizedCharField(
        _("decided by"), max_length=200, blank=True,
        help_text=_("For example a council resolution, the mayor, or the partner's notice."),
    )
    reason = NormalizedTextField(_("reason (Persian)"), blank=True)
    reason_en = NormalizedTextField(_("reason (English)"), blank=True)

    objects = StatusChangeQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name=_("status history change"), verbose_name_plural=_("audit trail: status history"),
    )

    class Meta:
        # The order staff entered them in; in time, see StatusChangeQuerySet.
        ordering = ["pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        # The status on a given day reads an agreement's changes by date.
        indexes = [models.Index(fields=["agreement", "date"], name="status_change_agreement_date")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="status_change_status_valid"),
            precision_constraint("precision", "status_change_precision_valid"),
        ]

    def __str__(self):
        return f"{self.get_status_display()} {jalali.format_date(self.date, self.precision)}"

    @property
    def date_display(self):
        return jalali.format_date(self.date, self.precision)

    @property
    def reason_shown(self):
        # English pages never show the Persian reason; they say it is missing.
        return localized(self.reason, self.reason_en, fallback=persian_active())

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.agreement.sync_status()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.agreement.sync_status()
        return result


class PeriodSeries(BilingualName, Versioned):
    slug = models.SlugField(_("slug"), unique=True)
    name_fa = NormalizedCharField(_("name (Persian)"), max_length=100)
    name_en = NormalizedCharField(_("name (English)"), max_length=100)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("period series")
        verbose_name_plural = _("period series")


PRESIDENCY = "presidency"
MAYOR = "mayor"


class PeriodQuerySet(VersionedQuerySet):
    def of_series(self, slug):
        return self.filter(series__slug=slug).order_by("start")

    def presidencies(self):
        return self.of_series(PRESIDENCY)


class Period(BilingualName, Versioned):
    series = models.ForeignKey(
        PeriodSeries, models.CASCADE, related_name="periods", verbose_name=_("series")
    )
    slug = models.SlugField(_("slug"))
    name_fa = NormalizedCharField(_("name (Persian)"), max_length=100)
    name_en = NormalizedCharField(_("name (English)"), max_length=100)
    label_fa = NormalizedCharField(_("label (Persian)"), max_length=200, blank=True,
                                help_text=_("For a presidency, the foreign-policy discourse."))
    label_en = NormalizedCharField(_("label (English)"), max_length=200, blank=True)
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

    # The one rule for a period holding a day: [start, end), an empty end
    # still running; in Python for spans of days, in SQL for a date column.

    def covers(self, first, after):
        """Whether the days [first, after) all fall in the period."""
        return self.start <= first and (self.end is None or after <= self.end)

    def overlaps(self, first, after):
        """Whether any of the days [first, after) falls in the period."""
        return self.start < after and (self.end is None or first < self.end)

    def holds(self, field="signed_on"):
        """Q: the date in `field` falls in the period."""
        condition = Q(**{f"{field}__gte": self.start})
        if self.end is not None:
            condition &= Q(**{f"{field}__lt": self.end})
        return condition

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


class Timeline:
    """The periods of one series in order, and the one rule for placing a
    date of a precision among them: a date belongs to a period when every day
    it may name falls in it. A day does, or falls between periods; a month or
    a year that spans a handover is uncertain, with every period it touches
    as a candidate, and is never given to one of them."""

    def __init__(self, periods):
        self.periods = list(periods)
        self.uncertain_spans = self._uncertain_spans()

    @classmethod
    def of(cls, series_slug=PRESIDENCY):
        return cls(Period.objects.of_series(series_slug))

    def place(self, value, precision=Precision.DAY):
        """(the period, []) when certain; (None, candidates) when the date
        spans a handover; (None, []) when it is in no period or unknown."""
        if value is None:
            return None, []
        first, after = jalali.span(value, precision)
        touched = [p for p in self.periods if p.overlaps(first, after)]
        if len(touched) == 1 and touched[0].covers(first, after):
            return touched[0], []
        return None, touched

    def _uncertain_spans(self):
        # A month or a year is uncertain only if a period starts or ends
        # inside it, and is stored as its first day (see jalali): a short list
        # of (precision, first day, candidates) to compare dates with.
        boundaries = sorted({p.start for p in self.periods} | {p.end for p in self.periods if p.end})
        spans = {}
        for boundary in boundaries:
            for precision in (Precision.MONTH, Precision.YEAR):
                first, _after = jalali.span(boundary, precision)
                period, candidates = self.place(first, precision)
                if candidates and (precision, first) not in spans:
                    spans[(precision, first)] = candidates
        return [(precision, first, candidates) for (precision, first), candidates in spans.items()]

    @staticmethod
    def signed_in(precision, first, field="signed_on", precision_field="signed_precision"):
        return Q(**{field: first, precision_field: precision})

    def uncertain(self, field="signed_on", precision_field="signed_precision"):
        """Q: the date spans a handover."""
        condition = Q(pk__in=[])
        for precision, first, _candidates in self.uncertain_spans:
            condition |= self.signed_in(precision, first, field, precision_field)
        return condition

    def holds(self, period, field="signed_on", precision_field="signed_precision"):
        """Q: the date certainly falls in `period`."""
        return period.holds(field) & ~self.uncertain(field, precision_field)

    def period_case(self, value_of, uncertain=None, field="signed_on", precision_field="signed_precision", **kwargs):
        """Case: value_of(period) for the period the date certainly falls in
        (as holds() says), `uncertain` for a date that spans a handover, else
        NULL. The uncertain dates are ruled out once, in the first branch,
        instead of in every period's: a Case takes the first branch that
        matches."""
        branches = [When(self.uncertain(field, precision_field), then=Value(uncertain))]
        branches += [When(period.holds(field), then=value_of(period)) for period in self.periods]
        return Case(*branches, default=Value(None), **kwargs)


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("delegation visit")
    EVENT = "event", _("event")
    PROJECT = "project", _("joint project")
    MEETING = "meeting", _("meeting")
    CORRESPONDENCE = "correspondence", _("correspondence")
    OTHER = "other", _("other")


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


class Language(models.TextChoices):
    PERSIAN = "fa", _("Persian")
    ENGLISH = "en", _("English")
    OTHER = "other", _("other")


class DocumentQuerySet(VersionedQuerySet):
    def published(self):
        """Documents anyone may download: public, of a public agreement that
        is more than a draft."""
        return self.filter(is_public=True, agreement__is_public=True).exclude(agreement__recorded_status=Status.DRAFT)


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
