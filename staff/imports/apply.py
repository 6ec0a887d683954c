"""Writing an import's plan, in bulk, in the caller's transaction.

New partners, then new agreements, then changed agreements, then the
appended status changes, each in a few bulk statements with its audit-trail
records (who, and the file as the reason). The database checks every
constraint as it writes; when it refuses a statement, the model's own
validation of each row of that statement says which rule failed, as it
would have said beforehand at the cost of queries per row.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from registry.models import Agreement, Partner, StatusChange, sync_statuses

from .plan import CHANGE, CREATE, REFUSED, partner_errors

BATCH = 500


class Refused(Exception):
    """The database refused some rows: {row number: {column: message}}."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def _written(objects, model, explain, **audit):
    """bulk_create_with_history in a savepoint; on a refusal, Refused with
    the rows `explain` finds at fault."""
    if not objects:
        return
    try:
        with transaction.atomic():
            bulk_create_with_history(objects, model, batch_size=BATCH, **audit)
    except IntegrityError:
        for obj in objects:  # undone with the savepoint
            obj.pk, obj._state.adding = None, True
        errors = explain()
        if not errors:
            raise
        raise Refused(errors)


def _explained(pairs, clean):
    errors = {}
    for number, obj in pairs:
        try:
            clean(obj)
        except ValidationError as error:
            errors[number] = error
    return errors


def apply(plans, user=None, reason=""):
    """Writes every plan to create or change; returns nothing, raises Refused."""
    audit = {"default_user": user, "default_change_reason": reason}
    creates = [plan for plan in plans if plan.action == CREATE]
    changes = [plan for plan in plans if plan.action == CHANGE]
    adding = [plan for plan in creates + changes if plan.new_partner is not None]

    _written(
        [plan.new_partner for plan in adding], Partner,
        lambda: {number: partner_errors(error) for number, error in _explained(
            [(plan.number, plan.new_partner) for plan in adding],
            lambda partner: partner.full_clean()).items()},
        **audit,
    )
    for plan in adding:
        plan.agreement.partner = plan.new_partner  # its id, now that it has one

    _written(
        [plan.agreement for plan in creates], Agreement,
        lambda: {number: error.message_dict for number, error in _explained(
            [(plan.number, plan.agreement) for plan in creates],
            lambda agreement: agreement.full_clean(exclude={"partner"}, validate_unique=False)).items()},
        **audit,
    )

    if changes:
        now = timezone.now()
        search_text = Agreement._meta.get_field("search_text")
        fields = {"version", "updated_at", "search_text"}
        for plan in changes:
            fields.update(plan.fields)
            if "signed_on" in plan.fields:
                fields.add("signed_precision")
            if plan.fields:
                plan.agreement.version += 1
                plan.agreement.updated_at = now
                search_text.pre_save(plan.agreement, False)
        updated = [plan for plan in changes if plan.fields]
        try:
            with transaction.atomic():
                bulk_update_with_history([plan.agreement for plan in updated], Agreement, sorted(fields),
                                         batch_size=BATCH, **audit)
        except IntegrityError:
            errors = {number: error.message_dict for number, error in _explained(
                [(plan.number, plan.agreement) for plan in updated],
                lambda agreement: agreement.full_clean(exclude={"partner"}, validate_unique=False)).items()}
            if not errors:
                raise
            raise Refused(errors)

    appended = [plan for plan in creates + changes if plan.append]
    status_changes = [
        StatusChange(agreement=plan.agreement, status=plan.append.status, date=plan.append.date,
                     precision=plan.append.precision, reason=reason)
        for plan in appended
    ]
    if status_changes:
        bulk_create_with_history(status_changes, StatusChange, batch_size=BATCH, **audit)
    # The one writer of the status (its intervals and the latest recorded
    # change): once for all new agreements, and for changed ones whose end
    # date moved, which bulk_update wrote without save().
    retimed = [plan.agreement.pk for plan in changes if not plan.append and "ends_on" in plan.fields]
    if creates or retimed:
        sync_statuses([plan.agreement.pk for plan in creates] + retimed, touch=False)
    for plan in changes:
        if plan.append:
            # A new status is a new version of the agreement, as in the admin.
            plan.agreement.sync_status()


def plan_and_apply(numbered_rows, planner, reader, user, reason, write=True):
    """Reads and plans some rows, and writes their plans in the caller's
    transaction unless a row is refused (by its plan, or by the database as
    it writes), or `write` is false (an earlier part of the file was
    refused: the rest is only checked). A dry run is the caller's to roll
    back: the database's constraints are then checked all the same."""
    rows = [reader.read(number, values) for number, values in numbered_rows]
    plans = planner.plan(rows)
    if write and not any(plan.action == REFUSED for plan in plans):
        try:
            apply(plans, user=user, reason=reason)
        except Refused as refused:
            for plan in plans:
                if plan.number in refused.errors:
                    plan.refuse(refused.errors[plan.number])
    return plans
