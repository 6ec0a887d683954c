"""The registry as a Frictionless Data Package (datapackage.json): each
table a CSV with its Table Schema, the licence, the publisher, the source
and a version that is the registry's own.

A resource is a Table: its name, its address under /data/, its fields
(name, type, titles and descriptions in English and Persian) and keys.
The agreements table is the open-data CSV itself (public/opendata.py); the
partners and status-changes tables are written here from public records only;
the sources table is open data's own (public/opendata_sources.py)."""

import csv
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, FloatField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import translation

from registry import jalali, spreadsheets, version
from registry.language import in_each_language
from registry.models import (
    Agreement, Continent, Instrument, LinkKind, PartnerKind, Partner, Precision, Relationship, Status, StatusChange,
)

from . import opendata, opendata_sources

LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
TITLE = ("Tehran International Partnerships Registry", "سامانه ثبت پیوندهای بین‌المللی تهران")
DESCRIPTION = (
    "Tehran's sister-city treaties, memoranda of understanding and cooperation agreements, "
    "with their partners and dated status histories, as recorded by the Centre for International "
    "Relations and Affairs of the Tehran Municipality. Only public records; drafts are marked "
    "with status “draft” and never count as partnerships.",
    "معاهده‌های خواهرشهری، یادداشت‌های تفاهم و توافق‌نامه‌های همکاری تهران، با طرف‌ها و تاریخچه "
    "وضعیت آن‌ها، به ثبت مرکز ارتباطات و امور بین‌الملل شهرداری تهران. تنها سوابق عمومی؛ "
    "پیش‌نویس‌ها با وضعیت «draft» مشخص شده‌اند و هرگز پیوند به شمار نمی‌آیند.",
)
PUBLISHER = (
    "Centre for International Relations and Affairs, Tehran Municipality",
    "مرکز ارتباطات و امور بین‌الملل شهرداری تهران",
)
# The study the registry grew from: the package's own source (each record's
# sources are in the sources table).
STUDY = {
    "id": 1,
    "kind": "study",
    "title_en": (
        "The consistency of city diplomacy with the foreign policy of the Islamic Republic of Iran; "
        "case study: the sister cities of the metropolis of Tehran"
    ),
    "title_fa": (
        "بررسی همخوانی دیپلماسی شهری با سیاست خارجی جمهوری اسلامی ایران؛ "
        "مطالعه موردی: خواهرشهرهای کلانشهر تهران"
    ),
    "authors_en": "Ghourchi, Morteza; Kavyani-Rad, Javad",
    "authors_fa": "قورچی، مرتضی؛ کاویانی‌راد، جواد",
    "publisher": "دانشگاه شهید بهشتی (Shahid Beheshti University)",
    "year": 2018,
    "year_jalali": 1397,
}
MISSING = [""]


def _choices(choices):
    return {"enum": [value for value, _label in choices]}


# Types and constraints of the open-data columns; a column not named here is a string.
AGREEMENT_TYPES = {
    "id": ("integer", {"required": True, "unique": True}),
    "url": ("string", {"required": True}, "uri"),
    "title_fa": ("string", {"required": True}),
    "partner_id": ("integer", {"required": True}),
    "partner_kind": ("string", _choices(PartnerKind.choices)),
    "continent": ("string", _choices(Continent.choices)),
    "latitude": ("number", {"minimum": -90, "maximum": 90}),
    "longitude": ("number", {"minimum": -180, "maximum": 180}),
    "instrument": ("string", {"required": True, **_choices(Instrument.choices)}),
    "relationship": ("string", {"required": True, **_choices(Relationship.choices)}),
    "status": ("string", {"required": True, **_choices(Status.choices)}),
    "status_since": ("date", {}),
    "status_reason": ("string", {"enum": ["end_date"]}),
    "in_force": ("boolean", {"required": True}),
    "signed_on": ("date", {}),
    "signed_precision": ("string", _choices(Precision.choices)),
    "ends_on": ("date", {}),
    "review_on": ("date", {}),
    "related_agreement_id": ("integer", {}),
    "related_agreement_link": ("string", _choices(LinkKind.choices)),
}
AGREEMENT_TITLES_FA = {
    "id": "شناسه", "url": "نشانی", "title_fa": "عنوان فارسی", "title_en": "عنوان انگلیسی",
    "partner_id": "شناسه طرف", "partner_name_fa": "نام فارسی طرف", "partner_name_en": "نام انگلیسی طرف",
    "partner_kind": "گونه طرف", "country_code": "کد کشور", "country_name_fa": "نام فارسی کشور",
    "country_name_en": "نام انگلیسی کشور", "continent": "قاره", "latitude": "عرض جغرافیایی",
    "longitude": "طول جغرافیایی", "instrument": "نوع سند", "relationship": "نوع پیوند", "status": "وضعیت",
    "status_since": "وضعیت از", "status_reason": "علت وضعیت", "in_force": "نافذ", "signed_on": "تاریخ امضا",
    "signed_on_jalali": "تاریخ امضا (خورشیدی)", "signed_precision": "دقت تاریخ امضا", "administration": "دولت",
    "administration_candidates": "دولت‌های ممکن", "administration_name_en": "نام انگلیسی دولت",
    "administration_name_fa": "نام فارسی دولت", "ends_on": "تاریخ پایان", "review_on": "تاریخ بازنگری",
    "related_agreement_id": "سند مرتبط", "related_agreement_link": "نسبت با سند مرتبط",
    "summary_fa": "خلاصه فارسی", "summary_en": "خلاصه انگلیسی", "source": "منبع",
    "sources": "منبع‌ها",
}


