"""Who may see and do what in the value debate, for every URL and every role.

Members and group leads write only in their own group, the facilitator everywhere; leaders
and externals read; merging is for the facilitator and the group's lead; the given frame is
the leader's (and the facilitator's). Another organisation's facilitator gets 404 everywhere.
"""

import pytest
from django.urls import reverse

from debate import services
from debate.models import ValueRelation

from .factories import ValueFactory

EVERYONE = {"facilitator", "leader", "group_lead", "member", "external", "neighbour"}
WRITERS = {"facilitator", "group_lead", "member"}
MODERATORS = {"facilitator", "group_lead"}
FRAME_EDITORS = {"facilitator", "leader"}


@pytest.fixture
def world(process, group, value, frame_condition, facilitator, theme):
    other = ValueFactory(group=group, name="Respekt")
    relation = ValueRelation.objects.create(
        from_value=value, to_value=other, kind=ValueRelation.Kind.SUPPORTS
    )
    duplicate_a = ValueFactory(group=group, name="Medbestemmelse")
    duplicate_b = ValueFactory(group=group, name="Indflydelse")
    merge = services.merge_values(actor=facilitator, target=duplicate_a, sources=[duplicate_b])
    return {
        "p": process.pk,
        "group": group,
        "value": value,
        "other": other,
        "relation": relation,
        "merge": merge,
        "theme": theme,
        "condition": frame_condition,
    }


def _value_data(w):
    return {"name": "Tryghed", "meaning": "At man ved hvad der skal ske."}


# (url name, method, url args, POST data, who may, status on success)
CASES = [
    ("overview", "get", lambda w: [w["p"]], None, EVERYONE, 200),
    ("group_debate", "get", lambda w: [w["p"], w["group"].pk], None, EVERYONE, 200),
    ("group_debate", "post", lambda w: [w["p"], w["group"].pk], _value_data, WRITERS, 302),
    ("value_detail", "get", lambda w: [w["p"], w["value"].pk], None, EVERYONE, 200),
    ("value_edit", "get", lambda w: [w["p"], w["value"].pk], None, WRITERS, 200),
    (
        "value_edit",
        "post",
        lambda w: [w["p"], w["value"].pk],
        lambda w: {**_value_data(w), "version": w["value"].version},
        WRITERS,
        302,
    ),
    (
        "value_comment",
        "post",
        lambda w: [w["p"], w["value"].pk],
        lambda w: {"kind": "comment", "text": "Enig."},
        WRITERS,
        302,
    ),
    (
        "value_relate",
        "post",
        lambda w: [w["p"], w["value"].pk],
        lambda w: {"kind": "tension", "to_value": w["other"].pk},
        WRITERS,
        302,
    ),
    (
        "relation_delete",
        "post",
        lambda w: [w["p"], w["value"].pk, w["relation"].pk],
        lambda w: {},
        WRITERS,
        302,
    ),
    (
        "value_ideal",
        "post",
        lambda w: [w["p"], w["value"].pk],
        lambda w: {"is_ideal": "1"},
        WRITERS,
        302,
    ),
    ("merge", "get", lambda w: [w["p"], w["group"].pk], None, MODERATORS, 200),
    (
        "merge",
        "post",
        lambda w: [w["p"], w["group"].pk],
        lambda w: {"target": w["value"].pk, "sources": [w["other"].pk], "confirm": "1"},
        MODERATORS,
        302,
    ),
    ("undo_merge", "post", lambda w: [w["p"], w["merge"].pk], lambda w: {}, MODERATORS, 302),
    ("given_frame", "get", lambda w: [w["p"], w["theme"].pk], None, EVERYONE, 200),
    (
        "given_frame",
        "post",
        lambda w: [w["p"], w["theme"].pk],
        lambda w: {"kind": "budget", "text": "Budgettet er fastlagt.", "reason": "Byrådet."},
        FRAME_EDITORS,
        302,
    ),
    (
        "given_frame_edit",
        "get",
        lambda w: [w["p"], w["theme"].pk, w["condition"].pk],
        None,
        FRAME_EDITORS,
        200,
    ),
    (
        "given_frame_edit",
        "post",
        lambda w: [w["p"], w["theme"].pk, w["condition"].pk],
        lambda w: {"kind": "law", "text": "Serviceloven.", "reason": ""},
        FRAME_EDITORS,
        302,
    ),
    (
        "given_frame_delete",
        "get",
        lambda w: [w["p"], w["theme"].pk, w["condition"].pk],
        None,
        FRAME_EDITORS,
        200,
    ),
    (
        "given_frame_delete",
        "post",
        lambda w: [w["p"], w["theme"].pk, w["condition"].pk],
        lambda w: {},
        FRAME_EDITORS,
        302,
    ),
]


