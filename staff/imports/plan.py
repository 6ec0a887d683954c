"""What importing each row would do, computed against the registry without writing.

A row's plan is one of: create the agreement (and perhaps its partner),
change these fields, append this status change, leave it unchanged, or
refuse it and say why. The preview shows the plans; confirming writes them
(staff/imports/apply.py).

The status history only grows. A row's status and date are compared with
every change recorded: when one has that status on that date, nothing is
added; otherwise a change is appended, and the history's own order (by
date, StatusChangeQuerySet) puts it in its place in time: a later date with
the same status is a renewal, an earlier one fills in the past. An undated
row appends only when its status is not already the latest. Nothing an
import does rewrites or deletes a recorded change.
"""

import copy
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from registry import jalali
from registry.language import local_digits
from registry.models import Agreement, Partner, PartnerKind, Status, intervals
from registry.text import fold

from .matching import Agreements
from .rows import COLUMNS_BY_NAME

CREATE, CHANGE, UNCHANGED, REFUSED = "create", "change", "unchanged", "refused"


@dataclass(frozen=True)
class Append:
    """A status change to add to an agreement's history."""

    status: str
    date: object = None  # datetime.date, or None when not known
    precision: str = jalali.DAY

    def __str__(self):
        status = Status(self.status).label
        if self.date is None:
            return _("append: %(status)s (date not known)") % {"status": status}
        return _("append: %(status)s from %(date)s") % {
            "status": status, "date": jalali.format_input(self.date, self.precision)}


@dataclass
class RowPlan:
    number: int
    action: str
    values: list
    # The agreement as the row leaves it (a copy: the registry's instance is
    # not touched), or None when refused before one could be built.
    agreement: Agreement = None
    original: Agreement = None  # the registry's agreement the row is about, if any
    new_partner: Partner = None  # a partner this row adds to the registry
    fields: list = field(default_factory=list)  # the agreement's fields the row changes or sets
    append: Append = None
    errors: dict = field(default_factory=dict)  # column (or "__all__", "partner") → message

    def refuse(self, errors):
        self.errors.update(errors)
        self.action = REFUSED
        return self

    @property
    def changes(self):
        """(label, before, after) of what the row does, for the preview."""
        if self.action not in (CREATE, CHANGE):
            return []
        before, after = self.original, self.agreement
        changes = []
        for name in self.fields:
            if name == "partner":
                old = str(before.partner) if before else "—"
                changes.append((str(Agreement._meta.get_field("partner").verbose_name), old, str(after.partner)))
            elif before is not None or getattr(after, name) not in (None, ""):
                old = shown(name, getattr(before, name), before) if before else "—"
                changes.append((label(name), old, shown(name, getattr(after, name), after)))
        if self.append:
            changes.append((_("status history"), "", str(self.append)))
        return changes


def shown(name, value, agreement=None):
    """A field's value as the preview shows it."""
    if value is None or value == "":
        return "—"
    if name == "signed_on":
        return jalali.format_input(value, agreement.signed_precision)
    if name in ("ends_on", "review_on"):
        return jalali.format_input(value)
    if name == "is_public":
        return _("yes") if value else _("no")
    model_field = Agreement._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def label(name):
    return COLUMNS_BY_NAME[name].label_text()


def partner_errors(error):
    """A new partner's ValidationError as errors of the import's partner_ columns."""
    return {
        "partner" if name == "__all__" else f"partner_{name}": " ".join(messages)
        for name, messages in error.message_dict.items()
    }


def status_append(status, when, history):
    """The status change a row's (status, PartialDate or None) adds to a
    history of StatusChange objects, or None when it is recorded already."""
    if when is None:
        latest = intervals.latest_recorded(
            intervals.Change(change.pk, change.date, change.precision, change.status) for change in history
        )
        if latest is not None and latest.status == status:
            return None
        return Append(status)
    for change in history:
        if (change.status, change.date, change.precision) == (status, when.date, when.precision):
            return None
    return Append(status, when.date, when.precision)


