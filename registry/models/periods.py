"""Periods in series (presidencies, mayoral terms) and Timeline, the one
rule for placing a date of a precision among them."""

import bisect

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import jalali
from ..language import localized
from ..text import NormalizedCharField
from .choices import Precision
from .names import BilingualName
from .versioning import Versioned, VersionedQuerySet


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

# Between the candidates of an uncertain date, in a label and in open data's column.
CANDIDATES_SEPARATOR = " / "


def period_label(name, candidates):
    """The one way to say where a signing date falls in a series: «A», or
    «uncertain: A or B» for a month or a year that spans a handover; ""
    when it falls in no period."""
    if candidates:
        names = f" {gettext('or')} ".join(candidates.split(CANDIDATES_SEPARATOR))
        return gettext("uncertain: %(candidates)s") % {"candidates": names}
    return name or ""


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
        self.periods = sorted(periods, key=lambda period: period.start)
        self._starts = [period.start for period in self.periods]
        self.uncertain_spans = self._uncertain_spans()
        self._candidates = {(precision, first): touched for precision, first, touched in self.uncertain_spans}

    @classmethod
    def of(cls, series_slug=PRESIDENCY):
        return cls(Period.objects.of_series(series_slug))

    def _touching(self, first, after):
        """The rule itself, for the days [first, after): (the period, [])
        when one period holds them all; else (None, the periods they touch)."""
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
                first, after = jalali.span(boundary, precision)
                _period, candidates = self._touching(first, after)
                if candidates and (precision, first) not in spans:
                    spans[(precision, first)] = candidates
        return [(precision, first, candidates) for (precision, first), candidates in spans.items()]

    def place(self, value, precision=Precision.DAY):
        """(the period, []) when certain; (None, candidates) when the date
        spans a handover; (None, []) when it is in no period or unknown.

        `value` as stored, a month or a year by its first day. The rule's
        answer, read as the database reads it (uncertain(), holds()): a
        month or a year with no handover inside lies wholly in the period
        that holds its first day, or wholly outside every period; a few
        microseconds a date, for every row of a download."""
        if value is None:
            return None, []
        candidates = self._candidates.get((precision, value))
        if candidates:
            return None, candidates
        index = bisect.bisect_right(self._starts, value) - 1
        if index >= 0 and (self.periods[index].end is None or value < self.periods[index].end):
            return self.periods[index], []
        return None, []

    def label(self, value, precision=Precision.DAY):
        """Where a date falls, as period_label says it."""
        period, candidates = self.place(value, precision)
        return period_label(period and period.name, CANDIDATES_SEPARATOR.join(c.name for c in candidates))

    @staticmethod
    def signed_in(spans, field="signed_on", precision_field="signed_precision"):
        """Q: the date is one of `spans` ((precision, first day) pairs): one
        IN list per precision, which a database answers faster than a pair
        of comparisons per span."""
        days = {}
        for precision, first in spans:
            days.setdefault(precision, []).append(first)
        condition = Q(pk__in=[])
        for precision, firsts in days.items():
            condition |= Q(**{precision_field: precision, f"{field}__in": firsts})
        return condition

    def uncertain(self, field="signed_on", precision_field="signed_precision"):
        """Q: the date spans a handover."""
        return self.signed_in([(precision, first) for precision, first, _c in self.uncertain_spans], field, precision_field)

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
