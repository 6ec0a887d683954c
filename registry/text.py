"""Persian text normalisation for storage, search and parsing.

Persian text reaches us typed on Arabic keyboards (ي, ك), with or without the
zero-width non-joiner (تفاهم‌نامه, تفاهم نامه, تفاهمنامه) and with Persian or
Arabic-Indic digits. `normalize` makes one canonical spelling for storing and
parsing; `fold` goes further for matching and is mirrored in SQL by
`fold_expression`, so a stored search column and a typed query meet halfway.
"""

from django.db.models import Value
from django.db.models.functions import Lower, Replace

ZWNJ = "\u200c"

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"

# (from, to) pairs applied by normalize(); the SQL fold repeats LETTER_MAP
# only, since SQLite cannot nest twenty more REPLACE() calls and stored text
# has its digits normalised on save.
LETTER_MAP = [("ي", "ی"), ("ى", "ی"), ("ك", "ک"), ("ۀ", "ه"), ("ة", "ه")]
DIGIT_MAP = [*zip(PERSIAN_DIGITS, "0123456789"), *zip(ARABIC_DIGITS, "0123456789")]
CHARACTER_MAP = LETTER_MAP + DIGIT_MAP
# Characters dropped when folding: word breaks that people type inconsistently.
FOLD_DROPPED = [ZWNJ, "\u200d", " ", "\u00a0", "-", "_"]

_normalize_table = str.maketrans(dict(CHARACTER_MAP))
_fold_table = str.maketrans({**dict(CHARACTER_MAP), **{c: None for c in FOLD_DROPPED}})
_to_persian_digits = str.maketrans("0123456789", PERSIAN_DIGITS)


def normalize(text):
    """Canonical Persian spelling: ی and ک, Latin digits, single spaces, ZWNJ kept."""
    if not text:
        return ""
    text = text.translate(_normalize_table)
    # A ZWNJ next to a space or at an edge is a typing slip, not a joiner.
    text = " ".join(text.split())
    text = text.replace(f" {ZWNJ}", " ").replace(f"{ZWNJ} ", " ")
    return text.strip(ZWNJ)


def fold(text):
    """The key two spellings of the same words share: for search only."""
    return (text or "").translate(_fold_table).lower()


def fold_expression(*fields):
    """SQL that computes fold() over the given fields, joined by '|'.

    Lower() only lowercases ASCII on SQLite, which is all we need: Persian has
    no case, and English names are ASCII in practice.
    """
    from django.db.models.functions import Concat

    parts = []
    for field in fields:
        if parts:
            parts.append(Value("|"))
        parts.append(field)
    expression = Concat(*parts) if len(parts) > 1 else parts[0]
    expression = Lower(expression)
    for source, target in LETTER_MAP:
        expression = Replace(expression, Value(source), Value(target))
    for dropped in FOLD_DROPPED:
        expression = Replace(expression, Value(dropped), Value(""))
    return expression


def persian_digits(text):
    return str(text).translate(_to_persian_digits)
