"""What the public site keeps for itself, apart from the registry: the
whole-registry downloads it has built, and its places for building them
(public/stored_downloads.py). Neither is part of the registry's record, so
neither bumps the registry's version, and neither is anyone's to edit: they
have no permissions, so the user and group pages never offer them."""

from django.db import models


class DownloadCount(models.Model):
    """One visitor's open-data downloads: in the last window, or running now
    (public/throttle.py). In the database, which every worker and every
    server shares, so that a limit is one limit however many serve it."""

    name = models.CharField(max_length=120, primary_key=True)
    count = models.IntegerField()
    # Seconds since 1970 when the count starts again from nothing.
    until = models.FloatField(db_index=True)

    class Meta:
        default_permissions = ()


class StoredDownload(models.Model):
    """A whole-registry file built for one version of the registry on one day
    (what is in force changes at midnight) and kept in the media storage."""

    # "agreements.csv|<version>|<day>|<site>": what the file was built for.
    key = models.CharField(max_length=200, unique=True)
    # In the media storage; named after its content, so that a version whose
    # public data did not change shares its predecessor's file and ETag.
    name = models.CharField(max_length=255)
    etag = models.CharField(max_length=80)
    size = models.BigIntegerField()
    built_at = models.DateTimeField(db_index=True)

    class Meta:
        default_permissions = ()


class BuildPlace(models.Model):
    """A place taken for building a download: one row while a build runs,
    numbered 1 to DOWNLOAD_BUILDS_AT_ONCE, so that the primary key bounds how
    many run at once for every worker of every server. A builder that died
    leaves its row, which is cleared once taken_until has passed."""

    number = models.PositiveSmallIntegerField(primary_key=True)
    # What is being built, and a token of the builder.
    building = models.CharField(max_length=250)
    taken_until = models.DateTimeField()

    class Meta:
        default_permissions = ()