@dataclass
class Table:
    name: str
    path: str
    title: tuple
    description: tuple
    fields: list
    primary_key: list = field(default_factory=lambda: ["id"])
    foreign_keys: list = field(default_factory=list)

    def resource(self):
        return {
            "name": self.name,
            "path": self.path,
            "title": self.title[0],
            "title_fa": self.title[1],
            "description": self.description[0],
            "description_fa": self.description[1],
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            # The CSVs start with a byte-order mark, for spreadsheet programs.
            "encoding": "utf-8-sig",
            "schema": {
                "fields": self.fields,
                "missingValues": MISSING,
                "primaryKey": self.primary_key,
                "foreignKeys": self.foreign_keys,
            },
        }


def _field(name, type_, titles, descriptions, constraints=None, format_=None):
    described = {
        "name": name,
        "type": type_,
        "title": titles[0],
        "title_fa": titles[1],
        "description": descriptions[0],
        "description_fa": descriptions[1],
    }
    if format_:
        described["format"] = format_
    if constraints:
        described["constraints"] = constraints
    return described


def source_fields():
    fields = []
    for name, description in opendata_sources.SOURCE_COLUMNS:
        type_, constraints = SOURCE_TYPES.get(name, ("string", {}))
        fields.append(_field(name, type_, SOURCE_TITLES[name], in_each_language(description), constraints))
    return fields


def agreement_fields():
    fields = []
    for name, description in opendata.COLUMNS:
        type_, constraints, *format_ = AGREEMENT_TYPES.get(name, ("string", {}))
        title = (name.replace("_", " ").capitalize(), AGREEMENT_TITLES_FA[name])
        fields.append(_field(name, type_, title, in_each_language(description), constraints, *format_))
    return fields


