"""Django's and django-import-export's own Persian strings read with the
half-space (ZWNJ): «فعالیت‌های اخیر», «می‌توانید»; the project's catalogue
overrides those of their strings that lack it."""

import glob
import io
import re
from pathlib import Path

import django
import import_export
from babel.messages.pofile import read_po
from django.utils import translation

# Words Django's and import-export's Persian write solid, seen on the desk.
KNOWN_SOLID = ["فعالیتهای", "میتوانید", "میتوان", "میشود", "نمیشود", "میکنید", "میکند", "میباشد", "میبینید"]


def catalogues():
    django_root = Path(django.__file__).parent
    found = [django_root / "conf" / "locale" / "fa" / "LC_MESSAGES" / "django.po"]
    for app in ("admin", "auth", "contenttypes", "sessions", "humanize"):
        found += [Path(p) for p in glob.glob(str(django_root / "contrib" / app / "locale" / "fa" / "LC_MESSAGES" / "django.po"))]
    found.append(Path(import_export.__file__).parent / "locale" / "fa" / "LC_MESSAGES" / "django.po")
    return found


def messages():
    for path in catalogues():
        # import-export's header names its language "Farsi/Persian", which babel refuses.
        text = path.read_bytes().replace(b"Language: Farsi/Persian", b"Language: fa")
        for message in read_po(io.BytesIO(text)):
            if message.id and message.string and not isinstance(message.id, tuple):
                yield message


def test_the_admin_s_recent_actions_read_with_the_half_space():
    with translation.override("fa"):
        assert translation.gettext("Recent actions") == "فعالیت‌های اخیر"


def test_no_persian_string_of_django_or_import_export_is_shown_without_its_half_space():
    solid = []
    with translation.override("fa"):
        for message in messages():
            shown = (translation.pgettext(message.context, message.id) if message.context
                     else translation.gettext(message.id))
            words = re.findall(r"[\u0600-\u06FF\u200c]+", shown)
            solid += [f"{message.id!r}: {word}" for word in words if word in KNOWN_SOLID]
    assert not solid, "\n".join(solid)
