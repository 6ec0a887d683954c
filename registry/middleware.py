from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PersianFirstLocaleMiddleware(LocaleMiddleware):
    """Language from the URL prefix, else the visitor's chosen language
    (cookie), else Persian; never from Accept-Language, so that the admin
    and unprefixed pages stay Persian on a browser set up in English."""

    def process_request(self, request):
        language = translation.get_language_from_path(request.path_info) or request.COOKIES.get(
            settings.LANGUAGE_COOKIE_NAME
        )
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