def _request(client, method, url, data):
    if method == "get":
        return client.get(url)
    return client.post(url, data)


@pytest.mark.parametrize("role", sorted(EVERYONE))
@pytest.mark.parametrize(
    ("name", "method", "args", "data", "allowed", "ok"),
    CASES,
    ids=[f"{c[0]}-{c[1]}" for c in CASES],
)
def test_each_role_gets_what_its_role_allows(
    as_user, people, world, role, name, method, args, data, allowed, ok
):
    client = as_user(people[role])
    url = reverse(f"debate:{name}", args=args(world))
    response = _request(client, method, url, data(world) if data else None)
    assert response.status_code == (ok if role in allowed else 403)


@pytest.mark.parametrize(
    ("name", "method", "args", "data", "allowed", "ok"),
    CASES,
    ids=[f"{c[0]}-{c[1]}" for c in CASES],
)
def test_another_organisation_gets_not_found(
    as_user, outsider, world, name, method, args, data, allowed, ok
):
    client = as_user(outsider)
    url = reverse(f"debate:{name}", args=args(world))
    response = _request(client, method, url, data(world) if data else None)
    assert response.status_code == 404


def test_a_refused_write_changes_nothing(as_user, leader, world):
    client = as_user(leader)
    client.post(reverse("debate:group_debate", args=[world["p"], world["group"].pk]), {})
    client.post(
        reverse("debate:value_comment", args=[world["p"], world["value"].pk]),
        {"kind": "comment", "text": "Leder-kommentar"},
    )
    assert not world["value"].comments.filter(text="Leder-kommentar").exists()
    assert world["group"].values.count() == 4


def test_a_member_writes_in_their_own_group_only(as_user, neighbour, member, other_group, world):
    own = as_user(neighbour).post(
        reverse("debate:group_debate", args=[world["p"], other_group.pk]),
        {"name": "Tillid", "meaning": "Vi stoler på hinanden."},
    )
    assert own.status_code == 302
    assert other_group.values.filter(name="Tillid").exists()


def test_a_group_lead_cannot_merge_in_another_group(as_user, group_lead, other_group, world):
    response = as_user(group_lead).get(reverse("debate:merge", args=[world["p"], other_group.pk]))
    assert response.status_code == 403


def test_values_of_another_process_are_not_found_through_this_process(
    as_user, member, world, organisation
):
    from tests.factories import ProcessFactory

    elsewhere = ProcessFactory(organisation=organisation)
    response = as_user(member).get(
        reverse("debate:value_detail", args=[elsewhere.pk, world["value"].pk])
    )
    assert response.status_code == 404


WRONG_METHODS = [
    ("overview", "post", lambda w: [w["p"]]),
    ("group_debate", "delete", lambda w: [w["p"], w["group"].pk]),
    ("value_detail", "post", lambda w: [w["p"], w["value"].pk]),
    ("value_edit", "put", lambda w: [w["p"], w["value"].pk]),
    ("value_comment", "get", lambda w: [w["p"], w["value"].pk]),
    ("value_relate", "get", lambda w: [w["p"], w["value"].pk]),
    ("relation_delete", "get", lambda w: [w["p"], w["value"].pk, w["relation"].pk]),
    ("value_ideal", "get", lambda w: [w["p"], w["value"].pk]),
    ("merge", "put", lambda w: [w["p"], w["group"].pk]),
    ("undo_merge", "get", lambda w: [w["p"], w["merge"].pk]),
    ("given_frame", "delete", lambda w: [w["p"], w["theme"].pk]),
    ("given_frame_edit", "put", lambda w: [w["p"], w["theme"].pk, w["condition"].pk]),
    ("given_frame_delete", "delete", lambda w: [w["p"], w["theme"].pk, w["condition"].pk]),
]


@pytest.mark.parametrize(
    ("name", "method", "args"), WRONG_METHODS, ids=[c[0] for c in WRONG_METHODS]
)
def test_a_wrong_method_is_not_allowed(as_user, facilitator, world, name, method, args):
    client = as_user(facilitator)
    response = getattr(client, method)(reverse(f"debate:{name}", args=args(world)))
    assert response.status_code == 405
