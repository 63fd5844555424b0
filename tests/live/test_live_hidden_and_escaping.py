"""The live pages in hidden-author mode leak no names (the board shows none at all: a
projector is seen by the whole hall), and everything people type is escaped."""

import pytest
from django.urls import reverse

from debate import services
from debate.services import ideas as idea_services
from live import services as live_services
from processes.models import Process
from tests.factories import AgendaItemFactory, SeminarFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
NAMES = {
    "facilitator": ("Birgitta", "Zanzibarsen"),
    "leader": ("Leopold", "Quaxenholm"),
    "group_lead": ("Henrietta", "Vosgaardix"),
    "member": ("Sofiane", "Kryptonsen"),
    "external": ("Jensine", "Xylofonsen"),
    "neighbour": ("Nabo", "Wulfhildsen"),
}
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def seminar(process):
    return SeminarFactory(process=process)


@pytest.fixture
def named_people(people):
    for role, (first, last) in NAMES.items():
        user = people[role].user
        user.first_name, user.last_name = first, last
        user.save()
    return people


@pytest.fixture
def hidden_debate(process, named_people, group, other_group, member, group_lead, neighbour):
    process.author_visibility = Process.AuthorVisibility.HIDDEN
    process.save()
    value = services.add_value(actor=member, group=group, name="Tillid", meaning="x")
    services.add_value(actor=group_lead, group=group, name="Respekt", meaning="y")
    services.add_value(actor=neighbour, group=other_group, name="Fællesskab", meaning="z")
    idea_services.add_idea(
        actor=group_lead, group=group, title="Brugerråd", description="r", values=[value]
    )
    return process


def urls(process, seminar, group):
    return [
        reverse("live:board", args=[process.pk, seminar.pk]),
        reverse("live:live_group", args=[process.pk, seminar.pk, group.pk]),
    ]


def others_names(role):
    return [part for other, names in NAMES.items() if other != role for part in names]


@pytest.mark.parametrize("role", ["leader", "group_lead", "member", "external", "neighbour"])
@pytest.mark.parametrize("fragment", [False, True])
def test_participants_see_no_other_names_on_live_pages(
    as_user, named_people, hidden_debate, seminar, group, role, fragment
):
    client = as_user(named_people[role])
    for url in urls(hidden_debate, seminar, group):
        html = client.get(url, **(HTMX if fragment else {})).content.decode()
        assert "Tillid" in html
        for name in others_names(role):
            assert name not in html, (url, name)


def test_the_board_shows_no_names_even_to_the_facilitator_in_hidden_mode(
    as_user, facilitator, hidden_debate, seminar
):
    html = as_user(facilitator).get(reverse("live:board", args=[hidden_debate.pk, seminar.pk]))
    html = html.content.decode()
    for _first, last in NAMES.values():
        assert last not in html


def test_the_facilitator_still_sees_the_authors_in_a_groups_live_view(
    as_user, facilitator, hidden_debate, seminar, group
):
    url = reverse("live:live_group", args=[hidden_debate.pk, seminar.pk, group.pk])
    html = as_user(facilitator).get(url).content.decode()
    assert "Kryptonsen" in html and "Vosgaardix" in html


def test_in_named_mode_the_board_shows_the_authors(
    as_user, leader, named_people, process, seminar, group, member
):
    services.add_value(actor=member, group=group, name="Tillid", meaning="x")
    html = as_user(leader).get(reverse("live:board", args=[process.pk, seminar.pk]))
    assert "Kryptonsen" in html.content.decode()


@pytest.mark.parametrize(
    "text",
    [
        HOSTILE,
        "x" * 200,
        "المساواة والاحترام",  # right-to-left
        "Ligeværdighed 🤝 — «Æ Ø Å»",
    ],
)
def test_hostile_and_unusual_text_is_escaped_on_every_live_page(
    as_user, member, facilitator, process, seminar, group, text
):
    value = services.add_value(actor=member, group=group, name=text[:200], meaning=text)
    idea_services.add_idea(
        actor=member, group=group, title=text[:200], description=text, values=[value]
    )
    process.title = text[:200]
    process.save()
    seminar.title = text[:200]
    seminar.save()
    item = AgendaItemFactory(seminar=seminar, title=text[:200])
    live_services.set_running_item(actor=facilitator, seminar=seminar, item=item)
    pages = [*urls(process, seminar, group)]
    pages.append(reverse("live:seminar_control", args=[process.pk, seminar.pk]))
    for url in pages:
        for headers in ({}, HTMX):
            response = as_user(facilitator).get(url, **headers)
            assert response.status_code == 200
            html = response.content.decode()
            assert "<script>alert" not in html
            assert "<img src=x" not in html
            if text == HOSTILE and "control" not in url:
                assert "&lt;script&gt;" in html


def test_a_hostile_join_code_is_escaped(as_user, member):
    response = as_user(member).get(reverse("live:join"), {"code": HOSTILE})
    assert "<script>alert" not in response.content.decode()
