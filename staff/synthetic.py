"""A synthetic registry at the scale of the world's twinning network, for
benchmarks and load tests: partners drawn from the gazetteer's real cities,
agreements, status histories and activities in realistic proportions.
Every synthetic agreement says so in its source."""

import datetime
import random

import jdatetime
from django.db import transaction

from registry.models import (
    Activity,
    ActivityKind,
    Agreement,
    Country,
    Instrument,
    Partner,
    PartnerKind,
    Precision,
    Relationship,
    Status,
    StatusChange,
    sync_statuses,
)
from registry.seed import load_countries, load_mayor_series, load_presidents
from registry.text import normalize

from . import gazetteer
from .models import Place

SOURCE = "Synthetic record made by manage.py seed_scale for load tests; not a real agreement."
BATCH = 2000

INSTRUMENTS = {Instrument.MOU: 45, Instrument.AGREEMENT: 20, Instrument.TREATY: 10, Instrument.ACCORD: 10,
               Instrument.PACT: 10, Instrument.CONTRACT: 5}
RELATIONSHIPS = {Relationship.COOPERATION: 40, Relationship.SISTER_CITY: 30, Relationship.FRIENDSHIP: 15,
                 Relationship.FRIENDSHIP_COOPERATION: 15}
# The latest status of an agreement, and the history that leads to it.
OUTCOMES = {Status.ACTIVE: 60, Status.LAPSED: 14, Status.TERMINATED: 8, Status.SUSPENDED: 8, Status.DRAFT: 10}
PRECISIONS = {Precision.DAY: 85, Precision.MONTH: 10, Precision.YEAR: 5}
ACTIVITY_KINDS = {ActivityKind.VISIT: 35, ActivityKind.MEETING: 25, ActivityKind.EVENT: 15,
                  ActivityKind.CORRESPONDENCE: 15, ActivityKind.PROJECT: 7, ActivityKind.OTHER: 3}
TITLES = [
    ("یادداشت تفاهم همکاری میان شهرداری تهران و {fa}", "Memorandum of understanding between Tehran and {en}"),
    ("تفاهم‌نامه خواهرخواندگی تهران و {fa}", "Sister city agreement of Tehran and {en}"),
    ("پیمان دوستی و همکاری تهران و {fa}", "Pact of friendship and cooperation, Tehran and {en}"),
    ("موافقت‌نامه همکاری فرهنگی و شهری با {fa}", "Agreement on cultural and urban cooperation with {en}"),
]
FIRST_YEAR, TODAY = 1975, datetime.date.today()


class RealRecords(Exception):
    """The database holds records that were not made by this module."""


def real_records():
    return Agreement.objects.exclude(source=SOURCE).count()


def _pick(rng, table, k):
    return rng.choices(list(table), weights=list(table.values()), k=k)


def _day(rng):
    """A signing day, more of them in recent years, as cities twin more."""
    span = (TODAY - datetime.date(FIRST_YEAR, 1, 1)).days
    return datetime.date(FIRST_YEAR, 1, 1) + datetime.timedelta(days=int(span * rng.random() ** 0.6))


def _to_precision(day, precision):
    """The first day of the Jalali month or year, as staff record a partial date."""
    j = jdatetime.date.fromgregorian(date=day)
    if precision == Precision.MONTH:
        return jdatetime.date(j.year, j.month, 1).togregorian()
    if precision == Precision.YEAR:
        return jdatetime.date(j.year, 1, 1).togregorian()
    return day


def _later(rng, day, years):
    return min(day + datetime.timedelta(days=rng.randint(60, int(365 * years))), TODAY)


