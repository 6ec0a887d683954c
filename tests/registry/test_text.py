import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.text import fold, for_parsing, normalize, normalize_long, persian_digits, sort_key
from registry.titles import classify_title


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("يادداشت تفاهم", "یادداشت تفاهم"),
        ("كابل", "کابل"),
        ("مصطفى", "مصطفی"),
        ("  تفاهم   نامه ", "تفاهم نامه"),
        ("تفاهم\u200c نامه", "تفاهم نامه"),
        ("\u200cتفاهم\u200cنامه\u200c", "تفاهم\u200cنامه"),
        ("تفاهم\nنامه", "تفاهم نامه"),
        ("\u200c ۳", "۳"),
        ("تفاهم \u200c\u200c نامه", "تفاهم نامه"),
    ],
)
def test_normalize_gives_one_spelling_and_keeps_real_joiners(typed, expected):
    assert normalize(typed) == expected


@pytest.mark.parametrize(
    "written",
    ["برنامۀ همکاری", "۱۳۷۳ و ١٣٧٣ و 1373", "مکة", "کرهٔ جنوبی", "São Paulo"],
)
def test_normalize_keeps_what_the_document_itself_writes(written):
    assert normalize(written) == written


@given(st.text("ab ی\u200c\t\xa0\nيك۳"))
def test_storing_a_stored_text_again_changes_nothing(typed):
    # Fields normalize on save and again as the value is written: the two must agree.
    assert normalize(normalize(typed)) == normalize(typed)
    assert normalize_long(normalize_long(typed)) == normalize_long(typed)


def test_normalize_long_keeps_line_breaks_and_tidies_each_line():
    typed = "بند يك:  همكاري\r\n\r\nبند ۲:   فرهنگ  \n"
    assert normalize_long(typed) == "بند یک: همکاری\n\nبند ۲: فرهنگ"


@pytest.mark.parametrize("typed", ["۱۳۷۳/۳/۲", "١٣٧٣/٣/٢", "1373/3/2"])
def test_for_parsing_reads_any_digits_as_latin(typed):
    assert for_parsing(typed) == "1373/3/2"


@pytest.mark.parametrize(
    "a, b",
    [
        ("يادداشت تفاهم", "یادداشت تفاهم"),
        ("تفاهم‌نامه", "تفاهم نامه"),
        ("تفاهم‌نامه", "تفاهمنامه"),
        ("Sister City", "sister-city"),
        ("۱۳۹۶", "1396"),
        ("١٣٩٦", "1396"),
        ("برنامۀ", "برنامه"),
        ("مکة", "مکه"),
        ("کرهٔ جنوبی", "کره جنوبی"),
        ("کرهٔ جنوبی", "کره‌جنوبی"),
        ("تايلند", "تایلند"),
        ("آفريقاي جنوبي", "افریقای جنوبی"),
        ("Brasília", "brasilia"),
        ("São Paulo", "sao paulo"),
        ("St. Petersburg", "st petersburg"),
    ],
)
def test_fold_makes_two_spellings_of_the_same_words_equal(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize("a, b", [("کابل", "کاراکاس"), ("پاریس", "پکن"), ("ورشو", "وین")])
def test_fold_keeps_different_words_apart(a, b):
    assert fold(a) != fold(b)


def test_sort_key_follows_the_persian_alphabet():
    # Each name starts with the next letter of ا آ ب پ … ک گ ل م ن و ه ی, or
    # shares a first letter with the one before it and differs after.
    expected = [
        "آلمان", "اتریش", "برزیل", "پاریس", "پکن", "تایلند", "ثیوانی", "جاکارتا", "چین", "حلب",
        "خارطوم", "دوشنبه", "ذوالفقار", "روسیه", "زیمبابوه", "ژاپن", "سوئد", "شانگهای", "صنعا",
        "ضحی", "طرابلس", "ظفار", "عراق", "غنا", "فرانسه", "قرقیزستان", "کابل", "کاراکاس",
        "کرهٔ جنوبی", "کوبا", "کویت", "گرجستان", "لهستان", "مسکو", "نپال", "ورشو", "ویتنام",
        "هانوی", "هند", "یمن",
    ]
    assert sorted(reversed(expected), key=sort_key) == expected


@pytest.mark.parametrize(
    "first, second",
    [
        ("تهران نو", "تهرانی"),  # word by word: a space before any letter
        ("كابل", "کاراکاس"),  # an Arabic kaf sorts as the Persian one
        ("يمن", "یونان"),
        ("۱۰ فروردین", "2 خرداد"),  # digits of any script, one by one, as ICU compares them
        ("۹ دی", "آبان"),  # digits before letters
        ("یمن", "Amsterdam"),  # Latin names after Persian ones
        ("Brasília", "Bratislava"),  # accents only break ties
        ("São Paulo", "Sydney"),
        ("Strasbourg", "Straßgang"),  # letters that casefold to two (ß → ss, İ → i̇)
        ("İzmir", "Jena"),
    ],
)
def test_sort_key_orders_these_two(first, second):
    assert sort_key(first) < sort_key(second)


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


NAME_LETTERS = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكۀةءأئؤ \u200c\u064b\u0654۱۲3aAbBéEßİıZz-."


@pytest.mark.django_db
@settings(max_examples=30, deadline=None)
@given(names=st.lists(st.text(NAME_LETTERS, max_size=12), min_size=1, max_size=8))
def test_the_stored_order_of_partner_names_is_the_persian_alphabetical_order(names):
    from django.utils import translation

    from registry.models import Partner, name_order

    Partner.objects.all().delete()
    Partner.objects.bulk_create(
        Partner(kind="organisation", name_fa=name, name_en=f"n{n}") for n, name in enumerate(names)
    )
    def shown(rows):
        return [sort_key(name_fa or name_en) for name_fa, name_en in rows]

    with translation.override("fa"):
        ordered = shown(Partner.objects.order_by(name_order(), "pk").values_list("name_fa", "name_en"))
    assert ordered == sorted(shown(Partner.objects.values_list("name_fa", "name_en")))
