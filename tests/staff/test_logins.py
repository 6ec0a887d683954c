"""Sign-in throttling and staff sessions (issue 11, finding 5)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.builders import staff

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    # Throttling, not hashing, is under test: a dozen sign-ins stay quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def fail_until_locked(client, username):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, username, "wrong-password")


def test_the_right_password_is_refused_after_too_many_wrong_ones(client):
    staff("editor", username="maryam").set_password("correct-horse")
    user = staff("viewer", username="reza")
    user.set_password("correct-horse")
    user.save()
    fail_until_locked(client, "reza")
    response = sign_in(client, "reza", "correct-horse")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()


def test_a_locked_out_name_and_an_unknown_name_get_the_same_page(client):
    user = staff("viewer", username="reza")
    user.set_password("correct-horse")
    user.save()
    fail_until_locked(client, "reza")
    known = sign_in(client, "reza", "correct-horse")
    fail_until_locked(client, "nobody-by-this-name")
    unknown = sign_in(client, "nobody-by-this-name", "whatever")
    assert known.status_code == unknown.status_code == 429
    assert known.content.decode().replace("reza", "") == unknown.content.decode().replace("nobody-by-this-name", "")
    assert "reza" not in known.content.decode()


def test_the_lockout_page_is_in_persian_by_default_and_says_how_long_to_wait(client):
    fail_until_locked(client, "reza")
    html = sign_in(client, "reza", "x").content.decode()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert "ورود" in html and str(minutes).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in html


def test_the_lock_cools_off_rather_than_lasting_for_ever(client):
    user = staff("viewer", username="reza")
    user.set_password("correct-horse")
    user.save()
    fail_until_locked(client, "reza")
    assert sign_in(client, "reza", "correct-horse").status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.timezone.utc) - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    response = sign_in(client, "reza", "correct-horse")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_another_user_from_the_same_address_can_still_sign_in(client):
    user = staff("viewer", username="sara")
    user.set_password("correct-horse")
    user.save()
    fail_until_locked(client, "reza")
    assert sign_in(client, "sara", "correct-horse").status_code == 302


def test_a_staff_session_lasts_a_working_day_and_ends_with_the_browser(client):
    user = staff("viewer", username="reza")
    user.set_password("correct-horse")
    user.save()
    response = sign_in(client, "reza", "correct-horse")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie
    assert 8 * 3600 <= client.session.get_expiry_age() <= 10 * 3600
    assert client.get(reverse("admin:index")).status_code == 200


def test_behind_a_proxy_each_visitor_is_throttled_on_their_own(client, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    user = staff("viewer", username="reza")
    user.set_password("correct-horse")
    user.save()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "reza", "password": "wrong", "next": "/admin/"}, HTTP_X_REAL_IP="10.0.0.1")
    locked = client.post(LOGIN, {"username": "reza", "password": "correct-horse", "next": "/admin/"}, HTTP_X_REAL_IP="10.0.0.1")
    other = client.post(LOGIN, {"username": "reza", "password": "correct-horse", "next": "/admin/"}, HTTP_X_REAL_IP="10.0.0.2")
    assert (locked.status_code, other.status_code) == (429, 302)


@pytest.mark.parametrize("forged", ["not-an-address", "10.0.0.1\x00", "1" * 5000, "fe80::1%eth0"])
def test_a_sign_in_whose_proxy_header_names_no_address_is_answered_not_failed(client, settings, forged):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    user = staff("viewer", username="reza")
    user.set_password("correct-horse")
    user.save()
    client.raise_request_exception = False
    wrong = client.post(LOGIN, {"username": "reza", "password": "wrong", "next": "/admin/"}, HTTP_X_REAL_IP=forged)
    right = client.post(LOGIN, {"username": "reza", "password": "correct-horse", "next": "/admin/"},
                        HTTP_X_REAL_IP=forged)
    assert (wrong.status_code, right.status_code) == (200, 302)
