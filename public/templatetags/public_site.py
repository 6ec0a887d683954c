"""Display filters of the public site: digits and dates in the page's language."""

import datetime

from django import template
from django.utils import timezone

from registry import jalali
from registry.language import local_digits, localized, persian_active

register = template.Library()


@register.filter
def digits(value):
    """Persian digits on Persian pages, Latin ones elsewhere."""
    if value is None:
        return ""
    return local_digits(value) if persian_active() else value


@register.filter
def calendar_date(value, precision=jalali.DAY):
    """A date in the page's calendar: Jalali in Persian, Gregorian in English."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        # The day in Tehran, not in UTC.
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return jalali.format_date(value, precision or jalali.DAY)


@register.filter(name="localized")
def localized_field(row, name):
    """row["name_fa"] or row["name_en"] (a dict's), as registry.language.localized chooses."""
    return localized(row.get(f"{name}_fa"), row.get(f"{name}_en"))


@register.filter
def quoted(text):
    """Quotation marks of the page's language: «…» in Persian, “…” in English."""
    return f"«{text}»" if persian_active() else f"“{text}”"
