"""The board and the phones number a closed round's results as its results page does: tied
candidates share a rank, so nobody reads a tie off the projector as a defeat."""

import re

from django.urls import reverse

from debate.services.rounds import close_round
from tests.factories import SeminarFactory


def test_tied_candidates_share_their_rank_on_the_board_and_the_live_view(
    as_user, facilitator, member, group_lead, process, group, values, open_round, vote
):
    equality, respect, codetermination = values
    vote(member, equality, 2)
    vote(member, respect)
    vote(group_lead, codetermination)
    close_round(actor=facilitator, round=open_round)
    seminar = SeminarFactory(process=process)

    client = as_user(member)
    for url in (
        reverse("live:board", args=[process.pk, seminar.pk]),
        reverse("live:live_group", args=[process.pk, seminar.pk, group.pk]),
    ):
        html = client.get(url).content.decode()
        ranked = re.findall(r'<li value="(\d+)">.*?dir="auto">([^<]+)</span>', html, re.S)
        assert ranked == [("1", "Ligeværdighed"), ("2", "Respekt"), ("2", "Medbestemmelse")]
