"""Values from the URL, the query string and forms are bounded and cleaned before they reach
a database lookup: anyone, without logging in, gets a 4xx rather than a 500 for a NUL byte or
an over-long value (PostgreSQL refuses NUL in text and overflowing varchar columns)."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    return Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)


def test_a_login_with_a_very_long_user_name_is_refused_without_a_server_error(anonymous):
    response = anonymous.post(
        reverse("login"), {"username": "a" * 300 + "@example.org", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "Ensure this value has at most" in response.text


def test_an_invitation_link_with_a_nul_byte_is_a_bad_request(anonymous):
    response = anonymous.get("/invite/abc%00def/")
    assert response.status_code in (400, 404)


def test_a_nul_byte_in_the_query_string_is_a_bad_request(anonymous):
    response = anonymous.get(reverse("login") + "?next=/%00x")
    assert response.status_code == 400


def test_a_nul_byte_in_a_posted_field_is_a_bad_request(anonymous):
    response = anonymous.post(reverse("login"), {"username": "a\x00b@example.org", "password": "x"})
    assert response.status_code == 400


def test_a_password_reset_for_a_very_long_address_is_refused(anonymous):
    response = anonymous.post(reverse("password_reset"), {"email": "a" * 300 + "@example.org"})
    assert response.status_code == 200
    assert "Ensure this value has at most" in response.text


def test_an_over_long_invitation_token_is_not_found(anonymous):
    response = anonymous.get("/invite/" + "x" * 500 + "/")
    assert response.status_code == 404
