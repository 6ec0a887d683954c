from django.db import models


class DownloadCount(models.Model):
    """One visitor's open-data downloads: in the last window, or running now
    (public/throttle.py). In the database, which every worker and every
    server shares, so that a limit is one limit however many serve it."""

    name = models.CharField(max_length=120, primary_key=True)
    count = models.IntegerField()
    # Seconds since 1970 when the count starts again from nothing.
    until = models.FloatField(db_index=True)
