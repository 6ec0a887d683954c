"""Small builders for test data: just enough rows, made in the test that needs them."""

import datetime

from django.contrib.auth.models import Group, User

from registry.models import Agreement, Country, Partner, StatusChange

COUNTRIES = {
    "KG": ("Kyrgyzstan", "قرقیزستان", "AS"),
    "DE": ("Germany", "آلمان", "EU"),
    "TJ": ("Tajikistan", "تاجیکستان", "AS"),
}


def country(code="KG", name_en=None, name_fa=None, continent=None):
    known_en, known_fa, known_continent = COUNTRIES.get(code, (code, code, "AS"))
    return Country.objects.get_or_create(
        code=code,
        defaults={
            "name_en": name_en or known_en,
            "name_fa": name_fa or known_fa,
            "continent": continent or known_continent,
        },
    )[0]


def partner(name_en="Bishkek", name_fa="بیشکک", code="KG", geonames_id=None, wikidata_id="", **extra):
    """A partner; code=None for one without a country (an organisation)."""
    return Partner.objects.create(
        name_en=name_en, name_fa=name_fa, country=country(code) if code else None,
        geonames_id=geonames_id, wikidata_id=wikidata_id, **extra,
    )


def agreement(partner_=None, title_fa="معاهده خواهر شهری", status="active",
              signed_on=datetime.date(1994, 5, 23), **extra):
    """An agreement with one status change dated at its signing (none when status is None)."""
    made = Agreement.objects.create(
        partner=partner_ or partner(), title_fa=title_fa, title_en=extra.pop("title_en", "Sister city treaty"),
        instrument=extra.pop("instrument", "treaty"), relationship=extra.pop("relationship", "sister_city"),
        signed_on=signed_on, **extra,
    )
    if status:
        StatusChange.objects.create(agreement=made, status=status, date=signed_on)
        made.refresh_from_db()
    return made


def role(name):
    """A staff group as migration 0003 made it; again after a test that
    emptied the database (a browser test) removed it."""
    from django.contrib.auth.models import Permission
    from django.core.management.sql import emit_post_migrate_signal

    from staff.roles import role_permissions

    if not Permission.objects.exists():
        # A serialized_rollback test empties the database on its way out
        # without post_migrate's content types and permissions (Django puts
        # them back only for the next such test): made again here.
        emit_post_migrate_signal(0, False, Permission.objects.db)
    group, made = Group.objects.get_or_create(name=name)
    if made:
        wanted = role_permissions()[name]
        permissions = Permission.objects.all()
        if wanted is not None:
            codes = {codename for _app, codename in wanted}
            permissions = permissions.filter(content_type__app_label="registry", codename__in=codes)
        group.permissions.set(permissions)
    return group


def staff(role_name, username=None):
    user = User.objects.create_user(username or f"{role_name}-user", password="x", is_staff=True)
    user.groups.add(role(role_name))
    return user
