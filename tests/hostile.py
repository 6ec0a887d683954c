"""Hypothesis strategies for hostile input, shared by the bad-input suites:
Persian and Arabic text, control characters, huge numbers, markup and SQL."""

from hypothesis import strategies as st

MARKUP = [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<svg onload=alert(1)>",
    "javascript:alert(1)", "{{ 7|add:7 }}", "{% debug %}", "&lt;b&gt;", "</textarea><b>x</b>",
]
SQL = ["' OR 1=1 --", "1; DROP TABLE registry_agreement; --", "\" OR \"\"=\"", "%' AND 1=0 UNION SELECT 1 --", "%", "_"]
NUMBERS = ["9" * 40, "-1", "0", "1e308", "-9223372036854775809", "NaN", "Infinity", "1.5", "۱۴۰۳", "١٤٠٣", "13960726"]
WORDS = ["تفاهم‌نامه", "خواهرخواندگی", "بيشكك", "كابل", "اروپا", "۱۳۷۳/۰۳/۰۲", "1396/13/01", "2024-02-30", "active", "EU", "KG"]
CONTROL = "".join(chr(c) for c in [0, 1, 7, 8, 9, 10, 11, 12, 13, 27, 127, 0x200B, 0x200C, 0x200E, 0x200F, 0x202E, 0xFEFF])

alphabet = st.characters(
    codec="utf-8",
    categories=["L", "N", "P", "S", "Z", "Cc", "Cf"],
    include_characters="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكۀة۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩" + CONTROL,
)

hostile_text = st.one_of(
    st.sampled_from(MARKUP + SQL + NUMBERS + WORDS + [CONTROL]),
    st.text(alphabet, max_size=60),
    st.lists(st.sampled_from(MARKUP + SQL + NUMBERS + WORDS), min_size=2, max_size=4).map(" ".join),
)


def reflected_markup(value, body):
    """Whether a value with markup characters came back unescaped in HTML."""
    return any(c in value for c in "<>") and len(value) > 3 and value in body
