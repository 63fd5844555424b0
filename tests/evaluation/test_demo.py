"""The demo carries the evaluations: a closed process evaluation above the anonymity
threshold, two initiative evaluations, the quality team and a reflection meeting."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from core.management.commands.load_demo import DEMO_SLUG
from evaluation.models import (
    InitiativeEvaluation,
    ProcessEvaluation,
    QualityTeam,
    ReflectionMeeting,
    Respondent,
    Response,
)
from organisations.models import Membership


def test_the_demo_has_evaluations_to_look_at(db, client):
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())  # again: nothing doubles
    evaluation = ProcessEvaluation.objects.get(process__organisation__slug=DEMO_SLUG)
    assert evaluation.status == ProcessEvaluation.Status.CLOSED
    assert Respondent.objects.filter(evaluation=evaluation).count() == 8
    assert not Response.objects.filter(membership__isnull=False).exists()
    assert InitiativeEvaluation.objects.filter(initiative__process=evaluation.process).count() == 2
    team = QualityTeam.objects.get(organisation__slug=DEMO_SLUG)
    assert team.seats.count() == 7
    assert ReflectionMeeting.objects.filter(team=team).count() == 1

    member = Membership.objects.get(
        organisation__slug=DEMO_SLUG, user__username="medlem@demo.qualityhub.dk"
    )
    client.force_login(member.user)
    page = client.get(reverse("evaluation:results", args=[evaluation.process_id]))
    assert page.status_code == 200
    assert "Not enough answers" not in page.content.decode()
