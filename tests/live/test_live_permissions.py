"""Who may use live seminar mode: everyone in the organisation reads the board and the
groups' live views; the people who write in a group add entries from its live view; only the
facilitator uses the controls. Another organisation gets 404, a wrong method 405."""

import pytest
from django.urls import reverse

from debate.models import Value
from tests.factories import AgendaItemFactory, SeminarFactory

EVERYONE = {"facilitator", "leader", "group_lead", "member", "external", "neighbour"}
WRITERS = {"facilitator", "group_lead", "member"}


@pytest.fixture
def seminar(process):
    return SeminarFactory(process=process, title="Midtvejsseminar")


@pytest.fixture
def item(seminar):
    return AgendaItemFactory(seminar=seminar, title="Gruppearbejde", duration_minutes=45)


@pytest.fixture
def world(process, seminar, item, group, values):
    return {"p": process.pk, "s": seminar.pk, "g": group.pk, "item": item.pk, "value": values[0]}


CASES = [
    ("board", "get", lambda w: [w["p"], w["s"]], None, EVERYONE, 200),
    ("live_group", "get", lambda w: [w["p"], w["s"], w["g"]], None, EVERYONE, 200),
    (
        "live_group",
        "post",
        lambda w: [w["p"], w["s"], w["g"]],
        lambda w: {"kind": "value", "title": "Tillid", "text": "Vi stoler på hinanden."},
        WRITERS,
        302,
    ),
    ("seminar_control", "get", lambda w: [w["p"], w["s"]], None, {"facilitator"}, 200),
    (
        "seminar_control",
        "post",
        lambda w: [w["p"], w["s"]],
        lambda w: {"action": "run", "item": w["item"]},
        {"facilitator"},
        302,
    ),
]


@pytest.mark.parametrize("name,method,args,data,allowed,ok", CASES)
@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_each_role_gets_what_its_role_allows(
    as_user, people, world, role, name, method, args, data, allowed, ok
):
    client = as_user(people[role])
    url = reverse(f"live:{name}", args=args(world))
    response = client.get(url) if method == "get" else client.post(url, data(world))
    assert response.status_code == (ok if role in allowed else 403)


@pytest.mark.parametrize("name,method,args,data,allowed,ok", CASES)
def test_another_organisation_gets_404(
    as_user, outsider, world, name, method, args, data, allowed, ok
):
    client = as_user(outsider)
    url = reverse(f"live:{name}", args=args(world))
    response = client.get(url) if method == "get" else client.post(url, data(world))
    assert response.status_code == 404


def test_a_seminar_of_another_process_is_404(as_user, facilitator, world, organisation):
    other = SeminarFactory(process__organisation=organisation)
    client = as_user(facilitator)
    assert client.get(reverse("live:board", args=[world["p"], other.pk])).status_code == 404
    url = reverse("live:live_group", args=[world["p"], other.pk, world["g"]])
    assert client.get(url).status_code == 404


def test_a_group_of_another_process_is_404(as_user, facilitator, world, organisation):
    from tests.factories import GroupFactory

    other = GroupFactory(process__organisation=organisation)
    url = reverse("live:live_group", args=[world["p"], world["s"], other.pk])
    assert as_user(facilitator).get(url).status_code == 404


@pytest.mark.parametrize(
    "name,args",
    [
        ("board", lambda w: [w["p"], w["s"]]),
        ("join", lambda w: []),
    ],
)
def test_read_only_views_refuse_post_with_405(as_user, facilitator, world, name, args):
    response = as_user(facilitator).post(reverse(f"live:{name}", args=args(world)))
    assert response.status_code == 405


def test_the_writing_views_refuse_put_with_405(as_user, facilitator, world):
    client = as_user(facilitator)
    for name, args in [
        ("live_group", [world["p"], world["s"], world["g"]]),
        ("seminar_control", [world["p"], world["s"]]),
    ]:
        assert client.put(reverse(f"live:{name}", args=args)).status_code == 405


def test_a_neighbour_cannot_write_in_another_group(as_user, neighbour, world):
    url = reverse("live:live_group", args=[world["p"], world["s"], world["g"]])
    response = as_user(neighbour).post(url, {"kind": "value", "title": "Snyd", "text": "x"})
    assert response.status_code == 403
    assert not Value.objects.filter(name="Snyd").exists()


def test_the_live_pages_send_anonymous_visitors_to_the_login(client, world):
    for url in [
        reverse("live:board", args=[world["p"], world["s"]]),
        reverse("live:live_group", args=[world["p"], world["s"], world["g"]]),
        reverse("live:join") + "?code=ABCDEF",
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_an_anonymous_poll_is_told_to_go_to_the_login(client, world):
    url = reverse("live:board", args=[world["p"], world["s"]])
    response = client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH='"whatever"')
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("login")
