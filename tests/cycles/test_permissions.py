"""Who may do what with the next cycle: only the facilitator starts it, exports a design and
imports one; every other role gets 403; another organisation 404; a wrong method 405."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from processes.models import Process

pytestmark = pytest.mark.django_db

ROLES = ["facilitator", "leader", "group_lead", "member", "external", "outsider"]
FORBIDDEN = {"leader", "group_lead", "member", "external"}


def expected(role: str, allowed: int) -> int:
    if role == "outsider":
        return 404
    return 403 if role in FORBIDDEN else allowed


def design():
    content = {
        "format": "qualityhub.process-design",
        "version": 1,
        "process": {"title": "Importeret", "duration_days": 90},
        "themes": [],
        "seminars": [],
        "groups": [],
    }
    return SimpleUploadedFile("d.json", json.dumps(content).encode(), "application/json")


@pytest.mark.parametrize("role", ROLES)
def test_start_the_next_cycle(role, people, finished, client):
    client.force_login(people[role].user)
    url = reverse("cycles:next_cycle", args=[finished["process"].pk])

    assert client.get(url).status_code == expected(role, 200)
    response = client.post(
        url, {"title": "Næste forløb", "start_date": "2027-08-16", "end_date": "2027-12-14"}
    )
    assert response.status_code == expected(role, 302)
    assert Process.objects.filter(title="Næste forløb").exists() == (role == "facilitator")


@pytest.mark.parametrize("role", ROLES)
def test_export_the_design(role, people, finished, client):
    client.force_login(people[role].user)
    url = reverse("cycles:export", args=[finished["process"].pk])

    assert client.get(url).status_code == expected(role, 200)


@pytest.mark.parametrize("role", ROLES)
def test_import_a_design(role, people, organisation, client):
    client.force_login(people[role].user)
    url = reverse("cycles:import", args=[organisation.slug])

    assert client.get(url).status_code == expected(role, 200)
    response = client.post(url, {"file": design(), "start_date": "2028-01-03"})
    assert response.status_code == expected(role, 302)
    assert Process.objects.filter(title="Importeret").exists() == (role == "facilitator")


def test_an_outsider_cannot_import_into_their_own_organisation_a_process_of_ours(
    outsider, finished, client
):
    # Their own import page works; our process's export stays hidden from them.
    client.force_login(outsider.user)
    own = reverse("cycles:import", args=[outsider.organisation.slug])
    assert client.get(own).status_code == 200
    ours = reverse("cycles:export", args=[finished["process"].pk])
    assert client.get(ours).status_code == 404


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("next_cycle", "put"),
        ("next_cycle", "delete"),
        ("export", "post"),
        ("export", "put"),
        ("import", "put"),
        ("import", "delete"),
    ],
)
def test_a_wrong_method_is_405(name, method, facilitator, finished, organisation, client):
    client.force_login(facilitator.user)
    args = [organisation.slug] if name == "import" else [finished["process"].pk]

    response = getattr(client, method)(reverse(f"cycles:{name}", args=args))

    assert response.status_code == 405


@pytest.mark.parametrize("name", ["next_cycle", "export", "import"])
def test_an_anonymous_visitor_is_sent_to_log_in(name, finished, organisation, client):
    args = [organisation.slug] if name == "import" else [finished["process"].pk]

    response = client.get(reverse(f"cycles:{name}", args=args))

    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("role", ["facilitator", "leader", "member"])
def test_the_overview_offers_the_import_to_the_facilitator_only(role, people, organisation, client):
    client.force_login(people[role].user)

    page = client.get(reverse("home")).content.decode()

    link = reverse("cycles:import", args=[organisation.slug])
    assert (link in page) == (role == "facilitator")
