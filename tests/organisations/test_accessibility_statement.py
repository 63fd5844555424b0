import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_accessibility_statement_is_public(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tilgaengelighed@example.org"

    response = client.get(reverse("accessibility"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Accessibility statement</h1>" in html
    assert "WCAG" in html and "2.1" in html and "level AA" in html
    assert "axe-core" in html
    assert 'href="mailto:tilgaengelighed@example.org"' in html
    assert "Digitaliseringsstyrelsen" in html
    assert "Uutilsynet" in html
    assert "Known limitations" in html


def test_the_accessibility_statement_refuses_post(client):
    assert client.post(reverse("accessibility")).status_code == 405
