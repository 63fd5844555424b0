"""Hidden-author mode: participants see no one else's name anywhere in the debate (pages and
htmx fragments); the facilitator still sees the authors; the facilitator sets the mode."""

import pytest
from django.urls import reverse

from debate import services
from debate.models import ValueRelation
from debate.services import ideas as idea_services
from debate.services import rounds as round_services
from processes.models import Process

HTMX = {"HTTP_HX_REQUEST": "true"}
NAMES = {
    "facilitator": ("Birgitta", "Zanzibarsen"),
    "leader": ("Leopold", "Quaxenholm"),
    "group_lead": ("Henrietta", "Vosgaardix"),
    "member": ("Sofiane", "Kryptonsen"),
    "external": ("Jensine", "Xylofonsen"),
    "neighbour": ("Nabo", "Wulfhildsen"),
}
PARTICIPANTS = ["leader", "group_lead", "member", "external", "neighbour"]


@pytest.fixture
def debate(
    process,
    people,
    group,
    other_group,
    theme,
    values,
    facilitator,
    leader,
    member,
    group_lead,
    neighbour,
):
    for role, (first, last) in NAMES.items():
        user = people[role].user
        user.first_name, user.last_name = first, last
        user.save()
    process.author_visibility = Process.AuthorVisibility.HIDDEN
    process.save()
    own = services.add_value(actor=group_lead, group=group, name="Lederens værdi", meaning="x")
    services.edit_value(
        actor=member, value=own, expected_version=1, name="Lederens værdi", meaning="y"
    )
    services.add_comment(actor=group_lead, value=values[0], text="Enig", is_disagreement=True)
    services.add_comment(actor=member, value=values[0], text="Eksempel", kind="example")
    services.add_value(actor=neighbour, group=other_group, name="Nabos værdi", meaning="z")
    services.relate_values(
        actor=member, from_value=values[0], to_value=values[1], kind=ValueRelation.Kind.TENSION
    )
    merge = services.merge_values(actor=group_lead, target=values[1], sources=[values[2]])
    services.undo_merge(actor=facilitator, merge=merge)
    services.merge_values(actor=facilitator, target=values[1], sources=[values[2]])
    condition = services.add_frame_condition(actor=leader, theme=theme, text="Loven", kind="law")
    idea = idea_services.add_idea(
        actor=member, group=group, title="Brugerråd", description="Et råd", values=[values[0]]
    )
    idea_services.set_idea_status(actor=group_lead, idea=idea, status="rejected", reason="Nej")
    closed = round_services.open_round(
        actor=facilitator, process=process, group=group, title="Lukket", dots_per_person=2
    )
    round_services.place_dot(actor=member, round=closed, candidate=closed.candidates.first())
    round_services.close_round(actor=facilitator, round=closed)
    still_open = round_services.open_round(
        actor=facilitator, process=process, group=group, title="Åben", dots_per_person=2
    )
    return {
        "process": process,
        "group": group,
        "other_group": other_group,
        "theme": theme,
        "values": values,
        "own": own,
        "idea": idea,
        "condition": condition,
        "closed": closed,
        "open": still_open,
        "merge": merge,
    }


def _get_urls(d):
    p = d["process"].pk
    urls = [
        reverse("debate:overview", args=[p]),
        reverse("debate:round_list", args=[p]),
        reverse("debate:given_frame", args=[p, d["theme"].pk]),
        d["closed"].get_absolute_url(),
        d["open"].get_absolute_url(),
        d["idea"].get_absolute_url(),
        d["own"].get_absolute_url(),
    ]
    for group in (d["group"], d["other_group"]):
        urls += [
            reverse("debate:group_debate", args=[p, group.pk]),
            reverse("debate:idea_list", args=[p, group.pk]),
            reverse("debate:merge", args=[p, group.pk]),
        ]
    for value in d["values"]:
        urls += [value.get_absolute_url(), reverse("debate:value_edit", args=[p, value.pk])]
    urls += [
        reverse("debate:idea_edit", args=[p, d["idea"].pk]),
        reverse("debate:given_frame_edit", args=[p, d["theme"].pk, d["condition"].pk]),
    ]
    return urls


