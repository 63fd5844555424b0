import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from core.management.commands.load_demo import DEMO_PASSWORD, DEMO_SLUG
from organisations.models import Membership, Organisation
from processes.models import (
    AgendaItem,
    FrameworkDocument,
    Group,
    GroupMeeting,
    GroupMembership,
    Process,
    Seminar,
    Theme,
)

pytestmark = pytest.mark.django_db

Role = Membership.Role
COUNTED = [
    Organisation,
    Membership,
    get_user_model(),
    Process,
    Theme,
    FrameworkDocument,
    Seminar,
    AgendaItem,
    Group,
    GroupMembership,
    GroupMeeting,
]


def load():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_loading_twice_leaves_the_same_data():
    load()
    first = counts()
    load()

    assert counts() == first
    assert Organisation.objects.filter(slug=DEMO_SLUG).count() == 1
    assert first["Membership"] == 20


def test_it_prints_the_demo_logins(capsys):
    call_command("load_demo")

    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    for login in ["facilitator", "leader", "gruppeleder", "medlem", "ekstern"]:
        assert f"{login}@demo.qualityhub.dk" in out


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("facilitator@demo.qualityhub.dk", Role.FACILITATOR),
        ("leader@demo.qualityhub.dk", Role.LEADER),
        ("gruppeleder@demo.qualityhub.dk", Role.GROUP_LEAD),
        ("medlem@demo.qualityhub.dk", Role.MEMBER),
        ("ekstern@demo.qualityhub.dk", Role.EXTERNAL),
    ],
)
def test_each_demo_login_authenticates_with_its_role(rf, email, role):
    load()

    user = authenticate(rf.post("/accounts/login/"), username=email, password=DEMO_PASSWORD)

    assert user is not None
    assert user.memberships.get(organisation__slug=DEMO_SLUG).role == role


def test_it_builds_the_odense_case():
    load()
    organisation = Organisation.objects.get(slug=DEMO_SLUG)
    process = organisation.processes.get()

    assert organisation.name == "Odense Værkstederne"
    assert process.title.startswith("Slip værdidebatten løs")
    assert process.min_initiatives_per_group == 3
    assert 100 <= (process.end_date - process.start_date).days <= 140
    assert process.participants.count() == 20
    assert list(process.themes.values_list("title", flat=True)) == [
        "Fremtidens dagtilbud",
        "Faglige værdier og kompetenceudvikling",
        "Brugerinddragelse og brugernes position",
    ]
    assert all(theme.value_streams.exists() for theme in process.themes.all())
    assert FrameworkDocument.objects.filter(theme__process=process).count() == 3

    seminars = list(process.seminars.all())
    assert [s.kind for s in seminars] == [
        Seminar.Kind.KICKOFF,
        Seminar.Kind.MIDWAY,
        Seminar.Kind.WRAPUP,
    ]
    for seminar in seminars:
        minutes = sum(item.duration_minutes for item in seminar.agenda_items.all())
        day = (seminar.end_time.hour * 60 + seminar.end_time.minute) - (
            seminar.start_time.hour * 60 + seminar.start_time.minute
        )
        assert minutes == day, f"{seminar}: the agenda fills {minutes} of {day} minutes"
    assert seminars[0].summary.startswith("<p>")
    assert not seminars[1].summary


def test_the_groups_are_led_by_the_leaders_and_mix_departments():
    load()
    process = Process.objects.get(organisation__slug=DEMO_SLUG)
    groups = list(process.groups.select_related("lead"))

    assert len(groups) == 3
    assert {g.lead.role for g in groups} == {Role.LEADER, Role.GROUP_LEAD}
    for group in groups:
        departments = {m.department for m in group.members.exclude(role=Role.EXTERNAL)}
        assert len(departments) >= 2, group
        assert group.meetings.count() == 2
        for meeting in group.meetings.all():
            assert process.start_date < meeting.date < process.end_date
    # Everyone but the facilitator sits in exactly one group.
    assert GroupMembership.objects.filter(process=process).count() == 19


def test_it_refuses_to_run_in_production(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        load()
    assert not Organisation.objects.filter(slug=DEMO_SLUG).exists()
