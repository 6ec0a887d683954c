"""Print what needs attention and e-mail it to the editors, for a daily cron.

The e-mail goes by SMTP when EMAIL_HOST is set, else to the console
backend (see settings): `--no-mail` prints the list only.
"""

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from registry.language import local_digits
from staff import attention


def editor_addresses():
    """Active staff who may change agreements (editors and administrators), with an address."""
    users = User.objects.filter(is_active=True, is_staff=True).exclude(email="").filter(
        Q(is_superuser=True)
        | Q(groups__permissions__codename="change_agreement")
        | Q(user_permissions__codename="change_agreement")
    )
    return sorted(set(users.values_list("email", flat=True)))


class Command(BaseCommand):
    help = "Print the agreements that need attention and e-mail the list to the editors."

    def add_arguments(self, parser):
        parser.add_argument("--language", default=settings.LANGUAGE_CODE, choices=[c for c, _n in settings.LANGUAGES])
        parser.add_argument("--base-url", default="", help="Prefix for the links, e.g. https://registry.example")
        parser.add_argument("--no-mail", action="store_true", help="Print only.")

    def handle(self, *args, language, base_url, no_mail, **options):
        with translation.override(language):
            found = attention.sections()
            text = attention.as_text(found, base_url.rstrip("/"))
            subject = _("Partnerships registry: %(count)s items need attention") % {
                "count": local_digits(sum(len(section.rows) for section in found))
            }
        self.stdout.write(text)
        recipients = editor_addresses()
        if no_mail or not recipients:
            return
        send_mail(subject, text, None, recipients)
