"""Who may see and do what with prioritisation rounds and the debate settings.

Everyone in the organisation reads rounds; the facilitator opens and closes them and sets the
author mode; the people who write in the round's group place dots (members and the group's
lead, not the facilitator, leaders, externals or other groups); marking ideals from the
results is for those who write in the value's group. Another organisation gets 404.
"""

import pytest
from django.urls import reverse

from debate.models import PrioritisationRound
from debate.services import rounds as round_services

EVERYONE = {"facilitator", "leader", "group_lead", "member", "external", "neighbour"}
FACILITATOR = {"facilitator"}
VOTERS = {"group_lead", "member"}
WRITERS = {"facilitator", "group_lead", "member"}


@pytest.fixture
def world(process, group, values, open_round, facilitator, member, vote):
    vote(member, values[0], 2)
    closed = round_services.open_round(
        actor=facilitator, process=process, group=group, title="Lukket", dots_per_person=2
    )
    round_services.close_round(actor=facilitator, round=closed)
    return {
        "p": process.pk,
        "open": open_round,
        "closed": closed,
        "candidate": open_round.candidates.first(),
        "closed_candidate": closed.candidates.first(),
        "group": group,
    }


# (url name, method, url args, POST data, who may, status on success)
CASES = [
    ("round_list", "get", lambda w: [w["p"]], None, EVERYONE, 200),
    ("round_create", "get", lambda w: [w["p"]], None, FACILITATOR, 200),
    (
        "round_create",
        "post",
        lambda w: [w["p"]],
        lambda w: {
            "title": "Anden runde",
            "group": w["group"].pk,
            "target": "values",
            "dots_per_person": 3,
        },
        FACILITATOR,
        302,
    ),
    ("round_detail", "get", lambda w: [w["p"], w["open"].pk], None, EVERYONE, 200),
    ("round_detail", "get", lambda w: [w["p"], w["closed"].pk], None, EVERYONE, 200),
    (
        "round_dot",
        "post",
        lambda w: [w["p"], w["open"].pk],
        lambda w: {"candidate": w["candidate"].pk, "action": "add"},
        VOTERS,
        302,
    ),
    ("round_close", "post", lambda w: [w["p"], w["open"].pk], lambda w: {}, FACILITATOR, 302),
    (
        "round_ideal",
        "post",
        lambda w: [w["p"], w["closed"].pk, w["closed_candidate"].pk],
        lambda w: {"is_ideal": "1"},
        WRITERS,
        302,
    ),
    ("settings", "get", lambda w: [w["p"]], None, FACILITATOR, 200),
    (
        "settings",
        "post",
        lambda w: [w["p"]],
        lambda w: {"author_visibility": "hidden"},
        FACILITATOR,
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


WRONG_METHODS = [
    ("round_list", "post", lambda w: [w["p"]]),
    ("round_create", "put", lambda w: [w["p"]]),
    ("round_detail", "post", lambda w: [w["p"], w["open"].pk]),
    ("round_dot", "get", lambda w: [w["p"], w["open"].pk]),
    ("round_close", "get", lambda w: [w["p"], w["open"].pk]),
    ("round_ideal", "get", lambda w: [w["p"], w["closed"].pk, w["closed_candidate"].pk]),
    ("settings", "delete", lambda w: [w["p"]]),
]


@pytest.mark.parametrize(
    ("name", "method", "args"), WRONG_METHODS, ids=[c[0] for c in WRONG_METHODS]
)
def test_a_wrong_method_is_not_allowed(as_user, facilitator, world, name, method, args):
    response = getattr(as_user(facilitator), method)(reverse(f"debate:{name}", args=args(world)))
    assert response.status_code == 405


def test_a_round_of_another_process_is_not_found_through_this_one(
    as_user, member, world, organisation
):
    from tests.factories import ProcessFactory

    elsewhere = ProcessFactory(organisation=organisation)
    response = as_user(member).get(
        reverse("debate:round_detail", args=[elsewhere.pk, world["open"].pk])
    )
    assert response.status_code == 404


def test_a_candidate_of_another_round_is_not_found(as_user, member, world):
    response = as_user(member).post(
        reverse("debate:round_dot", args=[world["p"], world["open"].pk]),
        {"candidate": world["closed_candidate"].pk, "action": "add"},
    )
    assert response.status_code == 404


def test_in_a_plenary_round_everyone_seated_in_a_group_votes(
    as_user, process, facilitator, neighbour, external, leader, group, values, other_group
):
    plenary = round_services.open_round(
        actor=facilitator, process=process, title="Plenum", dots_per_person=2
    )
    candidate = plenary.candidates.first()
    url = reverse("debate:round_dot", args=[process.pk, plenary.pk])
    data = {"candidate": candidate.pk, "action": "add"}
    assert as_user(neighbour).post(url, data).status_code == 302
    assert as_user(external).post(url, data).status_code == 403
    assert as_user(leader).post(url, data).status_code == 403
    assert plenary.dots.count() == 1


def test_a_leader_who_leads_a_group_votes_and_writes_in_it(
    as_user, leader, group, values, open_round
):
    group.lead = leader
    group.save()
    client = as_user(leader)
    candidate = open_round.candidates.first()
    response = client.post(
        reverse("debate:round_dot", args=[group.process_id, open_round.pk]),
        {"candidate": candidate.pk, "action": "add"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("debate:group_debate", args=[group.process_id, group.pk]),
        {"name": "Tillid", "meaning": "Vi stoler på hinanden."},
    )
    assert response.status_code == 302
    assert group.values.filter(name="Tillid", author=leader).exists()
    merge = client.get(reverse("debate:merge", args=[group.process_id, group.pk]))
    assert merge.status_code == 200


def test_a_leader_who_leads_another_group_still_only_reads_here(
    as_user, leader, group, other_group
):
    other_group.lead = leader
    other_group.save()
    response = as_user(leader).post(
        reverse("debate:group_debate", args=[group.process_id, group.pk]),
        {"name": "Tillid", "meaning": "Vi stoler på hinanden."},
    )
    assert response.status_code == 403


def test_the_facilitator_cannot_place_dots(as_user, facilitator, open_round):
    response = as_user(facilitator).get(open_round.get_absolute_url())
    assert "dots left" not in response.content.decode()
    assert open_round.status == PrioritisationRound.Status.OPEN
