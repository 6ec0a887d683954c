"""Small builders for test data; each test says what it needs."""

import datetime

from django.contrib.auth.models import Group, User

from registry.models import Agreement, Country, Partner, StatusChange


def country(code="KG", name_en="Kyrgyzstan", name_fa="قرقیزستان", continent="AS"):
    return Country.objects.get_or_create(
        code=code, defaults={"name_en": name_en, "name_fa": name_fa, "continent": continent}
    )[0]


def partner(name_en="Bishkek", name_fa="بیشکک", code="KG", geonames_id=None, wikidata_id="", **extra):
    return Partner.objects.create(
        name_en=name_en, name_fa=name_fa, country=country(code), geonames_id=geonames_id,
        wikidata_id=wikidata_id, **extra,
    )


def agreement(partner_=None, title_fa="معاهده خواهر شهری", status="active", signed_on=datetime.date(1994, 5, 23), **extra):
    made = Agreement.objects.create(
        partner=partner_ or partner(), title_fa=title_fa, title_en=extra.pop("title_en", "Sister city treaty"),
        instrument=extra.pop("instrument", "treaty"), relationship=extra.pop("relationship", "sister_city"),
        signed_on=signed_on, **extra,
    )
    if status:
        StatusChange.objects.create(agreement=made, status=status, date=signed_on)
        made.refresh_from_db()
    return made


def staff(role, username=None):
    user = User.objects.create_user(username or f"{role}-user", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user
