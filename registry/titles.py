"""Splitting a document's Persian title into instrument and relationship.

«یادداشت تفاهم دوستی و همکاری» is a memorandum of understanding (instrument)
of friendship and cooperation (relationship). Matching is on folded text, so
«تفاهم‌نامه», «تفاهم نامه» and «تفاهمنامه» are the same word.
"""

from .models import Instrument, Relationship
from .text import fold

# The first match wins: longer, more specific words first.
INSTRUMENT_WORDS = [
    ("یادداشت تفاهم", Instrument.MOU),
    ("تفاهم نامه", Instrument.MOU),
    ("موافقت نامه", Instrument.ACCORD),
    ("توافق نامه", Instrument.AGREEMENT),
    ("معاهده", Instrument.TREATY),
    ("قرارداد", Instrument.CONTRACT),
    ("پیمان", Instrument.PACT),
]
RELATIONSHIP_WORDS = [
    ("خواهر شهری", Relationship.SISTER_CITY),
    ("خواهرخواندگی", Relationship.SISTER_CITY),
    ("دوستی و همکاری", Relationship.FRIENDSHIP_COOPERATION),
    ("دوستی", Relationship.FRIENDSHIP),
    ("همکاری", Relationship.COOPERATION),
]


def _find(title, words):
    key = fold(title)
    for word, value in words:
        if fold(word) in key:
            return value
    return None


def classify_title(title):
    """(instrument, relationship) named in a Persian title; None where it names none."""
    return _find(title, INSTRUMENT_WORDS), _find(title, RELATIONSHIP_WORDS)
