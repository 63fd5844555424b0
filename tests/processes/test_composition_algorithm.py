"""The composition algorithm: scores, balanced sizes, pinned leads, determinism, coverage.

Pure functions over dataclasses: no database.
"""

import itertools
from collections import Counter

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.composition import realistic_org
from processes.services.composition import (
    CompositionError,
    GroupSpec,
    Participant,
    age_band,
    attribute_score,
    group_score,
    naive_assignment,
    propose,
    scale_for,
    score,
    seniority_band,
)


def groups(count, **extra):
    return [GroupSpec(id=100 + g, **extra) for g in range(count)]


def assert_everyone_once(assignment, people):
    seated = [pid for ids in assignment.values() for pid in ids]
    assert sorted(seated) == sorted(p.id for p in people)


# --- Bands and scores ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start_year", "band"),
    [
        (2027, "new"),
        (2025, "new"),
        (2024, "mid"),
        (2018, "mid"),
        (2017, "experienced"),
        (None, ""),
        (2030, "new"),
    ],
)
def test_seniority_bands_follow_the_years_since_starting(start_year, band):
    assert seniority_band(start_year, 2027) == band


@pytest.mark.parametrize(
    ("birth_year", "band"),
    [
        (1998, "under_30"),
        (1997, "30_49"),
        (1978, "30_49"),
        (1977, "50_plus"),
        (None, ""),
        (2040, ""),
    ],
)
def test_age_bands_follow_the_birth_year(birth_year, band):
    assert age_band(birth_year, 2027) == band


def test_an_even_spread_scores_one_and_a_single_value_scores_zero():
    assert attribute_score([2, 2, 2], distinct=3) == pytest.approx(1.0)
    assert attribute_score([6], distinct=3) == 0.0
    assert 0 < attribute_score([4, 1, 1], distinct=3) < 1


def test_a_small_group_can_reach_one_with_fewer_values_than_the_organisation_has():
    # Two people from two of ten departments are as mixed as two people can be.
    assert attribute_score([1, 1], distinct=10) == pytest.approx(1.0)


def test_unknown_values_count_neither_as_mixed_nor_as_alike():
    people = [
        Participant(1, department="Træ"),
        Participant(2, department="Metal"),
        Participant(3, department=""),
        Participant(4, department=""),
    ]
    scale = scale_for(people)
    two_known = group_score(people, scale)
    assert two_known == group_score(people[:2], scale)
    # A group of nothing but unknowns shows no mix.
    assert group_score(people[2:], scale) == 0.0


def test_an_attribute_nobody_differs_on_is_left_out_of_the_weights():
    people = [Participant(i, department="Træ", background=b) for i, b in enumerate("ab")]
    scale = scale_for(people)
    assert "department" not in scale.weights
    assert sum(scale.weights.values()) == pytest.approx(1.0)


def test_scores_lie_between_zero_and_one():
    people = realistic_org(60)
    result = score(propose(people, groups(6)), people)
    assert 0 <= result.overall <= 1
    assert all(0 <= value <= 1 for value in result.groups.values())


# --- (a) It improves on the naive split ------------------------------------------------------


@pytest.mark.parametrize(("count", "group_count"), [(20, 4), (200, 10)])
def test_the_proposal_mixes_more_than_people_chunked_by_department(count, group_count):
    people = realistic_org(count)
    specs = groups(group_count)
    naive = score(naive_assignment(people, specs), people).overall
    proposed = score(propose(people, specs), people).overall
    assert proposed > naive + 0.15


def test_no_single_swap_improves_the_proposal():
    people = realistic_org(20, seed=3)
    specs = groups(4)
    proposal = propose(people, specs)
    best = score(proposal, people).overall
    by_group = list(proposal.items())
    for (g, mine), (h, theirs) in itertools.combinations(by_group, 2):
        for i, j in itertools.product(mine, theirs):
            swapped = dict(proposal)
            swapped[g] = [j if x == i else x for x in mine]
            swapped[h] = [i if x == j else x for x in theirs]
            assert score(swapped, people).overall <= best + 1e-9


