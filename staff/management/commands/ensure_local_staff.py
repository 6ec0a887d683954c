import secrets

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "For a local run: create a staff administrator if there is no staff user yet, and print its password once."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create a local account with DEBUG off; use createsuperuser.")
        if User.objects.filter(is_staff=True).exists():
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser("admin", "", password)
        group = Group.objects.filter(name="administrator").first()
        if group:
            user.groups.add(group)
        self.stdout.write(
            self.style.SUCCESS(f"Local staff account: admin / {password}  (shown once; sign in at /admin/)")
        )
