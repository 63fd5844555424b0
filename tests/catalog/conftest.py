"""A process whose material is ready for the catalogue: two groups on two themes, each with
ideal values and the required initiatives, a closed round, a given frame, an influence
schema and a seminar summary."""

import pytest
from django.test import TestCase
from django.utils import timezone

from catalog.models import Edition
from catalog.services import workflow
from debate.models import InfluenceItem, PrioritisationRound, RoundCandidate
from debate.models.rounds import Dot
from organisations.models import Membership
from processes.models import Phase, Process, ValueStream
from tests.debate.factories import GivenFrameFactory, IdeaFactory, ValueFactory
from tests.factories import GroupFactory, MembershipFactory, SeminarFactory, ThemeFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """PDFs go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def catalogue_phase(request):
    """The process is in the phase the method places the catalogue in (the phase gate's own
    tests move it back)."""
    if "process" in request.fixturenames:
        process = request.getfixturevalue("process")
        Process.objects.filter(pk=process.pk).update(phase=Phase.CATALOGUE)
        process.phase = Phase.CATALOGUE


@pytest.fixture
def second_lead(organisation):
    return MembershipFactory(
        organisation=organisation,
        role=Membership.Role.GROUP_LEAD,
        user__username="lead2@example.org",
    )


def build_material(process, leads, *, initiatives=3, prefix=""):
    """Two groups' material; returns {group: {"values": [...], "ideas": [...]}}."""
    streams = list(ValueStream.objects.order_by("number")[:2])
    seminar = SeminarFactory(
        process=process, summary="<p>Vi fandt <strong>fælles værdier</strong>.</p>"
    )
    result = {}
    for i, lead in enumerate(leads):
        theme = ThemeFactory(process=process, title=f"{prefix}Tema {i + 1}", position=i)
        theme.value_streams.set(streams[i : i + 1])
        GivenFrameFactory(theme=theme, text=f"{prefix}Budgettet ligger fast {i + 1}")
        group = GroupFactory(
            process=process, theme=theme, name=f"{prefix}Gruppe {i + 1}", lead=lead
        )
        ideal = ValueFactory(group=group, name=f"{prefix}Idealværdi {i + 1}", is_ideal=True)
        other = ValueFactory(group=group, name=f"{prefix}Almindelig værdi {i + 1}")
        ideas = [
            IdeaFactory(
                group=group,
                title=f"{prefix}Tiltag {i + 1}.{n + 1}",
                status="selected",
                seminar=seminar,
                values=[ideal],
            )
            for n in range(initiatives)
        ]
        IdeaFactory(group=group, title=f"{prefix}Kladde {i + 1}", status="draft", values=[other])
        InfluenceItem.objects.create(group=group, activity=f"{prefix}Kaffe {i + 1}", column="self")
        InfluenceItem.objects.create(
            group=group, activity=f"{prefix}Brugerråd {i + 1}", column="co"
        )
        round_ = PrioritisationRound.objects.create(
            process=process, group=group, title=f"{prefix}Runde {i + 1}", dots_per_person=3
        )
        top = RoundCandidate.objects.create(round=round_, value=ideal)
        RoundCandidate.objects.create(round=round_, value=other)
        Dot.objects.create(candidate=top, voter=lead, round=round_)
        PrioritisationRound.objects.filter(pk=round_.pk).update(
            status="closed", closed_at=timezone.now()
        )
        result[group] = {"values": [ideal, other], "ideas": ideas}
    return result


@pytest.fixture
def material(process, group_lead, second_lead):
    return build_material(process, [group_lead, second_lead])


@pytest.fixture
def in_review(process, facilitator, material):
    edition = workflow.start_edition(actor=facilitator, process=process)
    return workflow.submit_for_review(actor=facilitator, edition=edition)


def approve_and_render(leader, edition, note="Godkendt."):
    """Approve and publish; the PDF task, queued on commit, runs (eagerly) at once."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        edition = workflow.approve(actor=leader, edition=edition, note=note)
    edition.refresh_from_db()
    return edition


@pytest.fixture
def published(in_review, leader):
    """Published; its PDF job is queued but not rendered (the commit never comes in a test)."""
    edition = workflow.approve(actor=leader, edition=in_review, note="Godkendt.")
    assert edition.status == Edition.Status.PUBLISHED
    return edition


@pytest.fixture
def published_pdf(in_review, leader):
    """Published, with its PDF rendered."""
    edition = approve_and_render(leader, in_review)
    assert edition.status == Edition.Status.PUBLISHED
    return edition