def _others(role):
    return [" ".join(NAMES[r]) for r in NAMES if r != role] + [
        NAMES[r][1] for r in NAMES if r != role
    ]


def _assert_no_names(page, role, where):
    for name in _others(role):
        assert name not in page, f"{name} shown to the {role} on {where}"


@pytest.mark.parametrize("role", PARTICIPANTS)
def test_no_page_a_participant_can_load_shows_anyone_elses_name(as_user, people, debate, role):
    client = as_user(people[role])
    loaded = 0
    for url in _get_urls(debate):
        response = client.get(url)
        if response.status_code in (302, 403):  # not theirs to see, or a merged value's edit
            continue
        assert response.status_code == 200, url
        loaded += 1
        _assert_no_names(response.content.decode(), role, url)
    assert loaded >= 10


@pytest.mark.parametrize("role", ["member", "group_lead"])
def test_no_fragment_or_conflict_page_shows_anyone_elses_name(as_user, people, debate, role):
    client = as_user(people[role])
    d, p = debate, debate["process"].pk
    group, value = d["group"], d["values"][0]
    answers = [
        client.post(
            reverse("debate:group_debate", args=[p, group.pk]),
            {"name": "Ny", "meaning": "Ny"},
            **HTMX,
        ),
        client.post(
            reverse("debate:value_comment", args=[p, value.pk]),
            {"kind": "comment", "text": "Ja"},
            **HTMX,
        ),
        client.post(
            reverse("debate:idea_list", args=[p, group.pk]),
            {"title": "Ide", "description": "d", "values": [value.pk]},
            **HTMX,
        ),
        client.post(
            reverse("debate:round_dot", args=[p, d["open"].pk]),
            {"candidate": d["open"].candidates.first().pk, "action": "add"},
            **HTMX,
        ),
        # Edits from an old version: the conflict pages name the last editor.
        client.post(
            reverse("debate:value_edit", args=[p, d["own"].pk]),
            {"name": "Gammel", "meaning": "g", "version": 1},
        ),
        client.post(
            reverse("debate:idea_edit", args=[p, d["idea"].pk]),
            {"title": "Gammel", "description": "g", "values": [value.pk], "version": 1},
        ),
        client.post(
            reverse("debate:merge", args=[p, group.pk]),
            {"target": value.pk, "sources": [d["values"][1].pk]},
        ),
    ]
    merge_status = 200 if role == "group_lead" else 403
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 409, 409, merge_status]
    for answer in answers:
        _assert_no_names(answer.content.decode(), role, answer.request["PATH_INFO"])


def test_a_participant_sees_you_on_their_own_entries(as_user, member, debate):
    page = as_user(member).get(debate["values"][0].get_absolute_url()).content.decode()
    assert "You" in page
    assert "A participant" in page


def test_the_facilitator_still_sees_the_authors(as_user, facilitator, debate):
    page = as_user(facilitator).get(debate["values"][0].get_absolute_url()).content.decode()
    assert "Sofiane Kryptonsen" in page
    assert "Henrietta Vosgaardix" in page


def test_named_mode_shows_the_authors_to_participants(as_user, external, debate):
    debate["process"].author_visibility = Process.AuthorVisibility.NAMED
    debate["process"].save()
    page = as_user(external).get(debate["values"][0].get_absolute_url()).content.decode()
    assert "Sofiane Kryptonsen" in page


def test_the_facilitator_switches_the_mode(as_user, facilitator, process):
    client = as_user(facilitator)
    url = reverse("debate:settings", args=[process.pk])
    assert "Who sees the authors" in client.get(url).content.decode()
    response = client.post(url, {"author_visibility": "hidden"})
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.author_visibility == Process.AuthorVisibility.HIDDEN
    response = client.post(url, {"author_visibility": "everyone"})
    assert response.status_code == 200
    process.refresh_from_db()
    assert process.author_visibility == Process.AuthorVisibility.HIDDEN
