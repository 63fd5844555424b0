"""One person active in every part of QualityHub, through the apps' own services.

Karoline Vestergaard-Ødum is invited and joins as a group lead; takes part in a process and
sits in its group; enters and edits values (revisions), comments, merges two values (undo
data), gives a dot in a round, proposes an idea, adds a frame condition and an influence
activity; reviews the catalogue, which lists her (snapshot and PDF); owns an initiative and
is on its team, enters a measurement, a progress update and a trial, evaluates it; answers
the process evaluation; sits on the quality team; hosts and signs up for a café meeting,
comments, wishes to take part, proposes and tells a story. Colleagues' texts, audit rows, the
administrators' log, a login record and a status report name her too, and she has a session
and a download of her data.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.utils import timezone

from catalog.services import workflow
from debate.services import frame, ideas, influence, merge, rounds, values
from evaluation.models import ReflectionMeeting
from evaluation.services import answers, questionnaire
from evaluation.services.initiatives import save_initiative_evaluation
from evaluation.services.quality_team import add_member, set_up_team
from implementation.services import chain, indicators, initiatives, report, start, updates
from organisations import services as organisation_services
from organisations.models import Membership
from privacy.services.export import request_export
from processes.models import AgendaItem, GroupMembership, Phase, PhaseChange, Process
from spreading.services import meetings, reactions, stories
from tests.factories import GroupFactory, SeminarFactory, ThemeFactory
from tests.implementation.factories import IndicatorFactory

FIRST, LAST = "Karoline", "Vestergaard-Ødum"
NAME = f"{FIRST} {LAST}"
EMAIL = "karoline.vo@example.org"
NEEDLES = [NAME, EMAIL]


def run_on_commit():
    return TestCase.captureOnCommitCallbacks(execute=True)


def build(*, organisation, facilitator, leader, colleague, process, client):
    """Everything above; returns the person's membership and the things made."""
    # -- Joining ----------------------------------------------------------------------------
    invitation = organisation_services.invite_member(
        actor=facilitator,
        organisation=organisation,
        email=EMAIL,
        role=Membership.Role.GROUP_LEAD,
        first_name=FIRST,
        last_name=LAST,
    )
    person = organisation_services.accept_invitation_as_new_user(
        invitation=invitation, first_name=FIRST, last_name=LAST, password="slip-vaerdierne-los"
    )
    organisation_services.update_own_profile(
        actor=person,
        membership=person,
        first_name=FIRST,
        last_name=LAST,
        department="Træværkstedet",
        professional_background="Pædagog",
        start_year=2009,
        birth_year=1971,
    )
    organisation_services.invite_member(
        actor=person, organisation=organisation, email="ny@example.org", role="member"
    )

    # -- The process --------------------------------------------------------------------------
    process.participants.add(person, colleague, facilitator, leader)
    theme = ThemeFactory(process=process, title="Brugerinddragelse")
    group = GroupFactory(process=process, theme=theme, name="Gruppe 1", lead=person)
    GroupMembership.objects.create(group=group, membership=person)
    GroupMembership.objects.create(group=group, membership=colleague)
    seminar = SeminarFactory(
        process=process,
        summary=f"<p>{NAME} åbnede seminaret.</p>",
        summary_updated_by=person.user,
    )
    AgendaItem.objects.create(
        seminar=seminar, title="Gruppearbejde", responsible=person, notes=f"Spørg {EMAIL}"
    )
    PhaseChange.objects.create(
        process=process,
        from_phase=Phase.VALUE_DEBATE,
        to_phase=Phase.PRIORITISATION,
        actor=person.user,
        override_reason=f"{NAME} bad om det",
        unmet_requirements=[f"{NAME} mangler en idé"],
    )

    # -- The value debate ---------------------------------------------------------------------
    value = values.add_value(
        actor=person,
        group=group,
        name="Ligeværd",
        meaning="At brugerne bestemmer over deres hverdag.",
        examples=f"Som {NAME} sagde på mødet.",
    )
    value = values.edit_value(
        actor=person,
        value=value,
        expected_version=value.version,
        name="Ligeværd",
        meaning="At brugerne bestemmer over deres egen hverdag.",
        examples=f"Som {NAME} sagde på mødet.",
    )
    twin = values.add_value(
        actor=person,
        group=group,
        name="Ligeværdighed",
        meaning="Det samme.",
        examples=f"{NAME} skrev det på tavlen.",
    )
    values.add_comment(actor=colleague, value=value, text=f"Enig med {NAME} ({EMAIL}).")
    values.add_comment(actor=person, value=value, text="Det ser jeg hver dag.")
    merge.merge_values(actor=person, target=value, sources=[twin])
    values.set_ideal(actor=person, value=value, is_ideal=True)
    frame.add_frame_condition(
        actor=person,
        theme=theme,
        text="Serviceloven § 103",
        reason=f"{NAME} kender loven",
        kind="law",
    )
    influence.add_influence_item(
        actor=person, group=group, activity="Kaffekassen", column="self", note=f"{NAME} foreslog"
    )
    idea = ideas.add_idea(
        actor=person,
        group=group,
        title="MUS for brugerne",
        description=f"Foreslået af {NAME}.",
        values=[value],
        propose=True,
    )
    ideas.set_idea_status(actor=facilitator, idea=idea, status="selected")
    round_ = rounds.open_round(
        actor=facilitator, process=process, title="Runde 1", dots_per_person=3, group=group
    )
    rounds.place_dot(actor=person, round=round_, candidate=round_.candidates.first())
    rounds.close_round(actor=facilitator, round=round_)

    # -- The catalogue ------------------------------------------------------------------------
    Process.objects.filter(pk=process.pk).update(phase=Phase.CATALOGUE)
    process.refresh_from_db()
    edition = workflow.start_edition(actor=facilitator, process=process)
    workflow.update_draft(
        actor=facilitator, edition=edition, include_participants=True, foreword=f"Tak til {NAME}."
    )
    edition = workflow.submit_for_review(
        actor=facilitator, edition=edition, override_reason="Vi går videre."
    )
    workflow.review_group(
        actor=person, edition=edition, group=group, decision="confirmed", comment=f"OK fra {NAME}"
    )
    with run_on_commit():
        edition = workflow.approve(actor=leader, edition=edition, note="Godkendt.")

    # -- Implementation -----------------------------------------------------------------------
    start.start_implementation(
        process, actor=facilitator, edition=edition, override_reason="Vi starter nu."
    )
    initiative = process.initiatives.get()
    initiative = initiatives.update_initiative(
        initiative,
        actor=person,
        expected_version=initiative.version,
        owner=person,
        team=[person, colleague],
        description=f"Ledet af {NAME}.",
    )
    initiatives.sign_off_frame(initiative, actor=leader, note="Inden for rammen.")
    indicator = IndicatorFactory(
        initiative=initiative,
        baseline_date=datetime.date(2026, 1, 1),
        target_date=datetime.date(2027, 12, 31),
    )
    indicators.add_measurement(
        actor=person,
        indicator=indicator,
        measured_on=datetime.date(2026, 3, 2),
        value=Decimal("65"),
        note=f"Målt af {NAME}",
    )
    updates.add_update(
        initiative,
        actor=person,
        written_on=datetime.date(2026, 3, 3),
        text=f"{NAME} holdt det første møde.",
    )
    chain.add_trial(
        actor=person, initiative=initiative, title="Prøvehandling", expectation=f"{NAME} forventer"
    )
    with run_on_commit():
        report.request_report(
            actor=facilitator, process=process, language="da", audience="Styregruppen"
        )
    save_initiative_evaluation(
        actor=person,
        initiative=initiative,
        expected_version=None,
        background_and_goals=f"{NAME} tog initiativet.",
        team_ratings={"employee_involvement": 4},
    )

    # -- Evaluation ---------------------------------------------------------------------------
    evaluation = questionnaire.prepare_evaluation(actor=facilitator, process=process, language="da")
    evaluation = questionnaire.open_evaluation(actor=facilitator, evaluation=evaluation)
    text_question = evaluation.questions.filter(kind="text").first()
    answers.submit_answers(
        actor=person,
        evaluation=evaluation,
        answers={answers.field_name(text_question): "Et godt forløb."},
    )
    answers.submit_answers(
        actor=colleague,
        evaluation=evaluation,
        answers={answers.field_name(text_question): f"{NAME} var en god tovholder."},
    )
    team = set_up_team(actor=facilitator, organisation=organisation, language="da")
    add_member(
        actor=facilitator,
        team=team,
        membership=person,
        role="member",
        position="frontline",
        profession="Pædagog",
    )
    ReflectionMeeting.objects.create(
        team=team,
        level="case",
        held_on=datetime.date(2026, 4, 1),
        title="Refleksion",
        notes=f"{NAME} fortalte om en borger.",
        created_by=person,
    )

    # -- Spreading ----------------------------------------------------------------------------
    series = meetings.plan_series(process, actor=facilitator, title="Cafémøder", kind="cafe")
    meeting = meetings.add_meeting(
        series,
        actor=facilitator,
        date=timezone.localdate() + datetime.timedelta(days=30),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(15, 30),
        place="Kantinen",
        host=person,
        capacity=20,
    )
    meetings.sign_up(meeting, actor=person)
    reactions.add_comment(initiative, actor=person, text="Et godt tiltag.")
    reactions.add_comment(initiative, actor=colleague, text=f"Spørg {NAME}.")
    reactions.set_take_part(initiative, actor=person, wants=True)
    reactions.propose_idea(process, actor=person, title="Ny idé", description=f"Fra {NAME}.")
    stories.add_story(initiative, actor=person, title="En god historie", text=f"{NAME} fortalte.")

    # -- Accounts: the administrators' log, a login record, a session, a download ------------
    LogEntry.objects.create(
        user=facilitator.user,
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_id=str(person.user.pk),
        object_repr=NAME,
        action_flag=CHANGE,
        change_message="[]",
    )
    from axes.models import AccessLog

    AccessLog.objects.create(
        username=EMAIL,
        ip_address="192.0.2.10",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/accounts/login/",
        attempt_time=timezone.now(),
    )
    client.force_login(person.user)
    with run_on_commit():
        export = request_export(user=person.user, language="da")
    export.refresh_from_db()
    return {
        "person": person,
        "group": group,
        "value": value,
        "idea": idea,
        "edition": edition,
        "initiative": initiative,
        "export": export,
    }