def test_rare_people_are_spread_over_the_groups():
    people = [Participant(i, department="Træ", external=i < 3) for i in range(12)]
    people += [Participant(20 + i, department="Metal") for i in range(12)]
    proposal = propose(people, groups(3))
    externals = [sum(1 for pid in ids if pid < 3) for ids in proposal.values()]
    assert externals == [1, 1, 1]


# --- (b) Sizes ----------------------------------------------------------------------------


def test_group_sizes_differ_by_at_most_one():
    people = realistic_org(23)
    sizes = [len(ids) for ids in propose(people, groups(4)).values()]
    assert sorted(sizes) == [5, 6, 6, 6]


def test_a_maximum_size_is_honoured_and_the_others_take_the_rest():
    people = realistic_org(20)
    specs = [GroupSpec(1, max_size=3), GroupSpec(2), GroupSpec(3)]
    sizes = {g: len(ids) for g, ids in propose(people, specs).items()}
    assert sizes == {1: 3, 2: 9, 3: 8}


def test_more_participants_than_seats_is_a_clear_error():
    people = realistic_org(10)
    with translation.override("en"), pytest.raises(CompositionError) as error:
        propose(people, groups(2, max_size=4))
    assert "10 participants" in error.value.message
    assert "room for only 8" in error.value.message


def test_no_groups_for_participants_is_a_clear_error():
    with pytest.raises(CompositionError):
        propose(realistic_org(3), [])


def test_no_participants_leaves_the_groups_empty():
    assert propose([], groups(2)) == {100: [], 101: []}


# --- (c) Leads ----------------------------------------------------------------------------


def test_leads_stay_in_the_group_they_lead():
    people = realistic_org(40)
    specs = [GroupSpec(10 + g, lead=people[g * 7].id) for g in range(4)]
    proposal = propose(people, specs)
    for spec in specs:
        assert spec.lead in proposal[spec.id]


def test_a_person_leading_two_groups_sits_in_the_first():
    people = realistic_org(8)
    specs = [GroupSpec(1, lead=people[0].id), GroupSpec(2, lead=people[0].id)]
    proposal = propose(people, specs)
    assert people[0].id in proposal[1]
    assert_everyone_once(proposal, people)


def test_with_fewer_people_than_groups_the_leads_still_have_their_seats():
    people = realistic_org(2)
    specs = [GroupSpec(1), GroupSpec(2, lead=people[0].id), GroupSpec(3, lead=people[1].id)]
    assert propose(people, specs) == {1: [], 2: [people[0].id], 3: [people[1].id]}


# --- (d) Determinism and (e) coverage --------------------------------------------------------


def test_the_same_seed_gives_the_same_proposal():
    people = realistic_org(200)
    assert propose(people, groups(10), seed=7) == propose(people, groups(10), seed=7)


def test_everyone_is_placed_exactly_once():
    people = realistic_org(200)
    assert_everyone_once(propose(people, groups(9)), people)


participants = st.lists(
    st.builds(
        Participant,
        id=st.integers(1, 10_000),
        department=st.sampled_from(["", "Træ", "Metal", "Kantine"]),
        background=st.sampled_from(["", "Pædagog", "Håndværker"]),
        seniority=st.sampled_from(["", "new", "mid", "experienced"]),
        age=st.sampled_from(["", "under_30", "30_49", "50_plus"]),
        external=st.booleans(),
    ),
    max_size=40,
    unique_by=lambda p: p.id,
)


@settings(max_examples=60, deadline=None)
@given(people=participants, group_count=st.integers(1, 7), seed=st.integers(0, 3))
def test_any_input_gives_everyone_one_seat_in_balanced_groups(people, group_count, seed):
    proposal = propose(people, groups(group_count), seed=seed)
    assert_everyone_once(proposal, people)
    sizes = Counter(len(ids) for ids in proposal.values())
    assert max(sizes) - min(sizes) <= 1
