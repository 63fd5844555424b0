import pytest
from django.urls import reverse

from tests.factories import PASSWORD, MembershipFactory


@pytest.mark.django_db
def test_it_logs_in_with_the_email_in_another_letter_case(client):
    MembershipFactory(user__username="inger.holm@example.org")

    response = client.post(
        reverse("login"), {"username": "Inger.Holm@Example.org ", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.wsgi_request.user.username == "inger.holm@example.org"


@pytest.mark.django_db
def test_it_refuses_a_wrong_password_whatever_the_case(client):
    MembershipFactory(user__username="inger.holm@example.org")

    response = client.post(
        reverse("login"), {"username": "INGER.HOLM@example.org", "password": "wrong-password"}
    )

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
