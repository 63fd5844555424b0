"""A finished process in its implementation phase, with everything the next cycle copies
and everything it must leave behind: two themes with value streams, a linked and an uploaded
framework document and a given frame; a kick-off and a wrap-up seminar with agendas (a
person responsible, a written summary); two groups with a lead and members; a value from the
debate; and initiatives in every status, the running one with a full history."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from catalog.models import Edition
from debate.models import GivenFrame
from implementation.models import (
    Implementation,
    Initiative,
    InitiativeRevision,
    StatusChange,
)
from processes.models import AgendaItem, FrameworkDocument, Phase, Seminar, ValueStream
from tests.debate.factories import GivenFrameFactory, ValueFactory
from tests.factories import (
    AgendaItemFactory,
    GroupFactory,
    GroupMembershipFactory,
    SeminarFactory,
    ThemeFactory,
)
from tests.implementation.factories import (
    GoalFactory,
    IndicatorFactory,
    InitiativeFactory,
    MeasurementFactory,
    ProgressUpdateFactory,
    TrialActionFactory,
)

TODAY = datetime.date(2027, 8, 2)
PDF = b"%PDF-1.4\n% Handicappolitik\n"

Status = Initiative.Status


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def problems_on(response) -> list[tuple[str, str]]:
    """(place, message) of every problem the import page lists."""
    text = response.content.decode()
    return [
        (html.unescape(place), html.unescape(message))
        for place, message in re.findall(r"<li><code>(.*?)</code>: (.*?)</li>", text)
    ]


@pytest.fixture
def people(facilitator, leader, group_lead, member, external, outsider):
    return {
        "facilitator": facilitator,
        "leader": leader,
        "group_lead": group_lead,
        "member": member,
        "external": external,
        "outsider": outsider,
    }


@pytest.fixture
def finished(process, facilitator, leader, group_lead, member, external):
    """The process (1 February to 1 June 2027) in implementation, fully planned."""
    process.title = "Slip værdierne løs på værkstederne"
    process.purpose = "At sætte brugernes værdier i centrum."
    process.min_initiatives_per_group = 4
    process.author_visibility = process.AuthorVisibility.HIDDEN
    process.phase = Phase.IMPLEMENTATION
    process.save()
    streams = ValueStream.objects.in_bulk(field_name="number")

    users = ThemeFactory(
        process=process,
        title="Brugerinddragelse og brugernes position",
        description="Hvordan brugerne er med til at bestemme.",
        challenges="Brugerrådet mødes sjældent.",
        position=3,
    )
    users.value_streams.set([streams[7], streams[4]])
    staff = ThemeFactory(
        process=process,
        title="Faglige værdier og kompetenceudvikling",
        description="",
        challenges="Nye kolleger uden pædagogisk baggrund.",
        position=5,
    )
    staff.value_streams.set([streams[6]])
    FrameworkDocument.objects.create(
        theme=users, title="Handicappolitik 2008", url="https://example.org/politik.pdf"
    )
    uploaded = FrameworkDocument(theme=staff, title="Udviklingskontrakt 2027")
    uploaded.file.save("udviklingskontrakt.pdf", ContentFile(PDF), save=False)
    uploaded.save()
    GivenFrameFactory(
        theme=users,
        author=leader,
        kind=GivenFrame.Kind.LAW,
        text="Serviceloven § 103 om beskyttet beskæftigelse.",
        reason="Loven gælder for alle kommuner.",
        position=0,
    )
    GivenFrameFactory(
        theme=users,
        author=leader,
        kind=GivenFrame.Kind.BUDGET,
        text="Budgettet ligger fast til 2028.",
        reason="",
        position=1,
    )

    kickoff = SeminarFactory(
        process=process,
        kind=Seminar.Kind.KICKOFF,
        title="Kickoff på værkstedet",
        date=datetime.date(2027, 2, 10),
        place="Kantinen",
        summary="<p>Hemmeligt referat fra dagen.</p>",
    )
    AgendaItemFactory(
        seminar=kickoff,
        position=0,
        title="Velkomst",
        duration_minutes=15,
        format=AgendaItem.Format.PLENARY,
        responsible=facilitator,
        notes="Husk navneskilte.",
    )
    AgendaItemFactory(
        seminar=kickoff,
        position=1,
        title="Gruppearbejde om temaerne",
        duration_minutes=90,
        format=AgendaItem.Format.GROUP,
    )
    wrapup = SeminarFactory(
        process=process,
        kind=Seminar.Kind.WRAPUP,
        title="",
        date=datetime.date(2027, 5, 20),
        start_time=datetime.time(8, 30),
        end_time=datetime.time(14, 0),
        place="",
    )
    AgendaItemFactory(seminar=wrapup, position=0, title="Grupperne fremlægger", duration_minutes=90)

    group_users = GroupFactory(
        process=process, theme=users, name="Gruppe Brugerne", max_size=8, lead=group_lead
    )
    group_staff = GroupFactory(process=process, theme=staff, name="Gruppe Fag", max_size=None)
    GroupMembershipFactory(group=group_users, membership=group_lead)
    GroupMembershipFactory(group=group_users, membership=member)
    GroupMembershipFactory(group=group_staff, membership=external)
    ValueFactory(group=group_users, author=member, name="Ligeværdighed i debatten")

    edition = Edition.objects.create(
        process=process,
        number=1,
        status=Edition.Status.PUBLISHED,
        started_in_phase=Phase.CATALOGUE,
        published_at=timezone.now(),
    )
    Implementation.objects.create(
        process=process, edition=edition, update_interval_days=21, started_by=facilitator
    )
    running = _running_initiative(process, users, group_users, edition, facilitator, leader, member)
    others = {}
    for status in (Status.PLANNED, Status.PAUSED, Status.ANCHORED, Status.STOPPED):
        others[status] = InitiativeFactory(
            process=process,
            theme=staff,
            group=group_staff,
            title=f"Tiltag {status}",
            status=status,
        )
    return {
        "process": process,
        "themes": (users, staff),
        "groups": (group_users, group_staff),
        "seminars": (kickoff, wrapup),
        "edition": edition,
        "running": running,
        "others": others,
    }


def _running_initiative(process, theme, group, edition, facilitator, leader, member):
    initiative = InitiativeFactory(
        process=process,
        theme=theme,
        group=group,
        title="MUS-samtaler for brugerne",
        origin=Initiative.Origin.CATALOGUE,
        origin_reason="",
        edition=edition,
        lineage={"idea_id": 999, "edition": {"number": 1}, "values": ["Ligeværdighed"]},
        owner=member,
        status=Status.RUNNING,
        status_changed_on=datetime.date(2027, 4, 1),
        frame_signed_off_by=leader,
        frame_signed_off_at=timezone.now(),
        frame_note="Inden for serviceloven.",
        last_update_on=datetime.date(2027, 6, 20),
        version=2,
        created_by=facilitator,
    )
    initiative.team.set([facilitator])
    InitiativeRevision.objects.create(
        initiative=initiative, editor=facilitator, kind="created", version=1, data={"title": "MUS"}
    )
    InitiativeRevision.objects.create(
        initiative=initiative,
        editor=member,
        kind="edited",
        version=2,
        data={"title": "MUS-samtaler for brugerne"},
    )
    StatusChange.objects.create(
        initiative=initiative,
        from_status="",
        to_status=Status.PLANNED,
        changed_on=datetime.date(2027, 3, 1),
        reason="Fra kataloget, udgave 1.",
        actor=facilitator,
    )
    to_running = StatusChange.objects.create(
        initiative=initiative,
        from_status=Status.PLANNED,
        to_status=Status.RUNNING,
        changed_on=datetime.date(2027, 4, 1),
        reason="De første samtaler er holdt.",
        actor=member,
    )
    goal = GoalFactory(initiative=initiative, text="Alle brugere får en MUS-samtale", position=0)
    sub = GoalFactory(initiative=initiative, parent=goal, text="Skabelon til samtalen")
    TrialActionFactory(
        initiative=initiative,
        goal=sub,
        title="Prøv skabelonen i træværkstedet",
        stage="act",
        decision="abandon",
        learning="Skabelonen var for lang.",
    )
    indicator = IndicatorFactory(initiative=initiative, name="Andel brugere med MUS")
    for week, value in enumerate(("60", "65", "71")):
        MeasurementFactory(
            indicator=indicator,
            measured_on=datetime.date(2027, 3, 1) + datetime.timedelta(weeks=week),
            value=Decimal(value),
            entered_by=member,
        )
    ProgressUpdateFactory(
        initiative=initiative,
        written_on=datetime.date(2027, 4, 1),
        text="Samtalerne er i gang.",
        status_change=to_running,
        author=member,
    )
    ProgressUpdateFactory(
        initiative=initiative,
        written_on=datetime.date(2027, 6, 20),
        text="Halvdelen af brugerne har haft en samtale.",
        author=member,
    )
    return initiative
