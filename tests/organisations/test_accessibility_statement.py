import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.test_settings import run

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


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


def test_the_contact_and_the_date_come_from_the_settings(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "digitalisering@gjesdal.kommune.no"
    settings.ACCESSIBILITY_STATEMENT_DATE = datetime.date(2027, 1, 15)

    html = client.get(reverse("accessibility")).content.decode()

    assert 'href="mailto:digitalisering@gjesdal.kommune.no"' in html
    assert "This statement was prepared on Jan. 15, 2027." in html


def test_the_statement_covers_the_catalogue_pdf_and_says_what_is_not_verified(client):
    html = client.get(reverse("accessibility")).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())

    assert "including the catalogue as a PDF file" in text
    assert "tagged PDF following PDF/UA-1" in text and "WeasyPrint" in text
    assert "has not yet been checked with an external PDF/UA validator" in text
    limitations = html.split('class="qh-known-limitations"')[1].split("</ul>")[0]
    assert "external PDF/UA validator" in limitations
    assert "downloaded PDF files" not in text  # no longer left out of the statement


def test_the_settings_read_the_statement_date_and_refuse_a_malformed_one():
    script = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.ACCESSIBILITY_STATEMENT_DATE, settings.ACCESSIBILITY_CONTACT_EMAIL)"
    )
    seen = run(
        ["-c", script],
        ACCESSIBILITY_STATEMENT_DATE="2027-03-01",
        ACCESSIBILITY_CONTACT_EMAIL="a11y@example.org",
    )
    assert seen.stdout.split() == ["2027-03-01", "a11y@example.org"]
    # Empty, as docker compose passes an unset variable: the defaults.
    default = run(["-c", script], ACCESSIBILITY_STATEMENT_DATE="", ACCESSIBILITY_CONTACT_EMAIL="")
    assert default.stdout.split()[1] == "accessibility@qualityhub.local"

    refused = run(["-c", script], ACCESSIBILITY_STATEMENT_DATE="29/11/2026")
    assert refused.returncode != 0
    assert "ACCESSIBILITY_STATEMENT_DATE must be a date (YYYY-MM-DD)" in refused.stderr


@pytest.mark.parametrize("name", ["ACCESSIBILITY_CONTACT_EMAIL", "ACCESSIBILITY_STATEMENT_DATE"])
def test_docker_compose_and_the_env_example_pass_them_through(name):
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    example = (ROOT / ".env.example").read_text(encoding="utf-8")

    assert re.search(rf"^\s+{name}: \$\{{{name}[:?-]", compose, re.M), compose
    assert re.search(rf"^{name}=\S+", example, re.M)