# (name, type, (title en, fa), (description en, fa), constraints)
PARTNER_FIELDS = [
    ("id", "integer", ("Id", "شناسه"), ("The partner's number in the registry; stable.", "شماره طرف در ثبت؛ ثابت."),
     {"required": True, "unique": True}),
    ("url", "string", ("URL", "نشانی"), ("The partner's public page.", "صفحه عمومی طرف."), {"required": True}),
    ("name_fa", "string", ("Name in Persian", "نام فارسی"), ("The partner's name in Persian.", "نام طرف به فارسی."),
     {"required": True}),
    ("name_en", "string", ("Name in English", "نام انگلیسی"), ("The partner's name in English.", "نام طرف به انگلیسی."),
     {}),
    ("kind", "string", ("Kind", "گونه"), ("city, region or organisation.", "شهر (city)، ایالت/استان (region) یا سازمان (organisation)."),
     {"required": True, **_choices(PartnerKind.choices)}),
    ("country_code", "string", ("Country code", "کد کشور"),
     ("ISO 3166-1 alpha-2 code of the partner's country; empty for an organisation.",
      "کد دوحرفی ISO 3166-1 کشور طرف؛ برای سازمان خالی."), {"pattern": "[A-Z]{2}"}),
    ("country_name_fa", "string", ("Country in Persian", "نام فارسی کشور"), ("The country's name in Persian.", "نام کشور به فارسی."), {}),
    ("country_name_en", "string", ("Country in English", "نام انگلیسی کشور"), ("The country's name in English.", "نام کشور به انگلیسی."), {}),
    ("continent", "string", ("Continent", "قاره"),
     ("AS, EU, AF, NA, SA, OC: the continent the registry files the country under.",
      "قاره‌ای که ثبت کشور را در آن می‌شمارد: AS، EU، AF، NA، SA، OC."), _choices(Continent.choices)),
    ("latitude", "number", ("Latitude", "عرض جغرافیایی"), ("WGS 84, decimal degrees.", "WGS 84، درجه اعشاری."),
     {"minimum": -90, "maximum": 90}),
    ("longitude", "number", ("Longitude", "طول جغرافیایی"), ("WGS 84, decimal degrees.", "WGS 84، درجه اعشاری."),
     {"minimum": -180, "maximum": 180}),
    ("geonames_id", "integer", ("GeoNames id", "شناسه GeoNames"), ("The partner's GeoNames id.", "شناسه طرف در GeoNames."), {}),
    ("wikidata_id", "string", ("Wikidata id", "شناسه ویکی‌داده"), ("The partner's Wikidata item (Q…).", "شناسه طرف در ویکی‌داده (Q…)."),
     {"pattern": "Q[0-9]+"}),
    ("agreements", "integer", ("Agreements", "سندها"),
     ("How many public agreements the registry has with this partner (drafts included).",
      "شمار سندهای عمومی ثبت با این طرف (با پیش‌نویس‌ها)."), {"required": True, "minimum": 1}),
]
STATUS_CHANGE_FIELDS = [
    ("id", "integer", ("Id", "شناسه"), ("The status change's number in the registry; stable.", "شماره تغییر وضعیت در ثبت؛ ثابت."),
     {"required": True, "unique": True}),
    ("agreement_id", "integer", ("Agreement", "سند"), ("The agreement whose status changed.", "سندی که وضعیتش تغییر کرد."),
     {"required": True}),
    ("sequence", "integer", ("Order", "ترتیب"),
     ("The change's place in the agreement's history, from 1 (oldest); undated changes are placed by the order they were recorded.",
      "جای تغییر در تاریخچه سند، از ۱ (قدیمی‌ترین)؛ تغییرهای بی‌تاریخ به ترتیب ثبت جای می‌گیرند."),
     {"required": True, "minimum": 1}),
    ("status", "string", ("Status", "وضعیت"), ("draft, active, suspended, lapsed or terminated.", "پیش‌نویس، فعال، معلق، منقضی یا لغوشده."),
     {"required": True, **_choices(Status.choices)}),
    ("date", "date", ("Date", "تاریخ"),
     ("ISO 8601 date of the change; the first day of the month or year when only that is known; empty when not known.",
      "تاریخ تغییر به ISO 8601؛ روز نخست ماه یا سال هرگاه تنها همان معلوم است؛ خالی هرگاه معلوم نیست."), {}),
    ("date_jalali", "string", ("Date (Jalali)", "تاریخ (خورشیدی)"),
     ("The date in the Jalali calendar, to its precision.", "تاریخ به تقویم خورشیدی، به دقت آن."), {}),
    ("precision", "string", ("Precision", "دقت"), ("day, month or year: how much of the date is known.", "روز، ماه یا سال: چه اندازه از تاریخ معلوم است."),
     _choices(Precision.choices)),
    ("decided_by", "string", ("Decided by", "مرجع تصمیم"),
     ("The body that decided: a council resolution, the mayor, the partner's notice…", "مرجعی که تصمیم گرفت: مصوبه شورا، شهردار، اعلام طرف…"), {}),
    ("reason_fa", "string", ("Reason in Persian", "علت به فارسی"), ("Why, in Persian.", "چرا، به فارسی."), {}),
    ("reason_en", "string", ("Reason in English", "علت به انگلیسی"), ("Why, in English.", "چرا، به انگلیسی."), {}),
]

