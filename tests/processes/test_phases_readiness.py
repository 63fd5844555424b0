"""The requirements for moving a process to its next phase, one check at a time, and the
number of queries the process page needs for them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog.models import Edition
from debate.models import Idea, PrioritisationRound
from debate.services.rounds import close_round, open_round
from processes import readiness
from processes.models import Phase, Seminar
from tests.debate.factories import IdeaFactory, ValueFactory
from tests.factories import (
    AgendaItemFactory,
    GroupFactory,
    GroupMeetingFactory,
    GroupMembershipFactory,
    MembershipFactory,
    ProcessFactory,
    SeminarFactory,
    ThemeFactory,
)

# 16 for the process page itself, plus the panels the apps above register (debate,
# implementation, evaluation, spreading, cycles) and the implementation check (is a
# catalogue edition published?), each a fixed number of queries.
QUERY_BUDGET = 25


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids, whatever languages are translated later."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The builders create many people; the real hasher would make the suite crawl.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Builders: a process that meets every requirement up to a phase --------------------------


def planned_seminar(process, kind, date=None, summary=""):
    seminar = SeminarFactory(
        process=process,
        kind=kind,
        date=date or timezone.localdate() + datetime.timedelta(days=30),
        summary=summary,
    )
    AgendaItemFactory(seminar=seminar, position=0)
    return seminar


def complete_group(process, name, theme=None):
    organisation = process.organisation
    lead = MembershipFactory(organisation=organisation)
    group = GroupFactory(
        process=process, name=name, lead=lead, **({"theme": theme} if theme else {})
    )
    for _ in range(2):
        GroupMembershipFactory(group=group, membership=MembershipFactory(organisation=organisation))
    return group


def prioritise(process, group, actor):
    values = [ValueFactory(group=group) for _ in range(2)]
    round = open_round(actor=actor, process=process, group=group, title="Runde", dots_per_person=2)
    close_round(actor=actor, round=round)
    return values


def select_initiatives(group, values, count):
    return [
        IdeaFactory(group=group, status=Idea.Status.SELECTED, values=[values[0]])
        for _ in range(count)
    ]


def make_ready(process, actor, *, until: Phase, groups: int = 2):
    """Meet every requirement for the phases up to and including `until`."""
    target = until.index
    built = [complete_group(process, f"Gruppe {i}") for i in range(groups)]
    planned_seminar(process, Seminar.Kind.KICKOFF)
    if target >= Phase.CATALOGUE.index:
        planned_seminar(process, Seminar.Kind.MIDWAY)
        for group in built:
            GroupMeetingFactory(group=group)
    values = {group.pk: prioritise(process, group, actor) for group in built} if target >= 2 else {}
    if target >= Phase.IMPLEMENTATION.index:
        planned_seminar(process, Seminar.Kind.WRAPUP)
        for group in built:
            select_initiatives(group, values[group.pk], process.min_initiatives_per_group)
        Edition.objects.create(
            process=process, status=Edition.Status.PUBLISHED, number=1, published_at=timezone.now()
        )
    return built


def by_label(checks, start):
    found = [check for check in checks if check.label.startswith(start)]
    assert len(found) == 1, [check.label for check in checks]
    return found[0]


def check(process, phase, start):
    return by_label(readiness.evaluate(process, phase), start)


# --- The registry ---------------------------------------------------------------------------


def test_each_phase_has_its_checks_including_the_debate_ones():
    labels = {
        phase: [f.__name__ for f in readiness.checks_for(phase)]
        for phase in (Phase.PRIORITISATION, Phase.CATALOGUE, Phase.IMPLEMENTATION)
    }
    assert labels[Phase.PRIORITISATION] == [
        "every_theme_has_a_group",
        "every_group_has_a_lead_and_members",
        "kickoff_seminar_planned",
        "summaries_written",
    ]
    assert "every_group_has_prioritised_values" in labels[Phase.CATALOGUE]
    assert "every_group_has_initiatives_for_the_catalogue" in labels[Phase.IMPLEMENTATION]


def test_registering_a_check_twice_keeps_one(db, process):
    before = len(readiness.checks_for(Phase.CATALOGUE))

    def extra(context):
        return readiness.Check("Extra", True)

    try:
        readiness.readiness_check(Phase.CATALOGUE)(extra)
        readiness.readiness_check(Phase.CATALOGUE)(extra)
        assert len(readiness.checks_for(Phase.CATALOGUE)) == before + 1
        assert check(process, Phase.CATALOGUE, "Extra").met
    finally:
        readiness._REGISTRY[Phase.CATALOGUE].pop(f"{extra.__module__}.{extra.__qualname__}")


def test_a_ready_process_meets_every_check(process, facilitator):
    make_ready(process, facilitator, until=Phase.IMPLEMENTATION)
    for phase in (Phase.PRIORITISATION, Phase.CATALOGUE, Phase.IMPLEMENTATION):
        checks = readiness.evaluate(process, phase)
        assert checks and not readiness.unmet(checks), readiness.unmet(checks)


# --- To prioritisation -----------------------------------------------------------------------


def test_every_theme_needs_a_group(process):
    assert not check(process, Phase.PRIORITISATION, "Every theme").met
    with_group = ThemeFactory(process=process, title="Fremtidens dagtilbud")
    GroupFactory(process=process, theme=with_group)
    ThemeFactory(process=process, title="Brugerinddragelse")
    result = check(process, Phase.PRIORITISATION, "Every theme")
    assert not result.met
    assert result.detail == "Missing for: Brugerinddragelse."
    GroupFactory(process=process, theme=process.themes.get(title="Brugerinddragelse"))
    assert check(process, Phase.PRIORITISATION, "Every theme").met


def test_every_group_needs_a_lead_and_two_members(process):
    assert check(process, Phase.PRIORITISATION, "Every group has a group").detail == (
        "There are no groups yet."
    )
    group = complete_group(process, "Gruppe A")
    assert check(process, Phase.PRIORITISATION, "Every group has a group").met
    group.lead = None
    group.save()
    result = check(process, Phase.PRIORITISATION, "Every group has a group")
    assert not result.met and "Gruppe A" in result.detail
    group.lead = MembershipFactory(organisation=process.organisation)
    group.save()
    group.seats.first().delete()
    assert not check(process, Phase.PRIORITISATION, "Every group has a group").met


def test_the_kickoff_seminar_needs_an_agenda(process):
    result = check(process, Phase.PRIORITISATION, "The kick-off seminar")
    assert not result.met and result.detail == "No seminar of this kind is planned yet."
    seminar = SeminarFactory(process=process, kind=Seminar.Kind.KICKOFF)
    result = check(process, Phase.PRIORITISATION, "The kick-off seminar")
    assert not result.met and result.detail == "The seminar has no agenda yet."
    AgendaItemFactory(seminar=seminar)
    assert check(process, Phase.PRIORITISATION, "The kick-off seminar").met


def test_a_midway_seminar_does_not_count_as_the_kickoff(process):
    planned_seminar(process, Seminar.Kind.MIDWAY)
    assert not check(process, Phase.PRIORITISATION, "The kick-off seminar").met


def test_held_seminars_need_a_written_summary(process):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert check(process, Phase.PRIORITISATION, "A written summary").met
    planned_seminar(process, Seminar.Kind.OTHER)  # in the future: no summary needed yet
    held = planned_seminar(process, Seminar.Kind.KICKOFF, date=yesterday)
    result = check(process, Phase.PRIORITISATION, "A written summary")
    assert not result.met
    assert result.detail == "Missing for: Kick-off seminar."
    held.summary = "<p>Vi talte om ligeværdighed.</p>"
    held.save()
    assert check(process, Phase.PRIORITISATION, "A written summary").met


# --- To catalogue ----------------------------------------------------------------------------


def test_the_midway_seminar_needs_an_agenda(process):
    assert not check(process, Phase.CATALOGUE, "The midway seminar").met
    planned_seminar(process, Seminar.Kind.MIDWAY)
    assert check(process, Phase.CATALOGUE, "The midway seminar").met


def test_every_group_needs_a_meeting(process):
    a = complete_group(process, "Gruppe A")
    complete_group(process, "Gruppe B")
    GroupMeetingFactory(group=a)
    result = check(process, Phase.CATALOGUE, "Every group has held")
    assert not result.met and result.detail == "Missing for: Gruppe B."


def test_every_group_needs_a_closed_round_on_its_values(process, facilitator):
    a = complete_group(process, "Gruppe A")
    b = complete_group(process, "Gruppe B")
    prioritise(process, a, facilitator)
    ValueFactory(group=b)
    still_open = open_round(
        actor=facilitator, process=process, group=b, title="Åben", dots_per_person=1
    )
    result = check(process, Phase.CATALOGUE, "Every group has prioritised")
    assert not result.met and result.detail == "Missing for: Gruppe B."
    close_round(actor=facilitator, round=still_open)
    assert check(process, Phase.CATALOGUE, "Every group has prioritised").met


def test_a_closed_round_for_all_groups_counts_for_each(process, facilitator):
    a = complete_group(process, "Gruppe A")
    b = complete_group(process, "Gruppe B")
    ValueFactory(group=a)
    ValueFactory(group=b)
    plenary = open_round(actor=facilitator, process=process, title="Alle", dots_per_person=3)
    assert plenary.group is None
    close_round(actor=facilitator, round=plenary)
    assert check(process, Phase.CATALOGUE, "Every group has prioritised").met


def test_a_closed_round_on_ideas_is_not_a_prioritisation_of_values(process, facilitator):
    group = complete_group(process, "Gruppe A")
    value = ValueFactory(group=group)
    IdeaFactory(group=group, values=[value])
    ideas_round = open_round(
        actor=facilitator,
        process=process,
        group=group,
        title="Idéer",
        dots_per_person=1,
        target=PrioritisationRound.Target.IDEAS,
    )
    close_round(actor=facilitator, round=ideas_round)
    assert not check(process, Phase.CATALOGUE, "Every group has prioritised").met


# --- To implementation -----------------------------------------------------------------------


def test_the_wrapup_seminar_needs_an_agenda(process):
    assert not check(process, Phase.IMPLEMENTATION, "The wrap-up seminar").met
    planned_seminar(process, Seminar.Kind.WRAPUP)
    assert check(process, Phase.IMPLEMENTATION, "The wrap-up seminar").met


def test_every_group_needs_the_minimum_of_selected_initiatives_linked_to_values(process):
    process.min_initiatives_per_group = 2
    process.save()
    group = complete_group(process, "Gruppe A")
    value = ValueFactory(group=group)
    IdeaFactory(group=group, status=Idea.Status.SELECTED, values=[value])
    IdeaFactory(group=group, status=Idea.Status.PROPOSED, values=[value])
    IdeaFactory(group=group, status=Idea.Status.SELECTED)  # built on no value
    result = check(process, Phase.IMPLEMENTATION, "Every group has at least 2 initiatives")
    assert not result.met
    assert result.detail == "Missing for: Gruppe A (1)."
    IdeaFactory(group=group, status=Idea.Status.SELECTED, values=[value, ValueFactory(group=group)])
    assert check(process, Phase.IMPLEMENTATION, "Every group has at least 2").met


def test_the_initiatives_label_follows_the_process_minimum(process):
    process.min_initiatives_per_group = 1
    process.save()
    result = check(process, Phase.IMPLEMENTATION, "Every group has at least 1 initiative ")
    assert not result.met and result.detail == "There are no groups yet."


def test_long_lists_of_missing_names_are_cut_short(process):
    for i in range(8):
        ThemeFactory(process=process, title=f"Tema {i}")
    result = check(process, Phase.PRIORITISATION, "Every theme")
    assert result.detail == "Missing for: Tema 0, Tema 1, Tema 2, Tema 3, Tema 4 and 3 more."


# --- Queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", [Phase.VALUE_DEBATE, Phase.PRIORITISATION, Phase.CATALOGUE])
def test_the_process_page_needs_the_same_queries_for_small_and_large_processes(
    as_user, facilitator, organisation, phase, django_assert_max_num_queries
):
    small = ProcessFactory(organisation=organisation, phase=phase)
    large = ProcessFactory(organisation=organisation, phase=phase)
    make_ready(small, facilitator, until=Phase.IMPLEMENTATION, groups=1)
    make_ready(large, facilitator, until=Phase.IMPLEMENTATION, groups=6)
    for _ in range(5):
        ThemeFactory(process=large)
        planned_seminar(large, Seminar.Kind.OTHER, summary="<p>x</p>")
    client = as_user(facilitator)
    counts = []
    for process in (small, large):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("processes:detail", args=[process.pk])).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    # And no more than the page needs today: session, user, process, membership, the
    # readiness facts, the counts of the plan and the history.
    with django_assert_max_num_queries(QUERY_BUDGET):
        client.get(reverse("processes:detail", args=[large.pk]))
