"""The UI speaks Danish by default, and English and Norwegian bokmål on request."""

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "lang", "heading", "button"),
    [
        ("", "da", "Log ind", "Skift sprog"),
        ("en", "en", "Log in", "Change language"),
        ("nb", "nb", "Logg inn", "Bytt språk"),
    ],
)
def test_the_login_page_speaks_the_visitors_language(accept_language, lang, heading, button):
    client = Client(HTTP_ACCEPT_LANGUAGE=accept_language) if accept_language else Client()

    page = client.get(reverse("login")).content.decode()

    assert f'<html lang="{lang}">' in page
    assert heading in page
    assert button in page


@pytest.mark.django_db
def test_the_language_switcher_remembers_the_choice(facilitator, process):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(facilitator.user)

    client.post(reverse("set_language"), {"language": "nb", "next": "/"})
    page = client.get(reverse("processes:detail", args=[process.pk])).content.decode()

    assert '<html lang="nb">' in page
    assert "Timeglasset" in page
    assert "Verdibasert kvalitetsutvikling" in page


@pytest.mark.django_db
def test_phase_names_and_dates_follow_the_language(facilitator, process):
    client = Client(HTTP_ACCEPT_LANGUAGE="da")
    client.force_login(facilitator.user)

    page = client.get(reverse("processes:detail", args=[process.pk])).content.decode()

    assert "Værdidebat" in page
    assert "Overblik" in page
    # Danish long date format for the process's start (1 February 2027).
    assert "1. februar 2027" in page
