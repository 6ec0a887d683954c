"""A database that cannot be reached, for the tests of what the site answers then."""

from unittest import mock

from django.db import OperationalError, connection


def database_down():
    return mock.patch.object(connection, "ensure_connection", side_effect=OperationalError("could not connect"))
