"""The one filter form of the public site.

The list, the map, the statistics and the open-data downloads all read their
query string through AgreementFilterForm, so that the same query string means
the same agreements everywhere and a filtered view can be shared as a link.
"""

from django import forms
from django.db.models import Exists, F, OuterRef
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry import jalali
from registry.forms import DigitsIntegerField, JalaliDateField
from registry.models import (
    PRESIDENCY, Agreement, Continent, Country, Instrument, Period, PeriodSeries, Relationship, Status, Timeline,
    name_order,
)
from registry.language import local_digits

# Functions, since a name sorts by the language of the request (name_order).
SORTS = {
    "-signed": lambda: [F("signed_on").desc(nulls_last=True), "-pk"],
    "signed": lambda: [F("signed_on").asc(nulls_last=True), "pk"],
    "partner": lambda: [name_order("partner"), "pk"],
    "country": lambda: [name_order("partner__country"), name_order("partner"), "pk"],
}
SORT_CHOICES = [
    ("-signed", _("newest first")),
    ("signed", _("oldest first")),
    ("partner", _("partner")),
    ("country", _("country")),
]
# A year box takes a year of either calendar (see jalali.year_bounds).
YEAR_MIN, YEAR_MAX = jalali.JALALI_YEARS[0], jalali.GREGORIAN_YEARS[-1]


def _blank(choices):
    return [("", _("any"))] + list(choices)


class AgreementFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_blank(Status.choices))
    continent = forms.ChoiceField(label=_("Continent"), required=False, choices=_blank(Continent.choices))
    country = forms.ModelChoiceField(
        label=_("Country"),
        required=False,
        queryset=Country.objects.none(),
        to_field_name="code",
        empty_label=_("any"),
    )
    # Which series of periods "administration" means and the pages group by:
    # the presidency unless ?series= names another that has periods (the mayors').
    series = forms.ChoiceField(label=_("Periods of"), required=False, choices=[])
    administration = forms.ModelChoiceField(
        label=_("Presidential administration"),
        required=False,
        queryset=Period.objects.none(),
        to_field_name="slug",
        empty_label=_("any"),
    )
    instrument = forms.ChoiceField(
        label=_("Document type"), required=False, choices=_blank(Instrument.choices)
    )
    relationship = forms.ChoiceField(
        label=_("Relationship"), required=False, choices=_blank(Relationship.choices)
    )
    year_from = DigitsIntegerField(
        label=_("Signed from year"),
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        help_text=_("A Jalali year such as 1380, or a Gregorian one such as 2001."),
    )
    year_to = DigitsIntegerField(
        label=_("Signed until year"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    in_force_on = JalaliDateField(label=_("In force on"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES)
    page = DigitsIntegerField(label=_("Page number"), required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        # Only countries that have a public partnership: a list of every
        # country on earth would hide the ones that matter.
        self.fields["country"].queryset = Country.objects.filter(
            Exists(Agreement.objects.public().filter(partner__country=OuterRef("pk")))
        ).order_by(name_order())
        self.series_offered = list(
            PeriodSeries.objects.filter(Exists(Period.objects.filter(series=OuterRef("pk")))).order_by("pk")
        )
        self.fields["series"].choices = [(series.slug, series.name) for series in self.series_offered]
        chosen = next((s for s in self.series_offered if s.slug == self.data.get("series")), None)
        self.series_chosen = chosen
        self.fields["administration"].queryset = Period.objects.of_series(chosen.slug if chosen else PRESIDENCY)
        if chosen and chosen.slug != PRESIDENCY:
            self.fields["administration"].label = chosen.name
        for name in ("year_from", "year_to"):
            self.fields[name].widget.attrs["size"] = 6
        self.fields["q"].widget.attrs["type"] = "search"
        example = "1390/01/01"
        self.fields["in_force_on"].widget.attrs["placeholder"] = local_digits(example)
        # The ISO example is isolated left to right: on a Persian line its
        # digits and hyphens would otherwise read 21-03-2011.
        self.fields["in_force_on"].help_text = format_html(
            gettext("A Jalali date such as {jalali}, or an ISO date such as {iso}."),
            jalali=local_digits(example),
            iso=format_html('<bdi dir="ltr">{}</bdi>', "2011-03-21"),
        )

    def clean(self):
        cleaned = super().clean()
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if year_from and year_to and jalali.year_bounds(year_from)[0] >= jalali.year_bounds(year_to)[1]:
            self.add_error("year_to", _("The last year comes before the first one."))
        return cleaned

    @property
    def values(self):
        """The cleaned values of the fields that are valid; invalid ones are
        left out, so that a page can still show what the rest selects."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}

    def error_messages(self):
        """One line per invalid field, with its label, for the page's notice."""
        messages = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            for error in errors:
                messages.append(f"{label}: {error}" if label else str(error))
        return messages

    def filter(self, queryset=None):
        """Public agreements selected by the valid fields (sort and page aside)."""
        values = self.values
        queryset = (queryset if queryset is not None else Agreement.objects.all()).public()
        if values.get("status"):
            queryset = queryset.with_status_of(values["status"])
        for name in ("instrument", "relationship"):
            if values.get(name):
                queryset = queryset.filter(**{name: values[name]})
        if values.get("continent"):
            queryset = queryset.filter(partner__country__continent=values["continent"])
        if values.get("country"):
            queryset = queryset.filter(partner__country=values["country"])
        period = values.get("administration")
        if period:
            # Only what was certainly signed under it: a month or a year that
            # spans a handover belongs to neither administration.
            queryset = queryset.filter(self.timeline().holds(period))
        if values.get("year_from"):
            queryset = queryset.filter(signed_on__gte=jalali.year_bounds(values["year_from"])[0])
        if values.get("year_to"):
            queryset = queryset.filter(signed_on__lt=jalali.year_bounds(values["year_to"])[1])
        if values.get("in_force_on"):
            queryset = queryset.in_force(values["in_force_on"].date)
        # Last: SQLite tests the conditions in the order given, and the
        # search (a regular expression over three tables) costs the most.
        if values.get("q"):
            queryset = queryset.search(values["q"])
        return queryset

    def timeline(self):
        """The periods of the chosen series (the presidency by default), in order."""
        if not hasattr(self, "_timeline"):
            self._timeline = Timeline(self.fields["administration"].queryset)
        return self._timeline

    @property
    def period_heading(self):
        """The heading of a column or a table of periods: the chosen series'."""
        return self.fields["administration"].label

    @property
    def offers_series(self):
        """Whether there is a choice of series: once staff enter the mayors' terms."""
        return len(self.series_offered) > 1

    def ordering(self):
        return SORTS[self.values.get("sort") or "-signed"]()

    def is_filtered(self):
        return any(v not in (None, "") for k, v in self.values.items() if k not in ("sort", "page", "series"))


def filter_form(request):
    return AgreementFilterForm(request.GET or None)


def query_without(request, *names):
    """The current query string minus some keys, for links that keep filters."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
