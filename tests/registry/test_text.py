import pytest

from registry.text import fold, normalize, persian_digits
from registry.titles import classify_title


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("يادداشت تفاهم", "یادداشت تفاهم"),
        ("كابل", "کابل"),
        ("۱۳۷۳ و ١٣٧٣", "1373 و 1373"),
        ("  تفاهم   نامه ", "تفاهم نامه"),
        ("تفاهم\u200c نامه", "تفاهم نامه"),
        ("\u200cتفاهم\u200cنامه\u200c", "تفاهم\u200cنامه"),
    ],
)
def test_normalize_gives_one_spelling_and_keeps_real_joiners(typed, expected):
    assert normalize(typed) == expected


@pytest.mark.parametrize(
    "a, b",
    [
        ("يادداشت تفاهم", "یادداشت تفاهم"),
        ("تفاهم‌نامه", "تفاهم نامه"),
        ("تفاهم‌نامه", "تفاهمنامه"),
        ("Sister City", "sister-city"),
        ("۱۳۹۶", "1396"),
    ],
)
def test_fold_makes_two_spellings_of_the_same_words_equal(a, b):
    assert fold(a) == fold(b)


def test_persian_digits_replaces_latin_digits():
    assert persian_digits("1373/3/2") == "۱۳۷۳/۳/۲"


@pytest.mark.parametrize(
    "title, instrument, relationship",
    [
        ("معاهده خواهر شهری", "treaty", "sister_city"),
        ("قرارداد خواهر شهری", "contract", "sister_city"),
        ("پیمان خواهر شهری", "pact", "sister_city"),
        ("توافقنامه خواهر شهری", "agreement", "sister_city"),
        ("توافق نامه همکاری", "agreement", "cooperation"),
        ("موافقت نامه خواهر شهری", "accord", "sister_city"),
        ("یادداشت تفاهم دوستی و همکاری", "mou", "friendship_cooperation"),
        ("تفاهم‌نامه روابط دوستی", "mou", "friendship"),
        ("تفاهمنامه خواهر شهری", "mou", "sister_city"),
        ("يادداشت تفاهم", "mou", None),
    ],
)
def test_classify_title_splits_instrument_and_relationship(title, instrument, relationship):
    assert classify_title(title) == (instrument, relationship)
