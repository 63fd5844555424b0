"""Anonymising a person ends their sessions, also where sessions are read from the cache
(production, with Redis: cached_db), so that no copy of the session stays behind."""

from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from privacy.services.anonymise import anonymise_member


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cached_db")
def test_anonymising_deletes_the_cached_session_too(colleague, facilitator, client):
    client.force_login(colleague.user)
    key = client.session.session_key
    assert cache.get(SessionStore(key).cache_key) is not None
    assert client.get(reverse("home")).status_code == 200

    anonymise_member(
        actor=facilitator,
        membership=colleague,
        reason="left",
        confirmation=colleague.display_name,
    )

    assert cache.get(SessionStore(key).cache_key) is None
    assert not Session.objects.filter(session_key=key).exists()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
