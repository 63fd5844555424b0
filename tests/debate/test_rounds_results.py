"""Secrecy while a round is open, the ranked results once it closes, staged rounds taking the
top N of earlier rounds, and marking ideals from the results."""

import pytest
from django.urls import reverse

from debate import services
from debate.models import PrioritisationRound, RoundCandidate
from debate.services import rounds as round_services

from .factories import ValueFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def _page(client, round):
    return client.get(round.get_absolute_url()).content.decode()


@pytest.fixture
def voted(open_round, vote, values, member, group_lead):
    """Respekt 3 dots, Ligeværdighed 2, Medbestemmelse 1."""
    vote(member, values[1], 2)
    vote(member, values[0], 1)
    vote(group_lead, values[1], 1)
    vote(group_lead, values[0], 1)
    vote(group_lead, values[2], 1)
    return open_round


def test_while_open_a_member_sees_only_their_own_dots(as_user, member, group_lead, voted):
    page = _page(as_user(group_lead), voted)
    assert "Your 1 dot" in page
    assert "Your 2 dots" not in page  # the member's two dots on Respekt stay secret
    assert "Results" not in page
    assert "qh-results" not in page
    assert "So far" not in page or "2 people" in page


def test_while_open_the_facilitator_sees_only_how_many_have_voted(as_user, facilitator, voted):
    page = _page(as_user(facilitator), voted)
    assert "So far 2 people have placed dots." in page
    assert "qh-results" not in page
    assert "Dots" not in page
    assert "Your" not in page


def test_while_open_a_reader_sees_the_candidates_but_no_counts(as_user, leader, voted):
    page = _page(as_user(leader), voted)
    assert "Respekt" in page
    assert "So far 2 people have placed dots" in page
    assert "qh-results" not in page


def test_the_round_list_shows_voters_but_never_dots(as_user, member, voted):
    page = as_user(member).get(reverse("debate:round_list", args=[voted.process_id])).content
    assert "Første runde" in page.decode()


def test_after_closing_the_results_are_ranked_with_counts_and_bars(
    as_user, facilitator, member, voted
):
    response = as_user(facilitator).post(
        reverse("debate:round_close", args=[voted.process_id, voted.pk])
    )
    assert response.status_code == 302
    page = _page(as_user(member), voted)
    assert "6 dots from 2 people." in page
    assert page.index("Respekt") < page.index("Ligeværdighed") < page.index("Medbestemmelse")
    assert '<rect class="qh-bar-fill" width="100"' in page
    assert '<rect class="qh-bar-fill" width="67"' in page
    assert "style=" not in page


def test_equal_dots_share_a_rank(facilitator, member, open_round, vote, values):
    vote(member, values[0])
    vote(member, values[2])
    round_services.close_round(actor=facilitator, round=open_round)
    ranks = [
        (row.candidate.value.name, row.rank, row.dots) for row in round_services.results(open_round)
    ]
    assert ranks == [("Ligeværdighed", 1, 1), ("Medbestemmelse", 1, 1), ("Respekt", 3, 0)]


def test_results_stay_on_record_after_the_debate_moves_on(
    as_user, facilitator, member, voted, values, group
):
    round_services.close_round(actor=facilitator, round=voted)
    newcomer = ValueFactory(group=group, name="Nykommer")
    services.merge_values(actor=facilitator, target=values[0], sources=[values[1]])
    rows = round_services.results(voted)
    assert [(r.candidate.value_id, r.dots) for r in rows] == [
        (values[1].pk, 3),
        (values[0].pk, 2),
        (values[2].pk, 1),
    ]
    page = _page(as_user(member), voted)
    assert "Nykommer" not in page
    assert "Respekt" in page
    assert not RoundCandidate.objects.filter(value=newcomer).exists()


def test_a_round_without_anything_to_vote_on_is_refused(as_user, facilitator, process, other_group):
    response = as_user(facilitator).post(
        reverse("debate:round_create", args=[process.pk]),
        {"title": "Tom", "group": other_group.pk, "target": "values", "dots_per_person": 3},
    )
    assert response.status_code == 200
    assert "There is nothing to vote on yet." in response.content.decode()
    assert not PrioritisationRound.objects.exists()


def test_opening_a_round_through_the_form_takes_the_groups_current_values(
    as_user, facilitator, process, group, values
):
    services.merge_values(actor=facilitator, target=values[0], sources=[values[2]])
    response = as_user(facilitator).post(
        reverse("debate:round_create", args=[process.pk]),
        {"title": "Runde", "group": group.pk, "target": "values", "dots_per_person": 4},
    )
    round = PrioritisationRound.objects.get()
    assert response.url == round.get_absolute_url()
    assert round.dots_per_person == 4
    assert {c.value.name for c in round.candidates.all()} == {"Ligeværdighed", "Respekt"}


