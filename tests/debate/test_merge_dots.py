"""Merging values during an open round carries their dots over, and undo brings them back.

`open_round` (conftest) is a round of `group` on Ligeværdighed, Respekt and Medbestemmelse
with 3 dots per person; `vote(voter, value, times)` places dots through the service.
"""

import pytest
from django.urls import reverse

from debate import services
from debate.models import Dot, RoundBallot, RoundCandidate
from debate.services import rounds as round_services

from .factories import ValueFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def _dots(round, value) -> int:
    return Dot.objects.filter(round=round, candidate__value=value).count()


def _mine(round, voter, value) -> int:
    return Dot.objects.filter(round=round, candidate__value=value, voter=voter).count()


def _used(round, voter) -> int:
    return RoundBallot.objects.get(round=round, voter=voter).dots_used


def test_a_merge_moves_the_sources_dots_to_the_target(
    facilitator, member, group_lead, open_round, vote, values
):
    equality, respect, say = values
    vote(member, equality, 1)
    vote(member, respect, 2)
    vote(group_lead, respect, 1)
    vote(group_lead, say, 2)
    services.merge_values(actor=facilitator, target=equality, sources=[respect])
    assert _dots(open_round, equality) == 4
    assert _dots(open_round, respect) == 0
    # A voter with dots on both keeps the sum, within what the ballot allows.
    assert _mine(open_round, member, equality) == 3
    assert _used(open_round, member) == 3
    assert _mine(open_round, group_lead, equality) == 1
    assert _mine(open_round, group_lead, say) == 2
    assert _used(open_round, group_lead) == 3


def test_the_results_count_the_carried_dots_for_the_target(
    facilitator, member, open_round, vote, values
):
    equality, respect, say = values
    vote(member, respect, 2)
    vote(member, say, 1)
    services.merge_values(actor=facilitator, target=equality, sources=[respect])
    round_services.close_round(actor=facilitator, round=open_round)
    ranking = [(r.candidate.value.name, r.dots) for r in round_services.results(open_round)]
    assert ranking[:2] == [("Ligeværdighed", 2), ("Medbestemmelse", 1)]


def test_a_target_that_is_not_a_candidate_takes_the_sources_place_on_the_ballot(
    facilitator, member, group, open_round, vote, values
):
    equality, respect, say = values
    newcomer = ValueFactory(group=group, name="Ligeværd")
    vote(member, respect, 2)
    services.merge_values(actor=facilitator, target=newcomer, sources=[respect])
    candidate = RoundCandidate.objects.get(round=open_round, value=newcomer)
    source = RoundCandidate.objects.get(round=open_round, value=respect)
    assert candidate.position == source.position
    assert _mine(open_round, member, newcomer) == 2
    assert _used(open_round, member) == 2


def test_the_ballot_shows_the_target_and_hides_the_merged_value(
    as_user, facilitator, member, group, open_round, vote, values
):
    equality, respect, say = values
    vote(member, respect, 1)
    services.merge_values(actor=facilitator, target=equality, sources=[respect])
    html = as_user(member).get(open_round.get_absolute_url()).content.decode()
    assert "Place a dot on Ligeværdighed" in html
    assert "Place a dot on Respekt" not in html
    assert "Your 1 dot" in html


def test_no_dot_can_be_placed_on_a_merged_value(as_user, facilitator, member, open_round, values):
    equality, respect, say = values
    services.merge_values(actor=facilitator, target=equality, sources=[respect])
    source = RoundCandidate.objects.get(round=open_round, value=respect)
    response = as_user(member).post(
        reverse("debate:round_dot", args=[open_round.process_id, open_round.pk]),
        {"candidate": source.pk, "action": "add"},
        **HTMX,
    )
    assert "This value has been merged into another value" in response.content.decode()
    assert not Dot.objects.filter(candidate=source).exists()


