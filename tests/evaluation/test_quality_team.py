"""The quality team and reflection meetings (seed 003) through HTTP: set up with seed 003's
cadences and the leaders' questions in the request's language; four roles and a leader plus
a frontline worker per profession (with a hint when one is missing); a cadence per level with
the next meeting due; the question bank; meeting notes linked to initiatives and indicators."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluation.models import (
    QualityTeam,
    QualityTeamMember,
    ReflectionCadence,
    ReflectionMeeting,
    ReflectionQuestion,
)
from evaluation.services import quality_team as team_services
from evaluation.services import reflection as reflection_services
from tests.factories import MembershipFactory, OrganisationFactory, ProcessFactory
from tests.implementation.factories import InitiativeFactory

READERS = {"facilitator", "leader", "group_lead", "member", "bystander"}  # not the external
MANAGERS = {"facilitator", "leader"}
RECORDERS = {"facilitator", "leader", "member"}  # the member sits on the team
EVERYONE = READERS | {"external"}


@pytest.fixture
def world(organisation, team, facilitator, member, initiative, indicator):
    seat = team_services.add_member(
        actor=facilitator, team=team, membership=member, role="member", position="frontline"
    )
    meeting = reflection_services.record_meeting(
        actor=facilitator,
        team=team,
        level="service",
        held_on=timezone.localdate(),
        title="Kvartalsmøde om MUS",
        notes="Vi så på andelen med MUS.",
        questions=team.questions.all()[:2],
        initiatives=[initiative],
        indicators=[indicator],
    )
    return {
        "o": organisation.slug,
        "seat": seat.pk,
        "q": team.questions.first().pk,
        "m": meeting.pk,
    }


def _seat_data(w, people):
    return {"membership": people["group_lead"].pk, "role": "sponsor", "position": "leader"}


def _meeting_data(w):
    return {"level": "case", "held_on": "2026-01-05", "title": "Borgerens forløb", "notes": ""}


CASES = [
    ("quality_team", "get", lambda w: [w["o"]], None, READERS, 200),
    ("team_setup", "post", lambda w: [w["o"]], lambda w, p: {}, MANAGERS, 302),
    ("team_edit", "get", lambda w: [w["o"]], None, MANAGERS, 200),
    (
        "team_edit",
        "post",
        lambda w: [w["o"]],
        lambda w, p: {"purpose": "Driver udviklingen.", "meets_every_weeks": "4"},
        MANAGERS,
        302,
    ),
    ("seat_add", "get", lambda w: [w["o"]], None, MANAGERS, 200),
    ("seat_add", "post", lambda w: [w["o"]], _seat_data, MANAGERS, 302),
    ("seat_edit", "get", lambda w: [w["o"], w["seat"]], None, MANAGERS, 200),
    (
        "seat_edit",
        "post",
        lambda w: [w["o"], w["seat"]],
        lambda w, p: {"role": "expert", "position": "frontline", "profession": "Pædagog"},
        MANAGERS,
        302,
    ),
    ("seat_remove", "post", lambda w: [w["o"], w["seat"]], lambda w, p: {}, MANAGERS, 302),
    ("cadence_edit", "get", lambda w: [w["o"], "case"], None, MANAGERS, 200),
    (
        "cadence_edit",
        "post",
        lambda w: [w["o"], "case"],
        lambda w, p: {"every_weeks": "3", "duration_minutes": "45", "participants": "Alle"},
        MANAGERS,
        302,
    ),
    ("reflection_questions", "get", lambda w: [w["o"]], None, READERS, 200),
    (
        "reflection_questions",
        "post",
        lambda w: [w["o"]],
        lambda w, p: {"new-text": "Hvad lærte vi?", "new-level": ""},
        MANAGERS,
        302,
    ),
    ("reflection_question_edit", "get", lambda w: [w["o"], w["q"]], None, MANAGERS, 200),
    (
        "reflection_question_edit",
        "post",
        lambda w: [w["o"], w["q"]],
        lambda w, p: {"text": "Er vi gode rollemodeller for hinanden?", "level": ""},
        MANAGERS,
        302,
    ),
    (
        "reflection_question_delete",
        "post",
        lambda w: [w["o"], w["q"]],
        lambda w, p: {},
        MANAGERS,
        302,
    ),
    ("meetings", "get", lambda w: [w["o"]], None, READERS, 200),
    ("meeting_add", "get", lambda w: [w["o"]], None, RECORDERS, 200),
    ("meeting_add", "post", lambda w: [w["o"]], lambda w, p: _meeting_data(w), RECORDERS, 302),
    ("meeting", "get", lambda w: [w["o"], w["m"]], None, READERS, 200),
    ("meeting_edit", "get", lambda w: [w["o"], w["m"]], None, RECORDERS, 200),
    (
        "meeting_edit",
        "post",
        lambda w: [w["o"], w["m"]],
        lambda w, p: _meeting_data(w),
        RECORDERS,
        302,
    ),
]
IDS = [f"{c[0]}-{c[1]}" for c in CASES]


@pytest.mark.parametrize("role", sorted(EVERYONE))
@pytest.mark.parametrize(("name", "method", "args", "data", "allowed", "ok"), CASES, ids=IDS)
def test_each_role_gets_what_its_role_allows(
    as_user, people, world, role, name, method, args, data, allowed, ok
):
    client = as_user(people[role])
    target = reverse(f"evaluation:{name}", args=args(world))
    response = client.get(target) if method == "get" else client.post(target, data(world, people))
    assert response.status_code == (ok if role in allowed else 403)


@pytest.mark.parametrize(("name", "method", "args", "data", "allowed", "ok"), CASES, ids=IDS)
def test_another_organisation_gets_not_found(
    as_user, outsider, people, world, name, method, args, data, allowed, ok
):
    client = as_user(outsider)
    target = reverse(f"evaluation:{name}", args=args(world))
    response = client.get(target) if method == "get" else client.post(target, data(world, people))
    assert response.status_code == 404


WRONG_METHODS = [
    ("quality_team", "post", lambda w: [w["o"]]),
    ("team_setup", "get", lambda w: [w["o"]]),
    ("team_edit", "put", lambda w: [w["o"]]),
    ("seat_add", "delete", lambda w: [w["o"]]),
    ("seat_edit", "put", lambda w: [w["o"], w["seat"]]),
    ("seat_remove", "get", lambda w: [w["o"], w["seat"]]),
    ("cadence_edit", "put", lambda w: [w["o"], "case"]),
    ("reflection_questions", "delete", lambda w: [w["o"]]),
    ("reflection_question_edit", "put", lambda w: [w["o"], w["q"]]),
    ("reflection_question_delete", "get", lambda w: [w["o"], w["q"]]),
    ("meetings", "post", lambda w: [w["o"]]),
    ("meeting_add", "put", lambda w: [w["o"]]),
    ("meeting", "post", lambda w: [w["o"], w["m"]]),
    ("meeting_edit", "delete", lambda w: [w["o"], w["m"]]),
]


@pytest.mark.parametrize(
    ("name", "method", "args"), WRONG_METHODS, ids=[c[0] for c in WRONG_METHODS]
)
def test_a_wrong_method_is_not_allowed(as_user, facilitator, world, name, method, args):
    response = getattr(as_user(facilitator), method)(
        reverse(f"evaluation:{name}", args=args(world))
    )
    assert response.status_code == 405


def test_an_external_on_the_team_reads_and_records(as_user, external, facilitator, team, world):
    team_services.add_member(
        actor=facilitator, team=team, membership=external, role="expert", position="frontline"
    )
    client = as_user(external)
    assert client.get(reverse("evaluation:quality_team", args=[world["o"]])).status_code == 200
    assert client.get(reverse("evaluation:meeting_add", args=[world["o"]])).status_code == 200


def test_another_organisations_meeting_is_not_found_through_this_one(as_user, facilitator, world):
    elsewhere = OrganisationFactory()
    boss = MembershipFactory(organisation=elsewhere, role="facilitator")
    other_team = team_services.set_up_team(actor=boss, organisation=elsewhere, language="en")
    meeting = reflection_services.record_meeting(
        actor=boss, team=other_team, level="case", held_on=datetime.date(2026, 1, 5), title="X"
    )
    response = as_user(facilitator).get(
        reverse("evaluation:meeting", args=[world["o"], meeting.pk])
    )
    assert response.status_code == 404


# -- Setting up ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "question"),
    [
        ("da", "Er vi gode rollemodeller?"),
        ("en", "Are we good role models?"),
        ("nb", "Etterspør vi data som grunnlag for beslutninger?"),
    ],
)
def test_setting_up_gives_seed_003s_cadences_and_questions_in_the_request_language(
    client, leader, organisation, language, question
):
    client.force_login(leader.user)
    target = reverse("evaluation:team_setup", args=[organisation.slug])
    response = client.post(target, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302
    team = QualityTeam.objects.get(organisation=organisation)
    cadences = dict(team.cadences.values_list("level", "every_weeks"))
    assert cadences == {"case": 2, "service": 13, "organisation": 26}
    assert team.questions.filter(text=question).exists()
    assert team.questions.filter(level="").count() == 7  # the leaders' own questions
    client.post(target)
    assert QualityTeam.objects.count() == 1
    assert ReflectionCadence.objects.count() == 3


def test_before_set_up_members_are_told_who_sets_it_up(as_user, member, organisation):
    page = as_user(member).get(reverse("evaluation:quality_team", args=[organisation.slug]))
    assert "The facilitator or a leader sets it up." in page.content.decode()


def test_the_organisation_page_links_to_the_quality_team(as_user, member, organisation):
    page = as_user(member).get(reverse("organisations:detail", args=[organisation.slug]))
    assert reverse("evaluation:quality_team", args=[organisation.slug]) in page.content.decode()


# -- Members and roles -----------------------------------------------------------------------


def test_a_profession_with_only_a_leader_gets_a_hint(as_user, facilitator, organisation, team):
    nurse_lead = MembershipFactory(
        organisation=organisation, professional_background="Sygeplejerske"
    )
    pedagogue = MembershipFactory(organisation=organisation, professional_background="Pædagog")
    pedagogue_lead = MembershipFactory(organisation=organisation)
    client = as_user(facilitator)
    add = reverse("evaluation:seat_add", args=[organisation.slug])
    client.post(add, {"membership": nurse_lead.pk, "role": "lead", "position": "leader"})
    client.post(add, {"membership": pedagogue.pk, "role": "member", "position": "frontline"})
    client.post(
        add,
        {
            "membership": pedagogue_lead.pk,
            "role": "sponsor",
            "position": "leader",
            "profession": "Pædagog",
        },
    )
    page = client.get(reverse("evaluation:quality_team", args=[organisation.slug])).content
    page = page.decode()
    assert "Sygeplejerske: a leader, but no frontline worker yet." in page
    assert "Pædagog: a" not in page
    assert "No one has these roles yet: Professional expert." in page


def test_the_team_has_one_lead_and_a_person_sits_once(as_user, facilitator, organisation, team):
    first, second = (
        MembershipFactory(organisation=organisation),
        MembershipFactory(organisation=organisation),
    )
    client = as_user(facilitator)
    add = reverse("evaluation:seat_add", args=[organisation.slug])
    client.post(add, {"membership": first.pk, "role": "lead", "position": "leader"})
    refused = client.post(add, {"membership": second.pk, "role": "lead", "position": "leader"})
    assert refused.status_code == 200
    assert "The team already has a lead. Change their role first." in refused.content.decode()
    again = client.post(add, {"membership": first.pk, "role": "member", "position": "leader"})
    assert "Select a valid choice" in again.content.decode()  # no longer offered
    assert QualityTeamMember.objects.filter(team=team).count() == 1


def test_a_person_of_another_organisation_cannot_be_added(as_user, facilitator, outsider, team):
    response = as_user(facilitator).post(
        reverse("evaluation:seat_add", args=[team.organisation.slug]),
        {"membership": outsider.pk, "role": "member", "position": "frontline"},
    )
    assert response.status_code == 200
    assert not QualityTeamMember.objects.exists()


# -- Cadences ----------------------------------------------------------------------------------


def test_the_next_meeting_is_due_a_cadence_after_the_last(facilitator, team):
    today = datetime.date(2027, 3, 1)
    reflection_services.record_meeting(
        actor=facilitator,
        team=team,
        level="case",
        held_on=datetime.date(2027, 2, 1),
        title="Et forløb",
        today=today,
    )
    plans = {p.level: p for p in team_services.level_plans(team, today)}
    assert plans["case"].next_due == datetime.date(2027, 2, 15)
    assert plans["case"].overdue
    assert plans["service"].next_due == today and not plans["service"].overdue
    assert plans["organisation"].last_held_on is None


def test_the_team_page_shows_the_next_due_date(as_user, member, facilitator, team, organisation):
    held = timezone.localdate() - datetime.timedelta(days=7)
    reflection_services.record_meeting(
        actor=facilitator, team=team, level="case", held_on=held, title="Et forløb"
    )
    page = as_user(member).get(reverse("evaluation:quality_team", args=[organisation.slug]))
    from django.utils.formats import date_format

    due = date_format(held + datetime.timedelta(weeks=2), "DATE_FORMAT")
    assert f"Next meeting due: {due}" in page.content.decode()
    assert "Next meeting: due now" in page.content.decode()


def test_a_cadence_outside_1_to_104_weeks_is_refused(as_user, facilitator, team, organisation):
    response = as_user(facilitator).post(
        reverse("evaluation:cadence_edit", args=[organisation.slug, "case"]),
        {"every_weeks": "0", "participants": ""},
    )
    assert response.status_code == 200
    assert team.cadences.get(level="case").every_weeks == 2


def test_an_unknown_level_is_not_found(as_user, facilitator, team, organisation):
    response = as_user(facilitator).get(
        reverse("evaluation:cadence_edit", args=[organisation.slug, "planet"])
    )
    assert response.status_code == 404


# -- Question bank and meetings ---------------------------------------------------------------


def test_the_bank_is_edited_per_organisation(as_user, facilitator, team, organisation):
    client = as_user(facilitator)
    client.post(
        reverse("evaluation:reflection_questions", args=[organisation.slug]),
        {"new-text": "Hvad siger borgerne?", "new-level": "case"},
    )
    assert team.questions.filter(text="Hvad siger borgerne?", level="case").exists()
    other = OrganisationFactory()
    boss = MembershipFactory(organisation=other, role="facilitator")
    other_team = team_services.set_up_team(actor=boss, organisation=other, language="en")
    assert not other_team.questions.filter(text="Hvad siger borgerne?").exists()


def test_a_meeting_records_notes_with_linked_initiatives_and_indicators(
    as_user, member, facilitator, team, organisation, initiative, indicator
):
    team_services.add_member(
        actor=facilitator, team=team, membership=member, role="member", position="frontline"
    )
    question = team.questions.first()
    response = as_user(member).post(
        reverse("evaluation:meeting_add", args=[organisation.slug]),
        {
            "level": "service",
            "held_on": timezone.localdate().isoformat(),
            "title": "Kvartalsmøde",
            "notes": "Andelen med MUS steg fra 60 til 75 %.",
            "questions": [question.pk],
            "initiatives": [initiative.pk],
            "indicators": [indicator.pk],
        },
    )
    assert response.status_code == 302
    meeting = ReflectionMeeting.objects.get()
    assert list(meeting.initiatives.all()) == [initiative]
    assert list(meeting.indicators.all()) == [indicator]
    page = as_user(member).get(response.url).content.decode()
    assert "Andelen med MUS steg fra 60 til 75 %." in page
    assert initiative.title in page and indicator.name in page and question.text in page


def test_a_meeting_cannot_link_another_organisations_initiative(
    as_user, facilitator, team, organisation
):
    foreign = InitiativeFactory(process=ProcessFactory(organisation=OrganisationFactory()))
    response = as_user(facilitator).post(
        reverse("evaluation:meeting_add", args=[organisation.slug]),
        {**_meeting_data(None), "initiatives": [foreign.pk]},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ReflectionMeeting.objects.exists()


def test_notes_for_a_meeting_in_the_future_are_refused(as_user, facilitator, team, organisation):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = as_user(facilitator).post(
        reverse("evaluation:meeting_add", args=[organisation.slug]),
        {"level": "case", "held_on": tomorrow.isoformat(), "title": "Planlagt"},
    )
    assert "Notes are for a meeting that has been held" in response.content.decode()
    assert not ReflectionMeeting.objects.exists()


def test_an_external_sees_only_linked_initiatives_they_take_part_in(
    as_user, external, facilitator, team, organisation, initiative, other_initiative
):
    meeting = reflection_services.record_meeting(
        actor=facilitator,
        team=team,
        level="organisation",
        held_on=timezone.localdate(),
        title="Halvårsmøde",
        initiatives=[initiative, other_initiative],
    )
    team_services.add_member(
        actor=facilitator, team=team, membership=external, role="expert", position="frontline"
    )
    page = as_user(external).get(
        reverse("evaluation:meeting", args=[organisation.slug, meeting.pk])
    )
    text = page.content.decode()
    assert initiative.title in text and other_initiative.title not in text
    # Saving the notes keeps the link the external could not see.
    as_user(external).post(
        reverse("evaluation:meeting_edit", args=[organisation.slug, meeting.pk]),
        {"level": "organisation", "held_on": timezone.localdate().isoformat(), "title": "Ny"},
    )
    assert set(meeting.initiatives.all()) == {other_initiative}


def test_the_team_page_runs_the_same_queries_for_few_and_many_members_and_meetings(
    as_user, facilitator, team, organisation
):
    client = as_user(facilitator)
    target = reverse("evaluation:quality_team", args=[organisation.slug])

    def grow(n):
        for i in range(n):
            person = MembershipFactory(
                organisation=organisation, professional_background=f"Fag {i}"
            )
            team_services.add_member(
                actor=facilitator, team=team, membership=person, role="member", position="frontline"
            )
            reflection_services.record_meeting(
                actor=facilitator, team=team, level="case",
                held_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i), title=f"Møde {i}",
            )  # fmt: skip

    grow(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(target).status_code == 200
    grow(20)
    with CaptureQueriesContext(connection) as many:
        assert client.get(target).status_code == 200
    assert len(many) == len(few)


def test_deleting_a_question_removes_it_from_the_bank(as_user, facilitator, team, organisation):
    question = team.questions.first()
    as_user(facilitator).post(
        reverse("evaluation:reflection_question_delete", args=[organisation.slug, question.pk])
    )
    assert not ReflectionQuestion.objects.filter(pk=question.pk).exists()
