"""A colleague added in one step: name, e-mail, group and a password or an
e-mailed link; being in a group is what lets them sign in."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core import mail

from tests.builders import role, staff

pytestmark = pytest.mark.django_db

ADD = "/admin/auth/user/add/"


@pytest.fixture
def boss(client):
    user = User.objects.create_superuser("boss", "boss@example.org", "a long password 1")
    client.force_login(user)
    return user


def add_member(client, **fields):
    data = {"first_name": "مریم", "last_name": "احمدی", "username": "maryam", "email": "maryam@example.org",
            "group": "editor", "password1": "", "password2": "", **fields}
    return client.post(ADD, data)


def can_sign_in(username, password):
    from django.test import Client

    other = Client()
    other.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})
    return other.get("/admin/").status_code == 200


def test_the_add_page_offers_the_groups_by_their_persian_names(client, boss):
    for name in ("viewer", "editor", "administrator"):
        role(name)
    html = client.get(ADD).content.decode()
    labels = re.findall(r'<label for="id_group_\d">\s*<input[^>]*>\s*([^<]+?)\s*</label>', html)
    assert labels == ["مدیر", "ویراستار", "بیننده"]
    assert 'value="editor"' in html


@pytest.mark.parametrize("group", ["viewer", "editor", "administrator"])
def test_a_colleague_given_a_password_and_a_group_can_sign_in_at_once(client, boss, group):
    role(group)
    response = add_member(client, group=group, password1="a long password 2", password2="a long password 2")
    assert response.status_code == 302
    maryam = User.objects.get(username="maryam")
    assert [g.name for g in maryam.groups.all()] == [group]
    assert maryam.is_staff and not maryam.is_superuser
    assert can_sign_in("maryam", "a long password 2")


def test_a_colleague_without_a_password_is_mailed_a_link_to_choose_one(client, boss):
    role("editor")
    add_member(client)
    assert [message.to for message in mail.outbox] == [["maryam@example.org"]]
    link = re.search(r"https?://[^/\s]+(/admin/reset/\S+/)", mail.outbox[0].body).group(1)
    # Django's confirm view redirects to a page without the token in its URL.
    chooser = client.get(link, follow=True)
    assert chooser.status_code == 200
    form_url = chooser.redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "my own password 9", "new_password2": "my own password 9"})
    assert can_sign_in("maryam", "my own password 9")


def test_without_a_password_the_e_mail_address_is_required(client, boss):
    role("editor")
    response = add_member(client, email="")
    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="maryam").exists()


def test_two_different_passwords_add_nobody(client, boss):
    role("editor")
    add_member(client, password1="a long password 2", password2="a long password 3")
    assert not User.objects.filter(username="maryam").exists()


def test_taken_out_of_every_group_a_colleague_can_no_longer_sign_in(client, boss):
    maryam = staff("editor", username="maryam")
    maryam.set_password("a long password 2")
    maryam.save()
    assert can_sign_in("maryam", "a long password 2")
    page = client.get(f"/admin/auth/user/{maryam.pk}/change/")
    data = {
        key: value for key, value in page.context["adminform"].form.initial.items()
        if key in ("username", "first_name", "last_name", "email") and value is not None
    }
    data.update({"is_active": "on", "date_joined_0": "2024-01-01", "date_joined_1": "00:00:00"})
    response = client.post(f"/admin/auth/user/{maryam.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    maryam.refresh_from_db()
    assert not maryam.is_staff
    assert not can_sign_in("maryam", "a long password 2")


def test_the_sign_in_page_links_django_s_password_reset_in_persian(client):
    login = client.get("/admin/login/").content.decode()
    assert 'href="/admin/password_reset/"' in login
    reset = client.get("/admin/password_reset/").content.decode()
    assert 'lang="fa"' in reset and 'dir="rtl"' in reset
    assert "گذرواژه" in reset


def test_the_readme_tells_an_administrator_what_to_do_when_the_password_is_lost():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert ".venv/bin/python manage.py changepassword" in readme


def test_an_administrator_unlocks_a_colleague_locked_out_by_wrong_passwords(client, settings):
    from axes.models import AccessAttempt

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    maryam = staff("editor", username="maryam")
    maryam.set_password("a long password 2")
    maryam.save()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "maryam", "password": "wrong", "next": "/admin/"})
    assert not can_sign_in("maryam", "a long password 2")
    boss = staff("administrator", username="boss")
    client.force_login(boss)
    listed = client.get("/admin/axes/accessattempt/").content.decode()
    assert '<bdi dir="ltr">maryam</bdi>' in listed
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    client.post("/admin/axes/accessattempt/", {"action": "unlock", "_selected_action": attempts})
    assert not AccessAttempt.objects.exists()
    assert can_sign_in("maryam", "a long password 2")
