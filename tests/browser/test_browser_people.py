"""The user, group, password and sign-in lockout pages a viewer, an
editor or an administrator can reach, walked in Chromium on Persian pages: no English
word and no Latin digit outside left-to-right boxes (names and addresses
people typed are data, not the page's words)."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, User

from tests.builders import role, staff

from .desk import VISIBLE_TEXT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long password 1"
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def fa_page(open_page):
    return open_page(locale="fa-IR")


def member(group_name):
    user = staff(group_name, username=f"{group_name}-person")
    user.first_name, user.email = "سارا", f"{group_name}@example.org"
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in_as(page, live_server, username):
    page.context.add_cookies([{"name": "django_language", "value": "fa", "url": live_server.url}])
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def english_on(page, url, data):
    page.goto(url)
    assert page.get_attribute("html", "lang") == "fa", url
    problems = []
    for text in page.evaluate(VISIBLE_TEXT):
        for value in data:
            text = text.replace(value, "")
        if LATIN_WORD.search(text) or re.search(r"[0-9]", text):
            problems.append(f"{url}: {text[:100]!r}")
    return problems


def people_pages(editor, group):
    return [
        "/admin/auth/user/", "/admin/auth/user/?group=%d" % group.pk, "/admin/auth/user/add/",
        f"/admin/auth/user/{editor.pk}/change/", f"/admin/auth/user/{editor.pk}/password/",
        f"/admin/auth/user/{editor.pk}/history/",
        "/admin/auth/group/", "/admin/auth/group/add/", f"/admin/auth/group/{group.pk}/change/",
        "/admin/password_change/", "/admin/axes/accessattempt/", "/admin/axes/",
    ]


def test_an_administrator_reads_the_user_and_group_pages_in_persian_only(seeded, live_server, fa_page):
    for name in ("viewer", "editor"):
        role(name)
    boss = member("administrator")
    editor = member("editor")
    AccessAttempt.objects.create(username="reza", ip_address="10.0.0.7", user_agent="Firefox", http_accept="*/*",
                                 path_info="/admin/login/", get_data="", post_data="", failures_since_start=5)
    sign_in_as(fa_page, live_server, boss.username)
    data = [user.username for user in User.objects.all()] + [user.email for user in User.objects.all()] + ["reza"]
    problems = []
    for url in people_pages(editor, Group.objects.get(name="editor")):
        problems += english_on(fa_page, f"{live_server.url}{url}", data)
    # The add page's group choices and the change page's group list by their Persian names.
    fa_page.goto(f"{live_server.url}/admin/auth/user/add/")
    assert fa_page.locator("#id_group").inner_text().split() == ["مدیر", "ویراستار", "بیننده"]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("group_name", ["viewer", "editor"])
def test_a_viewer_or_an_editor_reads_every_page_of_their_own_account_in_persian(
    seeded, live_server, fa_page, group_name
):
    person = member(group_name)
    sign_in_as(fa_page, live_server, person.username)
    problems = []
    for url in ["/admin/", "/admin/password_change/"]:
        problems += english_on(fa_page, f"{live_server.url}{url}", [person.username, person.email])
    # The refusal page offers English by its own name, as language switches do.
    problems += english_on(fa_page, f"{live_server.url}/admin/auth/user/", [person.username, "English"])
    assert not problems, "\n".join(problems)


def test_the_forgotten_password_pages_read_in_persian(live_server, fa_page):
    fa_page.context.add_cookies([{"name": "django_language", "value": "fa", "url": live_server.url}])
    problems = []
    for url in ["/admin/login/", "/admin/password_reset/", "/admin/password_reset/done/",
                "/admin/reset/MQ/bad-token/", "/admin/reset/done/"]:
        problems += english_on(fa_page, f"{live_server.url}{url}", [])
    assert not problems, "\n".join(problems)
