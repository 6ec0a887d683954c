"""One cell to one typed value: the rules every import applies to every cell.

Each function takes what a CSV or XLSX reader gives (text, a number, a
datetime, None) and returns the value as the registry stores it, or raises
ValueError with a message for the user. Text is stored as the models store
it (registry.text), so an unchanged row compares equal; a text the
registry's own export kept from being a formula reads back as it was stored.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from registry import jalali, spreadsheets
from registry.models import Country
from registry.text import fold, for_parsing, normalize, normalize_long


def nul_in(value):
    """A NUL character, which no stored text may hold (PostgreSQL refuses it)."""
    return ValueError(_("This cell holds a NUL character, which no text may hold; remove it."))


def raw(value):
    """A cell as plain text: "" for an empty cell, 1528675 for the 1528675.0 Excel makes of an id."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if "\x00" in text:
        raise nul_in(text)
    return spreadsheets.unguarded(text)


def text(value):
    return normalize(raw(value))


def long_text(value):
    return normalize_long(raw(value))


def number(value, kind, what):
    """An int or Decimal, or None for an empty cell."""
    written = for_parsing(raw(value))
    if not written:
        return None
    try:
        parsed = Decimal(written)
        if not parsed.is_finite():  # NaN and Infinity parse, but are no coordinate or id
            raise ValueError(written)
        if kind is int:
            if parsed != parsed.to_integral_value():
                raise ValueError(written)
            return int(parsed)
        return parsed
    except (InvalidOperation, ValueError):
        raise ValueError(_("“%(value)s” is not a number (%(what)s).") % {"value": written, "what": what})


def identifier(value):
    """A Wikidata-style id: Latin digits, capital Q."""
    return for_parsing(raw(value)).upper()


def date(value):
    """A jalali.PartialDate (Jalali 1396/07/26, ۱۳۹۶/۷/۲۶, 1380/11, 1380, or
    ISO), or None for an empty cell."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    elif isinstance(value, (int, float)):
        value = raw(value)  # a bare year typed in a spreadsheet cell
    try:
        return jalali.parse(value)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages))


def day(value):
    """A date that must be known to the day, or None."""
    partial = date(value)
    if partial and partial.precision != jalali.DAY:
        raise ValueError(_("Give the full date, with its day."))
    return partial.date if partial else None


YES = {"1", "true", "yes", "y", "on", "بله", "آری", "بلی", "1.0"}
NO = {"0", "false", "no", "n", "off", "خیر", "نه", "0.0"}


def yes_no(value):
    """True, False, or None for an empty cell."""
    if isinstance(value, bool):
        return value
    written = for_parsing(raw(value))
    if not written:
        return None
    if written.lower() in YES:
        return True
    if written.lower() in NO:
        return False
    raise ValueError(_("“%(value)s” is neither yes (1) nor no (0).") % {"value": written})


class Choices:
    """A choice by its code or by its label in English or Persian, looked
    up in a table built once (not per cell)."""

    def __init__(self, choices, what):
        self.choices = choices
        self.what = what
        self.keys = {}
        for value, label in choices.choices:
            self.keys[fold(value)] = value
            for language in ("en", "fa"):
                with translation.override(language):
                    self.keys[fold(str(label))] = value

    def __call__(self, value):
        written = text(value)
        if not written:
            return ""
        found = self.keys.get(fold(written))
        if found is None:
            raise ValueError(
                _("“%(value)s” is not a known %(what)s; use one of: %(choices)s.")
                % {"value": written, "what": self.what(), "choices": ", ".join(self.choices.values)}
            )
        return found


def unknown_country(written):
    return ValueError(
        _("Unknown country “%(value)s”; give its two-letter ISO code, like KG.") % {"value": written}
    )


class Countries:
    """A country by its ISO code or its Persian or English name, from one query."""

    def __init__(self):
        self.keys = {}
        for code, name_fa, name_en in Country.objects.values_list("code", "name_fa", "name_en"):
            for key in (code, name_fa, name_en):
                self.keys[fold(key)] = code

    def __call__(self, value):
        written = text(value)
        if not written:
            return None
        code = self.keys.get(fold(written))
        if code is None:
            raise unknown_country(written)
        return code
