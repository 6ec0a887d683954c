"""The staff admin's forms: Jalali date pairs, the annual report's year, the import's size, and each model's form."""

import secrets

import jdatetime
from django import forms
from django.db.models import Exists, OuterRef
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group, User
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.forms import ImportForm, SelectableFieldsExportForm

from registry import jalali
from registry.forms import DigitsIntegerField, JalaliDateField
from registry.language import local_digits
from registry.models import PRESIDENCY, Activity, Agreement, Partner, Period, PeriodSeries, StatusChange

from .roles import ROLE_LABELS


class PartialDateFormMixin:
    """Shows each (date, precision) model field pair as one Jalali text field.

    Subclasses list the pairs in `partial_dates`, e.g. {"signed_on": "signed_precision"};
    the precision field must not be among the form's fields.
    """

    partial_dates = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for date_field, precision_field in self.partial_dates.items():
            if date_field not in self.fields:
                continue
            model_field = self._meta.model._meta.get_field(date_field)
            extra = {"help_text": model_field.help_text} if model_field.help_text else {}
            if not precision_field:
                extra.setdefault("help_text", _("Jalali, like 1373/03/02."))
            self.fields[date_field] = JalaliDateField(
                label=model_field.verbose_name, required=not model_field.blank, **extra
            )
            # Named where no <label> stands by it (a tabular inline's row).
            self.fields[date_field].widget.attrs["aria-label"] = str(model_field.verbose_name)
            value = getattr(self.instance, date_field, None)
            if value is not None:
                precision = getattr(self.instance, precision_field) if precision_field else jalali.DAY
                self.initial[date_field] = jalali.format_input(value, precision)

    def clean(self):
        cleaned = super().clean()
        for date_field, precision_field in self.partial_dates.items():
            if date_field not in self.fields or date_field not in cleaned:
                continue
            partial = cleaned[date_field]
            cleaned[date_field] = partial.date if partial else None
            if precision_field:
                # Not a form field, so construct_instance() leaves it as set here.
                setattr(self.instance, precision_field, partial.precision if partial else jalali.DAY)
            elif partial and partial.precision != jalali.DAY:
                self.add_error(date_field, _("Give the full date, with its day."))
        return cleaned