def test_undo_moves_exactly_those_dots_back(
    facilitator, member, group_lead, open_round, vote, values
):
    equality, respect, say = values
    vote(member, equality, 1)
    vote(member, respect, 2)
    vote(group_lead, say, 1)
    before = set(Dot.objects.filter(candidate__value=respect).values_list("pk", flat=True))
    merge = services.merge_values(actor=facilitator, target=equality, sources=[respect, say])
    assert _dots(open_round, equality) == 4
    # After the merge a voter places a dot on the merged value: it stays there on undo.
    vote(group_lead, equality, 1)
    services.undo_merge(actor=facilitator, merge=merge)
    assert set(Dot.objects.filter(candidate__value=respect).values_list("pk", flat=True)) == before
    assert _mine(open_round, member, respect) == 2
    assert _mine(open_round, member, equality) == 1
    assert _mine(open_round, group_lead, say) == 1
    assert _mine(open_round, group_lead, equality) == 1
    assert _used(open_round, member) == 3 and _used(open_round, group_lead) == 2


def test_undo_removes_a_candidate_the_merge_created_unless_it_got_dots_since(
    facilitator, member, group_lead, group, open_round, vote, values
):
    _, respect, say = values
    first, second = (ValueFactory(group=group, name=n) for n in ("Ligeværd", "Tryghed"))
    vote(member, respect, 1)
    vote(member, say, 1)
    merge_a = services.merge_values(actor=facilitator, target=first, sources=[respect])
    merge_b = services.merge_values(actor=facilitator, target=second, sources=[say])
    vote(group_lead, second, 1)
    services.undo_merge(actor=facilitator, merge=merge_a)
    services.undo_merge(actor=facilitator, merge=merge_b)
    assert not RoundCandidate.objects.filter(round=open_round, value=first).exists()
    assert RoundCandidate.objects.filter(round=open_round, value=second).exists()
    assert _mine(open_round, member, respect) == 1
    assert _mine(open_round, member, say) == 1
    assert _mine(open_round, group_lead, second) == 1


def test_a_closed_round_keeps_its_results_through_merge_and_undo(
    as_user, facilitator, member, open_round, vote, values
):
    equality, respect, say = values
    vote(member, respect, 2)
    merge = services.merge_values(actor=facilitator, target=equality, sources=[respect])
    round_services.close_round(actor=facilitator, round=open_round)
    response = as_user(facilitator).post(
        reverse("debate:undo_merge", args=[open_round.process_id, merge.pk]), follow=True
    )
    html = response.content.decode()
    assert "The merge has been undone." in html
    assert "those dots stay where they are" in html
    assert _dots(open_round, equality) == 2
    assert _dots(open_round, respect) == 0


def test_a_merge_after_the_round_closed_leaves_its_results_alone(
    facilitator, member, open_round, vote, values
):
    equality, respect, say = values
    vote(member, respect, 2)
    round_services.close_round(actor=facilitator, round=open_round)
    merge = services.merge_values(actor=facilitator, target=equality, sources=[respect])
    assert _dots(open_round, respect) == 2
    assert merge.undo_data["dots"] == {}


def test_a_plenary_round_carries_the_dots_too(
    facilitator, process, member, group, values, open_round
):
    equality, respect, say = values
    plenary = round_services.open_round(
        actor=facilitator, process=process, title="Plenum", dots_per_person=2
    )
    candidate = plenary.candidates.get(value=respect)
    round_services.place_dot(actor=member, round=plenary, candidate=candidate)
    services.merge_values(actor=facilitator, target=say, sources=[respect])
    assert _mine(plenary, member, say) == 1
    assert _used(plenary, member) == 1


@pytest.mark.parametrize("sources", [1, 2])
def test_the_merge_page_moves_the_dots_as_well(
    as_user, group_lead, member, group, open_round, vote, values, sources
):
    equality, respect, say = values
    vote(member, respect, 1)
    vote(member, say, 1)
    chosen = [respect, say][:sources]
    response = as_user(group_lead).post(
        reverse("debate:merge", args=[group.process_id, group.pk]),
        {"target": equality.pk, "sources": [v.pk for v in chosen], "confirm": "1"},
    )
    assert response.status_code == 302
    assert _mine(open_round, member, equality) == sources