def generate(partners, agreements, activities, seed=1403, force=False, log=print):
    """Add the synthetic registry to the database, in one transaction."""
    if real_records() and not force:
        raise RealRecords(f"The database holds {real_records()} real agreements; use --force to add synthetic ones.")
    rng = random.Random(seed)
    with transaction.atomic():
        load_countries()
        load_presidents()
        load_mayor_series()
    if not Place.objects.exists():
        log("Loading the gazetteer first …")
        gazetteer.load()
    countries = set(Country.objects.values_list("code", flat=True))
    taken = set(Partner.objects.exclude(geonames_id=None).values_list("geonames_id", flat=True))
    places = [p for p in Place.objects.order_by("geonames_id") if p.country in countries and p.geonames_id not in taken]
    organisations = max(1, partners // 200)
    cities = rng.sample(places, min(partners - organisations, len(places)))

    with transaction.atomic():
        made = Partner.objects.bulk_create(
            [
                Partner(
                    kind=PartnerKind.CITY,
                    name_fa=normalize(place.name_fa or place.name_en), name_en=normalize(place.name_en),
                    country_id=place.country,
                    latitude=round(place.latitude, 5), longitude=round(place.longitude, 5),
                    geonames_id=place.geonames_id,
                )
                for place in cities
            ]
            + [
                Partner(kind=PartnerKind.ORGANISATION, name_fa=f"سازمان بین‌المللی نمونه {n}",
                        name_en=f"Sample international organisation {n}")
                for n in range(1, organisations + 1)
            ],
            batch_size=BATCH,
        )
        log(f"{len(made)} partners")
        # Every partner has one agreement; the rest go mostly to a few big
        # partners, as capitals collect links.
        owners = made[:agreements] + rng.choices(
            made, weights=[1 / (i + 1) ** 0.5 for i in range(len(made))], k=max(0, agreements - len(made))
        )
        instruments = _pick(rng, INSTRUMENTS, agreements)
        relationships = _pick(rng, RELATIONSHIPS, agreements)
        outcomes = _pick(rng, OUTCOMES, agreements)
        precisions = _pick(rng, PRECISIONS, agreements)
        rows, histories = [], []
        for n, owner in enumerate(owners):
            title_fa, title_en = TITLES[n % len(TITLES)]
            undated = rng.random() < 0.02
            precision = precisions[n]
            signed = None if undated else _to_precision(_day(rng), precision)
            ends = signed + datetime.timedelta(days=365 * rng.choice([3, 5, 10])) if signed and rng.random() < 0.2 else None
            rows.append(
                Agreement(
                    partner=owner, title_fa=normalize(title_fa.format(fa=owner.name_fa)),
                    title_en=normalize(title_en.format(en=owner.name_en)),
                    instrument=instruments[n], relationship=relationships[n], signed_on=signed,
                    signed_precision=precision if signed else Precision.DAY, ends_on=ends,
                    is_public=rng.random() < 0.95, source=SOURCE, internal_notes="synthetic",
                    summary_fa="همکاری در حوزه‌های فرهنگی، شهری و اقتصادی.",
                    summary_en="Cooperation in culture, urban management and trade.",
                )
            )
            start = Status.DRAFT if outcomes[n] == Status.DRAFT else Status.ACTIVE
            history = [(start, signed)]
            if outcomes[n] == Status.ACTIVE and signed and rng.random() < 0.1:
                # Suspended for a while, then active again.
                suspended = _later(rng, signed, 8)
                history += [(Status.SUSPENDED, suspended), (Status.ACTIVE, _later(rng, suspended, 2))]
            elif outcomes[n] not in (Status.ACTIVE, Status.DRAFT):
                history.append((outcomes[n], _later(rng, signed, 12) if signed else None))
            histories.append(history)
        made_agreements = Agreement.objects.bulk_create(rows, batch_size=BATCH)
        log(f"{len(made_agreements)} agreements")
        changes = [
            StatusChange(agreement=agreement, status=status, date=day, reason="synthetic")
            for agreement, history in zip(made_agreements, histories)
            for status, day in history
        ]
        StatusChange.objects.bulk_create(changes, batch_size=BATCH)
        log(f"{len(changes)} status changes")
        sync_statuses([agreement.pk for agreement in made_agreements])
        concluded = [a for a, history in zip(made_agreements, histories) if history[-1][0] != Status.DRAFT]
        kinds = _pick(rng, ACTIVITY_KINDS, activities)
        Activity.objects.bulk_create(
            (
                Activity(
                    agreement=agreement, kind=kinds[n],
                    date=_later(rng, agreement.signed_on, 20) if agreement.signed_on else _day(rng),
                    description_fa="دیدار هیئت‌ها و پیگیری برنامه همکاری.",
                    description_en="Delegations met to follow up the cooperation programme.",
                )
                for n, agreement in enumerate(rng.choices(concluded, k=activities) if concluded else [])
            ),
            batch_size=BATCH,
        )
        log(f"{activities if concluded else 0} activities")
    return len(made), len(made_agreements)
