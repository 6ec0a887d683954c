"""A date field typed in Jalali, shared by the staff admin and the public filters."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from . import jalali
from .language import LocalNumber, local_digits
from .text import normalize


class JalaliDateInput(forms.TextInput):
    """A text box with a Jalali calendar (static/jalali-dates.js). The
    calendar's files come with the box, as its media: only pages with a
    date box load them."""

    class Media:
        css = {"all": ["vendor/jalalidatepicker/jalalidatepicker.min.css", "jalali-dates.css"]}
        js = [
            forms.Script("vendor/jalalidatepicker/jalalidatepicker.min.js", defer=True),
            forms.Script("jalali-dates.js", defer=True),
        ]


class JalaliDateField(forms.CharField):
    """A date typed in Jalali (۱۳۷۳/۳/۲, 1380/11, 1380) or Gregorian ISO;
    cleans to a jalali.PartialDate."""

    widget = JalaliDateInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "help_text", _("Jalali, like 1373/03/02, or 1380/11 and 1380 when the day or month is not known.")
        )
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("dir", "ltr")
        self.widget.attrs.setdefault("size", 12)
        self.widget.attrs.setdefault("class", "jalali-date")
        # to_python() checks the length of the text itself.
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def to_python(self, value):
        text = super().to_python(value)
        # Checked here, on the text: the cleaned value is a PartialDate, which
        # CharField's MaxLengthValidator cannot measure.
        if self.max_length is not None and len(text) > self.max_length:
            raise forms.ValidationError(
                _("Write the date in at most %(limit)s characters."),
                code="max_length",
                params={"limit": self.max_length},
            )
        return jalali.parse(text)

    def has_changed(self, initial, data):
        # The initial value is text (or a date), the data a PartialDate once
        # cleaned: compare both as dates, or every save would look like a change.
        try:
            return jalali.parse(initial) != self.to_python(data)
        except forms.ValidationError:
            return True


class DigitsInput(forms.TextInput):
    """A box for a whole number as people type it: a text input, since
    <input type="number"> throws away ۱۴۰۳ typed on a Persian keyboard, with
    the numeric keypad on phones. The value shows in the page's digits."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "dir": "ltr", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        value = super().format_value(value)
        return local_digits(value) if value is not None else None


class DigitsIntegerField(forms.IntegerField):
    """A whole number typed in Persian, Arabic-Indic or Latin digits."""

    widget = DigitsInput

    def widget_attrs(self, widget):
        # IntegerField would add min/max/step, which a text box does not use;
        # the bounds are checked here, with a message in the user's language.
        return {}

    def to_python(self, value):
        return super().to_python(normalize(value) if isinstance(value, str) else value)

    def run_validators(self, value):
        # Django's bounds messages print their numbers with %s: in the page's digits instead.
        try:
            super().run_validators(value)
        except forms.ValidationError as error:
            raise forms.ValidationError([
                forms.ValidationError(e.message, code=e.code, params=_local_numbers(e.params))
                for e in error.error_list
            ])


def _local_numbers(params):
    return {key: LocalNumber(value) if isinstance(value, int) else value for key, value in (params or {}).items()}


class DigitsDecimalField(forms.DecimalField):
    """A decimal number (a latitude, say) typed in any of the three digit sets,
    with a point or the Persian decimal separator."""

    def __init__(self, *args, **kwargs):
        kwargs["widget"] = forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr", "autocomplete": "off"})
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        return {}

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize(value).replace("\u066b", ".").replace("\u066c", "")
        return super().to_python(value)
