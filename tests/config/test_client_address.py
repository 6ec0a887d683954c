"""Who is asking (config.middleware.client_address): one rule for sign-in
throttling (django-axes) and the open-data download limits, which read it
from request.client_address."""

import pytest
from django.test import Client, RequestFactory

from config.middleware import client_address


@pytest.mark.parametrize("header, given, expected", [
    ("", None, "192.0.2.1"),
    ("", "10.0.0.1", "192.0.2.1"),  # no proxy configured: a header is anyone's to send
    ("HTTP_X_REAL_IP", None, "192.0.2.1"),
    ("HTTP_X_REAL_IP", "10.0.0.1", "10.0.0.1"),
    ("HTTP_X_REAL_IP", " 10.0.0.1 , 10.0.0.2", "10.0.0.1"),
    ("HTTP_X_REAL_IP", "2001:db8::7", "2001:db8::7"),
    ("HTTP_X_REAL_IP", "fe80::1%eth0", "fe80::1"),
    ("HTTP_X_REAL_IP", "unknown", "192.0.2.1"),
    ("HTTP_X_REAL_IP", "۱۰.۰.۰.۱", "192.0.2.1"),
])
def test_the_visitor_is_the_remote_address_or_the_first_address_the_proxy_names(settings, header, given, expected):
    settings.CLIENT_IP_HEADER = header
    meta = {"REMOTE_ADDR": "192.0.2.1", **({"HTTP_X_REAL_IP": given} if given is not None else {})}
    assert client_address(RequestFactory().get("/", **meta)) == expected


@pytest.mark.django_db
def test_every_request_carries_the_address_it_came_from(settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    response = Client(REMOTE_ADDR="127.0.0.1").get("/fa/", HTTP_X_REAL_IP="10.0.0.9")
    assert response.wsgi_request.client_address == "10.0.0.9"