class VersionedFormMixin(forms.Form):
    """No lost edit: the form carries the version of the record it was
    opened on (a hidden field), and is refused when the record has been
    saved since, with what changed meanwhile, instead of silently undoing it.
    A change posted without the version (a script, a customised form) is
    refused the same way: nothing says it was read after the last save.
    The admin lists `edit_version` in its first fieldset."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["edit_version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        opened = cleaned.get("edit_version")
        current = self.instance.current_version(lock=True)
        if current is not None and current != opened:
            raise forms.ValidationError(self.conflict_message(opened), code="stale")
        return cleaned

    def conflict_message(self, opened):
        from django.utils.html import format_html, format_html_join

        from registry.jalali import format_date
        from registry.language import local_digits

        if opened is None:
            # Read at no known version: said as to a form opened just before the last save.
            opened = self.instance.current_version() - 1
        who, when, changes = self.instance.changes_since(opened)
        moment = ""
        if when is not None:
            local = timezone.localtime(when)
            moment = f"{format_date(local.date())} {local_digits(f'{local:%H:%M}')}"
        listed = format_html_join("", "<li>{}: {} → {}</li>", ((str(label), old, new) for label, old, new in changes))
        return format_html(
            "{} <ul>{}</ul> {}",
            _("%(who)s saved this record at %(when)s, after you opened it. Changed meanwhile:")
            % {"who": who or _("someone (from the command line)"), "when": moment},
            listed or format_html("<li>{}</li>", _("its status history, activities or documents")),
            _("Nothing of yours was saved. Copy your changes, open the record again, and make them there."),
        )


class AnnualReportForm(forms.Form):
    """The year of an annual report: Jalali (the centre's own) or Gregorian."""

    CALENDARS = [("jalali", _("Jalali (solar hijri)")), ("gregorian", _("Gregorian"))]
    calendar = forms.ChoiceField(label=_("calendar"), choices=CALENDARS, initial="jalali")
    year = DigitsIntegerField(
        label=_("year"), min_value=jalali.JALALI_YEARS[0], max_value=jalali.GREGORIAN_YEARS[-1]
    )
    dormant_years = DigitsIntegerField(
        label=_("dormant after (years without activity)"), min_value=1, max_value=50, required=False,
        help_text=_("A link in force with no activity for this many years counts as dormant."),
    )
    series = forms.ChoiceField(label=_("counted by the periods of"), required=False, choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The presidency, and the mayors once staff have entered their terms.
        offered = PeriodSeries.objects.filter(Exists(Period.objects.filter(series=OuterRef("pk")))).order_by("pk")
        self.fields["series"].choices = [(series.slug, series.name) for series in offered]
        self.fields["year"].widget.attrs["size"] = 6
        self.fields["dormant_years"].widget.attrs["size"] = 4
        # By default the last full Jalali year, the one the council asks about.
        self.fields["year"].initial = jdatetime.date.today().year - 1

    def clean(self):
        cleaned = super().clean()
        year, calendar = cleaned.get("year"), cleaned.get("calendar")
        years = {"jalali": jalali.JALALI_YEARS, "gregorian": jalali.GREGORIAN_YEARS}.get(calendar)
        if year is not None and years and year not in years:
            message = {
                "jalali": _("A Jalali year is between %(first)s and %(last)s, like %(example)s."),
                "gregorian": _("A Gregorian year is between %(first)s and %(last)s, like %(example)s."),
            }[calendar]
            example = {"jalali": 1403, "gregorian": 2024}[calendar]
            self.add_error("year", message % {
                "first": local_digits(years[0]), "last": local_digits(years[-1]), "example": local_digits(example),
            })
        return cleaned

    def report(self):
        from . import reports

        data = self.cleaned_data
        build = reports.for_jalali_year if data["calendar"] == "jalali" else reports.for_gregorian_year
        return build(data["year"], data.get("dormant_years"), data.get("series") or PRESIDENCY)

    def file_name(self):
        data = self.cleaned_data
        suffix = "" if data["calendar"] == "jalali" else "-gregorian"
        return f"annual-report-{data['year']}{suffix}.xlsx"


class SizedImportForm(ImportForm):
    """The admin's import form: a file is measured before any row is
    processed, and refused when over the admin's limits (its bytes, then
    its unpacked size, rows and longest cell), since a web request must
    finish well within the server's timeout; a 10,000-row file takes about
    a minute (bench/README-import.md)."""

    def clean_import_file(self):
        from django.template.defaultfilters import filesizeformat

        from .imports.reading import TooLarge, measure

        file = self.cleaned_data["import_file"]
        if file.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("This file is %(size)s; the largest spreadsheet accepted is %(limit)s."),
                params={"size": filesizeformat(file.size), "limit": filesizeformat(settings.IMPORT_MAX_BYTES)},
            )
        try:
            measure(
                file, max_rows=settings.IMPORT_ADMIN_MAX_ROWS, max_cell_chars=settings.IMPORT_MAX_CELL_CHARS,
                max_unpacked=settings.IMPORT_MAX_XLSX_BYTES, max_total_chars=settings.IMPORT_MAX_TOTAL_CHARS,
            )
        except TooLarge as error:
            raise forms.ValidationError(str(error))
        except Exception:  # a damaged file: the import's reader says so, as before
            pass
        finally:
            file.seek(0)
        return file


class LabelledExportForm(SelectableFieldsExportForm):
    """The export page's field boxes under the columns' labels in the
    reader's language («عنوان (فارسی)»), not "Title Fa"."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        for resource in resources:
            for column in resource().get_export_order():
                name = self.create_boolean_field_name(resource, column)
                if name in self.fields:
                    self.fields[name].label = resource.column_label(column)


# ---------------------------------------------------------------- the admin's model forms
# (kept together at the end of the file)

class NamedDeleteFormSet(BaseInlineFormSet):
    """A tabular inline's "delete" boxes, named for screen readers: the
    column header is the only label they have."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = gettext("Delete")


class PartnerForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Partner
        fields = "__all__"

    class Media:
        # The map to place the partner, on the form's pages only (not the
        # list's). Leaflet from django-leaflet's static files; no
        # leaflet.admin (it needs GDAL).
        css = {"all": ["leaflet/leaflet.css", "staff/partner-map.css"]}
        js = ["leaflet/leaflet.js", "staff/partner-map.js"]


class StatusChangeForm(PartialDateFormMixin, forms.ModelForm):
    partial_dates = {"date": "precision"}

    class Meta:
        model = StatusChange
        fields = ["status", "date", "decided_by", "reason", "reason_en"]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 2, "cols": 30}),
            "reason_en": forms.Textarea(attrs={"rows": 2, "cols": 30}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].help_text = _(
            "Empty when not known. A date ahead is scheduled: the status changes on that day."
        )


