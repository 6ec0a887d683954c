"""An import's plans as django-import-export's Result: what the admin's
preview page, its confirm step and its log of imported objects read."""

from django.core.exceptions import ValidationError
from import_export.results import Result, RowResult

from .plan import CHANGE, CREATE, REFUSED, UNCHANGED


class RowChanges(list):
    """The library's per-column diff (a list of HTML), with `changes`: the
    (label, before, after) of what a row changes, for a preview that shows
    only that."""

    def __init__(self, html, changes):
        super().__init__(html)
        self.changes = changes


RESULT_TYPES = {
    CREATE: RowResult.IMPORT_TYPE_NEW,
    CHANGE: RowResult.IMPORT_TYPE_UPDATE,
    UNCHANGED: RowResult.IMPORT_TYPE_SKIP,
    REFUSED: RowResult.IMPORT_TYPE_INVALID,
}


def result_of(plans, headers):
    """The library's Result for a file's plans: what its preview, confirm
    step and admin log read."""
    result = Result()
    result.diff_headers = list(headers)
    for plan in plans:
        row_result = RowResult()
        row_result.import_type = RESULT_TYPES[plan.action]
        if plan.action == REFUSED:
            error = ValidationError(plan.errors)
            row_result.validation_error = error
            values = dict(zip(result.diff_headers, plan.values))
            result.append_invalid_row(plan.number - 1, values, error)
        else:
            row_result.diff = RowChanges([], plan.changes)
            row_result.add_instance_info(plan.agreement)
            row_result.instance = plan.agreement  # for the admin's log of what was imported
        result.increment_row_result_total(row_result)
        result.append_row_result(row_result)
    return result
