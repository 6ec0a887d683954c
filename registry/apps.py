from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def add_persian_collation(sender, connection, **kwargs):
    """SQLite has no Persian collation: give each new connection ours.

    A signal rather than a database backend of our own, because it is the
    hook Django documents for setting up a fresh connection, and a backend
    subclass would have to replace the ENGINE that DATABASE_URL chooses.
    PostgreSQL gets an ICU collation of the same name from migration 0005.
    """
    if connection.vendor == "sqlite":
        from .text import PERSIAN_COLLATION, compare

        connection.connection.create_collation(PERSIAN_COLLATION, compare)


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Partnerships registry")

    def ready(self):
        connection_created.connect(add_persian_collation, dispatch_uid="registry-persian-collation")