class Planner:
    """Plans the rows of one file (or of one part of a file read in parts:
    the gazette, shared by the parts, knows the partners earlier parts add)."""

    def __init__(self, gazette):
        self.gazette = gazette
        self.seen = {}  # agreement key → the row number that first named it

    def plan(self, rows):
        """The plans of some rows, after one bulk lookup of the agreements they name."""
        agreements = Agreements.for_rows(rows, self.gazette)
        return [self.plan_row(row, agreements) for row in rows]

    def plan_row(self, row, agreements):
        plan = RowPlan(number=row.number, action=UNCHANGED, values=row.values)
        if row.errors and "id" in row.errors:
            return plan.refuse(row.errors)
        existing = None
        if row.id is not None:
            existing = agreements.get(row.id)
            if existing is None:
                return plan.refuse({"id": _(
                    "There is no %(what)s with id %(id)s; leave the id empty to add a new one."
                ) % {"what": Agreement._meta.verbose_name, "id": row.id}})
        errors = dict(row.errors)
        partner = self.partner(row, plan, existing, errors)
        if existing is None and partner is not None and "title_fa" in row.fields:
            existing = agreements.titled(partner, row.fields["title_fa"] or "")
        # A file naming one agreement twice is refused: which row should win would be a guess.
        keys = [("title", id(partner), fold(row.fields.get("title_fa") or ""))] if partner is not None else []
        if existing is not None:
            keys.append(("id", existing.pk))
        earlier = next((self.seen[key] for key in keys if key in self.seen), None)
        if earlier is not None:
            errors["__all__"] = _("Row %(row)s of this file is about the same agreement; keep one of the two.") % {
                "row": local_digits(earlier)}
        for key in keys:
            self.seen.setdefault(key, row.number)
        if errors:
            return plan.refuse(errors)
        if existing is None:
            return self.create(row, plan, partner)
        return self.change(row, plan, existing, partner, agreements.history[existing.pk])

    def partner(self, row, plan, existing, errors):
        """The row's partner: matched, new (plan.new_partner), or the
        agreement's own when the row names none."""
        cells = row.partner
        if cells is None or not cells.names_a_partner():
            if existing is not None:
                return existing.partner
            errors.setdefault("partner_name_en", _(
                "Name the partner: its GeoNames id, its Wikidata id, or its country and English name."))
            return None
        if any(column.startswith("partner_") for column in errors):
            return None
        matched = self.gazette.match(cells)
        if matched is not None:
            return matched
        partner = Partner(
            kind=cells.kind or PartnerKind.CITY, name_fa=cells.name_fa, name_en=cells.name_en,
            country_id=cells.country, latitude=cells.latitude, longitude=cells.longitude,
            geonames_id=cells.geonames_id, wikidata_id=cells.wikidata_id,
        )
        try:
            # The model's constraints are the database's to check as it writes (apply.py).
            partner.full_clean(exclude={"country"}, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors.update(partner_errors(error))
            return None
        self.gazette.add(partner)
        plan.new_partner = partner
        return partner

    def create(self, row, plan, partner):
        if row.status is None:
            return plan.refuse({"status": _("Give the agreement's status, such as active or draft.")})
        agreement = Agreement(partner=partner)
        plan.fields = self.set_fields(agreement, row.fields)
        if row.fields.get("is_public") is None:
            agreement.is_public = True
        if not self.valid(agreement, plan):
            return plan
        status, when = row.status
        plan.append = Append(status, when.date if when else None, when.precision if when else jalali.DAY)
        # The agreement's latest recorded status is its one change (sync_status would say the same).
        agreement.recorded_status, agreement.recorded_status_on = plan.append.status, plan.append.date
        agreement.recorded_status_precision = plan.append.precision
        plan.action, plan.agreement = CREATE, agreement
        plan.fields.insert(0, "partner")
        return plan

    def change(self, row, plan, existing, partner, history):
        agreement = copy.copy(existing)
        plan.original = existing
        if partner is not None and partner is not existing.partner and partner.pk != existing.partner_id:
            agreement.partner = partner
            plan.fields.append("partner")
        for name in self.set_fields(agreement, row.fields):
            before, after = getattr(existing, name), getattr(agreement, name)
            if name == "signed_on":
                before = (before, existing.signed_precision)
                after = (after, agreement.signed_precision)
            if before != after:
                plan.fields.append(name)
        if row.status is not None:
            status, when = row.status
            plan.append = status_append(status, when, history)
        if not plan.fields and not plan.append:
            plan.agreement = existing
            return plan  # unchanged, whatever version the row was exported at
        if row.version is not None and row.version != existing.version:
            return plan.refuse({"version": stale(existing, row.version)})
        if not self.valid(agreement, plan):
            return plan
        plan.action, plan.agreement = CHANGE, agreement
        return plan

    @staticmethod
    def set_fields(agreement, values):
        """Sets the row's values on the agreement; returns the fields set."""
        names = []
        for name, value in values.items():
            if name == "is_public" and value is None:
                continue  # an empty cell keeps it
            if name == "signed_on":
                agreement.signed_on = value.date if value else None
                agreement.signed_precision = value.precision if value else jalali.DAY
            else:
                setattr(agreement, name, value)
            names.append(name)
        return names

    @staticmethod
    def valid(agreement, plan):
        """The fields' own rules (the model's constraints are the database's: apply.py)."""
        try:
            agreement.full_clean(exclude={"partner"}, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            plan.refuse({name: " ".join(messages) for name, messages in error.message_dict.items()})
            return False
        return True


def stale(agreement, version):
    """Why a row exported from an older version of its agreement is refused."""
    who, _when, changes = agreement.changes_since(version)
    changed = ", ".join(str(label) for label, _then, _now in changes) or _(
        "its status history, activities or documents")
    return _(
        "This row was exported before the record was last saved (by %(who)s; changed: %(changed)s). "
        "Export again and redo this row's edit there."
    ) % {"who": who or _("someone (from the command line)"), "changed": changed}
