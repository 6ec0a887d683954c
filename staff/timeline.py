"""An agreement's whole story on one time line: its own field changes and
those of its status changes, activities and documents, each with who, when
and before → after, and the agreement's status as each status change left it.

Read from simple-history's tables; values are shown as the rest of the
admin shows them (Jalali dates, labels of choices, Persian digits).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry import jalali
from registry.language import local_digits
from registry.models import FINAL_STATUS, Activity, Agreement, Claim, Document, FactNote, Status, StatusChange
from registry.models import intervals

HISTORY_TYPES = {"+": gettext_lazy("added"), "~": gettext_lazy("changed"), "-": gettext_lazy("deleted")}

# Written by other code than the form (the status) or by the clock: the
# status is told by its own line, the clock's fields by the entry's time.
# Bookkeeping, told by the entry itself or by nothing: the edit version included.
UNTOLD = {"id", "agreement", "search_text", "created_at", "updated_at", "uploaded_at", "version"}
AGREEMENT_STATUS = {"recorded_status", "recorded_status_on", "recorded_status_precision", *FINAL_STATUS.values()}


def moment_display(value):
    """When a change was recorded: the Jalali date and the time, in Persian
    digits on Persian pages."""
    moment = timezone.localtime(value)
    # A no-break space: the date and its time stay on one line.
    return f"{jalali.format_date(moment.date())}\u00a0{local_digits(f'{moment:%H:%M}')}"


def history_value(field, value):
    """A field's value before or after a change, as the rest of the admin
    shows it: simple-history would print Python's None, True, choice codes
    and Gregorian dates."""
    if value is None or value == "":
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return moment_display(value)
    if isinstance(value, datetime.date):
        return jalali.format_date(value)
    if isinstance(value, (int, float, Decimal)):
        return local_digits(value)
    return value


def direction(text):
    """ltr or rtl, by the first letter of `text` (as dir="auto" would),
    stated outright so that an English value reads as English."""
    for character in str(text):
        if "\u0600" <= character <= "\u06ff" or "\ufb50" <= character <= "\ufeff":
            return "rtl"
        if character.isalpha():
            return "ltr"
    return "auto"


@dataclass
class Change:
    label: str
    before: str
    after: str

    @property
    def before_dir(self):
        return direction(self.before)

    @property
    def after_dir(self):
        return direction(self.after)


@dataclass
class Entry:
    when: datetime.datetime
    order: int
    who: object
    what: str
    subject: str
    reason: str
    changes: list = field(default_factory=list)

    @property
    def when_display(self):
        return moment_display(self.when)

    @property
    def reason_dir(self):
        return direction(self.reason)


def _fields(model):
    untold = UNTOLD | AGREEMENT_STATUS if model is Agreement else UNTOLD
    return [f for f in model._meta.concrete_fields if f.name not in untold]


class _Names:
    """Related records by id, fetched once each, for foreign keys' values."""

    def __init__(self):
        self.cache = {}

    def __call__(self, field, value):
        if value is None:
            return "—"
        key = (field.related_model, value)
        if key not in self.cache:
            found = field.related_model._default_manager.filter(pk=value).first()
            self.cache[key] = str(found) if found else f"#{local_digits(value)}"
        return self.cache[key]


LONGEST = 100


def _display(field, value, names):
    if isinstance(field, models.ForeignKey):
        return names(field, value)
    if isinstance(field, models.FileField):
        return str(value).rsplit("/", 1)[-1] if value else "—"
    text = str(history_value(field, value))
    if len(text) > LONGEST:
        # Its start and its end, where edits to a long text usually are.
        text = f"{text[:LONGEST // 2]}…{text[-LONGEST // 2:]}"
    return text


def _diff(model, before, after, names):
    """The told fields whose values differ between two historical records
    (before is None for an addition, after None for a deletion)."""
    changes = []
    for f in _fields(model):
        old = getattr(before, f.attname) if before is not None else None
        new = getattr(after, f.attname) if after is not None else None
        if old in (None, "") and new in (None, ""):
            continue
        if old != new:
            changes.append(Change(str(f.verbose_name), _display(f, old, names), _display(f, new, names)))
    return changes


def for_agreement(agreement):
    """The agreement's time line, newest first."""
    names = _Names()
    sources = [
        (Agreement, Agreement.history.filter(id=agreement.pk)),
        (StatusChange, StatusChange.history.filter(agreement_id=agreement.pk)),
        (Activity, Activity.history.filter(agreement_id=agreement.pk)),
        (Document, Document.history.filter(agreement_id=agreement.pk)),
        (Claim, Claim.history.filter(agreement_id=agreement.pk)),
        (FactNote, FactNote.history.filter(agreement_id=agreement.pk)),
    ]
    records = []
    for model, queryset in sources:
        for record in queryset.select_related("history_user").order_by("history_date", "history_id"):
            records.append((record.history_date, model._meta.model_name, record.history_id, model, record))
    records.sort(key=lambda item: (item[0], item[2]))

    previous = {}  # (model, object id) → its last historical record
    live_status_changes = {}  # status change id → intervals.Change
    status = Status.DRAFT
    labels = dict(Status.choices)
    entries = []
    for when, _name, history_id, model, record in records:
        key = (model, record.id)
        before = previous.get(key)
        after = None if record.history_type == "-" else record
        changes = _diff(model, before, after, names)
        previous[key] = record
        if model is StatusChange:
            if record.history_type == "-":
                live_status_changes.pop(record.id, None)
            else:
                live_status_changes[record.id] = intervals.Change(record.id, record.date, record.precision, record.status)
            latest = intervals.latest_recorded(live_status_changes.values())
            now = latest.status if latest else Status.DRAFT
            if now != status:
                changes.insert(0, Change(_("status of the agreement"), str(labels[status]), str(labels[now])))
                status = now
        if not changes and record.history_type == "~":
            continue  # saved unchanged: nothing to tell
        subject = str(model._meta.verbose_name)
        if model is not Agreement:
            subject = f"{subject}: {record.history_object}"
        entries.append(Entry(
            when=when, order=history_id, who=record.history_user,
            what=str(HISTORY_TYPES.get(record.history_type, record.history_type)),
            subject=subject, reason=record.history_change_reason or "", changes=changes,
        ))
    entries.reverse()
    return entries
