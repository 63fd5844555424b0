import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_it_answers_ok_without_login(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_answers_head_requests(client):
    assert client.head(reverse("healthz")).status_code == 200


@pytest.mark.django_db
def test_it_refuses_post(client):
    assert client.post(reverse("healthz")).status_code == 405


def test_it_answers_503_when_the_database_is_unreachable():
    # A real PostgreSQL URL on a port nothing listens on: the query fails as it would in
    # production when the database is down.
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(r.status_code, r.content.decode())"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "qualityhub.settings",
        "QUALITYHUB_ENV": "development",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/qualityhub",
        "ALLOWED_HOSTS": "testserver",
        "LOG_LEVEL": "CRITICAL",
    }
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "503 database unavailable"
