"""Small builders for public-site tests: just enough rows, made in the test."""

import datetime

from registry.models import Agreement, Country, Partner, Status, StatusChange


def country(code="DE", continent="EU", name_en="Germany", name_fa="آلمان"):
    return Country.objects.get_or_create(
        code=code, defaults={"continent": continent, "name_en": name_en, "name_fa": name_fa}
    )[0]


def partner(name_en="Hamburg", name_fa="هامبورگ", country_code="DE", latitude=53.55, longitude=9.99, **extra):
    return Partner.objects.create(
        name_en=name_en,
        name_fa=name_fa,
        country=country(country_code) if country_code else None,
        latitude=latitude,
        longitude=longitude,
        **extra,
    )


def agreement(partner_=None, status=Status.ACTIVE, signed_on=datetime.date(2010, 5, 1), **extra):
    extra.setdefault("title_fa", "یادداشت تفاهم همکاری")
    extra.setdefault("title_en", "Memorandum of understanding on cooperation")
    extra.setdefault("instrument", "mou")
    extra.setdefault("relationship", "cooperation")
    made = Agreement.objects.create(partner=partner_ or partner(), signed_on=signed_on, **extra)
    StatusChange.objects.create(agreement=made, status=status, date=signed_on)
    made.refresh_from_db()
    return made