# The sources table is open data's own (public/opendata_sources.py, /data/sources.csv):
# its columns in its order, typed and titled here.
SOURCE_TYPES = {
    "id": ("integer", {"required": True, "unique": True}),
    "kind": ("string", {"required": True}),
    "title": ("string", {"required": True}),
    "published_on": ("date", {}),
    "consulted_on": ("date", {}),
}
SOURCE_TITLES = {
    "id": ("Id", "شناسه"), "kind": ("Kind", "گونه"), "author": ("Authors", "نویسندگان"),
    "publisher": ("Publisher", "ناشر"), "title": ("Title", "عنوان"), "published_on": ("Published on", "تاریخ انتشار"),
    "published_precision": ("Precision of publication date", "دقت تاریخ انتشار"),
    "published_jalali": ("Published on (Jalali)", "تاریخ انتشار (خورشیدی)"), "url": ("URL", "نشانی"),
    "consulted_on": ("Consulted on", "تاریخ مراجعه"), "language": ("Language", "زبان"),
    "agreements": ("Agreements", "سندها"),
}


def tables():
    return [
        Table(
            "agreements", "agreements.csv",
            ("Agreements", "سندها"),
            ("One row per public agreement: the registry's open-data list.", "یک سطر برای هر سند عمومی: فهرست داده باز ثبت."),
            agreement_fields(),
            foreign_keys=[
                {"fields": ["partner_id"], "reference": {"resource": "partners", "fields": ["id"]}},
                {"fields": ["related_agreement_id"], "reference": {"resource": "", "fields": ["id"]}},
            ],
        ),
        Table(
            "partners", "partners.csv",
            ("Partners", "طرف‌ها"),
            ("One row per partner of a public agreement.", "یک سطر برای هر طرف یک سند عمومی."),
            [_field(name, type_, titles, descriptions, constraints)
             for name, type_, titles, descriptions, constraints in PARTNER_FIELDS],
        ),
        Table(
            "status_changes", "status-changes.csv",
            ("Status changes", "تغییرهای وضعیت"),
            ("The dated status history of every public agreement, oldest first.",
             "تاریخچه دارای تاریخ وضعیت هر سند عمومی، از قدیمی‌ترین."),
            [_field(name, type_, titles, descriptions, constraints)
             for name, type_, titles, descriptions, constraints in STATUS_CHANGE_FIELDS],
            foreign_keys=[{"fields": ["agreement_id"], "reference": {"resource": "agreements", "fields": ["id"]}}],
        ),
        Table(
            "sources", "sources.csv",
            ("Sources", "منبع‌ها"),
            ("The sources the records come from.", "منبع‌هایی که سوابق از آن‌ها آمده است."),
            source_fields(),
        ),
    ]


def descriptor(base_url, last_change):
    number, _changed_at = version.current()
    return {
        "profile": "tabular-data-package",
        "name": "tehran-international-partnerships",
        "id": f"{base_url}/data/datapackage.json",
        "title": TITLE[0],
        "title_fa": TITLE[1],
        "description": DESCRIPTION[0],
        "description_fa": DESCRIPTION[1],
        "homepage": f"{base_url}/",
        # Any write to the registry raises it (registry/version.py).
        "version": str(number),
        "created": last_change.isoformat() if last_change else None,
        "licenses": [LICENCE],
        "contributors": [{"title": PUBLISHER[0], "title_fa": PUBLISHER[1], "role": "publisher", "path": f"{base_url}/"}],
        "sources": [{"title": f"{STUDY['authors_en']}. {STUDY['title_en']}. {STUDY['publisher']}, {STUDY['year']}."}],
        "keywords": ["sister cities", "twinning", "city diplomacy", "Tehran", "خواهرشهری"],
        "resources": [table.resource() for table in tables()],
    }


def public_partners():
    """Partners of public agreements, with how many each has: one query.
    Each partner's public agreements are counted from an index of them
    (agreement_public_by_partner), partner by partner: grouping the joined
    rows instead has the database sort them by every column shown."""
    public = Agreement.objects.public().filter(partner=OuterRef("pk")).order_by()
    counted = public.values("partner").annotate(n=Count("pk")).values("n")
    return (
        Partner.objects.filter(Exists(public))
        .annotate(agreement_count=Subquery(counted))
        .order_by("pk")
        .values(
            "pk", "name_fa", "name_en", "kind", "geonames_id", "wikidata_id", "agreement_count",
            country_code=F("country_id"),
            country_name_fa=F("country__name_fa"),
            country_name_en=F("country__name_en"),
            continent=F("country__continent"),
            lat=Cast("latitude", FloatField()),
            lon=Cast("longitude", FloatField()),
        )
    )


