import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


@pytest.fixture
def person(db):
    return UserFactory(username="inger@example.org")


def test_the_login_page_offers_password_reset(client):
    response = client.get(LOGIN)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Email address" in html
    assert reverse("password_reset") in html
    assert "Forgot your password?" in html


def test_a_person_logs_in_with_email_and_password(client, person):
    response = client.post(LOGIN, {"username": "inger@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_password_says_so(client, person):
    response = client.post(LOGIN, {"username": "inger@example.org", "password": "wrong"})

    assert response.status_code == 200
    assert "The email address or password is not correct." in response.content.decode()


def test_logging_out_takes_a_post(client, person):
    client.force_login(person)

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


# -- Password reset ---------------------------------------------------------------------------


def test_a_person_resets_a_forgotten_password_by_email(
    client, person, django_capture_on_commit_callbacks
):
    # The email is sent by a task after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "Inger@Example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["inger@example.org"]
    link = re.search(r"https://qualityhub\.example(/accounts/reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Ny-adgangskode-2027", "new_password2": "Ny-adgangskode-2027"},
    )
    assert done["Location"] == reverse("password_reset_complete")

    login = client.post(LOGIN, {"username": "inger@example.org", "password": "Ny-adgangskode-2027"})
    assert login.status_code == 302


def test_a_used_reset_link_is_refused(client, person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "inger@example.org"})
    link = re.search(r"https://qualityhub\.example(/accounts/reset/\S+/)", mail.outbox[0].body)[1]
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Ny-adgangskode-2027", "new_password2": "Ny-adgangskode-2027"},
    )

    again = client.get(link, follow=True)

    assert "The link is not valid" in again.content.decode()


def test_an_unknown_email_gets_the_same_answer_and_no_email(
    client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})

    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_the_reset_pages_are_public(client):
    assert client.get(reverse("password_reset")).status_code == 200
    assert client.get(reverse("password_reset_done")).status_code == 200
    assert client.get(reverse("password_reset_complete")).status_code == 200


# -- Failed-login throttling ------------------------------------------------------------------


def _login(client, password, ip="10.0.0.1"):
    return client.post(
        LOGIN, {"username": "inger@example.org", "password": password}, REMOTE_ADDR=ip
    )


def test_five_wrong_passwords_lock_the_username_on_that_address(client, person):
    for _ in range(5):
        _login(client, "wrong")

    response = _login(client, PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed attempts" in html
    assert "try again in 15 minutes" in html
    assert "_auth_user_id" not in client.session


def test_the_same_username_from_another_address_can_still_log_in(client, person):
    for _ in range(5):
        _login(client, "wrong")

    response = _login(client, PASSWORD, ip="10.0.0.2")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_four_wrong_passwords_do_not_lock(client, person):
    for _ in range(4):
        _login(client, "wrong")

    assert _login(client, PASSWORD).status_code == 302


def test_a_logged_in_person_changes_their_password(client, person):
    client.force_login(person)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Ny-adgangskode-2027",
            "new_password2": "Ny-adgangskode-2027",
        },
    )

    assert response["Location"] == reverse("password_change_done")
    assert "Your password has been changed" in client.get(response["Location"]).content.decode()
    person.refresh_from_db()
    assert person.check_password("Ny-adgangskode-2027")


def test_changing_the_password_needs_a_login(client):
    assert client.get(reverse("password_change")).status_code == 302
