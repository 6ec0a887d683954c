"""A registry that tries every rule of the open formats: added to the seed,
a public draft, a non-public agreement (with its own partner), signing
dates known only to a month that spans a handover and only to a Jalali
year, a dated termination, a lapse at the end of a term, a title a spreadsheet would run as a formula and
internal notes on a public agreement."""

import datetime
from types import SimpleNamespace

from registry.models import StatusChange
from tests import builders as build

SECRET_NOTE = "SECRET-NOTE-7781"
SECRET_TITLE = "SECRET-TITLE-7781"
FORMULA = '=HYPERLINK("http://evil.example/","x")'


def awkward_registry():
    draft = build.agreement(
        build.partner("Lyon", "لیون", code="FR", wikidata_id="Q456"),
        title_fa="پیش‌نویس تفاهم‌نامه", status="draft", signed_on=datetime.date(2019, 5, 1),
    )
    hidden = build.agreement(
        build.partner("Secretville", "شهر پنهان", code="DE", wikidata_id="Q999999", latitude=1, longitude=1),
        title_fa=SECRET_TITLE, title_en=SECRET_TITLE, is_public=False, internal_notes=SECRET_NOTE,
    )
    # Mordad 1376 (1997-07-23 – 1997-08-22): Rafsanjani's or Khatami's.
    uncertain = build.agreement(
        build.partner("Uncertainville", "شهر نامعلوم", code="TJ", wikidata_id="Q111"),
        title_fa="تفاهم‌نامه همکاری", signed_on=datetime.date(1997, 7, 23), signed_precision="month",
    )
    # 1380 SH (2001-03-21 – 2002-03-20): no Gregorian year holds it.
    year_only = build.agreement(
        build.partner("Yearville", "شهر سال", code="KG", wikidata_id="Q222"),
        title_fa="پیمان دوستی", signed_on=datetime.date(2001, 3, 21), signed_precision="year",
    )
    ended = build.agreement(
        build.partner("Endburg", "اندبورگ", code="DE", wikidata_id="Q333"),
        title_fa=FORMULA, signed_on=datetime.date(2005, 1, 1), internal_notes=SECRET_NOTE,
    )
    StatusChange.objects.create(agreement=ended, status="terminated", date=datetime.date(2010, 6, 15))
    # Lapsed the day after its five years ran out.
    termed = build.agreement(
        build.partner("Termtown", "ترم‌تاون", code="TJ", wikidata_id="Q445"),
        title_fa="موافقت‌نامه پنج‌ساله", signed_on=datetime.date(2000, 1, 1), ends_on=datetime.date(2005, 12, 31),
    )
    return SimpleNamespace(
        draft=draft, hidden=hidden, uncertain=uncertain, year_only=year_only, ended=ended, termed=termed
    )
