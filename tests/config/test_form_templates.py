"""The project's form templates (templates/django/forms/) write the same
markup as Django's own, which they replace only to render faster."""

import pytest
from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.forms.renderers import DjangoTemplates, get_default_renderer

CHOICES = [
    ("", "any"),
    ("a", "Ā & <b>"),
    ("Group", [("g1", "in a group"), (2, "two")]),
    ("z", "last"),
]


class DisabledOption(forms.Select):
    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        if option["value"] == "z":
            option["attrs"]["disabled"] = True
            option["attrs"]["data-note"] = 'say "no"'
        return option


@pytest.mark.parametrize(
    "widget, value",
    [
        (forms.Select(choices=CHOICES), "a"),
        (forms.Select(choices=CHOICES, attrs={"class": "wide", "required": True, "aria-label": "x"}), None),
        (forms.SelectMultiple(choices=CHOICES), ["a", "2"]),
        (forms.NullBooleanSelect(), True),
        (DisabledOption(choices=CHOICES), "g1"),
        (FilteredSelectMultiple("things", is_stacked=False, choices=CHOICES), ["z"]),
    ],
    ids=["select", "attributes", "multiple", "null-boolean", "option-attributes", "admin-filtered"],
)
def test_a_select_renders_as_djangos_own_template_renders_it(widget, value):
    djangos = widget.render("field", value, renderer=DjangoTemplates())
    assert widget.render("field", value, renderer=get_default_renderer()) == djangos
