"""A staged round says where its candidates came from in words that fit the number of earlier
rounds, whatever N is."""

import pytest
from django.urls import reverse

from debate.services import rounds as round_services


@pytest.fixture
def first_round(open_round, vote, values, member, facilitator):
    vote(member, values[0], 2)
    vote(member, values[1])
    return round_services.close_round(actor=facilitator, round=open_round)


@pytest.mark.parametrize("top_n", [1, 2])
def test_a_round_staged_from_one_earlier_round_names_it_without_each_of(
    as_user, facilitator, member, process, group, first_round, top_n
):
    staged = round_services.open_round(
        actor=facilitator,
        process=process,
        group=group,
        title="Anden runde",
        dots_per_person=1,
        source_rounds=[first_round],
        top_n=top_n,
    )
    client = as_user(member)
    page = client.get(staged.get_absolute_url()).content.decode()
    assert f"The candidates are the top {top_n} of:" in page
    assert "each of" not in page
    assert reverse("debate:round_detail", args=[process.pk, first_round.pk]) in page