class ActivityForm(PartialDateFormMixin, forms.ModelForm):
    partial_dates = {"date": "precision"}

    class Meta:
        model = Activity
        fields = ["date", "kind", "description_fa", "description_en"]
        widgets = {
            "description_fa": forms.Textarea(attrs={"rows": 2, "cols": 30}),
            "description_en": forms.Textarea(attrs={"rows": 2, "cols": 30}),
        }


class ScanInput(forms.ClearableFileInput):
    """The file input's "currently" link goes through the checked view:
    media is not served directly, so the stored file's URL would be a 404."""

    class Current:
        def __init__(self, file, url):
            self.url, self.name = url, file.name

        def __str__(self):
            return self.name.rsplit("/", 1)[-1]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        instance = getattr(value, "instance", None)
        if self.is_initial(value) and instance is not None and instance.pk:
            context["widget"]["value"] = self.Current(value, reverse("document", args=[instance.pk]))
        return context


class AgreementForm(VersionedFormMixin, PartialDateFormMixin, forms.ModelForm):
    partial_dates = {"signed_on": "signed_precision", "ends_on": None, "review_on": None}

    class Meta:
        model = Agreement
        exclude = ["signed_precision"]
        widgets = {
            "areas": forms.Textarea(attrs={"rows": 2}),
            "summary_fa": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "source": forms.Textarea(attrs={"rows": 2}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }


class PeriodForm(PartialDateFormMixin, forms.ModelForm):
    partial_dates = {"start": None, "end": None}

    class Meta:
        model = Period
        fields = ["series", "slug", "name_fa", "name_en", "label_fa", "label_en", "start", "end"]


class StaffMemberForm(forms.ModelForm):
    """Adding a colleague in one step: name, e-mail, group, and a password
    now or a link by e-mail to choose one. Being in a group is what lets
    them sign in (roles.sync_staff_status, run by the admin on save)."""

    group = forms.ChoiceField(label=_("group"), widget=forms.RadioSelect)
    password1 = forms.CharField(
        label=_("password"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "dir": "ltr"}),
        help_text=_("Leave both password boxes empty to e-mail them a link where they choose their own."),
    )
    password2 = forms.CharField(
        label=_("password again"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "dir": "ltr"}),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = list(ROLE_LABELS.items())
        for name in ("username", "email"):
            self.fields[name].widget.attrs["dir"] = "ltr"
        self.fields["first_name"].required = True

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 or password2:
            if password1 != password2:
                self.add_error("password2", _("The two passwords differ."))
            else:
                self.instance.username = cleaned.get("username") or ""
                try:
                    password_validation.validate_password(password1, self.instance)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        elif not cleaned.get("email"):
            self.add_error("email", _("Give an e-mail address for the link, or choose a password now."))
        return cleaned

    @property
    def sends_link(self):
        return not self.cleaned_data.get("password1")

    def save(self, commit=True):
        user = super().save(commit=False)
        # With a link, an unguessable password until they choose one (the
        # reset form mails only users whose password is usable).
        user.set_password(self.cleaned_data.get("password1") or secrets.token_urlsafe(32))
        if commit:
            user.save()
            self._save_m2m()
        return user

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.groups.set([Group.objects.get_or_create(name=self.cleaned_data["group"])[0]])

