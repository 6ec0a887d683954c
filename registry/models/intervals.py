"""An agreement's status as intervals of days.

The status on a day is worked out once, when an agreement's status history
or its end date changes (agreements.sync_statuses, the one writer), as a
row per span of days with one status; every page then asks "which interval
holds this day" with an index instead of replaying the history per row (or
reads the agreement's own copy of its last interval, when the day is in it).

The rule itself, in `intervals()` below (README, "How the registry reads
time"): changes are placed in time (`placed()`); the status on a day is
that of the latest change placed on or before it, a draft before any; an
end date turns an active or suspended agreement lapsed from the next day
until the first change dated after the end. A change dated after a day is
*scheduled* for that day: its interval simply starts later.
"""

import datetime
from typing import NamedTuple

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .choices import Precision, Status

# The open ends of the time line, as dates: a day is inside an interval by
# two plain comparisons that one btree index answers.
BEGINNING = datetime.date.min
FOREVER = datetime.date.max

# A fixed-term agreement that is running or suspended lapses the day after it
# ends, unless a status change dated after the end, and by the day asked
# about, renews it.
ENDS_WITH_TERM = [Status.ACTIVE, Status.SUSPENDED]


class Why(models.TextChoices):
    NOTHING = "none", _("no status recorded yet")
    CHANGE = "change", _("a status change")
    END_DATE = "end_date", _("the end date passed")


class Change(NamedTuple):
    """A status change as the rule reads it; `pk` is the order staff entered it in."""

    pk: int
    date: datetime.date | None
    precision: str
    status: str


class Interval(NamedTuple):
    start: datetime.date  # the first day
    end: datetime.date  # the first day after it
    status: str
    why: str
    changed_on: datetime.date | None  # the date of the change it comes from
    changed_precision: str


def placed(changes):
    """[(placed_on, change)] in time order. A dated change happens on its
    date. An undated one is placed right after the latest-dated change
    entered before it, and before everything when none was (placed_on is
    then None). Ties go to the change entered later."""
    result, latest_dated = [], None
    for change in sorted(changes, key=lambda c: c.pk):
        result.append((change.date or latest_dated, change))
        if change.date is not None and (latest_dated is None or change.date > latest_dated):
            latest_dated = change.date
    result.sort(key=lambda item: (item[0] is not None, item[0] or BEGINNING, item[1].pk))
    return result


def latest_recorded(changes):
    """The change placed last in time (future ones included), or None."""
    ordered = placed(changes)
    return ordered[-1][1] if ordered else None


def intervals(changes, ends_on=None):
    """The agreement's whole time line as Intervals, from BEGINNING to
    FOREVER without gaps, for its status `changes` and its end date."""
    starts = []  # (first day, status, why, changed_on, precision), one per first day
    for placed_on, change in placed(changes):
        entry = (placed_on or BEGINNING, change.status, Why.CHANGE, change.date, change.precision)
        if starts and starts[-1][0] == entry[0]:
            starts[-1] = entry  # the later-entered change of the same day wins
        else:
            starts.append(entry)
    if not starts or starts[0][0] != BEGINNING:
        starts.insert(0, (BEGINNING, Status.DRAFT, Why.NOTHING, None, Precision.DAY))
    if ends_on is not None and ends_on < FOREVER - datetime.timedelta(days=1):
        lapse = ends_on + datetime.timedelta(days=1)
        # The status on the last day of the term, and the next change after
        # it: the first one dated after the end (an undated change is never
        # placed after it unless such a dated one was entered before it).
        index = max(i for i, entry in enumerate(starts) if entry[0] <= ends_on)
        following = starts[index + 1][0] if index + 1 < len(starts) else FOREVER
        if starts[index][1] in ENDS_WITH_TERM and following > lapse:
            starts.insert(index + 1, (lapse, Status.LAPSED, Why.END_DATE, None, Precision.DAY))
    ends = [entry[0] for entry in starts[1:]] + [FOREVER]
    return [Interval(start, end, *rest) for (start, *rest), end in zip(starts, ends)]


class StatusIntervalQuerySet(models.QuerySet):
    def holding(self, day):
        """The intervals that hold `day`: one per agreement."""
        return self.filter(start__lte=day, end__gt=day)

    def concluded_on(self, day):
        """The ids of the agreements that are more than a draft on `day`."""
        return self.holding(day).exclude(status=Status.DRAFT).values("agreement_id")


class StatusInterval(models.Model):
    """A span of days [start, end) in which an agreement has one status.
    Written only by agreements.sync_statuses; never edited by hand."""

    # Indexed by the unique (agreement, start) below, which also answers
    # "this agreement's interval holding a day" (pages, the map, statistics).
    agreement = models.ForeignKey(
        "registry.Agreement", models.CASCADE, related_name="status_intervals", verbose_name=_("agreement"),
        db_index=False,
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until (exclusive)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    why = models.CharField(_("why"), max_length=10, choices=Why.choices)
    changed_on = models.DateField(_("date of the change"), null=True, blank=True)
    changed_precision = models.CharField(
        _("precision"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )

    objects = StatusIntervalQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "start"]
        verbose_name = _("status interval")
        verbose_name_plural = _("status intervals")
        indexes = [
            # The agreements with a status on a day (the filters, "in force on").
            models.Index(fields=["status", "start", "end"], name="status_interval_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="status_interval_not_empty"),
            models.UniqueConstraint(fields=["agreement", "start"], name="status_interval_one_per_start"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="status_interval_status_valid"),
            models.CheckConstraint(condition=Q(why__in=Why.values), name="status_interval_why_valid"),
        ]

    def __str__(self):
        return f"{self.agreement_id}: {self.status} [{self.start}, {self.end})"
