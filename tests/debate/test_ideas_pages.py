"""Ideas: adding (at least one value), deciding (a rejection needs a reason), lineage back to
values, rounds, seminar and group, and conflicts between two editors."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from debate import services
from debate.models import Idea, IdeaRevision
from debate.services import ideas as idea_services
from debate.services import rounds as round_services
from tests.factories import SeminarFactory

from .factories import IdeaFactory, ValueFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def _list_url(group):
    return reverse("debate:idea_list", args=[group.process_id, group.pk])


def _data(values, **extra):
    return {
        "title": "MUS-samtaler for brugerne",
        "description": "Udviklingssamtaler om kompetencer og løn.",
        "values": [v.pk for v in values],
        "improves_core_task": "Brugerne bliver set som medarbejdere.",
        "spread_plan": "Træværkstedet først, så alle afdelinger.",
        "involved": ["users", "staff"],
        "users_role": "co_creating",
        "first_step": "En samtaleguide.",
        **extra,
    }


def test_a_member_proposes_an_idea_built_on_values(as_user, member, group, values):
    seminar = SeminarFactory(process=group.process, kind="midway")
    response = as_user(member).post(
        _list_url(group), _data(values[:2], seminar=seminar.pk, propose="1")
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert idea.status == Idea.Status.PROPOSED
    assert idea.author == member
    assert set(idea.values.all()) == set(values[:2])
    assert idea.involved == ["users", "staff"]
    assert idea.seminar == seminar
    assert idea.revisions.get().kind == IdeaRevision.Kind.CREATED


def test_saving_as_a_draft_keeps_it_a_draft(as_user, member, group, values):
    as_user(member).post(_list_url(group), _data(values[:1], propose="0"))
    assert Idea.objects.get().status == Idea.Status.DRAFT


def test_an_idea_needs_at_least_one_value(as_user, member, group, values):
    response = as_user(member).post(_list_url(group), _data([]), **HTMX)
    page = response.content.decode()
    assert "Choose at least one value the idea builds on." in page
    assert "MUS-samtaler for brugerne" in page  # the typed text is kept
    assert not Idea.objects.exists()


def test_the_service_also_refuses_an_idea_without_values(member, group):
    with pytest.raises(services.DebateError):
        idea_services.add_idea(actor=member, group=group, title="x", description="y", values=[])


def test_an_idea_cannot_build_on_another_groups_value(member, group, other_group):
    foreign = ValueFactory(group=other_group)
    with pytest.raises(services.DebateError):
        idea_services.add_idea(
            actor=member, group=group, title="x", description="y", values=[foreign]
        )
    assert not Idea.objects.exists()


def test_the_htmx_answer_lists_the_new_idea_and_a_fresh_form(as_user, member, group, values):
    response = as_user(member).post(_list_url(group), _data(values[:1]), **HTMX)
    page = response.content.decode()
    assert "<html" not in page
    assert "Just added" in page
    assert 'value="MUS-samtaler' not in page


def test_a_rejection_needs_a_reason(as_user, group_lead, group, values, member):
    idea = IdeaFactory(group=group, author=member, values=[values[0]])
    url = reverse("debate:idea_status", args=[group.process_id, idea.pk])
    client = as_user(group_lead)
    response = client.post(url, {"status": "rejected", "reason": "  "})
    assert response.status_code == 200
    assert "Say why the idea is rejected." in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PROPOSED
    response = client.post(url, {"status": "rejected", "reason": "Strider mod serviceloven."})
    assert response.status_code == 302
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Strider mod serviceloven." in page


def test_the_database_refuses_a_rejection_without_a_reason(group, values, member):
    idea = IdeaFactory(group=group, author=member, values=[values[0]])
    with pytest.raises(IntegrityError), transaction.atomic():
        Idea.objects.filter(pk=idea.pk).update(status=Idea.Status.REJECTED, rejection_reason="")


def test_selecting_clears_an_earlier_rejection_reason(group_lead, group, values, member):
    idea = IdeaFactory(group=group, author=member, values=[values[0]])
    idea_services.set_idea_status(actor=group_lead, idea=idea, status="rejected", reason="Nej.")
    idea = idea_services.set_idea_status(actor=group_lead, idea=idea, status="selected")
    assert idea.rejection_reason == ""
    assert idea.revisions.filter(kind=IdeaRevision.Kind.STATUS).count() == 2


def test_the_idea_shows_its_lineage(as_user, leader, facilitator, process, group, values, member):
    seminar = SeminarFactory(process=process, kind="midway", title="Midtvejsseminar")
    first = round_services.open_round(
        actor=facilitator, process=process, group=group, title="Gruppens runde", dots_per_person=3
    )
    for value, n in ((values[1], 2), (values[0], 1)):
        for _ in range(n):
            round_services.place_dot(
                actor=member, round=first, candidate=first.candidates.get(value=value)
            )
    round_services.close_round(actor=facilitator, round=first)
    still_open = round_services.open_round(
        actor=facilitator, process=process, group=group, title="Hemmelig runde", dots_per_person=3
    )
    idea = idea_services.add_idea(
        actor=member,
        group=group,
        title="Brugerråd",
        description="Et råd.",
        values=[values[0]],
        seminar=seminar,
    )
    page = as_user(leader).get(idea.get_absolute_url()).content.decode()
    assert "Where the idea comes from" in page
    assert "Ligeværdighed" in page
    assert "Gruppens runde" in page
    assert "no. 2 of 3, 1 dot" in page
    assert "Hemmelig runde" not in page  # an open round's standing is secret
    assert "Seminar: Midtvejsseminar" in page
    assert group.name in page
    assert still_open.is_open


def test_a_value_shows_the_ideas_built_on_it(as_user, external, group, values, member):
    IdeaFactory(group=group, author=member, values=[values[0]], title="Brugerråd")
    IdeaFactory(group=group, author=member, values=[values[1]], title="Kantineudvalg")
    page = as_user(external).get(values[0].get_absolute_url()).content.decode()
    assert "Ideas built on this value" in page
    assert "Brugerråd" in page
    assert "Kantineudvalg" not in page


def test_two_editors_from_the_same_version_get_a_conflict_not_an_overwrite(
    as_user, member, group_lead, group, values
):
    idea = IdeaFactory(group=group, author=member, values=[values[0]], title="Brugerråd")
    url = reverse("debate:idea_edit", args=[group.process_id, idea.pk])
    first = as_user(member).post(
        url, _data(values[:1], title="Brugerråd hver måned", version=idea.version)
    )
    assert first.status_code == 302
    second = as_user(group_lead).post(
        url, _data(values[:2], title="Brugerråd med valg", version=idea.version)
    )
    assert second.status_code == 409
    page = second.content.decode()
    assert "Someone else changed this idea while you were editing" in page
    assert "Brugerråd hver måned" in page  # the saved version
    assert "Brugerråd med valg" in page  # and theirs, kept in the form
    assert 'name="version" value="2"' in page
    idea.refresh_from_db()
    assert idea.title == "Brugerråd hver måned"
    assert idea.version == 2
    again = as_user(group_lead).post(url, _data(values[:2], title="Brugerråd med valg", version=2))
    assert again.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Brugerråd med valg"
    assert idea.revisions.count() == 2  # the factory wrote none; two edits
