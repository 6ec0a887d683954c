"""Persian text: how it is stored, searched, parsed and sorted.

Persian reaches us typed on Arabic keyboards (ي, ك), with or without the
zero-width non-joiner (تفاهم‌نامه, تفاهم نامه, تفاهمنامه), with Persian,
Arabic-Indic or Latin digits. Four rules, each once:

- `normalize` / `normalize_long`: what is stored. Only the keyboard's Arabic
  letters become Persian (ي ى → ی, ك → ک) and runs of spaces become one; a
  document's «برنامۀ» and its «۱۳۹۷» stay as written. Every free-text model
  field is a `NormalizedCharField` or `NormalizedTextField`, which apply it on
  every write (admin, import, command, seed, bulk_create, update()), and the
  import's widgets call the same functions.
- `fold`: the key two spellings of the same words share, for search only.
  `fold_words` keeps where the words start; it fills `FoldedField` columns
  (computed in Python on save: SQL cannot decompose accents), and a typed
  query, folded, is looked for at a word start (`search_condition`).
- `for_parsing`: the text a date or number parser reads: stored spelling
  plus Latin digits.
- `sort_key` and the "persian" collation: Persian alphabetical order, in
  Python and in the database.
"""

import functools
import re
import unicodedata

from django.db import models
from django.db.models import Q

ZWNJ = "\u200c"

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"

# ---------------------------------------------------------------- storage

# The Arabic keyboard's letters that Persian writes otherwise. Nothing else
# is rewritten in storage: ۀ, ة and the digits are part of what was written.
KEYBOARD_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})


# A ZWNJ next to a space or at an edge joins nothing: it is stray spacing,
# taken with the spaces around it (all at once, so that storing a stored
# value again changes nothing).
_STRAY_SPACING = re.compile(rf"{ZWNJ}*\s+{ZWNJ}*|^{ZWNJ}+|{ZWNJ}+$")


def _one_line(text):
    return " ".join(_STRAY_SPACING.sub(" ", text.translate(KEYBOARD_LETTERS)).split())


def normalize(text):
    """One line as stored: ی and ک, single spaces, ZWNJ between letters kept."""
    if not text:
        return text if text is None else ""
    return _one_line(str(text))


def normalize_long(text):
    """A long text as stored: each line like `normalize`, line breaks kept."""
    if not text:
        return text if text is None else ""
    lines = [_one_line(line) for line in str(text).splitlines()]
    return "\n".join(lines).strip("\n")


class NormalizedCharField(models.CharField):
    """A CharField stored by `normalize`. to_python() runs on full_clean()
    and on every value written (get_prep_value), so the form, the import,
    bulk_create() and update() all store the same spelling."""

    def to_python(self, value):
        return normalize(super().to_python(value))

    def pre_save(self, model_instance, add):
        # The saved instance shows what the database holds.
        value = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