def partner_pattern():
    """The Persian partner page's path with 0 for the id (see opendata.page_pattern)."""
    with translation.override("fa"):
        return reverse("partner", args=[0])


# A row of public_partners(), in this order: the CSV reads tuples, the API dicts.
PARTNER_READ = [
    "pk", "name_fa", "name_en", "kind", "country_code", "country_name_fa", "country_name_en", "continent",
    "lat", "lon", "geonames_id", "wikidata_id", "agreement_count",
]


def partner_values(row, base_url, pattern):
    """A partner, a tuple of PARTNER_READ values, as a tuple in PARTNER_COLUMNS' order."""
    (
        pk, name_fa, name_en, kind, country_code, country_name_fa, country_name_en, continent,
        latitude, longitude, geonames_id, wikidata_id, agreements,
    ) = row
    return (
        pk, base_url + pattern.replace("/0/", f"/{pk}/"), name_fa, name_en, kind, country_code, country_name_fa,
        country_name_en, continent, latitude, longitude, geonames_id, wikidata_id or None, agreements,
    )


def partner_record(row, base_url="", pattern=None):
    """A partner (a row of public_partners()) as a dict keyed by PARTNER_COLUMNS."""
    values = partner_values([row[name] for name in PARTNER_READ], base_url, pattern or partner_pattern())
    return dict(zip(PARTNER_COLUMNS, values))


def partner_rows(base_url=""):
    """Every public partner as partner_values(), read as tuples."""
    pattern = partner_pattern()
    for row in public_partners().values_list(*PARTNER_READ).iterator(chunk_size=opendata.CHUNK):
        yield partner_values(row, base_url, pattern)


def public_status_changes(agreements=None):
    """Status changes of public agreements, each agreement's in its history's order."""
    agreements = agreements if agreements is not None else Agreement.objects.public()
    return (
        StatusChange.objects.filter(agreement__in=agreements)
        .placed()
        .order_by("agreement_id", F("placed_on").asc(nulls_first=True), "pk")
        .values_list("pk", "agreement_id", "status", "date", "precision", "decided_by", "reason", "reason_en")
    )


def status_change_rows(agreements=None):
    """Each status change as a tuple in STATUS_CHANGE_COLUMNS' order, its
    place in its agreement's history counted from 1."""
    previous, sequence = None, 0
    for pk, agreement_id, status, date, precision, decided_by, reason, reason_en in (
        public_status_changes(agreements).iterator(chunk_size=opendata.CHUNK)
    ):
        sequence = sequence + 1 if agreement_id == previous else 1
        previous = agreement_id
        yield (
            pk,
            agreement_id,
            sequence,
            status,
            date.isoformat() if date else None,
            jalali.format_input(date, precision, language="en") or None,
            precision if date else None,
            decided_by or None,
            reason or None,
            reason_en or None,
        )


def status_change_records(agreements=None):
    for values in status_change_rows(agreements):
        yield dict(zip(STATUS_CHANGE_COLUMNS, values))


class _Line:
    def write(self, line):
        return line


def csv_stream(names, rows):
    """CSV bytes, UTF-8 with a byte-order mark, from rows of values in the
    order of `names`, each cell through the registry's cell policy
    (registry.spreadsheets; these rows hold no list nor boolean for
    opendata.cell to write out)."""
    writer = csv.writer(_Line())
    yield ("\ufeff" + writer.writerow(names)).encode()
    lines = []
    for values in rows:
        lines.append(writer.writerow(spreadsheets.cells(values, xlsx=False)))
        if len(lines) == 500:
            yield "".join(lines).encode()
            lines = []
    yield "".join(lines).encode()


PARTNER_COLUMNS = [name for name, *_rest in PARTNER_FIELDS]
STATUS_CHANGE_COLUMNS = [name for name, *_rest in STATUS_CHANGE_FIELDS]
