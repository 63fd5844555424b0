"""Who may do what on the initiative pages: the facilitator and the leader everything; the
owner and the team (externals included) edit their initiative and write updates; other
members read; an external off the team sees neither the initiative (404) nor it in the list;
only the leader signs off. Another organisation gets 404 everywhere; a wrong method 405."""

import pytest
from django.urls import reverse
from django.utils import timezone

from implementation.models import Initiative
from organisations.models import Membership
from tests.factories import MembershipFactory

ALL = {"facilitator", "leader", "group_lead", "member", "owner", "team_external", "external"}
READERS = ALL - {"external"}
EDITORS = {"facilitator", "leader", "owner", "team_external"}
MANAGERS = {"facilitator", "leader"}
SIGNERS = {"leader"}


@pytest.fixture
def owner(organisation):
    return MembershipFactory(
        organisation=organisation, role=Membership.Role.MEMBER, user__username="owner@x.org"
    )


@pytest.fixture
def team_external(organisation):
    return MembershipFactory(
        organisation=organisation,
        role=Membership.Role.EXTERNAL,
        is_external=True,
        user__username="team-external@x.org",
    )


@pytest.fixture
def world(process, started, owner, team_external, published_edition):
    initiative = Initiative.objects.get(process=process, title="Tiltag 1.1")
    initiative.owner = owner
    initiative.save(update_fields=["owner"])
    initiative.team.set([team_external])
    return {
        "p": process.pk,
        "i": initiative.pk,
        "initiative": initiative,
        "edition": published_edition,
    }


@pytest.fixture
def everyone(facilitator, leader, group_lead, member, owner, team_external, external, outsider):
    return {
        "facilitator": facilitator,
        "leader": leader,
        "group_lead": group_lead,
        "member": member,
        "owner": owner,
        "team_external": team_external,
        "external": external,
        "outsider": outsider,
    }


def _today() -> str:
    return timezone.localdate().isoformat()


def _p(w):
    return [w["p"]]


def _i(w):
    return [w["p"], w["i"]]


def _edit_data(w):
    initiative = w["initiative"]
    return {"title": "MUS for alle brugere", "description": "Nyt.", "version": initiative.version}


CASES = [
    ("home", "get", _p, None, ALL, 200),
    ("start", "post", _p, lambda w: {"edition": w["edition"].pk}, MANAGERS, 302),
    ("settings", "get", _p, None, MANAGERS, 200),
    ("settings", "post", _p, lambda w: {"update_interval_days": 14}, MANAGERS, 302),
    ("add", "get", _p, None, MANAGERS, 200),
    (
        "add",
        "post",
        _p,
        lambda w: {
            "title": "Cafémøde-idé",
            "origin": "cafe_meeting",
            "origin_reason": "Fra caféen.",
        },
        MANAGERS,
        302,
    ),
    ("initiative", "get", _i, None, READERS, 200),
    ("edit", "get", _i, None, EDITORS, 200),
    ("edit", "post", _i, _edit_data, EDITORS, 302),
    ("status", "get", _i, None, EDITORS, 200),
    (
        "status",
        "post",
        _i,
        lambda w: {"to_status": "trial", "changed_on": _today(), "reason": "Vi prøver."},
        EDITORS,
        302,
    ),
    ("sign_off", "post", _i, lambda w: {"note": "Inden for serviceloven."}, SIGNERS, 302),
    ("withdraw", "post", _i, lambda w: {"note": ""}, SIGNERS, 302),
    ("update_add", "get", _i, None, EDITORS, 200),
    (
        "update_add",
        "post",
        _i,
        lambda w: {"written_on": _today(), "text": "Første møde holdt."},
        EDITORS,
        302,
    ),
]
IDS = [f"{c[0]}-{c[1]}" for c in CASES]


def _call(client, method, url, data):
    return client.get(url) if method == "get" else client.post(url, data or {})


def _expected(role, name, allowed, ok):
    if role in allowed:
        return ok
    # An external does not learn that an initiative they take no part in exists.
    if role == "external" and name in {
        "initiative",
        "edit",
        "status",
        "sign_off",
        "withdraw",
        "update_add",
    }:
        return 404
    return 403


@pytest.mark.parametrize("role", sorted(ALL))
@pytest.mark.parametrize(("name", "method", "args", "data", "allowed", "ok"), CASES, ids=IDS)
def test_each_role_gets_what_its_role_allows(
    as_user, everyone, world, role, name, method, args, data, allowed, ok
):
    url = reverse(f"implementation:{name}", args=args(world))
    response = _call(as_user(everyone[role]), method, url, data(world) if data else None)
    assert response.status_code == _expected(role, name, allowed, ok)


@pytest.mark.parametrize(("name", "method", "args", "data", "allowed", "ok"), CASES, ids=IDS)
def test_another_organisation_gets_not_found(
    as_user, outsider, world, name, method, args, data, allowed, ok
):
    url = reverse(f"implementation:{name}", args=args(world))
    response = _call(as_user(outsider), method, url, data(world) if data else None)
    assert response.status_code == 404


WRONG_METHODS = [
    ("home", "post", _p),
    ("start", "get", _p),
    ("settings", "delete", _p),
    ("add", "put", _p),
    ("initiative", "post", _i),
    ("edit", "put", _i),
    ("status", "delete", _i),
    ("sign_off", "get", _i),
    ("withdraw", "get", _i),
    ("update_add", "put", _i),
]


@pytest.mark.parametrize(
    ("name", "method", "args"), WRONG_METHODS, ids=[f"{c[0]}-{c[1]}" for c in WRONG_METHODS]
)
def test_a_wrong_method_is_not_allowed(as_user, facilitator, world, name, method, args):
    client = as_user(facilitator)
    response = getattr(client, method)(reverse(f"implementation:{name}", args=args(world)))
    assert response.status_code == 405


def test_a_refused_edit_changes_nothing(as_user, member, world):
    response = as_user(member).post(
        reverse("implementation:edit", args=_i(world)), _edit_data(world)
    )
    assert response.status_code == 403
    assert Initiative.objects.get(pk=world["i"]).title == "Tiltag 1.1"


def test_the_facilitator_cannot_sign_off(as_user, facilitator, world):
    response = as_user(facilitator).post(reverse("implementation:sign_off", args=_i(world)))
    assert response.status_code == 403
    assert not Initiative.objects.get(pk=world["i"]).is_signed_off


def test_an_external_sees_only_the_initiatives_they_take_part_in(
    as_user, team_external, external, world
):
    url = reverse("implementation:home", args=_p(world))
    page = as_user(team_external).get(url).content.decode()
    assert "Tiltag 1.1" in page and "Tiltag 1.2" not in page
    page = as_user(external).get(url).content.decode()
    assert "Tiltag 1.1" not in page
    assert "You take part in no initiative yet." in page


def test_members_read_but_see_no_edit_buttons(as_user, member, world):
    page = (
        as_user(member).get(reverse("implementation:initiative", args=_i(world))).content.decode()
    )
    assert "Tiltag 1.1" in page
    assert "Edit the initiative" not in page and "Write an update" not in page
    assert "Sign off that it fits the frame" not in page
