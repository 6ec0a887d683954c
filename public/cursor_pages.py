"""Cursor pages over any order: a page starts after the sort keys of the
previous page's last row (keyset pagination), so that rows added meanwhile
neither repeat nor go missing, and a page costs the same however deep.

The order is an order_by list as the public list uses it (fields, or
expressions with nulls last); each key is annotated on the rows, and the
cursor carries the last row's keys with the sort's name."""

import base64
import binascii
import functools
import json
from operator import or_

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, OrderBy, Q


class BadCursor(Exception):
    pass


def sort_keys(ordering):
    """[(expression, descending, nulls_last)] of an order_by list."""
    keys = []
    for item in ordering:
        if isinstance(item, str):
            keys.append((F(item.lstrip("-")), item.startswith("-"), False))
        else:
            keys.append((item.expression, item.descending, bool(item.nulls_last)))
    return keys


def after(names, keys, values):
    """Rows after `values` in the order of `keys`: a row is after when its
    first differing key is later (a null comes after every value)."""
    terms, same = [], Q()
    for name, (_expression, descending, nulls_last), value in zip(names, keys, values):
        if value is None:
            later = None  # nothing comes after a null, which sorts last
            equal = Q(**{f"{name}__isnull": True})
        else:
            later = Q(**{f"{name}__{'lt' if descending else 'gt'}": value})
            if nulls_last:
                later |= Q(**{f"{name}__isnull": True})
            equal = Q(**{name: value})
        if later is not None:
            terms.append(same & later)
        same &= equal
    return functools.reduce(or_, terms)


def _plain_key(value):
    """A value a sort key can hold: a date or a name, or a row's number (a 64-bit integer)."""
    if isinstance(value, str):
        return len(value) <= 1000
    return type(value) is int and -(2**63) <= value < 2**63


def decode(cursor, sort, size):
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii") + b"=" * (-len(cursor) % 4)))
    except (ValueError, UnicodeError, binascii.Error):
        raise BadCursor
    if not isinstance(data, dict) or data.get("sort") != sort:
        raise BadCursor
    values = data.get("after")
    if not isinstance(values, list) or len(values) != size:
        raise BadCursor
    if not all(value is None or _plain_key(value) for value in values):
        raise BadCursor
    return values


def encode(sort, values):
    data = json.dumps({"sort": sort, "after": values}, cls=DjangoJSONEncoder, separators=(",", ":"))
    return base64.urlsafe_b64encode(data.encode()).decode("ascii").rstrip("=")


def page(rows, ordering, sort, size, cursor=None):
    """(the rows of the page that starts at `cursor`, the next page's
    cursor or None); BadCursor for a cursor of another order or a damaged one."""
    keys = sort_keys(ordering)
    names = [f"sort_key_{n}" for n in range(len(keys))]
    rows = rows.annotate(**{name: expression for name, (expression, _d, _n) in zip(names, keys)}).order_by(
        *[OrderBy(F(name), descending=d, nulls_last=n or None) for name, (_e, d, n) in zip(names, keys)]
    )
    try:
        if cursor:
            rows = rows.filter(after(names, keys, decode(cursor, sort, len(keys))))
        found = list(rows[: size + 1])
    except (ValidationError, ValueError, TypeError):
        # A key of the wrong kind (a name where a date goes…).
        raise BadCursor
    if len(found) <= size:
        return found, None
    found = found[:size]
    return found, encode(sort, [found[-1][name] for name in names])
