"""What the demo holds, read from one load shared by the tests of this module.

Loading the demo takes seconds; these tests only read it (what one changes, such as a login,
is undone after it), so the module loads it once (tests/module_data.py). Loading twice,
refusing production and the previous cycle's PDF are in test_load_demo.py, which loads for
each test.
"""

import datetime

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import override_settings
from django.utils import timezone

from catalog.models import Edition
from core.management.commands.load_demo import DEMO_PASSWORD, DEMO_SLUG
from implementation import runchart
from implementation.models import (
    Implementation,
    Indicator,
    Initiative,
    ProgressUpdate,
    TrialAction,
)
from implementation.services.updates import overdue
from organisations.models import Membership, Organisation
from processes.models import FrameworkDocument, GroupMembership, Seminar
from tests.module_data import kept_for_module

from .test_load_demo import current_process, load, previous_process

pytestmark = pytest.mark.django_db

Role = Membership.Role


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with kept_for_module(django_db_blocker):
        with (
            django_db_blocker.unblock(),
            override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        ):
            load()
        yield


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
    user = authenticate(rf.post("/accounts/login/"), username=email, password=DEMO_PASSWORD)

    assert user is not None
    assert user.memberships.get(organisation__slug=DEMO_SLUG).role == role


def test_it_builds_the_odense_case():
    organisation = Organisation.objects.get(slug=DEMO_SLUG)
    process = current_process()

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
    process = current_process()
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


def test_the_previous_cycle_has_gone_the_whole_way_into_implementation():
    previous, current = previous_process(), current_process()

    assert previous.end_date < timezone.localdate() < current.start_date
    assert current.previous_cycle.previous == previous
    edition = Edition.objects.get(process=previous)
    assert (edition.status, edition.number) == (Edition.Status.PUBLISHED, 1)
    assert edition.published_at.date() < previous.implementation.started_at.date()
    assert previous.implementation.edition == edition
    assert not Implementation.objects.filter(process=current).exists()

    initiatives = list(Initiative.objects.filter(process=previous).select_related("owner", "group"))
    from_catalogue = [i for i in initiatives if i.origin == Initiative.Origin.CATALOGUE]
    assert len(from_catalogue) == 9 and len(initiatives) >= 10
    owned = [i for i in initiatives if i.owner]
    assert len(owned) >= 6
    # Owners from all three groups, each owning an initiative of their own group.
    assert {i.group.name[:8] for i in owned if i.owner in i.group.members.all()} == {
        "Gruppe A",
        "Gruppe B",
        "Gruppe C",
    }
    for initiative in from_catalogue:
        lineage = initiative.lineage
        assert lineage["edition"]["number"] == 1 and lineage["values"], initiative
    assert any(v["placings"] for i in from_catalogue for v in i.lineage["values"])
    statuses = {i.status for i in initiatives}
    assert {"trial", "running", "anchored", "stopped", "planned"} <= statuses
    assert sum(i.is_signed_off for i in initiatives) >= 6
    assert any(i.origin != Initiative.Origin.CATALOGUE and i.origin_reason for i in initiatives)


def test_one_indicator_shows_a_real_signal_by_anhojs_rules_and_another_random_variation():
    today = timezone.localdate()
    indicators = {
        i.name: i
        for i in Indicator.objects.filter(initiative__process=previous_process())
        .select_related("initiative")
        .prefetch_related("measurements")
    }
    long_series = [i for i in indicators.values() if 15 <= i.measurements.count() <= 24]
    assert len(long_series) >= 2
    for indicator in indicators.values():
        dates = [m.measured_on for m in indicator.measurements.all()]
        assert indicator.baseline_date <= min(dates) and max(dates) < today

    def reading(name):
        indicator = indicators[name]
        return runchart.analyse(
            indicator.measurements.all(),
            better=indicator.better,
            baseline_period_end=indicator.baseline_period_end,
        )

    mus = reading("Andel brugere med MUS-samtale det seneste år")
    assert mus.signal and mus.run_signal and mus.direction == runchart.IMPROVEMENT
    assert mus.longest_run > mus.longest_run_limit
    assert indicators["Andel brugere med MUS-samtale det seneste år"].baseline_value == 60
    assert indicators["Andel brugere med MUS-samtale det seneste år"].target_value == 80
    waiting = reading("Ventetid på aktivitetsskift (dage)")
    assert waiting.enough_points and not waiting.signal
    assert indicators["Ventetid på aktivitetsskift (dage)"].better == Indicator.Better.LOWER


def test_trials_updates_and_one_initiative_overdue_for_an_update():
    previous = previous_process()

    abandoned = TrialAction.objects.get(
        initiative__process=previous, decision=TrialAction.Decision.ABANDON
    )
    assert abandoned.learning and abandoned.study and abandoned.stage == TrialAction.Stage.ACT
    assert TrialAction.objects.filter(initiative__process=previous).count() >= 4
    assert ProgressUpdate.objects.filter(initiative__process=previous).count() >= 15
    late = list(overdue(previous))
    assert [i.title for i in late] == ["Rehabilitering som fælles referenceramme"]
    assert late[0].last_update_on < timezone.localdate() - datetime.timedelta(
        days=previous.implementation.update_interval_days
    )


def test_the_demo_logins_see_the_implementation(client):
    from django.urls import reverse

    previous = previous_process()
    member = Membership.objects.get(
        organisation__slug=DEMO_SLUG, user__username="medlem@demo.qualityhub.dk"
    )
    indicator = Indicator.objects.get(
        initiative__owner=member, name="Andel brugere med MUS-samtale det seneste år"
    )
    initiative = indicator.initiative

    client.force_login(member.user)
    measure = client.get(
        reverse("implementation:measurement_add", args=[previous.pk, initiative.pk, indicator.pk])
    )
    assert measure.status_code == 200
    assert "Save the measurement" in measure.content.decode()

    client.force_login(get_user_model().objects.get(username="leader@demo.qualityhub.dk"))
    page = client.get(reverse("implementation:overview", args=[previous.pk])).content.decode()
    assert "Signal of improvement since" in page
    assert "Rehabilitering som fælles referenceramme" in page


def test_no_idea_of_the_current_process_repeats_an_initiative_of_the_previous_cycle():
    """An idea and an initiative of the same name read as one thing carried forward; the demo
    carries nothing forward that way, so their names differ."""
    from debate.models import Idea

    current = Idea.objects.filter(group__process=current_process())
    ideas = set(current.values_list("title", flat=True))
    carried_out = set(
        Initiative.objects.filter(process=previous_process()).values_list("title", flat=True)
    )
    assert "Brugerrådet får indflydelse på budgettet" in ideas
    assert "Brugerrådet får eget budget" in carried_out
    assert not ideas & carried_out