@pytest.fixture
def two_group_rounds(process, group, other_group, values, facilitator, member, neighbour):
    """Each group's closed round: group A ranks Respekt 3, Ligeværdighed 2, Medbestemmelse 1;
    group B ranks Tillid 2, Omsorg 1, Humor 0."""
    b_values = [ValueFactory(group=other_group, name=n) for n in ("Tillid", "Omsorg", "Humor")]
    a = round_services.open_round(
        actor=facilitator, process=process, group=group, title="A", dots_per_person=6
    )
    b = round_services.open_round(
        actor=facilitator, process=process, group=other_group, title="B", dots_per_person=6
    )

    def put(round, voter, value, n):
        candidate = round.candidates.get(value=value)
        for _ in range(n):
            round_services.place_dot(actor=voter, round=round, candidate=candidate)

    put(a, member, values[1], 3)
    put(a, member, values[0], 2)
    put(a, member, values[2], 1)
    put(b, neighbour, b_values[0], 2)
    put(b, neighbour, b_values[1], 1)
    for round in (a, b):
        round_services.close_round(actor=facilitator, round=round)
    return a, b, b_values


def test_a_staged_round_takes_exactly_the_top_n_of_each_earlier_round(
    as_user, facilitator, process, two_group_rounds
):
    a, b, _ = two_group_rounds
    response = as_user(facilitator).post(
        reverse("debate:round_create", args=[process.pk]),
        {
            "title": "Fælles top",
            "group": "",
            "target": "values",
            "dots_per_person": 3,
            "source_rounds": [a.pk, b.pk],
            "top_n": 2,
        },
    )
    assert response.status_code == 302
    staged = PrioritisationRound.objects.get(title="Fælles top")
    names = [c.value.name for c in staged.candidates.all()]
    assert names == ["Respekt", "Ligeværdighed", "Tillid", "Omsorg"]
    assert staged.group is None
    assert set(staged.source_rounds.all()) == {a, b}
    page = as_user(facilitator).get(staged.get_absolute_url()).content.decode()
    assert "The candidates are the top 2 of each of:" in page


def test_a_tie_at_the_cut_takes_every_tied_candidate_but_none_without_dots(
    facilitator, process, group, values, member
):
    first = round_services.open_round(
        actor=facilitator, process=process, group=group, title="1", dots_per_person=3
    )
    for value in values[:2]:
        round_services.place_dot(
            actor=member, round=first, candidate=first.candidates.get(value=value)
        )
    round_services.close_round(actor=facilitator, round=first)
    staged = round_services.open_round(
        actor=facilitator,
        process=process,
        group=group,
        title="2",
        dots_per_person=1,
        source_rounds=[first],
        top_n=1,
    )
    assert [c.value.name for c in staged.candidates.all()] == ["Ligeværdighed", "Respekt"]
    top_three = round_services.top_candidates(first, 3)
    assert [c.value.name for c in top_three] == ["Ligeværdighed", "Respekt"]


def test_a_value_merged_since_goes_on_as_the_value_it_was_merged_into(
    facilitator, process, two_group_rounds, values
):
    a, _b, _ = two_group_rounds
    services.merge_values(actor=facilitator, target=values[2], sources=[values[1]])
    staged = round_services.open_round(
        actor=facilitator,
        process=process,
        title="2",
        dots_per_person=1,
        source_rounds=[a],
        top_n=2,
    )
    assert [c.value.name for c in staged.candidates.all()] == ["Medbestemmelse", "Ligeværdighed"]


def test_an_open_earlier_round_cannot_be_staged_from(facilitator, process, open_round):
    with pytest.raises(services.DebateError):
        round_services.open_round(
            actor=facilitator,
            process=process,
            title="2",
            dots_per_person=1,
            source_rounds=[open_round],
            top_n=2,
        )


def test_earlier_rounds_without_a_top_n_are_refused_in_the_form(
    as_user, facilitator, process, two_group_rounds
):
    a, _b, _ = two_group_rounds
    response = as_user(facilitator).post(
        reverse("debate:round_create", args=[process.pk]),
        {"title": "x", "target": "values", "dots_per_person": 3, "source_rounds": [a.pk]},
    )
    assert response.status_code == 200
    assert "Say how many of the top of each earlier round go on." in response.content.decode()


def test_the_group_marks_its_ideals_from_the_results(as_user, member, facilitator, voted, values):
    round_services.close_round(actor=facilitator, round=voted)
    client = as_user(member)
    candidate = voted.candidates.get(value=values[1])
    page = _page(client, voted)
    assert "Set as ideal" in page
    response = client.post(
        reverse("debate:round_ideal", args=[voted.process_id, voted.pk, candidate.pk]),
        {"is_ideal": "1"},
    )
    assert response.status_code == 302
    values[1].refresh_from_db()
    assert values[1].is_ideal
    assert "is no longer an ideal" in _page(client, voted)


def test_a_reader_sees_ideals_but_cannot_mark_them(as_user, leader, facilitator, voted, values):
    services.set_ideal(actor=facilitator, value=values[1], is_ideal=True)
    round_services.close_round(actor=facilitator, round=voted)
    page = _page(as_user(leader), voted)
    assert "Set as ideal" not in page
    assert 'badge-success">Ideal' in page
