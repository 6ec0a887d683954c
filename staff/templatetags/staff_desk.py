"""Display filters of the staff admin: figures in the page's digits, and
counts with the noun the language puts after a number."""

from django import template
from django.contrib.admin.views.main import PAGE_VAR
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from registry.language import counted, local_digits

register = template.Library()


@register.filter
def digits(value):
    """Persian digits on Persian pages, Latin ones elsewhere."""
    return "" if value is None else local_digits(value)


@register.filter
def count_of(count, opts):
    """«۲۸ سند» / "28 documents" for a model's options (a changelist's opts)."""
    return counted(count, opts.verbose_name, opts.verbose_name_plural)


@register.simple_tag
def page_link(cl, i):
    """Django's paginator_number, with the page number in the page's digits."""
    if i == cl.paginator.ELLIPSIS:
        return format_html("{} ", cl.paginator.ELLIPSIS)
    if i == cl.page_num:
        return format_html('<span class="this-page">{}</span> ', local_digits(i))
    return format_html(
        '<a href="{}"{}>{}</a> ',
        cl.get_query_string({PAGE_VAR: i}),
        mark_safe(' class="end"' if i == cl.paginator.num_pages else ""),
        local_digits(i),
    )