class NormalizedTextField(models.TextField):
    """A TextField stored by `normalize_long`: line breaks kept."""

    def to_python(self, value):
        return normalize_long(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


# ---------------------------------------------------------------- parsing

_latin_digits = str.maketrans(
    {**dict(zip(PERSIAN_DIGITS, "0123456789")), **dict(zip(ARABIC_DIGITS, "0123456789"))}
)
_to_persian_digits = str.maketrans("0123456789", PERSIAN_DIGITS)


def for_parsing(text):
    """The stored spelling with Latin digits: what a date or number parser reads."""
    return normalize(text or "").translate(_latin_digits)


def persian_digits(text):
    return str(text).translate(_to_persian_digits)


# ---------------------------------------------------------------- search

# Before decomposing: NFKD would split ۀ into Kurdish ە and a hamza.
_fold_before = str.maketrans({"ۀ": "ه"})
_FOLD_LETTERS = {
    "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ە": "ه",
    **dict(zip(PERSIAN_DIGITS, "0123456789")), **dict(zip(ARABIC_DIGITS, "0123456789")),
}
# Dropped when folding: word breaks people type inconsistently (space, ZWNJ,
# hyphen), marks (Latin accents, Arabic vowels, the hamza of «کرهٔ», the madda
# of آ), the tatweel, and punctuation.
_FOLD_DROPPED_CATEGORIES = {"Mn", "Me", "Cf", "Zs", "Zl", "Zp", "Cc", "Lm", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"}


class _FoldTable(dict):
    """str.translate() table filled in per character on first sight: the
    gazetteer folds half a million names."""

    def __missing__(self, code):
        char = chr(code)
        if unicodedata.category(char) in _FOLD_DROPPED_CATEGORIES:
            value = None
        else:
            value = _FOLD_LETTERS.get(char, char).casefold()
        self[code] = value
        return value


_fold_table = _FoldTable()


def fold(text):
    """The key two spellings of the same words share: for search only.

    «کره جنوبی», «کره‌جنوبی» and «کرهٔ جنوبی» fold alike, as do «تايلند» and
    «تایلند», «برنامۀ» and «برنامه», «۱۳۹۶» and "1396", "Brasília" and "brasilia".
    """
    return unicodedata.normalize("NFKD", (text or "").translate(_fold_before)).translate(_fold_table)


# Where one word ends and the next starts: spaces, the ZWNJ, hyphens and
# punctuation. fold() drops them; fold_words() keeps one space instead.
_WORD_BREAK_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"}


def fold_words(text):
    """fold() word by word, the words kept apart by one space: «کره‌جنوبی»
    gives "کره جنوبی", so that a search can start at each word."""
    words = "".join(
        " " if char == ZWNJ or unicodedata.category(char) in _WORD_BREAK_CATEGORIES else char
        for char in (text or "")
    )
    return " ".join(filter(None, (fold(word) for word in words.split())))


class DerivedTextField(models.TextField):
    """A column computed from some of the row's own fields (`sources`) in
    pre_save, never edited by hand."""

    def __init__(self, *args, sources=(), **kwargs):
        self.sources = list(sources)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["sources"] = self.sources
        for key, value in (("editable", False), ("blank", True), ("default", "")):
            if kwargs.get(key, value) == value:
                kwargs.pop(key, None)
        return name, path, args, kwargs


class FoldedField(DerivedTextField):
    """A search column: `fold` of some of the row's own fields, computed on
    every save() and bulk_create() (like auto_now, and like it left alone by
    update() and by save(update_fields=...) without it), never edited by
    hand. One row's column depends on that row only, so renaming a country
    or a partner needs no cascade: searches join the columns they need."""

    # Fields are folded apart and joined by a line break, which fold()
    # removes from any query: a search term never spans two fields.
    SEPARATOR = "\n"

    def pre_save(self, model_instance, add):
        value = self.SEPARATOR.join(fold_words(str(getattr(model_instance, source) or "")) for source in self.sources)
        setattr(model_instance, self.attname, value)
        return value


def spaced_pattern(key):
    """A regular expression for a folded key in a fold_words() text, where
    word breaks may fall between any two of its characters."""
    return " ?".join(re.escape(char) for char in key)


def word_start_pattern(key):
    """A regular expression (Python's and PostgreSQL's alike) for a folded
    search key at the start of a word of a fold_words() column: the key may
    run on across word breaks («کره‌جنوبی» finds "کره جنوبی"), never across
    fields, and never starts inside a word («لیون» is not in «سیرالئون»)."""
    return "(^|[ \n])" + spaced_pattern(key)


def search_condition(query, fields, also=None):
    """Rows where every word of `query`, folded, starts a word of one of the
    `fields` (FoldedField columns, across relations where needed), or meets
    `also(key)`, a further condition for that word (None: none)."""
    condition = Q()
    for word in (query or "").split():
        key = fold(word)
        if not key:
            continue
        either = Q()
        for field in fields:
            either |= Q(**{f"{field}__regex": word_start_pattern(key)})
        extra = also(key) if also else None
        condition &= either | extra if extra is not None else either
    return condition


# ---------------------------------------------------------------- sorting

# The name of the database collation that sorts in Persian alphabetical
# order: an ICU collation on PostgreSQL (migration 0005), `compare` below
# registered on each SQLite connection (registry.apps).
PERSIAN_COLLATION = "persian"

# آ before ا, as in Persian dictionaries and CLDR's Persian collation; the
# hamza forms after ا, as CLDR does.
ALPHABET = "آاءبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
# Letters sorted as another: Arabic forms as their Persian letter.
_SORTS_AS = {
    "ي": "ی", "ى": "ی", "ئ": "ء", "ك": "ک", "ة": "ه", "ۀ": "ه", "ە": "ه",
    "أ": "ء", "إ": "ء", "ؤ": "ء", "ٱ": "ا",
}
_IGNORED_CATEGORIES = {"Mn", "Me", "Cf", "Lm"}
SPACE, PUNCTUATION, DIGIT, PERSIAN, OTHER = range(5)


def _primary(char):
    if char in _LETTER_RANK or char in _SORTS_AS:
        return (PERSIAN, _LETTER_RANK[_SORTS_AS.get(char, char)])
    category = unicodedata.category(char)
    if char.isspace():
        return (SPACE, 0)
    if category == "Nd":
        return (DIGIT, unicodedata.digit(char))
    if category[0] in "PS":
        return (PUNCTUATION, ord(char))
    # Latin and other scripts after Persian, as CLDR's Persian order puts
    # them; accents and case only break ties.
    # casefold() may give two letters (ß → ss, İ → i̇): the first ranks.
    base = unicodedata.normalize("NFKD", char)[0].casefold()[0]
    return (OTHER, ord(base))


@functools.lru_cache(maxsize=4096)
def sort_key(text):
    """Persian alphabetical order (ا آ ب پ … و ه ی), for Python's sorted().

    Word by word: a space sorts before any letter, so «تهران نو» comes
    before «تهرانی». A ZWNJ, vowel marks and the hamza of «کرهٔ» count only
    to break ties, as do case and accents in Latin names, which come after
    Persian ones. Mirrors PostgreSQL's ICU "fa" collation closely enough to
    give the same order for the names the registry holds.
    """
    text = text or ""
    primary = tuple(
        _primary(c) for c in text if unicodedata.category(c) not in _IGNORED_CATEGORIES or c in _SORTS_AS
    )
    # Ties: marks and accents, then lower case before upper case, as ICU.
    return (primary, unicodedata.normalize("NFD", text).casefold(), text.swapcase())


def compare(a, b):
    """sort_key as a three-way comparison: SQLite's collation function."""
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


# The persisted form of sort_key: a string of hexadecimal digits whose plain
# order (any collation orders 0-9a-f as ASCII does) is sort_key's order, so
# that a name column sorts by an ordinary index instead of ranking every row
# through the collation. Each primary element is a class digit (1-5; 0 ends
# the primary part, so that a shorter name sorts first) and six hex digits;
# each tie-breaking character six hex digits after a "1"; "0" ends a part.
_KEY_LETTERS = 64  # letters of primary order kept: names never tie that far


def _tie_key(text):
    return "".join(f"1{ord(c):06x}" for c in text[:_KEY_LETTERS // 2])


def stored_sort_key(text):
    """sort_key(text) as a string that sorts the same way byte by byte."""
    primary, accents, case = sort_key(text)
    return (
        "".join(f"{group + 1}{rank:06x}" for group, rank in primary[:_KEY_LETTERS])
        + "0" + _tie_key(accents) + "0" + _tie_key(case)
    )


class SortKeyField(DerivedTextField):
    """A name's Persian alphabetical order (stored_sort_key), computed on
    every save() and bulk_create() from the first non-empty of `sources`:
    the name a page shows in one language, falling back to the other."""

    def pre_save(self, model_instance, add):
        shown = next((value for source in self.sources if (value := getattr(model_instance, source))), "")
        value = stored_sort_key(shown)
        setattr(model_instance, self.attname, value)
        return value
