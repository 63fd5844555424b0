"""Who may see and do what with ideas: everyone reads; the people who write in the group add
and edit; writers move an idea between draft and proposed; the group's lead and the
facilitator select it for the catalogue or reject it. Another organisation gets 404."""

import pytest
from django.urls import reverse

from debate.models import Idea

from .factories import IdeaFactory

EVERYONE = {"facilitator", "leader", "group_lead", "member", "external", "neighbour"}
WRITERS = {"facilitator", "group_lead", "member"}
MODERATORS = {"facilitator", "group_lead"}


@pytest.fixture
def world(process, group, values, member):
    idea = IdeaFactory(group=group, author=member, values=[values[0]])
    draft = IdeaFactory(group=group, author=member, values=[values[1]], status=Idea.Status.DRAFT)
    return {"p": process.pk, "group": group, "idea": idea, "draft": draft, "values": values}


def _idea_data(w, **extra):
    return {"title": "Brugerråd", "description": "Et råd.", "values": [w["values"][0].pk], **extra}


CASES = [
    ("idea_list", "get", lambda w: [w["p"], w["group"].pk], None, EVERYONE, 200),
    ("idea_list", "post", lambda w: [w["p"], w["group"].pk], _idea_data, WRITERS, 302),
    ("idea_detail", "get", lambda w: [w["p"], w["idea"].pk], None, EVERYONE, 200),
    ("idea_edit", "get", lambda w: [w["p"], w["idea"].pk], None, WRITERS, 200),
    (
        "idea_edit",
        "post",
        lambda w: [w["p"], w["idea"].pk],
        lambda w: _idea_data(w, version=w["idea"].version),
        WRITERS,
        302,
    ),
    (
        "idea_status",
        "post",
        lambda w: [w["p"], w["draft"].pk],
        lambda w: {"status": "proposed"},
        WRITERS,
        302,
    ),
    (
        "idea_status",
        "post",
        lambda w: [w["p"], w["idea"].pk],
        lambda w: {"status": "selected"},
        MODERATORS,
        302,
    ),
]
IDS = [f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)]


def _request(client, method, url, data):
    return client.get(url) if method == "get" else client.post(url, data)


@pytest.mark.parametrize("role", sorted(EVERYONE))
@pytest.mark.parametrize(("name", "method", "args", "data", "allowed", "ok"), CASES, ids=IDS)
def test_each_role_gets_what_its_role_allows(
    as_user, people, world, role, name, method, args, data, allowed, ok
):
    client = as_user(people[role])
    url = reverse(f"debate:{name}", args=args(world))
    response = _request(client, method, url, data(world) if data else None)
    assert response.status_code == (ok if role in allowed else 403)


@pytest.mark.parametrize(("name", "method", "args", "data", "allowed", "ok"), CASES, ids=IDS)
def test_another_organisation_gets_not_found(
    as_user, outsider, world, name, method, args, data, allowed, ok
):
    client = as_user(outsider)
    url = reverse(f"debate:{name}", args=args(world))
    response = _request(client, method, url, data(world) if data else None)
    assert response.status_code == 404


def test_a_member_cannot_select_an_idea_for_the_catalogue(as_user, member, world):
    response = as_user(member).post(
        reverse("debate:idea_status", args=[world["p"], world["idea"].pk]), {"status": "selected"}
    )
    world["idea"].refresh_from_db()
    assert response.status_code == 403
    assert world["idea"].status == Idea.Status.PROPOSED


def test_a_member_cannot_move_a_selected_idea_back(as_user, member, world):
    world["idea"].status = Idea.Status.SELECTED
    world["idea"].save()
    response = as_user(member).post(
        reverse("debate:idea_status", args=[world["p"], world["idea"].pk]), {"status": "draft"}
    )
    assert response.status_code == 403


def test_a_refused_idea_changes_nothing(as_user, external, world):
    before = Idea.objects.count()
    response = as_user(external).post(
        reverse("debate:idea_list", args=[world["p"], world["group"].pk]), _idea_data(world)
    )
    assert response.status_code == 403
    assert Idea.objects.count() == before


WRONG_METHODS = [
    ("idea_list", "delete", lambda w: [w["p"], w["group"].pk]),
    ("idea_detail", "post", lambda w: [w["p"], w["idea"].pk]),
    ("idea_edit", "put", lambda w: [w["p"], w["idea"].pk]),
    ("idea_status", "get", lambda w: [w["p"], w["idea"].pk]),
]


@pytest.mark.parametrize(
    ("name", "method", "args"), WRONG_METHODS, ids=[c[0] for c in WRONG_METHODS]
)
def test_a_wrong_method_is_not_allowed(as_user, facilitator, world, name, method, args):
    response = getattr(as_user(facilitator), method)(reverse(f"debate:{name}", args=args(world)))
    assert response.status_code == 405
