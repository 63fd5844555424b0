"""Who may see and change a group's influence schema, for every URL and every role.

The same rules as for values: members and group leads write in their own group, the group's
lead and the facilitator too; leaders, externals and members of other groups read; another
organisation's facilitator gets 404 everywhere.
"""

import pytest
from django.urls import reverse

from debate.models import InfluenceItem

EVERYONE = {"facilitator", "leader", "group_lead", "member", "external", "neighbour"}
WRITERS = {"facilitator", "group_lead", "member"}


@pytest.fixture
def world(process, group, member):
    item = InfluenceItem.objects.create(
        group=group, activity="Egen løn", column=InfluenceItem.Column.NONE, author=member
    )
    other = InfluenceItem.objects.create(
        group=group, activity="Hjemmedag", column=InfluenceItem.Column.NONE, position=1
    )
    return {"p": process.pk, "group": group, "item": item, "other": other}


def _group_args(w):
    return [w["p"], w["group"].pk]


def _item_args(w):
    return [w["p"], w["item"].pk]


# (url name, method, url args, POST data, who may, status on success)
CASES = [
    ("influence", "get", _group_args, None, EVERYONE, 200),
    (
        "influence",
        "post",
        _group_args,
        lambda w: {"activity": "Transport", "column": "co", "note": ""},
        WRITERS,
        302,
    ),
    ("influence_examples", "post", _group_args, lambda w: {}, WRITERS, 302),
    (
        "influence_move",
        "post",
        _item_args,
        lambda w: {"column": "co", "version": w["item"].version},
        WRITERS,
        302,
    ),
    (
        "influence_move",
        "post",
        _item_args,
        lambda w: {"direction": "down", "version": w["item"].version},
        WRITERS,
        302,
    ),
    ("influence_edit", "get", _item_args, None, WRITERS, 200),
    (
        "influence_edit",
        "post",
        _item_args,
        lambda w: {
            "activity": "Egen løn",
            "column": "co",
            "note": "Forhandles i brugerrådet.",
            "version": w["item"].version,
        },
        WRITERS,
        302,
    ),
    ("influence_delete", "get", _item_args, None, WRITERS, 200),
    (
        "influence_delete",
        "post",
        _item_args,
        lambda w: {"version": w["item"].version},
        WRITERS,
        302,
    ),
]
IDS = [f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)]


def _request(client, method, url, data):
    if method == "get":
        return client.get(url)
    return client.post(url, data)


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


@pytest.mark.parametrize(
    ("name", "method", "args"),
    [
        ("influence", "put", _group_args),
        ("influence", "delete", _group_args),
        ("influence_examples", "get", _group_args),
        ("influence_move", "get", _item_args),
        ("influence_edit", "put", _item_args),
        ("influence_delete", "patch", _item_args),
    ],
)
def test_a_wrong_method_is_not_allowed(as_user, member, world, name, method, args):
    client = as_user(member)
    response = getattr(client, method)(reverse(f"debate:{name}", args=args(world)))
    assert response.status_code == 405


def test_an_item_of_another_process_is_not_found_through_this_process(
    as_user, facilitator, world, organisation
):
    from tests.factories import GroupFactory, ProcessFactory

    other_process = ProcessFactory(organisation=organisation, created_by=facilitator.user)
    other_group = GroupFactory(process=other_process)
    response = as_user(facilitator).get(
        reverse("debate:influence_edit", args=[world["p"], world["item"].pk])
    )
    assert response.status_code == 200
    response = as_user(facilitator).get(
        reverse("debate:influence", args=[world["p"], other_group.pk])
    )
    assert response.status_code == 404
    response = as_user(facilitator).get(
        reverse("debate:influence_edit", args=[other_process.pk, world["item"].pk])
    )
    assert response.status_code == 404


def test_a_refused_write_changes_nothing(as_user, leader, external, world):
    for who in (leader, external):
        client = as_user(who)
        client.post(
            reverse("debate:influence", args=_group_args(world)),
            {"activity": "Lederens punkt", "column": "self"},
        )
        client.post(
            reverse("debate:influence_move", args=_item_args(world)),
            {"column": "self", "version": 1},
        )
        client.post(reverse("debate:influence_delete", args=_item_args(world)), {"version": 1})
    world["item"].refresh_from_db()
    assert world["item"].column == InfluenceItem.Column.NONE
    assert not InfluenceItem.objects.filter(activity="Lederens punkt").exists()
    assert InfluenceItem.objects.count() == 2


def test_readers_see_the_schema_without_any_buttons(as_user, leader, world):
    html = as_user(leader).get(reverse("debate:influence", args=_group_args(world))).content
    html = html.decode()
    assert "Egen løn" in html
    assert "Move “Egen løn”" not in html
    assert "Add an activity" not in html
    assert reverse("debate:influence_edit", args=_item_args(world)) not in html


def test_the_group_lead_writes_in_the_group_they_lead_whatever_their_role(as_user, leader, world):
    group = world["group"]
    group.lead = leader
    group.save(update_fields=["lead"])
    response = as_user(leader).post(
        reverse("debate:influence_move", args=_item_args(world)),
        {"column": "self", "version": world["item"].version},
    )
    assert response.status_code == 302
    world["item"].refresh_from_db()
    assert world["item"].column == InfluenceItem.Column.SELF
