"""Strings of Django and django-import-export that their own Persian
catalogues leave in English (or fuzzy, which is the same on the page), or
write with Latin digits. Listed here so that `make messages` keeps them in
the project's catalogue, whose entries come first (LOCALE_PATHS) and so
translate them. Never imported: the list is for makemessages only."""

from django.utils.translation import gettext_noop, ngettext_lazy

STRINGS = [
    # django-import-export's export page.
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Select all"),
    # Django's admin: its Persian catalogue leaves these empty.
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", 1),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Model name"),
    gettext_noop("Constraint “%(name)s” is violated."),
    # django.contrib.auth: «150» in Persian digits.
    gettext_noop("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
]
