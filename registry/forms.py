"""A date field typed in Jalali, shared by the staff admin and the public filters."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from . import jalali


class JalaliDateField(forms.CharField):
    """A date typed in Jalali (۱۳۷۳/۳/۲, 1380/11, 1380) or Gregorian ISO;
    cleans to a jalali.PartialDate."""

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
