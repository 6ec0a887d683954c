"""Persian or English: the one place that decides which language a text,
a number or a page is written in (config.middleware applies it to requests)."""

from decimal import Decimal

from django.conf import settings
from django.utils import translation

from .text import persian_digits

PERSIAN_DECIMAL_SEPARATOR = "\u066b"


def persian_active(language=None):
    """Whether `language` (the active language when None; Persian when
    none is active) is Persian."""
    return (language or translation.get_language() or settings.LANGUAGE_CODE)[:2] == "fa"


def localized(fa, en, fallback=True):
    """The Persian or English text, as the active language asks; the other
    when it is empty, unless fallback is False."""
    if persian_active():
        return fa or en if fallback else fa
    return en or fa if fallback else en


def local_digits(value, language=None):
    """Persian digits when the language (the active one when None) is
    Persian, Latin otherwise; a decimal takes the Persian separator."""
    if not persian_active(language):
        return str(value)
    if isinstance(value, (Decimal, float)):
        return persian_digits(str(value).replace(".", PERSIAN_DECIMAL_SEPARATOR))
    return persian_digits(value)


class LocalNumber:
    """A number for a message built now and shown later: it prints in the
    digits of the language active when the message is shown."""

    def __init__(self, number):
        self.number = number

    def __str__(self):
        return local_digits(self.number)


def in_each_language(text):
    """A translatable text (a lazy label, say) in English and in Persian:
    (english, persian), for what publishes both at once."""
    with translation.override("en"):
        english = str(text)
    with translation.override("fa"):
        persian = str(text)
    return english, persian


def supported(language):
    """The language if the site has it, else the default (Persian)."""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def request_language(request):
    """The language of a request without a language prefix (/, open data,
    the 503 and 429 answers): the visitor's choice (cookie), else the
    browser's Accept-Language, else Persian."""
    return supported(translation.get_language_from_request(request))


def page_language(request):
    """The language of a page and of the admin: the URL prefix, else the
    visitor's choice (cookie), else Persian; never Accept-Language, so that
    the admin and unprefixed pages stay Persian on a browser set up in English."""
    return supported(
        translation.get_language_from_path(request.path_info) or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    )


def counted(count, singular, plural):
    """A number and its noun, «۲۸ سند» or "28 documents": Persian keeps the
    noun singular after a number, English takes the plural but after one."""
    noun = singular if count == 1 or persian_active() else plural
    return f"{local_digits(count)} {noun}"
