"""What every public page's frame shows, 404 pages included."""

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject


def language_links(request):
    """This page in each of the site's languages, for the language switcher."""
    path = request.get_full_path()
    current = translation.get_language()
    return [
        {"code": code, "name": name, "url": translate_url(path, code), "current": code == current}
        for code, name in settings.LANGUAGES
    ]


def site(request):
    # Lazy, so that only the pages that show the links compute them, once
    # for the page's two lists of them (the head's and the switcher's).
    return {"language_links": SimpleLazyObject(lambda: language_links(request)), "home_city": settings.HOME_CITY}
